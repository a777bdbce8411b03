"""JSON Lines: one bead object per line, UTF-8, ids as lists (what scripts want to read back)."""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from align.exporters.base import Exporter, parse_ids_cell

if TYPE_CHECKING:  # pandas is imported where a table is built: ~0.4 s a CLI run, hidden behind the encoder
    import pandas as pd


class JsonlExporter(Exporter):
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")

    def write(self, table: pd.DataFrame, out: BinaryIO, *, excel: bool = False) -> None:
        records = table.copy()
        for col in ("src_ids", "tgt_ids"):
            if col in records.columns:
                records[col] = records[col].map(lambda c: list(parse_ids_cell(c)))
        if "flags" in records.columns:
            records["flags"] = records["flags"].map(lambda c: [f for f in str(c or "").split(";") if f])
        text = records.to_json(orient="records", lines=True, force_ascii=False)
        out.write(text.encode("utf-8"))
