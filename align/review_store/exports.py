"""A review as export tables: every bead with its review state (CSV, JSONL), or the approved pairs (TMX)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from align.review_store.base import StoreBase
from align.review_store.reviewing import annotation_of
from align.review_store.schema import BEAD_COLS, ERROR_SEPARATOR, REVIEW_COLUMNS, BeadRow, bead_row
from align.types import Alignment, Annotation, Bead


class Exports(StoreBase):
    def review_table(self, review_id: int) -> pd.DataFrame:
        """One row per bead: :data:`align.exporters.TABLE_COLUMNS` then :data:`REVIEW_COLUMNS`, always all of them.

        A bead with several errors lists them in each of the :data:`ERROR_COLUMNS` cells joined with
        ``" | "``, in the order they were added, position by position: its category, severity, comment,
        who added it, its span (``tgt:12-25``, offsets into the row's ``tgt_text``; empty without one)
        and the text the span covers. A ``|`` inside a comment or a spanned text is written as ``/`` so
        the positions cannot shift (the offsets still cut the exact text out of ``src_text``/``tgt_text``).
        """
        from align.exporters import TABLE_COLUMNS, alignment_table

        src, tgt = self.documents(review_id)
        with self._read() as db:  # beads and errors from one snapshot
            rows = [
                bead_row(r)
                for r in db.execute(
                    f"SELECT {BEAD_COLS} FROM beads WHERE review_id = ? ORDER BY position", (review_id,)
                )
            ]
            model = db.execute("SELECT model FROM reviews WHERE id = ?", (review_id,)).fetchone()
            errors: dict[int, list[Annotation]] = {}
            for r in db.execute(
                "SELECT a.* FROM annotations a JOIN beads b ON b.id = a.bead_id WHERE b.review_id = ? ORDER BY a.id",
                (review_id,),
            ):
                errors.setdefault(r["bead_id"], []).append(annotation_of(r))
        # A stored bead was flagged (its flags may be none), so its risk is a number, never an empty cell.
        alignment = Alignment(
            src,
            tgt,
            [Bead(b.src, b.tgt, b.score) for b in rows],
            model=model[0] if model else "",
            flags=[b.flags for b in rows],
        )
        table = alignment_table(alignment)

        def cell(b: BeadRow, value: Callable[[Annotation], str]) -> str:
            return ERROR_SEPARATOR.join(value(a).replace("|", "/") for a in errors.get(b.id, []))

        def span(a: Annotation) -> str:
            return "" if a.span_side is None else f"{a.span_side}:{a.span_start}-{a.span_end}"

        texts = {"src": table["src_text"].tolist(), "tgt": table["tgt_text"].tolist()}
        # The text the span covers in the row's exported text (the store's bead text is that same text).
        spanned = {
            a.id: texts[a.span_side][k][a.span_start : a.span_end]
            for k, b in enumerate(rows)
            for a in errors.get(b.id, [])
            if a.span_side is not None
        }
        # A bead as created (version 1, not made by an alignment fix) was never reviewed: no one to credit.
        touched = [b.version > 1 or b.edited for b in rows]
        table["status"] = [b.status for b in rows]
        table["status_by"] = [b.status_by if b.status != "unreviewed" else "" for b in rows]
        table["error_category"] = [cell(b, lambda a: a.category) for b in rows]
        table["severity"] = [cell(b, lambda a: a.severity) for b in rows]
        table["comment"] = [cell(b, lambda a: a.comment) for b in rows]
        table["error_reviewer"] = [cell(b, lambda a: a.reviewer) for b in rows]
        table["error_span"] = [cell(b, span) for b in rows]
        table["error_text"] = [cell(b, lambda a: spanned.get(a.id, "")) for b in rows]
        table["post_edit"] = [b.post_edit for b in rows]
        table["post_edit_by"] = [b.post_edit_by if b.post_edit else "" for b in rows]
        table["reviewer"] = [b.updated_by if t else "" for b, t in zip(rows, touched, strict=True)]
        table["updated_at"] = [b.updated_at if t else "" for b, t in zip(rows, touched, strict=True)]
        table["score"] = table["score"].astype(float)
        return table[[*TABLE_COLUMNS, *REVIEW_COLUMNS]]

    def tmx_table(self, review_id: int) -> pd.DataFrame:
        """Rows for a translation memory: what a reviewer approved.

        A bead marked correct (it holds no error: the store never lets one that does be correct) with
        its target, and a post-edited bead with the post-edit as its target. A bead with errors and no
        post-edit is left out.
        """
        return self.tmx_export(review_id)[0]

    def tmx_export(self, review_id: int) -> tuple[pd.DataFrame, int]:
        """:meth:`tmx_table` and how many approved beads it leaves out because a side is empty (a 1-0 or 0-1
        bead marked correct: a translation unit needs both sides). A post-edit written for a bead without a
        target fills that side, so the bead goes in."""
        table = self.review_table(review_id)
        edited = table["post_edit"].str.strip() != ""
        approved = (table["status"] == "correct") & (table["error_category"] == "")
        keep = edited | approved
        out = table[keep].copy()
        out.loc[edited[keep], "tgt_text"] = out.loc[edited[keep], "post_edit"]
        both = (out["src_text"].str.strip() != "") & (out["tgt_text"].str.strip() != "")
        return out[both].reset_index(drop=True), int((~both).sum())
