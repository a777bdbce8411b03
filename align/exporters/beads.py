"""The gold-bead format of the alignment benchmarks: ``[0]:[0, 1]`` per line, 0-based ids."""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from align.evaluating import format_beads
from align.exporters.base import Exporter, parse_ids_cell
from align.types import Bead

if TYPE_CHECKING:  # pandas is imported where a table is built: ~0.4 s a CLI run, hidden behind the encoder
    import pandas as pd


class BeadsExporter(Exporter):
    name = "beads"
    extensions = (".beads", ".txt")
    required = ("src_ids", "tgt_ids")

    def write(self, table: pd.DataFrame, out: BinaryIO, *, excel: bool = False) -> None:
        self.check(table)
        beads = [
            Bead(parse_ids_cell(s), parse_ids_cell(t)) for s, t in zip(table["src_ids"], table["tgt_ids"], strict=True)
        ]
        out.write(format_beads(beads).encode("utf-8"))
