"""A reviewer's writes on one bead: verdicts, post-edits and errors (annotations); the flags of a review."""

from __future__ import annotations

from collections.abc import Sequence

from align.errors import AlignError
from align.mqm import ERROR_CATEGORIES, SEVERITIES
from align.review_store.base import StoreBase
from align.review_store.carry import trim_span
from align.review_store.db import Db, Row
from align.review_store.schema import (
    STATUSES,
    ConflictError,
    ReviewRuleError,
    flags_json,
    ids_of,
    now,
)
from align.types import Annotation, Flag, join_segments


def _n_errors(db: Db, bead_id: int) -> int:
    return int(db.execute("SELECT COUNT(*) FROM annotations WHERE bead_id = ?", (bead_id,)).fetchone()[0])


def annotation_of(r: Row) -> Annotation:
    return Annotation(
        category=r["category"],
        severity=r["severity"],
        comment=r["comment"],
        span_side=r["span_side"],
        span_start=r["span_start"],
        span_end=r["span_end"],
        reviewer=r["reviewer"],
        created_at=r["created_at"],
        id=r["id"],
    )


class Reviewing(StoreBase):
    def set_status(self, bead_id: int, status: str, *, expected_version: int | None, reviewer: str = "") -> int:
        """Record a verdict; → the bead's new version. ``expected_version``: the bead version the reviewer read;
        only a verdict given since then conflicts (not a post-edit or an error).

        A bead that holds errors is "has_errors" and nothing else: "correct" or "unreviewed" is refused
        (:class:`ReviewRuleError`) until its errors are deleted, so that the table, the exports, the
        counts and the MQM score never disagree.
        """
        if status not in STATUSES:
            raise AlignError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        with self._write() as db:
            r = self._check_version(db, bead_id, expected_version, "status")
            n = _n_errors(db, bead_id)
            if n and status != "has_errors":
                errors = "1 error: delete it" if n == 1 else f"{n} errors: delete them"
                what = "correct" if status == "correct" else "unreviewed"
                raise ReviewRuleError(f"bead {r['position']} has {errors} before marking it {what}")
            return self._bump(db, bead_id, r["review_id"], reviewer, changed=["status"], status=status)

    def set_post_edit(self, bead_id: int, text: str, *, expected_version: int | None, reviewer: str = "") -> int:
        """Save the bead's post-edit; → its new version. ``expected_version``: the bead version the reviewer's
        text started from; it conflicts only if the post-edit changed since (not a verdict or an error)."""
        with self._write() as db:
            r = self._check_version(db, bead_id, expected_version, "post_edit")
            # A post-edit typed over one an edit assembled from parts is one piece again.
            return self._bump(db, bead_id, r["review_id"], reviewer, changed=["post_edit"], post_edit=text, pe_parts="")

    # -- annotations ----------------------------------------------------------------------------

    def _span_text(self, review_id: int, src_ids: str, tgt_ids: str, side: str) -> str:
        src, tgt = self.documents(review_id)
        doc, ids = (src, ids_of(src_ids)) if side == "src" else (tgt, ids_of(tgt_ids))
        return join_segments(doc, ids)

    def add_annotation(
        self, bead_id: int, annotation: Annotation, *, expected_version: int | None = None, reviewer: str = ""
    ) -> tuple[int, int]:
        """Record an error on a bead, which makes it "has_errors"; → (annotation id, bead version).

        Adding an error never conflicts with what others did to the bead meanwhile (another error, a
        verdict, a post-edit): it changes nothing of theirs. So ``expected_version`` is not compared;
        only a bead that no longer exists (the alignment was edited) is a :class:`ConflictError`.
        A span is a character range of the side's text as the screens and exports show it (its sentences
        joined as the language writes them, :func:`align.types.join_segments`): it must lie inside that
        text and hold a character other than a space; spaces at its ends are dropped.
        """
        with self._write() as db:
            r = self._check_version(db, bead_id, None)
            start, end = self._valid_span(r, annotation)
            a = annotation
            cur = db.execute(
                "INSERT INTO annotations (bead_id, category, severity, span_side, span_start, span_end, comment, "
                "reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (bead_id, a.category, a.severity, a.span_side, start, end, a.comment, reviewer or a.reviewer, now()),
            )
            # The status the error implies is a verdict change when it is one (a page that showed the bead
            # without errors must not mark it correct now), not when the bead had errors already.
            changed = ["status"] if r["status"] != "has_errors" else []
            version = self._bump(db, bead_id, r["review_id"], reviewer, changed=changed, status="has_errors")
            return int(cur.lastrowid or 0), version

    def restore_annotation(
        self,
        bead_id: int,
        annotation: Annotation,
        *,
        expected_version: int | None = None,
        reviewer: str = "",
        note: str = "",
    ) -> tuple[int, int]:
        """Bring back a deleted error (an undo): the same error, not a new one; → (annotation id, bead version).

        ``annotation`` as :meth:`annotations` gave it before the delete: its id (kept when no error holds it
        now, which the store's never-reused ids make the rule), author, category, severity, span, comment
        and creation time come back as they were, and the bead is "has_errors" again as it was while it
        held the error. ``expected_version``: the bead version the delete left; the restore conflicts only
        when the verdict was changed since (it would overwrite it), like :meth:`set_status`.
        ``reviewer``: who restores it (the bead's latest change), not the error's author.
        """
        a = annotation
        with self._write() as db:
            r = self._check_version(db, bead_id, expected_version, "status")
            start, end = self._valid_span(r, a)
            taken = a.id is None or db.execute("SELECT 1 FROM annotations WHERE id = ?", (a.id,)).fetchone()
            values = {
                "bead_id": bead_id,
                "category": a.category,
                "severity": a.severity,
                "span_side": a.span_side,
                "span_start": start,
                "span_end": end,
                "comment": a.comment,
                "reviewer": a.reviewer,
                "created_at": a.created_at or now(),
                "note": note,
            }
            if not taken:  # else a new id: the column is left out (PostgreSQL takes no NULL id as "the next")
                values = {"id": a.id, **values}
            cur = db.execute(
                f"INSERT INTO annotations ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()),
            )
            changed = ["status"] if r["status"] != "has_errors" else []
            version = self._bump(db, bead_id, r["review_id"], reviewer, changed=changed, status="has_errors")
            return int(cur.lastrowid or 0), version

    def _valid_span(self, r: Row, a: Annotation) -> tuple[int | None, int | None]:
        """An error's category, severity and span checked against bead row ``r``; → the span's ends, with the
        spaces at its ends dropped (None, None without a span). :class:`AlignError` when invalid."""
        if a.category not in ERROR_CATEGORIES:
            raise AlignError(f"unknown error category {a.category!r}")
        if a.severity not in SEVERITIES:
            raise AlignError(f"unknown severity {a.severity!r}; use one of {', '.join(SEVERITIES)}")
        has_span = a.span_side is not None or a.span_start is not None or a.span_end is not None
        if not has_span:
            return None, None
        if a.span_side not in ("src", "tgt") or a.span_start is None or a.span_end is None:
            raise AlignError("a span needs a side (src or tgt), a start and an end")
        start, end = a.span_start, a.span_end
        text = self._span_text(r["review_id"], r["src_ids"], r["tgt_ids"], a.span_side)
        side = "source" if a.span_side == "src" else "target"
        if not 0 <= start < end <= len(text):
            raise AlignError(
                f"the span {start}-{end} is not inside bead {r['position']}'s {side} text "
                f"(0-{len(text)}); it must start before it ends"
            )
        start, end = trim_span(text, start, end)
        if start == end:
            raise AlignError(f"the span {a.span_start}-{a.span_end} of bead {r['position']} holds only spaces")
        return start, end

    def delete_annotation(self, annotation_id: int, *, expected_version: int | None = None, reviewer: str = "") -> int:
        """Remove an error; a bead left with none goes back to "unreviewed". → the bead's new version.

        Like adding one, removing an error conflicts only with its own removal, not with other changes
        of the bead (``expected_version`` is not compared).
        """
        with self._write() as db:
            row = db.execute("SELECT bead_id FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
            if row is None:
                raise ConflictError("this error was already removed (by someone else?)")
            bead_id = row["bead_id"]
            r = self._check_version(db, bead_id, None)
            db.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            if _n_errors(db, bead_id) or r["status"] == "unreviewed":
                return self._bump(db, bead_id, r["review_id"], reviewer)
            return self._bump(db, bead_id, r["review_id"], reviewer, changed=["status"], status="unreviewed")

    def annotations(self, bead_id: int) -> list[tuple[Annotation, str]]:
        """A bead's errors in the order they were added, each with its re-attachment note ('' if none)."""
        rows = self._q("SELECT * FROM annotations WHERE bead_id = ? ORDER BY id", (bead_id,))
        return [(annotation_of(r), r["note"]) for r in rows]

    def review_annotations(self, review_id: int) -> list[Annotation]:
        rows = self._q(
            "SELECT a.* FROM annotations a JOIN beads b ON b.id = a.bead_id WHERE b.review_id = ? "
            "ORDER BY b.position, a.id",
            (review_id,),
        )
        return [annotation_of(r) for r in rows]

    # -- flags ----------------------------------------------------------------------------------

    def set_flags(
        self,
        review_id: int,
        flags: Sequence[Sequence[Flag]],
        risks: Sequence[float] | None = None,
        *,
        expected_ids: Sequence[int] | None = None,
    ) -> None:
        """Replace every bead's flags (and risk) after a (re-)flagging pass, in bead order.

        ``expected_ids``: the bead ids, in order, of the alignment that was flagged. If another reviewer
        edited the alignment since, the flags would land on the wrong beads, so nothing is written and
        :class:`ConflictError` is raised instead.
        """
        if risks is None:
            risks = [max((f.weight for f in fl), default=0.0) for fl in flags]
        with self._write() as db:
            # Read the ids inside the write transaction: no edit can slip in between.
            rows = db.execute("SELECT id FROM beads WHERE review_id = ? ORDER BY position", (review_id,))
            ids = [r["id"] for r in rows]
            if expected_ids is not None and list(expected_ids) != ids:
                raise ConflictError("the alignment was edited while its flags were being computed; flag again")
            if len(flags) != len(ids):
                raise AlignError(f"{len(flags)} flag lists for {len(ids)} beads")
            db.executemany(
                "UPDATE beads SET flags = ?, risk = ? WHERE id = ?",
                [(flags_json(fl), float(r), i) for fl, r, i in zip(flags, risks, ids, strict=True)],
            )
            self._touch(db, review_id)
