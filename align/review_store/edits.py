"""Alignment edits in a stored review (merge, split, move, detach) and their undo, keeping the review work.

An edit replaces a window of beads by new ones. What reviewers wrote on the old beads goes with the
text it is about (see :mod:`align.review_store.carry`):

- an error with a span goes to the new bead that holds the span's sentences, its offsets shifted so
  it covers the same words; an edit that would part those sentences is refused, naming the error;
- an error without a span goes to the new bead that got the old bead's first sentences
  (``Edit.primary``), with a note saying so;
- post-edits are carried in parts: a merged bead's post-edit is its beads' post-edits (or machine
  translations, for a bead without one) joined in order; a split cuts it where the target splits;
- a new bead holding errors is "has_errors", any other "unreviewed" (its pair changed, so an earlier
  "correct" no longer holds); flags are cleared (they described the old pairs).

Undo puts the old beads back exactly, ids included, when nothing was done on the new beads since.
Work done since is kept, never dropped: errors added since go to the old bead that holds their span
(or the first old bead the new one came from); a post-edit written since is cut back onto the old
beads; a verdict given since carries to each old bead whose sentences it covered ("correct" only if
every new bead holding its sentences is correct now). An undo that would have to cut the span of an
error added since is refused, naming the error.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from align import editing
from align.errors import AlignError
from align.review_store.base import StoreBase
from align.review_store.carry import (
    PostEdited,
    Side,
    anchor_span,
    carry_post_edits,
    join_parts,
    parts_json,
    parts_of_json,
    place_anchor,
)
from align.review_store.db import Db
from align.review_store.schema import (
    BEAD_COLS,
    BEAD_COLUMNS,
    ConflictError,
    EditInfo,
    ids_cell,
    ids_of,
    logged_bead,
    now,
)
from align.types import Bead


@dataclass(frozen=True)
class StoredEdit(editing.Edit):
    """An alignment edit as the store logged it: ``id`` is the edit an undo names (``expected_edit``)."""

    id: int


@dataclass(frozen=True)
class _Ann:
    id: int
    bead_id: int
    side: str | None
    start: int | None
    end: int | None
    note: str


@dataclass
class _Texts:
    """The review's two sides, for spans (offsets in the joined text) and post-edits (target texts)."""

    src: Side
    tgt: Side

    def side(self, side: str) -> Side:
        return self.src if side == "src" else self.tgt

    def side_text(self, bead: Bead, side: str) -> str:
        return self.side(side).join(getattr(bead, side))


#: What an alignment edit did, in the words of the note on an error it moved.
_EDIT_WORDS = {
    "merge": "merging beads",
    "split": "splitting a bead",
    "move": "moving a sentence",
    "detach": "detaching a sentence",
}


def _sentences(side: str, ids: Sequence[int]) -> str:
    if not ids:
        return f"no {side} sentence"
    return f"{side} sentence{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))}"


def moved_note(op: str, position: int, src: Sequence[int], tgt: Sequence[int]) -> str:
    """The note on an error an alignment edit moved, said plainly: "re-attached after merge (was on bead 12: 12 ↔
    13)" read as beads 12 to 13 to reviewers, when the numbers were the bead's sentences."""
    return (
        f"Moved here by {_EDIT_WORDS.get(op, op)}: it was on bead {position} "
        f"({_sentences('source', src)}, {_sentences('target', tgt)})."
    )


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _carry_span(ann: _Ann, old: Bead, candidates: Sequence[Bead], texts: _Texts) -> tuple[int, int, int] | str | None:
    """Where a spanned error goes among ``candidates``: (index, start, end).

    None if its span holds no text (an older database's span of spaces: it goes where an error
    without a span goes); the span's text if its sentences were parted.
    """
    assert ann.side is not None and ann.start is not None and ann.end is not None
    side = texts.side(ann.side)
    anchor = anchor_span(side, getattr(old, ann.side), ann.start, ann.end)
    if anchor is None:
        return None
    for k, b in enumerate(candidates):
        ids = getattr(b, ann.side)
        if anchor.run[0] in ids:
            placed = place_anchor(side, ids, anchor)
            if placed is not None:
                return k, *placed
            break
    return _excerpt(texts.side_text(old, ann.side)[ann.start : ann.end])


def _verdict_for(
    holders: set[int], cur: Sequence[dict[str, Any]], status_changed: Sequence[bool], has_anns: Sequence[bool]
) -> str | None:
    """The verdict reviewers gave since the edit to the new beads holding an old bead's sentences (None: none)."""
    given = [
        cur[j]["status"]
        for j in holders
        # "has_errors" because of errors: the errors themselves go back to the beads they are about.
        if status_changed[j] and not (cur[j]["status"] == "has_errors" and has_anns[j])
    ]
    if not given:
        return None
    if "has_errors" in given:
        return "has_errors"
    if all(cur[j]["status"] == "correct" for j in holders):
        return "correct"
    return "unreviewed"


