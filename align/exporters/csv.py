"""CSV through pandas: UTF-8, optional BOM for Excel, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, BinaryIO

from align.exporters.base import Exporter

if TYPE_CHECKING:  # pandas is imported where a table is built: ~0.4 s a CLI run, hidden behind the encoder
    import pandas as pd

#: Leading characters that make Excel/LibreOffice/Sheets treat a cell as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that would start a formula with an apostrophe, which spreadsheets show as text."""
    import pandas as pd

    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v)
    return out


class CsvExporter(Exporter):
    name = "csv"
    extensions = (".csv",)

    def write(self, table: pd.DataFrame, out: BinaryIO, *, excel: bool = False) -> None:
        text = io.StringIO()
        neutralize_formulas(table).to_csv(text, index=False, lineterminator="\n")
        out.write(text.getvalue().encode("utf-8-sig" if excel else "utf-8"))
