"""Tables of a multi-version alignment, for the same exporters as pairs (CSV, JSONL, TMX).

Two layouts: *wide*, one row per joint row with each version's ``text_<label>``, ``ids_<label>``,
``flags_<label>`` and ``flag_notes_<label>`` side by side; *long*, one row per joint row and version with the
pairwise columns (:data:`~align.exporters.base.TABLE_COLUMNS`, the pivot as source) plus ``version``. The
TMX exporter writes a long table as one ``tu`` per row with one ``tuv`` per version.
"""

from __future__ import annotations

import math

import pandas as pd

from align.errors import AlignError
from align.exporters.base import TABLE_COLUMNS, ids_cell
from align.flagging import risk_score
from align.types import Flag
from align.versions.types import MultiAlignment

#: Per-version columns of the wide layout, each followed by ``_<label>``.
WIDE_VERSION_COLUMNS = ["text", "ids", "flags", "flag_notes"]
#: Row-level columns the wide layout starts with.
WIDE_ROW_COLUMNS = ["row", "score", "risk"]
#: Columns of the long layout.
LONG_COLUMNS = [*TABLE_COLUMNS, "version"]
LAYOUTS = ("wide", "long")


def _codes(flags: list[Flag]) -> str:
    return ";".join(dict.fromkeys(f.code for f in flags))


def _notes(flags: list[Flag]) -> str:
    return " | ".join(f"{f.code}: {f.message}" for f in flags)


def _cell_flags(multi: MultiAlignment, r: int, v: int) -> list[Flag] | None:
    return multi.flags[r][v] if multi.flags else None


def wide_table(multi: MultiAlignment) -> pd.DataFrame:
    """One row per joint row: ``row``, ``score`` (the least confidence of the row's beads), ``risk`` (the most
    of its cells'; empty when not flagged), then per version ``text_``, ``ids_``, ``flags_``, ``flag_notes_``: the
    pivot's first (the reference every other version is read against, as in the app's grid), then the others in
    the order given."""
    order = [multi.pivot, *(v for v in range(len(multi.labels)) if v != multi.pivot)]
    records = []
    for r, row in enumerate(multi.rows):
        scores = [s for v in range(len(multi.documents)) if (s := multi.score(row, v)) is not None]
        rec: dict[str, object] = {
            "row": r,
            "score": round(min(scores), 4) if scores else math.nan,
            "risk": round(max(risk_score(f) for f in multi.flags[r]), 3) if multi.flags else math.nan,
        }
        for v in order:
            label = multi.labels[v]
            flags = _cell_flags(multi, r, v)
            rec[f"text_{label}"] = multi.text(row, v)
            rec[f"ids_{label}"] = ids_cell(row.cells[v])
            rec[f"flags_{label}"] = _codes(flags) if flags is not None else ""
            rec[f"flag_notes_{label}"] = _notes(flags) if flags is not None else ""
        records.append(rec)
    columns = [*WIDE_ROW_COLUMNS, *(f"{c}_{multi.labels[v]}" for v in order for c in WIDE_VERSION_COLUMNS)]
    table = pd.DataFrame(records, columns=columns)
    table[["score", "risk"]] = table[["score", "risk"]].astype(float)
    return table


def long_table(multi: MultiAlignment) -> pd.DataFrame:
    """One row per joint row and version, with the pairwise columns (the pivot's text as source, the
    version's as target; for the pivot itself both) and ``version`` (its label)."""
    pivot = multi.pivot_document
    records = []
    for r, row in enumerate(multi.rows):
        src_text = multi.text(row, multi.pivot)
        for v, (doc, label) in enumerate(zip(multi.documents, multi.labels, strict=True)):
            flags = _cell_flags(multi, r, v)
            score = multi.score(row, v)
            records.append(
                {
                    "bead": r,
                    "src_ids": ids_cell(row.cells[multi.pivot]),
                    "tgt_ids": ids_cell(row.cells[v]),
                    "src_text": src_text,
                    "tgt_text": multi.text(row, v),
                    "score": round(score, 4) if score is not None else math.nan,
                    "src_lang": pivot.language_tag,
                    "tgt_lang": doc.language_tag,
                    "flags": _codes(flags) if flags is not None else "",
                    "flag_notes": _notes(flags) if flags is not None else "",
                    "risk": round(risk_score(flags), 3) if flags is not None else math.nan,
                    "version": label,
                }
            )
    table = pd.DataFrame(records, columns=LONG_COLUMNS)
    table[["score", "risk"]] = table[["score", "risk"]].astype(float)
    return table


def versions_table(multi: MultiAlignment, layout: str = "wide") -> pd.DataFrame:
    """The table of ``layout`` (``"wide"`` or ``"long"``)."""
    if layout == "wide":
        return wide_table(multi)
    if layout == "long":
        return long_table(multi)
    raise AlignError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")


def sort_versions_table(table: pd.DataFrame, order: str) -> pd.DataFrame:
    """``"document"`` order (rows as the pivot reads), or ``"risk"``: the riskiest rows first, ties in order."""
    key = "row" if "row" in table.columns else "bead"
    if order == "document":
        return table.sort_values(key, kind="stable")
    if order == "risk":
        if table["risk"].isna().all():
            raise AlignError("cannot sort by risk: this table has no flags (align without --no-flags)")
        return table.sort_values(["risk", key], ascending=[False, True], kind="stable")
    raise AlignError(f"unknown sort order {order!r}; use 'document' or 'risk'")


__all__ = [
    "LAYOUTS",
    "LONG_COLUMNS",
    "WIDE_ROW_COLUMNS",
    "WIDE_VERSION_COLUMNS",
    "long_table",
    "sort_versions_table",
    "versions_table",
    "wide_table",
]
