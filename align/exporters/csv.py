"""CSV: UTF-8, optional BOM for Excel, and no cell a spreadsheet would run as a formula.

In the dialect pandas' ``to_csv`` wrote (minimal quoting, "\\n" line ends, missing cells empty, numbers as ``str``
gives them), so files are the same byte for byte as before and whichever kind of table they came from
(tests/test_exporters.py holds them to that), with one fix: a cell holding a carriage return is quoted. Python
3.11's csv writer (which pandas uses) quotes only the line terminator's characters, so a lone "\\r" went out bare
and every spreadsheet and CSV reader broke the row there.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, BinaryIO

from align.exporters.base import Exporter
from align.exporters.rows import Cell, Rows, as_rows, text

if TYPE_CHECKING:
    import pandas as pd

#: Leading characters that make Excel/LibreOffice/Sheets treat a cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _neutral(cell: Cell) -> Cell:
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell


def neutralize_formulas(table: Rows | pd.DataFrame) -> Rows:
    """Prefix text cells that would start a formula with an apostrophe, which spreadsheets show as text."""
    rows = as_rows(table)
    return Rows(rows.columns, [{k: _neutral(v) for k, v in r.items()} for r in rows])


class CsvExporter(Exporter):
    name = "csv"
    extensions = (".csv",)

    def write_rows(self, rows: Rows, out: BinaryIO, *, excel: bool = False) -> None:
        buf = io.StringIO()
        buf.write(_line(rows.columns))
        for r in rows:
            buf.write(_line([text(_neutral(r[c])) for c in rows.columns]))
        out.write(buf.getvalue().encode("utf-8-sig" if excel else "utf-8"))


def _field(cell: str) -> str:
    """RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled."""
    if any(c in cell for c in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _line(cells: list[str]) -> str:
    if len(cells) == 1 and cells[0] == "":
        return '""\n'  # a lone empty cell, quoted as the csv module does: a bare empty line reads as no row
    return ",".join(_field(c) for c in cells) + "\n"
