"""Multi-version reviews: a *review set* is one pairwise review per version against the pivot, plus the set row.

Every version's review is an ordinary review (beads, verdicts, errors, post-edits, alignment edits, undo and
conflict detection all apply unchanged); the set names them (``reviews.set_id``, ``reviews.version_label``)
and keeps the pivot document, the version order and the cross-version flags of the alignment it was made from.
The joint rows are never stored: they are computed from the current beads of every version's review
(:func:`align.versions.joint.joint_rows`), so a merge, split, move or detach in one version's review changes
the rows at once.

Cross-version flags belong to the text they were raised on, not to a row number (rows change with edits):
each is stored with the segment ids of its row's cells and shown on the row that now holds the flagged
version's first segment there (the pivot's, for a version whose cell was empty, e.g. ``missing_in_version``).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass

import pandas as pd

from align.errors import AlignError
from align.review_store.base import StoreBase
from align.review_store.db import Db
from align.review_store.schema import ERROR_COLUMNS, ERROR_SEPARATOR, REVIEW_COLUMNS, flags_json, flags_of, now
from align.types import Alignment, Flag, sentence_joiner
from align.versions.joint import joint_rows
from align.versions.types import MultiAlignment

#: Review columns of each non-pivot version in the wide layout (``status_<label>``, ...), after its alignment ones:
#: the verdict, every error column of the pairwise export (who added it, and the words it covers in the cell's
#: text) and the post-edit. Always all of them, empty or not, so that every export of a set has one schema.
WIDE_REVIEW_COLUMNS = ["status", *ERROR_COLUMNS, "post_edit"]


class SetHoldsWork(AlignError):
    """A review set was not deleted: reviewers' work is in it and the delete was not forced."""


@dataclass(frozen=True)
class SetInfo:
    id: int
    name: str
    labels: list[str]
    pivot: int
    #: Version label → the id of its pairwise review against the pivot (every label but the pivot's).
    reviews: dict[str, int]
    model: str
    created_at: str
    beads: int
    reviewed: int
    with_errors: int

    @property
    def progress(self) -> float:
        return self.reviewed / self.beads if self.beads else 0.0


def _status(statuses: list[str]) -> str:
    """A cell's verdict from its beads': an error anywhere is one; correct only when every bead is."""
    if "has_errors" in statuses:
        return "has_errors"
    return "correct" if statuses and all(s == "correct" for s in statuses) else "unreviewed"


def _cell_errors(part: list[dict[str, str]], tgt: str, src: str) -> dict[str, str]:
    """The error columns of a cell from its beads' (``part``, in order), the n-th item of each column still the
    n-th error's (a bead's empty span or comment is kept as an empty item). A span indexes its bead's text; here
    it is moved into the cell's texts (``tgt``: the version's, ``src``: the pivot's row), which hold more when the
    cell has several beads or the pivot's row is wider than the bead. In a cell of several beads an error on a
    whole bead (no span) gets that bead's target text as its span, so the export says which sentence it is on."""
    texts = {"tgt": tgt, "src": src}
    where: dict[str, int] = {"tgt": 0, "src": 0}
    items: dict[str, list[str]] = {c: [] for c in ERROR_COLUMNS}
    for b in part:
        # Where the bead's texts stand in the cell's: its sentences are the cell's, in order, joined alike.
        offset = {side: texts[side].find(b[f"{side}_text"], where[side]) for side in texts}
        for side in texts:
            if offset[side] >= 0 and b[f"{side}_text"]:
                where[side] = offset[side] + len(b[f"{side}_text"])
        if not b["error_category"]:
            continue
        per_error = {c: b[c].split(ERROR_SEPARATOR) for c in ERROR_COLUMNS}
        for k in range(len(per_error["error_category"])):
            for c in ["error_category", "severity", "comment", "error_reviewer"]:
                items[c].append(per_error[c][k] if k < len(per_error[c]) else "")
            span = per_error["error_span"][k] if k < len(per_error["error_span"]) else ""
            side, _, bounds = span.partition(":")
            if span and side in texts and offset[side] >= 0:
                start, _, end = bounds.partition("-")
                s, e = offset[side] + int(start), offset[side] + int(end)
            elif not span and len(part) > 1 and b["tgt_text"] and offset["tgt"] >= 0:
                side, s, e = "tgt", offset["tgt"], offset["tgt"] + len(b["tgt_text"])
            else:  # a whole bead that is the whole cell: no span, as in a pair's export
                items["error_span"].append("")
                items["error_text"].append("")
                continue
            items["error_span"].append(f"{side}:{s}-{e}")
            items["error_text"].append(texts[side][s:e].replace("|", "/"))
    return {c: ERROR_SEPARATOR.join(v) for c, v in items.items()}


