"""JSON Lines: one bead object per line, UTF-8, ids as lists (what scripts want to read back)."""

from __future__ import annotations

import json
import math
from typing import BinaryIO

from align.exporters.base import Exporter, parse_ids_cell
from align.exporters.rows import Cell, Rows


def _value(column: str, cell: Cell) -> object:
    if column in ("src_ids", "tgt_ids"):
        return list(parse_ids_cell(cell))
    if column == "flags":
        return [f for f in str(cell or "").split(";") if f]
    if isinstance(cell, float) and not math.isfinite(cell):
        return None  # JSON has no NaN
    return cell


class JsonlExporter(Exporter):
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")

    def write_rows(self, rows: Rows, out: BinaryIO, *, excel: bool = False) -> None:
        lines = (
            json.dumps(
                {c: _value(c, r[c]) for c in rows.columns}, ensure_ascii=False, separators=(",", ":"), default=str
            )
            for r in rows
        )
        out.write("".join(line + "\n" for line in lines).encode("utf-8"))
