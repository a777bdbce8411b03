"""The gold-bead format of the alignment benchmarks: ``[0]:[0, 1]`` per line, 0-based ids."""

from __future__ import annotations

from typing import BinaryIO

from align.evaluating import format_beads
from align.exporters.base import Exporter, parse_ids_cell
from align.exporters.rows import Rows
from align.types import Bead


class BeadsExporter(Exporter):
    name = "beads"
    extensions = (".beads", ".txt")
    required = ("src_ids", "tgt_ids")

    def write_rows(self, rows: Rows, out: BinaryIO, *, excel: bool = False) -> None:
        beads = [Bead(parse_ids_cell(r["src_ids"]), parse_ids_cell(r["tgt_ids"])) for r in rows]
        out.write(format_beads(beads).encode("utf-8"))