class Versions(StoreBase):
    """Review sets: create, list, and read them as a :class:`MultiAlignment` and as export tables."""

    def create_review_set(self, multi: MultiAlignment, name: str, *, reviewer: str = "") -> int:
        """Store every version's alignment to the pivot as its own review, and the set; → the set id.

        One transaction: every version's review and the set row are stored, or (on any failure) nothing is."""
        from align.flagging import risk_score
        from align.versions.crosscheck import CROSS_FLAG_CODES

        if len(multi.documents) < 2:
            raise AlignError("a review set needs at least two versions")
        cross: list[dict[str, object]] = []
        for r, row in enumerate(multi.rows):
            for v, flags in enumerate(multi.flags[r] if multi.flags else []):
                own = [f for f in flags if f.code in CROSS_FLAG_CODES]
                if own:
                    cells = {multi.labels[k]: list(c) for k, c in enumerate(row.cells)}
                    cross.append({"version": multi.labels[v], "cells": cells, "flags": json.loads(flags_json(own))})
        meta = {"labels": multi.labels, "pivot": multi.pivot, "cross": cross, "alignment": multi.meta}
        with self._write() as db:
            pivot_doc = self._add_document(db, multi.pivot_document)
            cur = db.execute(
                "INSERT INTO review_sets (name, pivot_doc, model, meta, created_at) VALUES (?, ?, ?, ?, ?)",
                (name, pivot_doc, multi.model, json.dumps(meta, ensure_ascii=False, default=str), now()),
            )
            set_id = int(cur.lastrowid or 0)
            for v, pair in enumerate(multi.pairs):
                if pair is None:
                    continue
                label = multi.labels[v]
                pair = with_cross_flags(multi, v, pair)
                risks = [risk_score(f) for f in pair.flags] if pair.flags else None
                rid = self._insert_review(db, pair, f"{name} — {label}", risks=risks, reviewer=reviewer)
                db.execute("UPDATE reviews SET set_id = ?, version_label = ? WHERE id = ?", (set_id, label, rid))
        return set_id

    def delete_review_set(self, set_id: int, *, force: bool = False) -> SetInfo:
        """Delete a review set with its versions' reviews (their beads, errors, post-edits and edit logs) and
        documents; → what was deleted. The reviews were made for the set and mean nothing without it, so they
        go with it; but reviewers' work is not lost by a slip: a set any bead of which holds a verdict, an
        error or a post-edit is refused unless ``force`` (export it first: ``python -m align export --set``)."""
        with self._write() as db:
            info = self._set_info(db, set_id)
            if info is None:
                raise AlignError(f"there is no review set {set_id} in {self.path}")
            rids = list(info.reviews.values())
            marks = ", ".join("?" * len(rids))
            work = db.execute(
                f"""SELECT COUNT(*) FROM beads b WHERE b.review_id IN ({marks}) AND (b.status != 'unreviewed'
                    OR b.post_edit != '' OR EXISTS (SELECT 1 FROM annotations a WHERE a.bead_id = b.id))""",
                rids,
            ).fetchone()[0]
            if work and not force:
                raise SetHoldsWork(
                    f"review set {set_id} ({info.name}) holds reviewers' work on {work} bead{'s' * (work != 1)} "
                    f"(verdicts, errors or post-edits); deleting the set deletes it with its {len(rids)} version "
                    "reviews. Export it first (python -m align export --set), then confirm the delete"
                )
            docs = [
                d
                for r in db.execute(f"SELECT src_doc, tgt_doc FROM reviews WHERE id IN ({marks})", rids).fetchall()
                for d in (r[0], r[1])
            ]
            db.execute(
                f"DELETE FROM annotations WHERE bead_id IN (SELECT id FROM beads WHERE review_id IN ({marks}))", rids
            )
            db.execute(f"DELETE FROM reviews WHERE id IN ({marks})", rids)  # beads and edit logs cascade
            pivot_doc = db.execute("SELECT pivot_doc FROM review_sets WHERE id = ?", (set_id,)).fetchone()[0]
            db.execute("DELETE FROM review_sets WHERE id = ?", (set_id,))
            db.executemany("DELETE FROM documents WHERE id = ?", [(d,) for d in [*docs, pivot_doc]])
        return info

    def list_review_sets(self) -> list[SetInfo]:
        """Every review set, newest first, with the bead counts of its versions' reviews together."""
        with self._read() as db:
            ids = [r[0] for r in db.execute("SELECT id FROM review_sets ORDER BY id DESC").fetchall()]
            return [info for i in ids if (info := self._set_info(db, i)) is not None]

    def review_set(self, set_id: int) -> SetInfo:
        with self._read() as db:
            info = self._set_info(db, set_id)
        if info is None:
            raise AlignError(f"there is no review set {set_id} in {self.path}")
        return info

    def _set_info(self, db: Db, set_id: int) -> SetInfo | None:
        s = db.execute("SELECT * FROM review_sets WHERE id = ?", (set_id,)).fetchone()
        if s is None:
            return None
        meta = json.loads(s["meta"])
        members = db.execute(
            """SELECT r.id, r.version_label,
               (SELECT COUNT(*) FROM beads b WHERE b.review_id = r.id) AS n,
               (SELECT COUNT(*) FROM beads b WHERE b.review_id = r.id AND b.status != 'unreviewed') AS done,
               (SELECT COUNT(*) FROM beads b WHERE b.review_id = r.id AND b.status = 'has_errors') AS bad
               FROM reviews r WHERE r.set_id = ?""",
            (set_id,),
        ).fetchall()
        return SetInfo(
            id=s["id"],
            name=s["name"],
            labels=list(meta["labels"]),
            pivot=int(meta["pivot"]),
            reviews={m["version_label"]: m["id"] for m in members},
            model=s["model"],
            created_at=s["created_at"],
            beads=sum(m["n"] for m in members),
            reviewed=sum(m["done"] for m in members),
            with_errors=sum(m["bad"] for m in members),
        )

    def set_revision(self, set_id: int) -> tuple[str, tuple[int, ...]]:
        """Changes whenever anything in one of the set's reviews changes (for caching the joint rows): the set's
        creation time (an id SQLite gives out again after a delete is another set) and its reviews' revisions."""
        with self._read() as db:
            s = db.execute("SELECT created_at FROM review_sets WHERE id = ?", (set_id,)).fetchone()
            if s is None:
                raise AlignError(f"there is no review set {set_id} in {self.path}")
            rows = db.execute("SELECT id, revision FROM reviews WHERE set_id = ? ORDER BY id", (set_id,)).fetchall()
        return s[0], tuple(x for r in rows for x in (int(r[0]), int(r[1])))

    def set_meta(self, set_id: int) -> dict[str, object]:
        """The meta of the alignment the set was made from (``MultiAlignment.meta``: the pivot, a batch's key)."""
        rows = self._q("SELECT meta FROM review_sets WHERE id = ?", (set_id,))
        if not rows:
            raise AlignError(f"there is no review set {set_id} in {self.path}")
        return dict(json.loads(rows[0]["meta"]).get("alignment") or {})

    def set_alignment(self, set_id: int) -> MultiAlignment:
        """The set as it stands: each version's current alignment to the pivot (hand edits included), the joint
        rows they make, and per cell its flags (the version's pairwise ones against the pivot, then the
        cross-version ones stored at creation)."""
        info = self.review_set(set_id)
        missing = [x for k, x in enumerate(info.labels) if k != info.pivot and x not in info.reviews]
        if missing:
            raise AlignError(f"review set {set_id}: the review of {', '.join(missing)} was deleted")
        row = self._q("SELECT pivot_doc, meta FROM review_sets WHERE id = ?", (set_id,))[0]
        pivot_doc = self._document(row["pivot_doc"])
        meta = json.loads(row["meta"])
        pairs: list[Alignment | None] = [
            None if v == info.pivot else self.alignment(info.reviews[label]) for v, label in enumerate(info.labels)
        ]
        docs = [pivot_doc if p is None else p.tgt for p in pairs]
        rows = joint_rows(len(pivot_doc), [p.beads if p is not None else None for p in pairs])
        multi = MultiAlignment(docs, info.pivot, pairs, rows, info.labels, model=info.model, meta=meta["alignment"])
        multi.flags = self._cell_flags(multi, meta["cross"])
        return multi

    def _cell_flags(self, multi: MultiAlignment, cross: list[dict[str, object]]) -> list[list[list[Flag]]]:
        from align.versions.crosscheck import CROSS_FLAG_CODES

        pivot_label = multi.labels[multi.pivot]
        out = [
            [
                [
                    Flag(f.code, f"{multi.labels[v]} against the pivot {pivot_label}: {f.message}", f.weight)
                    for i in row.beads[v]
                    for f in (pair.flags[i] if pair is not None and pair.flags else [])
                    if f.code not in CROSS_FLAG_CODES  # stored on the beads too (with_cross_flags): read from meta
                ]
                for v, pair in enumerate(multi.pairs)
            ]
            for row in multi.rows
        ]
        # Where each version's segment (and the pivot's) now stands.
        where: list[dict[int, int]] = [{} for _ in multi.labels]
        for r, row in enumerate(multi.rows):
            for v, cell in enumerate(row.cells):
                for i in cell:
                    where[v][i] = r
        index = {label: v for v, label in enumerate(multi.labels)}
        for item in cross:
            v = index.get(str(item["version"]))
            cells: dict[str, list[int]] = item["cells"]  # type: ignore[assignment]
            if v is None:
                continue
            # The flagged version's own text first, else the pivot's, else any version's.
            order = [v, multi.pivot, *range(len(multi.labels))]
            r = next(
                (
                    where[k][cells[multi.labels[k]][0]]
                    for k in order
                    if cells.get(multi.labels[k]) and cells[multi.labels[k]][0] in where[k]
                ),
                None,
            )
            if r is not None:
                out[r][v].extend(flags_of(json.dumps(item["flags"])))
        return out

    # -- exports ------------------------------------------------------------------------------------

    def cell_statuses(self, set_id: int, multi: MultiAlignment) -> list[list[str | None]]:
        """Per row and version, the cell's verdict (see :func:`_status`; None for the pivot): what the grid shows,
        from one query instead of every version's export table (:meth:`cell_reviews`)."""
        info = self.review_set(set_id)
        statuses: dict[int, dict[int, str]] = {rid: {} for rid in info.reviews.values()}
        marks = ", ".join("?" * len(statuses))
        for r in self._q(f"SELECT review_id, position, status FROM beads WHERE review_id IN ({marks})", [*statuses]):
            statuses[r["review_id"]][r["position"]] = r["status"]
        per_version = [None if v == multi.pivot else statuses[info.reviews[x]] for v, x in enumerate(multi.labels)]
        return [
            [None if s is None else _status([s[i] for i in row.beads[v]]) for v, s in enumerate(per_version)]
            for row in multi.rows
        ]

    def cell_reviews(self, set_id: int, multi: MultiAlignment) -> list[list[dict[str, str] | None]]:
        """Per row and version, the review columns of the cell (its beads' together; None for the pivot)."""
        info = self.review_set(set_id)
        tables = {
            v: self.review_table(info.reviews[label])  # type: ignore[attr-defined]
            for v, label in enumerate(multi.labels)
            if v != multi.pivot
        }
        # Plain lists, not a DataFrame slice per cell: pandas' per-cell overhead made a 10-version,
        # 100-row set take 3.5 s here.
        columns = list(dict.fromkeys(["status", "post_edit", "tgt_text", "src_text", *ERROR_COLUMNS, "reviewer"]))
        columns.append("updated_at")
        records = {
            v: [dict(zip(columns, r, strict=True)) for r in t[columns].astype(str).itertuples(index=False, name=None)]
            for v, t in tables.items()
        }
        out: list[list[dict[str, str] | None]] = []
        for row in multi.rows:
            cells: list[dict[str, str] | None] = []
            for v in range(len(multi.labels)):
                if v == multi.pivot:
                    cells.append(None)
                    continue
                part = [records[v][i] for i in row.beads[v]]
                rec = {"status": _status([b["status"] for b in part])}
                # For a translation memory: every bead of the cell marked correct (so without errors) or post-edited.
                ok = [
                    (b["status"] == "correct" and b["error_category"] == "") or b["post_edit"].strip() != ""
                    for b in part
                ]
                rec["approved"] = "yes" if part and all(ok) else ""
                for c in ["post_edit", "reviewer", "updated_at"]:
                    values = [b[c] for b in part if b[c]]
                    rec[c] = max(values, default="") if c == "updated_at" else ERROR_SEPARATOR.join(values)
                rec.update(_cell_errors(part, multi.text(row, v), multi.text(row, multi.pivot)))
                # Several post-edited beads: the cell's post-edit is each bead's (post-edit, else its text).
                if len(part) > 1 and rec["post_edit"]:
                    rec["post_edit"] = sentence_joiner(multi.documents[v].lang).join(
                        b["post_edit"] if b["post_edit"].strip() else b["tgt_text"] for b in part
                    )
                cells.append(rec)
            out.append(cells)
        return out

    def set_table(self, set_id: int, layout: str = "wide", *, approved: bool = False) -> pd.DataFrame:
        """The set as an export table: the multi-version ``layout`` (:mod:`align.exporters.versions`) with each
        version's review state — wide: per version :data:`WIDE_REVIEW_COLUMNS` (``status_``, ``error_category_``,
        ``severity_``, ``comment_``, ``error_reviewer_``, ``error_span_``, ``error_text_``, ``post_edit_``); long: the
        pairwise review columns (:data:`REVIEW_COLUMNS`) on each version's row. Spans index the cell's texts
        (``tgt:`` the version's, ``src:`` the pivot's row; see :func:`_cell_errors`)."""
        from align.exporters.versions import LONG_COLUMNS, versions_table

        multi = self.set_alignment(set_id)
        table = versions_table(multi, layout)
        review = self.cell_reviews(set_id, multi)
        if layout == "long":
            cells = [review[r][v] or {} for r in range(len(multi.rows)) for v in range(len(multi.labels))]
            for c in [*REVIEW_COLUMNS, "approved"]:
                table[c] = [cell.get(c, "") for cell in cells]
            return table[[*LONG_COLUMNS[:-1], *REVIEW_COLUMNS, LONG_COLUMNS[-1], *(["approved"] if approved else [])]]
        for v, label in enumerate(multi.labels):
            if v == multi.pivot:
                continue
            at = table.columns.get_loc(f"flag_notes_{label}") + 1
            for k, c in enumerate(WIDE_REVIEW_COLUMNS):
                table.insert(at + k, f"{c}_{label}", [review[r][v][c] for r in range(len(multi.rows))])  # type: ignore[index]
        return table

    def set_tmx_table(self, set_id: int) -> pd.DataFrame:
        """The long table of what reviewers approved, for a TMX: per row the pivot's text and each version's cell
        whose beads are all marked correct or post-edited (the post-edit as its text); other cells are left out."""
        table = self.set_table(set_id, "long", approved=True)
        pivot = table["status"].eq("")  # the pivot's rows carry no review: it is the reference
        keep = pivot | table["approved"].eq("yes")
        out = table[keep].drop(columns="approved")
        edited = out["post_edit"].str.strip() != ""
        out.loc[edited, "tgt_text"] = out.loc[edited, "post_edit"]
        return out.reset_index(drop=True)


__all__ = ["WIDE_REVIEW_COLUMNS", "SetHoldsWork", "SetInfo", "Versions"]


def with_cross_flags(multi: MultiAlignment, v: int, pair: Alignment) -> Alignment:
    """Version ``v``'s alignment to the pivot with the cross-version flags of its cells added to the beads they hold.

    Its review showed only the pairwise flags: a negation every other version kept but this one lost was "no
    flags" there, in its flag filter and in its bulk approval ("Approve 13" marked it correct unread)."""
    from align.versions.crosscheck import CROSS_FLAG_CODES

    if not multi.flags or not pair.flags:
        return pair
    flags = [list(f) for f in pair.flags]
    for r, row in enumerate(multi.rows):
        for f in multi.flags[r][v]:
            if f.code not in CROSS_FLAG_CODES:
                continue
            for i in row.beads[v]:
                if f not in flags[i]:
                    flags[i].append(f)
    return dataclasses.replace(pair, flags=flags)
