"""Export formats: a table of beads (:class:`~align.exporters.rows.Rows`, or a pandas DataFrame) → bytes in some format.

Every exporter takes the same table: the core columns of :func:`alignment_table` plus whatever review
columns the caller added (status, error_category, post_edit, ...). One strategy per file, registered
by name and file extension in ``align.exporters``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, BinaryIO

from align.errors import AlignError
from align.exporters.rows import Rows, as_rows, text
from align.types import Alignment

if TYPE_CHECKING:  # the CLI's pair run writes Rows and never imports pandas (see align.exporters.rows)
    import pandas as pd

#: The columns every bead table starts with, in this order.
CORE_COLUMNS = ["bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "score", "src_lang", "tgt_lang"]
#: The flag columns that always follow them: codes joined with ";", their one-line notes, and the risk
#: (empty cells when the alignment was not flagged, so a table's columns never depend on its data).
FLAG_COLUMNS = ["flags", "flag_notes", "risk"]
#: Every column of :func:`alignment_table`, in order.
TABLE_COLUMNS = [*CORE_COLUMNS, *FLAG_COLUMNS]


def ids_cell(ids: tuple[int, ...]) -> str:
    """0-based segment ids separated by spaces; empty for an empty side."""
    return " ".join(str(i) for i in ids)


def parse_ids_cell(cell: object) -> tuple[int, ...]:
    return tuple(int(x) for x in text(cell).split())  # a missing cell (None, NaN) is an empty side


def alignment_rows(alignment: Alignment) -> Rows:
    """One row per bead, in document order, with :data:`TABLE_COLUMNS`.

    The flag cells are empty (risk missing) when ``alignment.flags`` is empty, i.e. it was not flagged; a
    flagged bead without flags has empty codes and risk 0.
    """
    from align.flagging import risk_score

    n = len(alignment.beads)
    flags = alignment.flags
    data = {
        "bead": range(n),
        "src_ids": [ids_cell(b.src) for b in alignment.beads],
        "tgt_ids": [ids_cell(b.tgt) for b in alignment.beads],
        "src_text": [alignment.src_text(b) for b in alignment.beads],
        "tgt_text": [alignment.tgt_text(b) for b in alignment.beads],
        "score": [round(float(b.score), 4) for b in alignment.beads],
        "src_lang": alignment.src.language_tag,  # the user's whole tag (sr-Latn, zh-Hant), else the base code
        "tgt_lang": alignment.tgt.language_tag,
        "flags": [";".join(dict.fromkeys(f.code for f in fl)) for fl in flags] if flags else [""] * n,
        "flag_notes": [" | ".join(f"{f.code}: {f.message}" for f in fl) for fl in flags] if flags else [""] * n,
        "risk": [round(risk_score(fl), 3) for fl in flags] if flags else [None] * n,
    }
    return Rows.from_columns(data, n)


def alignment_table(alignment: Alignment) -> pd.DataFrame:
    """:func:`alignment_rows` as a DataFrame (risk a float column, NaN when not flagged)."""
    table = alignment_rows(alignment).to_frame()
    table["risk"] = table["risk"].astype(float)
    return table


def sort_table(table: Rows | pd.DataFrame, order: str) -> Rows | pd.DataFrame:
    """``"document"`` order, or ``"risk"``: most likely error first (ties in document order). Returns the
    same kind of table it was given."""
    if order not in ("document", "risk"):
        raise AlignError(f"unknown sort order {order!r}; use 'document' or 'risk'")
    rows = as_rows(table)
    if order == "risk" and ("risk" not in rows.columns or all(r["risk"] is None for r in rows)):
        raise AlignError("cannot sort by risk: this table has no flags (align without --no-flags)")
    if order == "document":
        ranked = sorted(range(len(rows)), key=lambda i: rows.records[i]["bead"])
    else:  # a missing risk goes last, as pandas puts NaN
        ranked = sorted(range(len(rows)), key=lambda i: _risk_key(rows.records[i]))
    if isinstance(table, Rows):
        return Rows(rows.columns, [rows.records[i] for i in ranked])
    return table.iloc[ranked]


def _risk_key(row: dict[str, object]) -> tuple[bool, float, object]:
    risk = row["risk"]
    return (risk is None, -float(risk) if risk is not None else 0.0, row["bead"])  # type: ignore[arg-type]


class Exporter(ABC):
    name: str = ""
    extensions: tuple[str, ...] = ()
    #: Columns the format cannot do without.
    required: tuple[str, ...] = ()

    def check(self, rows: Rows) -> None:
        missing = [c for c in self.required if c not in rows.columns]
        if missing:
            raise AlignError(f"{self.name} export needs the column(s) {', '.join(missing)}")

    def write(self, table: Rows | pd.DataFrame, out: BinaryIO, *, excel: bool = False) -> None:
        """Write ``table`` to the binary stream ``out``."""
        rows = as_rows(table)
        self.check(rows)
        self.write_rows(rows, out, excel=excel)

    @abstractmethod
    def write_rows(self, rows: Rows, out: BinaryIO, *, excel: bool = False) -> None:
        """Write ``rows`` (checked for :attr:`required`) to the binary stream ``out``."""
