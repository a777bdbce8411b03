"""The store's plumbing: the SQLite connection and its transactions, settings, documents, reviews, bead reads."""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from align import editing
from align.errors import AlignError
from align.review_store.schema import (
    BEAD_COLS,
    FIELDS,
    MIGRATIONS,
    SCHEMA_VERSION,
    BeadRow,
    ConflictError,
    ReviewInfo,
    bead_row,
    default_db_path,
    flags_json,
    ids_cell,
    now,
)
from align.types import Alignment, Bead, Document, Segment, join_segments

#: Parsed documents a store keeps in memory (a review has two; see StoreBase._document).
_KEPT_DOCUMENTS = 32


class StoreBase:
    """A review database. Safe to share between threads (one connection behind a lock) and processes (WAL)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if self.path.is_dir():
            raise AlignError(f"{self.path}: is a directory; give a database file name")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed review action survives even a power cut, at ~1 fsync per action.
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise AlignError(f"{self.path}: cannot open as a review database: {exc}") from exc
        self._lock = threading.RLock()
        self._documents: dict[int, tuple[str, Document]] = {}  # see _document
        self._migrate()

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        with self._write():
            version = self.schema_version
            if version > SCHEMA_VERSION:
                raise AlignError(
                    f"{self.path}: database schema {version} is newer than this program ({SCHEMA_VERSION}); upgrade it"
                )
            for k in range(version, SCHEMA_VERSION):
                migration = MIGRATIONS[k]
                if callable(migration):
                    migration(self._db)
                else:
                    for statement in migration.split(";"):
                        if statement.strip():
                            self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {k + 1}")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: other processes wait instead of failing half-way."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: several queries see the same snapshot, whatever other processes write."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                self._db.execute("COMMIT")

    def _q(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _touch(self, db: sqlite3.Connection, review_id: int) -> None:
        db.execute("UPDATE reviews SET revision = revision + 1, updated_at = ? WHERE id = ?", (now(), review_id))

    # -- settings -------------------------------------------------------------------------------

    def get_setting(self, key: str, default: str = "") -> str:
        rows = self._q("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    # -- documents and reviews ------------------------------------------------------------------

    def _add_document(self, db: sqlite3.Connection, doc: Document) -> int:
        segments = json.dumps([[s.text, s.start, s.end, s.paragraph] for s in doc.segments], ensure_ascii=False)
        cur = db.execute(
            "INSERT INTO documents (name, lang, text, segments, encoding, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (doc.name, doc.lang, doc.text, segments, doc.encoding, now()),
        )
        return int(cur.lastrowid or 0)

    def create_review(
        self,
        alignment: Alignment,
        name: str,
        *,
        risks: Sequence[float] | None = None,
        reviewer: str = "",
    ) -> int:
        """Store an alignment as a new review; → its id. ``risks`` (per bead) order the "next likely error" jump."""
        editing.check_beads(alignment.beads, len(alignment.src), len(alignment.tgt))
        flags = alignment.flags or [[] for _ in alignment.beads]
        if len(flags) != len(alignment.beads):
            raise AlignError(f"{len(flags)} flag lists for {len(alignment.beads)} beads")
        if risks is None:
            risks = [max((f.weight for f in fl), default=0.0) for fl in flags]
        stamp = now()
        with self._write() as db:
            src_id = self._add_document(db, alignment.src)
            tgt_id = self._add_document(db, alignment.tgt)
            meta = json.dumps(alignment.meta, ensure_ascii=False, default=str)
            cur = db.execute(
                "INSERT INTO reviews (name, src_doc, tgt_doc, model, meta, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, src_id, tgt_id, alignment.model, meta, stamp, stamp),
            )
            review_id = int(cur.lastrowid or 0)
            db.executemany(
                "INSERT INTO beads (review_id, position, src_ids, tgt_ids, score, flags, risk, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        review_id,
                        pos,
                        ids_cell(b.src),
                        ids_cell(b.tgt),
                        None if math.isnan(b.score) else float(b.score),
                        flags_json(fl),
                        float(risk),
                        stamp,
                        reviewer,
                    )
                    for pos, (b, fl, risk) in enumerate(zip(alignment.beads, flags, risks, strict=True))
                ],
            )
        return review_id

    def delete_review(self, review_id: int) -> None:
        with self._write() as db:
            db.execute(
                "DELETE FROM annotations WHERE bead_id IN (SELECT id FROM beads WHERE review_id = ?)", (review_id,)
            )
            docs = db.execute("SELECT src_doc, tgt_doc FROM reviews WHERE id = ?", (review_id,)).fetchone()
            db.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            if docs is not None:
                db.execute("DELETE FROM documents WHERE id IN (?, ?)", (docs[0], docs[1]))

    def list_reviews(self) -> list[ReviewInfo]:
        """All reviews, most recently changed first, with progress counts."""
        rows = self._q(
            """
            SELECT r.id, r.name, r.model, r.created_at, r.updated_at, r.revision,
                   s.name AS src_name, s.lang AS src_lang, t.name AS tgt_name, t.lang AS tgt_lang,
                   (SELECT COUNT(*) FROM beads b WHERE b.review_id = r.id) AS n,
                   (SELECT COUNT(*) FROM beads b WHERE b.review_id = r.id AND b.status != 'unreviewed') AS done,
                   (SELECT COUNT(*) FROM beads b WHERE b.review_id = r.id AND b.status = 'has_errors') AS bad
            FROM reviews r JOIN documents s ON s.id = r.src_doc JOIN documents t ON t.id = r.tgt_doc
            ORDER BY r.updated_at DESC, r.id DESC
            """
        )
        return [
            ReviewInfo(
                id=r["id"],
                name=r["name"],
                src_name=r["src_name"],
                tgt_name=r["tgt_name"],
                src_lang=r["src_lang"],
                tgt_lang=r["tgt_lang"],
                model=r["model"],
                created_at=r["created_at"],
                updated_at=r["updated_at"],
                beads=r["n"],
                reviewed=r["done"],
                with_errors=r["bad"],
                revision=r["revision"],
            )
            for r in rows
        ]

    def review(self, review_id: int) -> ReviewInfo:
        for info in self.list_reviews():
            if info.id == review_id:
                return info
        raise AlignError(f"there is no review {review_id} in {self.path}")

    def revision(self, review_id: int) -> int:
        """A number that changes whenever anything in the review changes (for caching reads)."""
        rows = self._q("SELECT revision FROM reviews WHERE id = ?", (review_id,))
        if not rows:
            raise AlignError(f"there is no review {review_id} in {self.path}")
        return int(rows[0][0])

    def documents(self, review_id: int) -> tuple[Document, Document]:
        """The review's source and target documents, as segmented when the review was made.

        The objects are shared between calls (documents never change): read them, do not modify them.
        """
        row = self._q("SELECT src_doc, tgt_doc FROM reviews WHERE id = ?", (review_id,))
        if not row:
            raise AlignError(f"there is no review {review_id} in {self.path}")
        return self._document(row[0]["src_doc"]), self._document(row[0]["tgt_doc"])

    def _document(self, doc_id: int) -> Document:
        # Documents are never updated, only inserted and deleted, so a parsed one is kept: every page
        # of the app needs both documents and rebuilding thousands of segments costs tens of ms. The
        # key includes created_at because SQLite may hand a deleted document's id to a new one.
        stamp = self._q("SELECT created_at FROM documents WHERE id = ?", (doc_id,))[0]["created_at"]
        cached = self._documents.get(doc_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        r = self._q("SELECT * FROM documents WHERE id = ?", (doc_id,))[0]
        segments = [
            Segment(id=i, text=t, start=a, end=b, paragraph=p)
            for i, (t, a, b, p) in enumerate(json.loads(r["segments"]))
        ]
        doc = Document(text=r["text"], segments=segments, lang=r["lang"], path=r["name"], encoding=r["encoding"])
        with self._lock:
            self._documents[doc_id] = (stamp, doc)
            while len(self._documents) > _KEPT_DOCUMENTS:  # the oldest go first (dicts keep order)
                del self._documents[next(iter(self._documents))]
        return doc

    # -- beads ----------------------------------------------------------------------------------

    def beads(self, review_id: int) -> list[BeadRow]:
        rows = self._q(f"SELECT {BEAD_COLS} FROM beads WHERE review_id = ? ORDER BY position", (review_id,))
        return [bead_row(r) for r in rows]

    def bead(self, bead_id: int) -> BeadRow:
        rows = self._q(f"SELECT {BEAD_COLS} FROM beads WHERE id = ?", (bead_id,))
        if not rows:
            with self._lock:
                raise ConflictError(self._gone(self._db, bead_id))
        return bead_row(rows[0])

    def _gone(self, db: sqlite3.Connection, bead_id: int) -> str:
        """Why a bead id no longer exists, naming the bead by the number the screen showed (its position)."""
        # The latest alignment edit that replaced it (its old row, position included, is in the log) ...
        r = db.execute(
            "SELECT e.op, e.reviewer, e.created_at, json_extract(j.value, '$.position') AS position "
            "FROM edits e, json_each(e.before) j WHERE json_extract(j.value, '$.id') = ? ORDER BY e.id DESC LIMIT 1",
            (bead_id,),
        ).fetchone()
        # ... or the undo that removed it, if it was made by an edit that was undone since.
        u = db.execute(
            "SELECT e.op, e.reviewer, e.undone_at, e.start + CAST(j.key AS INTEGER) AS position "
            "FROM edits e, json_each(e.new_ids) j WHERE j.value = ? AND e.undone_at IS NOT NULL "
            "ORDER BY e.id DESC LIMIT 1",
            (bead_id,),
        ).fetchone()
        tail = "your change was not saved: reload"
        if u is not None and (r is None or u["undone_at"] > r["created_at"]):
            return f"bead {u['position']} no longer exists: the {u['op']} that made it was undone; {tail}"
        if r is not None:
            who = r["reviewer"] or "someone"
            return (
                f"bead {r['position']} no longer exists: {who} changed the alignment there ({r['op']}, "
                f"{r['created_at'][:19]}) after you loaded it; {tail}"
            )
        return f"this bead no longer exists (was its review deleted?); {tail}"

    def alignment(self, review_id: int) -> Alignment:
        """The review's current alignment (with hand edits), flags included."""
        src, tgt = self.documents(review_id)
        r = self._q("SELECT model, meta FROM reviews WHERE id = ?", (review_id,))[0]
        rows = self.beads(review_id)
        beads = [Bead(b.src, b.tgt, b.score) for b in rows]
        flags = [b.flags for b in rows]
        return Alignment(
            src=src,
            tgt=tgt,
            beads=beads,
            model=r["model"],
            meta=json.loads(r["meta"]),
            flags=flags if any(flags) else [],
        )

    def bead_frame(self, review_id: int) -> pd.DataFrame:
        """One row per bead in order, with texts and review state: what the app filters and pages over.

        ``src_para``/``tgt_para`` are True where the bead's first sentence starts a new paragraph.
        """
        src, tgt = self.documents(review_id)
        rows = self._q(
            f"""
            SELECT {BEAD_COLS},
                   (SELECT COUNT(*) FROM annotations a WHERE a.bead_id = b.id) AS n_errors,
                   (SELECT GROUP_CONCAT(category, ' ') FROM annotations a WHERE a.bead_id = b.id) AS categories
            FROM beads b WHERE review_id = ? ORDER BY position
            """,
            (review_id,),
        )
        beads = [bead_row(r) for r in rows]

        def para_start(doc: Document, ids: tuple[int, ...]) -> bool:
            return bool(ids) and (ids[0] == 0 or doc.segments[ids[0]].paragraph != doc.segments[ids[0] - 1].paragraph)

        return pd.DataFrame(
            {
                "id": [b.id for b in beads],
                "bead": [b.position for b in beads],
                "src_ids": [b.src for b in beads],
                "tgt_ids": [b.tgt for b in beads],
                # Joined as the language writes (no space after 。 in Japanese), as the exports are: error
                # spans index this text and carry.Side follows it through edits.
                "src_text": [join_segments(src, b.src) for b in beads],
                "tgt_text": [join_segments(tgt, b.tgt) for b in beads],
                "src_para": [para_start(src, b.src) for b in beads],
                "tgt_para": [para_start(tgt, b.tgt) for b in beads],
                "score": [b.score for b in beads],
                "status": [b.status for b in beads],
                "n_errors": [int(r["n_errors"]) for r in rows],
                "categories": [r["categories"] or "" for r in rows],
                "flags": [[f.code for f in b.flags] for b in beads],
                "flag_messages": [[f.message for f in b.flags] for b in beads],
                "risk": [b.risk for b in beads],
                "post_edit": [b.post_edit for b in beads],
                "edited": [b.edited for b in beads],
                "version": [b.version for b in beads],
                "updated_at": [b.updated_at for b in beads],
                "updated_by": [b.updated_by for b in beads],
            }
        )

    def _segment_lengths(self, review_id: int) -> tuple[list[int], list[int]]:
        src, tgt = self.documents(review_id)
        return [len(s.text) for s in src.segments], [len(s.text) for s in tgt.segments]

    # -- optimistic concurrency -----------------------------------------------------------------

    def _check_version(
        self, db: sqlite3.Connection, bead_id: int, expected_version: int | None, field: str | None = None
    ) -> sqlite3.Row:
        """The bead's row, or :class:`ConflictError` if it is gone or changed since the writer read it.

        ``field`` (a key of :data:`FIELDS`): only a change of that field since ``expected_version`` (the bead
        version the writer read) conflicts, so a post-edit saved while someone else added an error or gave a
        verdict goes through; None: any change of the bead does (alignment edits).
        """
        r = db.execute(
            "SELECT review_id, position, src_ids, tgt_ids, status, version, updated_by, updated_at, status_version, "
            "status_by, status_at, post_edit_version, post_edit_by, post_edit_at FROM beads WHERE id = ?",
            (bead_id,),
        ).fetchone()
        if r is None:
            raise ConflictError(self._gone(db, bead_id))
        if expected_version is None:
            return r
        if field is None and r["version"] != expected_version:
            who, at, what = r["updated_by"], r["updated_at"], ""
        elif field is not None and r[f"{field}_version"] > expected_version:
            who, at, what = r[f"{field}_by"], r[f"{field}_at"], f"'s {FIELDS[field]}"
        else:
            return r
        raise ConflictError(
            f"bead {r['position']}{what} was changed by {who or 'someone'} at {at[:19]} after you loaded it; "
            "your change was not saved: reload to see theirs"
        )

    def _bump(
        self,
        db: sqlite3.Connection,
        bead_id: int,
        review_id: int,
        reviewer: str,
        *,
        changed: Sequence[str] = (),
        **cols: Any,
    ) -> int:
        """Write ``cols`` as a new version of the bead; ``changed``: the :data:`FIELDS` this write changes
        (stamped with the new version, the reviewer and the time). → the new version."""
        stamp = now()
        sets = "".join(f"{c} = ?, " for c in cols)
        sets += "".join(f"{f}_version = version + 1, {f}_by = ?, {f}_at = ?, " for f in changed)
        db.execute(
            f"UPDATE beads SET {sets}version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            (*cols.values(), *[v for _ in changed for v in (reviewer, stamp)], stamp, reviewer, bead_id),
        )
        self._touch(db, review_id)
        return int(db.execute("SELECT version FROM beads WHERE id = ?", (bead_id,)).fetchone()[0])