class Editing(StoreBase):
    def _texts(self, review_id: int) -> _Texts:
        src, tgt = self.documents(review_id)
        return _Texts(Side.of(src), Side.of(tgt))

    def edit_alignment(
        self,
        bead_id: int,
        op: Callable[..., editing.Edit],
        *args: Any,
        expected_version: int | None,
        reviewer: str = "",
        scorer: editing.Scorer | None = None,
    ) -> StoredEdit:
        """Apply an :mod:`align.editing` operation at bead ``bead_id`` and log it for undo; → the edit with the
        id it was logged under (its undo names it: reading :meth:`last_edit` afterwards could give another
        reviewer's edit made in between).

        The review work on the replaced beads is carried to the new ones as the module docstring says.
        """
        with self._write() as db:
            r = self._check_version(db, bead_id, expected_version)
            review_id = r["review_id"]
            rows = [
                dict(x)
                for x in db.execute(
                    f"SELECT {BEAD_COLS} FROM beads WHERE review_id = ? ORDER BY position", (review_id,)
                )
            ]
            index = next(k for k, b in enumerate(rows) if b["id"] == bead_id)
            edit = op([_bead(b) for b in rows], index, *args, scorer=scorer)
            before = rows[edit.start : edit.old_stop]
            old = [_bead(b) for b in before]
            new = edit.beads[edit.start : edit.new_stop]
            texts = self._texts(review_id)
            anns = _annotations(db, [b["id"] for b in before])
            old_index = {b["id"]: k for k, b in enumerate(before)}

            # Where each error goes, decided before anything is written: a parted span refuses the edit.
            moves: list[tuple[int, int, int | None, int | None, str]] = []  # (ann, new index, start, end, note)
            for a in anns:
                k = old_index[a.bead_id]
                b = before[k]
                note = moved_note(edit.op, b["position"], ids_of(b["src_ids"]), ids_of(b["tgt_ids"]))
                home, start, end = edit.primary(edit.start + k) - edit.start, a.start, a.end
                if a.side is not None:
                    where = _carry_span(a, old[k], new, texts)
                    if isinstance(where, str):
                        raise editing.EditError(
                            f"bead {b['position']}'s error on “{where}” covers sentences this {edit.op} would "
                            "separate: delete the error (or add it again on a shorter span) first"
                        )
                    if where is not None:
                        home, start, end = where
                moves.append((a.id, home, start, end, note))

            parts = carry_post_edits(
                [
                    PostEdited(o, b["post_edit"], parts_of_json(b.get("pe_parts")))
                    for o, b in zip(old, before, strict=True)
                ],
                new,
                texts.tgt,
            )
            with_errors = {home for _, home, *_ in moves}
            stamp = now()
            # Shift the beads after the window first; positions are not unique, so order is free.
            if edit.shift:
                db.execute(
                    "UPDATE beads SET position = position + ? WHERE review_id = ? AND position >= ?",
                    (edit.shift, review_id, edit.old_stop),
                )
            new_ids: list[int] = []
            back_map: list[int] = []
            after: list[dict[str, str]] = []
            for j, nb in enumerate(new):
                pos = edit.start + j
                came_from = next(b["id"] for k, b in enumerate(before) if pos in edit.mapping[edit.start + k])
                post_edit = join_parts(parts[j], texts.tgt.lang)
                status = "has_errors" if j in with_errors else "unreviewed"
                # The edit gives the new bead its verdict and post-edit: they count as written by its author.
                cur = db.execute(
                    "INSERT INTO beads (review_id, position, src_ids, tgt_ids, score, status, post_edit, pe_parts, "
                    "edited, updated_at, updated_by, status_by, status_at, post_edit_by, post_edit_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                    (
                        review_id,
                        pos,
                        ids_cell(nb.src),
                        ids_cell(nb.tgt),
                        None if math.isnan(nb.score) else nb.score,
                        status,
                        post_edit,
                        parts_json(parts[j]) if post_edit else "",
                        stamp,
                        reviewer,
                        reviewer,
                        stamp,
                        reviewer,
                        stamp,
                    ),
                )
                new_ids.append(int(cur.lastrowid or 0))
                back_map.append(came_from)
                after.append({"status": status, "post_edit": post_edit})
            db.executemany(
                "UPDATE annotations SET bead_id = ?, span_start = ?, span_end = ?, note = ? WHERE id = ?",
                [(new_ids[home], start, end, note, ann_id) for ann_id, home, start, end, note in moves],
            )
            homes = {str(a.id): [a.bead_id, a.start, a.end, a.note] for a in anns}
            db.execute(f"DELETE FROM beads WHERE id IN ({','.join('?' * len(before))})", [b["id"] for b in before])
            logged = db.execute(
                "INSERT INTO edits (review_id, op, start, old_stop, new_stop, before, homes, new_ids, back_map, "
                "reviewer, created_at, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    review_id,
                    edit.op,
                    edit.start,
                    edit.old_stop,
                    edit.new_stop,
                    json.dumps(before, ensure_ascii=False),
                    json.dumps(homes, ensure_ascii=False),
                    json.dumps(new_ids),
                    json.dumps(back_map),
                    reviewer,
                    stamp,
                    json.dumps(after, ensure_ascii=False),
                ),
            )
            self._touch(db, review_id)
        return StoredEdit(**{f.name: getattr(edit, f.name) for f in fields(edit)}, id=int(logged.lastrowid or 0))

    def last_edit(self, review_id: int) -> EditInfo | None:
        """The alignment edit an undo would revert, if any."""
        rows = self._q(
            "SELECT id, op, start, reviewer, created_at FROM edits WHERE review_id = ? AND undone_at IS NULL "
            "ORDER BY id DESC LIMIT 1",
            (review_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return EditInfo(id=r["id"], op=r["op"], start=r["start"], reviewer=r["reviewer"], created_at=r["created_at"])

    def undo(self, review_id: int, *, expected_edit: int | None, reviewer: str = "") -> EditInfo:
        """Revert the review's latest alignment edit, restoring the old beads (ids included).

        Work done on the new beads since the edit is carried back (see the module docstring).
        ``expected_edit`` is the edit id the caller meant to undo.
        """
        with self._write() as db:
            row = db.execute(
                "SELECT * FROM edits WHERE review_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1", (review_id,)
            ).fetchone()
            if row is None:
                raise AlignError("there is no alignment edit to undo")
            if expected_edit is not None and row["id"] != expected_edit:
                raise ConflictError("another alignment edit was made (or undone) since you loaded this page")
            new_ids: list[int] = json.loads(row["new_ids"])
            cur = [
                dict(r)
                for r in db.execute(
                    f"SELECT {BEAD_COLS} FROM beads WHERE review_id = ? AND position >= ? AND position < ? "
                    "ORDER BY position",
                    (review_id, row["start"], row["new_stop"]),
                )
            ]
            if [b["id"] for b in cur] != new_ids:
                raise ConflictError("the beads this edit made have changed since; it cannot be undone safely")
            before: list[dict[str, Any]] = json.loads(row["before"])
            homes: dict[str, Any] = json.loads(row["homes"])
            back_map: list[int] = json.loads(row["back_map"])
            after: list[dict[str, str]] | None = json.loads(row["after"]) if row["after"] else None
            old = [_bead(b) for b in before]
            new = [_bead(b) for b in cur]
            texts = self._texts(review_id)
            old_pos = {b["id"]: k for k, b in enumerate(before)}
            new_pos = {i: j for j, i in enumerate(new_ids)}

            # Errors: back where they were before the edit; ones added since to the old bead they are about.
            anns = _annotations(db, new_ids)
            moves: list[tuple[int, int, int | None, int | None, str]] = []  # (ann, old index, start, end, note)
            for a in anns:
                j = new_pos[a.bead_id]
                home = homes.get(str(a.id))
                if isinstance(home, list):  # (bead, span start, span end, note) before the edit
                    moves.append((a.id, old_pos[home[0]], home[1], home[2], home[3]))
                    continue
                k = old_pos[home] if home is not None else old_pos[back_map[j]]  # a bead id: an older log
                start, end = a.start, a.end
                if a.side is not None:
                    candidates = [old[k]] if home is not None else old
                    where = _carry_span(a, new[j], candidates, texts)
                    if isinstance(where, str):
                        raise AlignError(
                            f"cannot undo the {row['op']}: the error on “{where}” added to bead {cur[j]['position']} "
                            "since covers sentences the undo would separate; delete it (or add it again on a "
                            "shorter span) first"
                        )
                    if where is not None:
                        k = k if home is not None else where[0]
                        start, end = where[1], where[2]
                moves.append((a.id, k, start, end, ""))

            # Post-edits and verdicts given since the edit go back to the old beads they cover.
            if after is not None:
                pe_changed = [c["post_edit"] != a["post_edit"] for c, a in zip(cur, after, strict=True)]
                status_changed = [c["status"] != a["status"] for c, a in zip(cur, after, strict=True)]
            else:  # an older log: anything written since shows only as a new version
                pe_changed = status_changed = [c["version"] > 1 for c in cur]
            has_anns = [any(new_pos[a.bead_id] == j for a in anns) for j in range(len(cur))]
            carried = carry_post_edits(
                [
                    PostEdited(b, c["post_edit"], parts_of_json(c.get("pe_parts")))
                    for b, c in zip(new, cur, strict=True)
                ],
                old,
                texts.tgt,
            )
            where_new = {(side, i): j for j, b in enumerate(new) for side in ("src", "tgt") for i in getattr(b, side)}
            had_errors = {old_pos[h[0] if isinstance(h, list) else h] for h in homes.values()}
            gets_errors = {k for _, k, *_ in moves}
            restored: list[dict[str, Any]] = []
            undone_at = now()
            for k, b in enumerate(before):
                b = logged_bead(b)
                was = dict(b)
                b["version"] += 1  # restored beads changed under anyone who read the new ones
                holders = {where_new[("src", i)] for i in old[k].src} | {where_new[("tgt", i)] for i in old[k].tgt}
                touched = [j for j in holders if pe_changed[j] or status_changed[j]]
                if any(pe_changed[j] for j in holders):
                    b["post_edit"] = join_parts(carried[k], texts.tgt.lang)
                    b["pe_parts"] = parts_json(carried[k]) if b["post_edit"] else ""
                verdict = _verdict_for(holders, cur, status_changed, has_anns)
                if verdict is not None:
                    b["status"] = verdict
                if k in gets_errors:
                    b["status"] = "has_errors"
                elif b["status"] == "has_errors" and verdict is None and k in had_errors:
                    b["status"] = "unreviewed"  # its errors were deleted since, as delete_annotation would do
                if touched:
                    latest = max(touched, key=lambda j: cur[j]["updated_at"])
                    b["updated_at"], b["updated_by"] = cur[latest]["updated_at"], cur[latest]["updated_by"]
                else:
                    # Changed by this undo: kept as logged, a bead came back in a new version with the stamp it was
                    # created with, and the export credited whoever started the review with an undo they never made.
                    b["updated_at"], b["updated_by"] = undone_at, reviewer
                # A field the undo carried work into changed under anyone who read the old bead.
                for field, changed in (("status", status_changed), ("post_edit", pe_changed)):
                    writers = [j for j in holders if changed[j]]
                    if b[field] != was[field] and writers:
                        latest = max(writers, key=lambda j: cur[j][f"{field}_at"])
                        b[f"{field}_version"] = b["version"]
                        b[f"{field}_by"], b[f"{field}_at"] = cur[latest][f"{field}_by"], cur[latest][f"{field}_at"]
                restored.append(b)

            shift = row["new_stop"] - row["old_stop"]
            # Shift the later beads back before the old ones return, so only later beads move.
            if shift:
                db.execute(
                    "UPDATE beads SET position = position - ? WHERE review_id = ? AND position >= ?",
                    (shift, review_id, row["new_stop"]),
                )
            db.executemany(
                f"INSERT INTO beads ({BEAD_COLS}) VALUES ({', '.join('?' * len(BEAD_COLUMNS))})",
                [[b[c] for c in BEAD_COLUMNS] for b in restored],
            )
            db.executemany(
                "UPDATE annotations SET bead_id = ?, span_start = ?, span_end = ?, note = ? WHERE id = ?",
                [(before[k]["id"], start, end, note, ann_id) for ann_id, k, start, end, note in moves],
            )
            db.execute(f"DELETE FROM beads WHERE id IN ({','.join('?' * len(new_ids))})", new_ids)
            db.execute("UPDATE edits SET undone_at = ? WHERE id = ?", (undone_at, row["id"]))
            self._touch(db, review_id)
        return EditInfo(
            id=row["id"], op=row["op"], start=row["start"], reviewer=row["reviewer"], created_at=row["created_at"]
        )


def _bead(row: dict[str, Any]) -> Bead:
    return Bead(ids_of(row["src_ids"]), ids_of(row["tgt_ids"]), math.nan if row["score"] is None else row["score"])


def _annotations(db: Db, bead_ids: Sequence[int]) -> list[_Ann]:
    rows = db.execute(
        "SELECT id, bead_id, span_side, span_start, span_end, note FROM annotations "
        f"WHERE bead_id IN ({','.join('?' * len(bead_ids))}) ORDER BY id",
        list(bead_ids),
    ).fetchall()
    return [_Ann(r["id"], r["bead_id"], r["span_side"], r["span_start"], r["span_end"], r["note"]) for r in rows]
