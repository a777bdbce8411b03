"""The store's plumbing: the database engine and its transactions, settings, documents, reviews, bead reads."""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy.exc import DBAPIError, OperationalError

from align import editing
from align.errors import AlignError
from align.review_store import migrate
from align.review_store.backends import backend_for
from align.review_store.db import Db, Row
from align.review_store.schema import (
    BEAD_COLS,
    FIELDS,
    BeadRow,
    ConflictError,
    ReviewInfo,
    bead_row,
    default_db,
    flags_json,
    ids_cell,
    now,
)
from align.types import Alignment, Bead, Document, Segment, join_segments

#: Parsed documents a store keeps in memory (a review has two; see StoreBase._document).
_KEPT_DOCUMENTS = 32


class StoreBase:
    """A review database (SQLite file or PostgreSQL). Safe to share between threads (one transaction at a time
    behind a lock) and processes (SQLite: WAL and BEGIN IMMEDIATE; PostgreSQL: an advisory lock per write)."""

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        """``db``: an SQLite file name, or a database URL (``postgresql://user@host/name``); default
        ``$ALIGN_DB`` or ``./align-workbench.sqlite3``."""
        self._backend = backend_for(db if db is not None else default_db())
        #: What reopens this database (``--db``): the file name or the URL.
        self.url = self._backend.url
        #: The SQLite file (None on a database server).
        self.path: Path | None = self._backend.path
        #: The database as messages and screens name it (a URL without its password).
        self.display = self._backend.display
        self._lock = threading.RLock()
        self._tx: Db | None = None  # the open transaction's connection, for reads made inside it
        self._documents: dict[int, tuple[str, Document]] = {}  # see _document
        self._engine = self._backend.create_engine()
        self._opening = True  # a database that does not answer yet "cannot be opened" (see _unavailable)
        try:
            with self._write() as tx:
                migrate.upgrade(self._backend, tx)
        except (DBAPIError, ImportError) as exc:
            self.close()
            raise AlignError(self._backend.connect_error(exc)) from exc
        except BaseException:
            self.close()
            raise
        self._opening = False

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        with self._read() as db:
            return migrate.schema_version_of(migrate.current_revision(db))

    @contextmanager
    def _unavailable(self) -> Iterator[None]:
        """A database that stopped answering (server gone, file locked past the timeout): one line for the user."""
        try:
            yield
        except OperationalError as exc:
            message = self._backend.connect_error if self._opening else self._backend.unavailable
            raise AlignError(message(exc)) from exc

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Db]:
        with self._lock, self._unavailable(), self._engine.connect() as conn:
            if self._tx is not None:
                raise RuntimeError("a store transaction is already open in this thread")
            db = Db(conn, self._backend.returning_ids)
            self._backend.begin(db, write=write)
            self._tx = db
            try:
                try:
                    yield db
                except BaseException:
                    self._tx = None
                    try:
                        db.exec_raw("ROLLBACK")
                    except Exception:
                        conn.invalidate()  # a broken connection: the pool replaces it; the first error is the one
                    raise
                self._tx = None
                db.exec_raw("COMMIT")
            finally:
                self._backend.end(db)

    @contextmanager
    def _write(self) -> Iterator[Db]:
        """One exclusive transaction: other writers (threads, processes) wait instead of failing half-way."""
        with self._transaction(write=True) as db:
            yield db

    @contextmanager
    def _read(self) -> Iterator[Db]:
        """One read transaction: several queries see the same snapshot, whatever other processes write."""
        with self._transaction(write=False) as db:
            yield db

    def _q(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            if self._tx is not None:  # inside a transaction: read what it sees
                return self._tx.execute(sql, params).fetchall()
            with self._unavailable(), self._engine.connect() as conn:
                return Db(conn, self._backend.returning_ids).execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._engine.dispose()
            self._backend.close()

    def _touch(self, db: Db, review_id: int) -> None:
        db.execute("UPDATE reviews SET revision = revision + 1, updated_at = ? WHERE id = ?", (now(), review_id))

    # -- settings -------------------------------------------------------------------------------

    def get_setting(self, key: str, default: str = "") -> str:
        rows = self._q("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0]["value"] if rows else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- documents and reviews ------------------------------------------------------------------

    def _add_document(self, db: Db, doc: Document) -> int:
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
        with self._write() as db:
            return self._insert_review(db, alignment, name, risks=risks, reviewer=reviewer)

    def _insert_review(
        self,
        db: Db,
        alignment: Alignment,
        name: str,
        *,
        risks: Sequence[float] | None = None,
        reviewer: str = "",
    ) -> int:
        """:meth:`create_review` inside the caller's transaction (a review set stores all its versions in one)."""
        editing.check_beads(alignment.beads, len(alignment.src), len(alignment.tgt))
        flags = alignment.flags or [[] for _ in alignment.beads]
        if len(flags) != len(alignment.beads):
            raise AlignError(f"{len(flags)} flag lists for {len(alignment.beads)} beads")
        if risks is None:
            risks = [max((f.weight for f in fl), default=0.0) for fl in flags]
        stamp = now()
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
        raise AlignError(f"there is no review {review_id} in {self.display}")

    def revision(self, review_id: int) -> int:
        """A number that changes whenever anything in the review changes (for caching reads)."""
        rows = self._q("SELECT revision FROM reviews WHERE id = ?", (review_id,))
        if not rows:
            raise AlignError(f"there is no review {review_id} in {self.display}")
        return int(rows[0][0])

    def documents(self, review_id: int) -> tuple[Document, Document]:
        """The review's source and target documents, as segmented when the review was made.

        The objects are shared between calls (documents never change): read them, do not modify them.
        """
        row = self._q("SELECT src_doc, tgt_doc FROM reviews WHERE id = ?", (review_id,))
        if not row:
            raise AlignError(f"there is no review {review_id} in {self.display}")
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
                raise ConflictError(self._gone(self._tx, bead_id) if self._tx else self._gone_now(bead_id))
        return bead_row(rows[0])

    def _gone_now(self, bead_id: int) -> str:
        with self._read() as db:
            return self._gone(db, bead_id)

    def _gone(self, db: Db, bead_id: int) -> str:
        """Why a bead id no longer exists, naming the bead by the number the screen showed (its position). Not
        "bead N no longer exists": after a merge or split a new bead N is there, shown to the reviewer."""
        # The latest alignment edit that replaced it (its old row, position included, is in the log) ...
        r = db.execute(self._backend.gone_by_edit, (bead_id,)).fetchone()
        # ... or the undo that removed it, if it was made by an edit that was undone since.
        u = db.execute(self._backend.gone_by_undo, (bead_id,)).fetchone()
        tail = "your change was not saved"
        if u is not None and (r is None or u["undone_at"] > r["created_at"]):
            return f"bead {u['position']} as you loaded it was replaced: the {u['op']} that made it was undone; {tail}"
        if r is not None:
            who = r["reviewer"] or "someone"
            return (
                f"bead {r['position']} as you loaded it was replaced: {who} changed the alignment there ({r['op']}, "
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
                   (SELECT {self._backend.group_concat("category", " ")} FROM annotations a WHERE a.bead_id = b.id)
                   AS categories
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

    def _check_version(self, db: Db, bead_id: int, expected_version: int | None, field: str | None = None) -> Row:
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
            "your change was not saved"
        )

    def _bump(
        self,
        db: Db,
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
        # RETURNING: one round trip less inside the write lock (on a server each one is paid by every writer).
        row = db.execute(
            f"UPDATE beads SET {sets}version = version + 1, updated_at = ?, updated_by = ? WHERE id = ? "
            "RETURNING version",
            (*cols.values(), *[v for _ in changed for v in (reviewer, stamp)], stamp, reviewer, bead_id),
        ).fetchone()
        self._touch(db, review_id)
        return int(row[0])  # type: ignore[index]
