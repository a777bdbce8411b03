"""Where reviews live: one SQLite file with documents, beads, error annotations and an edit log.

Every write is its own committed transaction, so a reload, a restart or a killed server loses
nothing that was confirmed. The schema is versioned with ``PRAGMA user_version`` and upgraded by
an ordered list of migrations at open.

Concurrency is optimistic: every bead row has a ``version``; a write names the version it read and
fails with :class:`ConflictError` if another reviewer changed the bead since, instead of silently
overwriting their work.

Exported review table (:meth:`ReviewStore.review_table`): one row per bead. A bead with several
errors lists them in the ``error_category``, ``severity`` and ``comment`` cells joined with
``" | "``, in the order they were added, position by position (the 2nd category goes with the 2nd
severity and the 2nd comment). A ``|`` typed inside a comment is written as ``/`` so the positions
cannot shift.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from align import editing
from align.errors import AlignError
from align.mqm import ERROR_CATEGORIES, SEVERITIES
from align.types import Alignment, Annotation, Bead, Document, Flag, Segment

STATUSES: tuple[str, ...] = ("unreviewed", "correct", "has_errors")
#: Separator between several errors of one bead in the exported cells.
ERROR_SEPARATOR = " | "
#: Columns :meth:`ReviewStore.review_table` adds to the core export columns, in this order.
REVIEW_COLUMNS = ["status", "error_category", "severity", "comment", "post_edit", "reviewer", "updated_at"]


class ConflictError(AlignError):
    """Someone else changed this bead (or the alignment around it) since you loaded it."""


def default_db_path() -> Path:
    """``$ALIGN_DB`` or ``./align-workbench.sqlite3``."""
    return Path(os.environ.get("ALIGN_DB") or "align-workbench.sqlite3")


def now() -> str:
    """UTC timestamp with milliseconds: sorts as text, readable in an export."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


#: Parsed documents a store keeps in memory (a review has two; see ReviewStore._document).
_KEPT_DOCUMENTS = 32

# Ordered: migration k brings a database from user_version k to k + 1. Never edit a released one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        segments TEXT NOT NULL,          -- JSON [[text, start, end, paragraph], ...]
        encoding TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        src_doc INTEGER NOT NULL REFERENCES documents(id),
        tgt_doc INTEGER NOT NULL REFERENCES documents(id),
        model TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 0  -- bumped by every write: lets readers cache
    );
    CREATE TABLE beads (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so undo can restore old ids
        review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        src_ids TEXT NOT NULL,           -- "0 1": 0-based segment ids, as in exports
        tgt_ids TEXT NOT NULL,
        score REAL,                      -- NULL: edited by hand, no score
        flags TEXT NOT NULL DEFAULT '[]',-- JSON [[code, message, weight], ...]
        risk REAL NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (status IN ('unreviewed', 'correct', 'has_errors')),
        post_edit TEXT NOT NULL DEFAULT '',
        edited INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX beads_by_position ON beads(review_id, position);
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        bead_id INTEGER NOT NULL REFERENCES beads(id),  -- no cascade: a bead edit must move them
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        span_side TEXT CHECK (span_side IN ('src', 'tgt')),
        span_start INTEGER,
        span_end INTEGER,
        comment TEXT NOT NULL DEFAULT '',
        reviewer TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT ''    -- set when an alignment edit re-attached it
    );
    CREATE TABLE edits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
        op TEXT NOT NULL,
        start INTEGER NOT NULL,
        old_stop INTEGER NOT NULL,
        new_stop INTEGER NOT NULL,
        before TEXT NOT NULL,            -- JSON: the replaced bead rows, exactly
        homes TEXT NOT NULL,             -- JSON {annotation id: bead id before the edit}
        new_ids TEXT NOT NULL,           -- JSON: ids of the beads the edit created
        back_map TEXT NOT NULL,          -- JSON: per new bead, the old bead id it came from first
        reviewer TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        undone_at TEXT
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    """
    CREATE INDEX annotations_by_bead ON annotations(bead_id);
    CREATE INDEX edits_by_review ON edits(review_id, id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    name: str
    src_name: str
    tgt_name: str
    src_lang: str
    tgt_lang: str
    model: str
    created_at: str
    updated_at: str
    beads: int
    reviewed: int
    with_errors: int
    revision: int

    @property
    def progress(self) -> float:
        return self.reviewed / self.beads if self.beads else 0.0


@dataclass(frozen=True)
class BeadRow:
    """One bead as stored, with its review state."""

    id: int
    review_id: int
    position: int
    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float  # NaN when edited by hand without a score
    flags: list[Flag]
    risk: float
    status: str
    post_edit: str
    edited: bool
    version: int
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class EditInfo:
    id: int
    op: str
    start: int
    reviewer: str
    created_at: str

    @property
    def label(self) -> str:
        return f"{self.op} at bead {self.start} ({self.reviewer or 'anonymous'}, {self.created_at[:19]})"


def _ids(cell: str) -> tuple[int, ...]:
    return tuple(int(x) for x in cell.split())


def _ids_cell(ids: Sequence[int]) -> str:
    return " ".join(str(i) for i in ids)


def _flags_json(flags: Sequence[Flag]) -> str:
    return json.dumps([[f.code, f.message, f.weight] for f in flags], ensure_ascii=False)


def _flags(cell: str) -> list[Flag]:
    return [Flag(code, message, float(weight)) for code, message, weight in json.loads(cell)]


_BEAD_COLS = (
    "id, review_id, position, src_ids, tgt_ids, score, flags, risk, status, post_edit, edited, version, "
    "updated_at, updated_by"
)


def _bead_row(r: sqlite3.Row) -> BeadRow:
    return BeadRow(
        id=r["id"],
        review_id=r["review_id"],
        position=r["position"],
        src=_ids(r["src_ids"]),
        tgt=_ids(r["tgt_ids"]),
        score=math.nan if r["score"] is None else float(r["score"]),
        flags=_flags(r["flags"]),
        risk=float(r["risk"]),
        status=r["status"],
        post_edit=r["post_edit"],
        edited=bool(r["edited"]),
        version=r["version"],
        updated_at=r["updated_at"],
        updated_by=r["updated_by"],
    )


class ReviewStore:
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
                for statement in MIGRATIONS[k].split(";"):
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
                        _ids_cell(b.src),
                        _ids_cell(b.tgt),
                        None if math.isnan(b.score) else float(b.score),
                        _flags_json(fl),
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
        rows = self._q(f"SELECT {_BEAD_COLS} FROM beads WHERE review_id = ? ORDER BY position", (review_id,))
        return [_bead_row(r) for r in rows]

    def bead(self, bead_id: int) -> BeadRow:
        rows = self._q(f"SELECT {_BEAD_COLS} FROM beads WHERE id = ?", (bead_id,))
        if not rows:
            raise ConflictError(f"bead {bead_id} no longer exists: the alignment was edited; reload")
        return _bead_row(rows[0])

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
            SELECT {_BEAD_COLS},
                   (SELECT COUNT(*) FROM annotations a WHERE a.bead_id = b.id) AS n_errors,
                   (SELECT GROUP_CONCAT(category, ' ') FROM annotations a WHERE a.bead_id = b.id) AS categories
            FROM beads b WHERE review_id = ? ORDER BY position
            """,
            (review_id,),
        )
        beads = [_bead_row(r) for r in rows]

        def para_start(doc: Document, ids: tuple[int, ...]) -> bool:
            return bool(ids) and (ids[0] == 0 or doc.segments[ids[0]].paragraph != doc.segments[ids[0] - 1].paragraph)

        return pd.DataFrame(
            {
                "id": [b.id for b in beads],
                "bead": [b.position for b in beads],
                "src_ids": [b.src for b in beads],
                "tgt_ids": [b.tgt for b in beads],
                "src_text": [" ".join(src.segments[i].text for i in b.src) for b in beads],
                "tgt_text": [" ".join(tgt.segments[i].text for i in b.tgt) for b in beads],
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
                [(_flags_json(fl), float(r), i) for fl, r, i in zip(flags, risks, ids, strict=True)],
            )
            self._touch(db, review_id)

    def _check_version(self, db: sqlite3.Connection, bead_id: int, expected_version: int | None) -> sqlite3.Row:
        row = db.execute("SELECT review_id, version, updated_by, updated_at FROM beads WHERE id = ?", (bead_id,))
        r = row.fetchone()
        if r is None:
            raise ConflictError(f"bead {bead_id} no longer exists: the alignment was edited meanwhile; reload")
        if expected_version is not None and r["version"] != expected_version:
            who = r["updated_by"] or "someone"
            raise ConflictError(
                f"this bead was changed by {who} at {r['updated_at'][:19]} after you loaded it; "
                "your change was not saved: reload to see theirs"
            )
        return r

    def _bump(self, db: sqlite3.Connection, bead_id: int, review_id: int, reviewer: str, **cols: Any) -> int:
        sets = "".join(f"{c} = ?, " for c in cols)
        db.execute(
            f"UPDATE beads SET {sets}version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            (*cols.values(), now(), reviewer, bead_id),
        )
        self._touch(db, review_id)
        return int(db.execute("SELECT version FROM beads WHERE id = ?", (bead_id,)).fetchone()[0])

    def set_status(self, bead_id: int, status: str, *, expected_version: int | None, reviewer: str = "") -> int:
        """→ the bead's new version."""
        if status not in STATUSES:
            raise AlignError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        with self._write() as db:
            r = self._check_version(db, bead_id, expected_version)
            return self._bump(db, bead_id, r["review_id"], reviewer, status=status)

    def set_post_edit(self, bead_id: int, text: str, *, expected_version: int | None, reviewer: str = "") -> int:
        with self._write() as db:
            r = self._check_version(db, bead_id, expected_version)
            return self._bump(db, bead_id, r["review_id"], reviewer, post_edit=text)

    # -- annotations ----------------------------------------------------------------------------

    def add_annotation(
        self, bead_id: int, annotation: Annotation, *, expected_version: int | None, reviewer: str = ""
    ) -> tuple[int, int]:
        """Record an error on a bead (which then counts as "has errors"); → (annotation id, bead version)."""
        a = annotation
        if a.category not in ERROR_CATEGORIES:
            raise AlignError(f"unknown error category {a.category!r}")
        if a.severity not in SEVERITIES:
            raise AlignError(f"unknown severity {a.severity!r}; use one of {', '.join(SEVERITIES)}")
        if a.span_side is not None and (a.span_start is None or a.span_end is None or a.span_start > a.span_end):
            raise AlignError("a span needs a side, a start and an end (start <= end)")
        with self._write() as db:
            r = self._check_version(db, bead_id, expected_version)
            cur = db.execute(
                "INSERT INTO annotations (bead_id, category, severity, span_side, span_start, span_end, comment, "
                "reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    bead_id,
                    a.category,
                    a.severity,
                    a.span_side,
                    a.span_start,
                    a.span_end,
                    a.comment,
                    reviewer or a.reviewer,
                    now(),
                ),
            )
            version = self._bump(db, bead_id, r["review_id"], reviewer, status="has_errors")
            return int(cur.lastrowid or 0), version

    def delete_annotation(self, annotation_id: int, *, expected_version: int | None, reviewer: str = "") -> int:
        """Remove an error; a bead left with none goes back to "unreviewed". → the bead's new version."""
        with self._write() as db:
            row = db.execute("SELECT bead_id FROM annotations WHERE id = ?", (annotation_id,)).fetchone()
            if row is None:
                raise ConflictError(f"error {annotation_id} was already removed (by someone else?); reload")
            bead_id = row["bead_id"]
            r = self._check_version(db, bead_id, expected_version)
            db.execute("DELETE FROM annotations WHERE id = ?", (annotation_id,))
            left = db.execute("SELECT COUNT(*) FROM annotations WHERE bead_id = ?", (bead_id,)).fetchone()[0]
            cols = {} if left else {"status": "unreviewed"}
            return self._bump(db, bead_id, r["review_id"], reviewer, **cols)

    def annotations(self, bead_id: int) -> list[tuple[Annotation, str]]:
        """A bead's errors in the order they were added, each with its re-attachment note ('' if none)."""
        rows = self._q("SELECT * FROM annotations WHERE bead_id = ? ORDER BY id", (bead_id,))
        return [(_annotation(r), r["note"]) for r in rows]

    def review_annotations(self, review_id: int) -> list[Annotation]:
        rows = self._q(
            "SELECT a.* FROM annotations a JOIN beads b ON b.id = a.bead_id WHERE b.review_id = ? "
            "ORDER BY b.position, a.id",
            (review_id,),
        )
        return [_annotation(r) for r in rows]

    # -- alignment edits ------------------------------------------------------------------------

    def edit_alignment(
        self,
        bead_id: int,
        op: Callable[..., editing.Edit],
        *args: Any,
        expected_version: int | None,
        reviewer: str = "",
        scorer: editing.Scorer | None = None,
    ) -> editing.Edit:
        """Apply an :mod:`align.editing` operation at bead ``bead_id`` and log it for undo.

        Annotations of a replaced bead move to the new bead that got its first sentences
        (``Edit.primary``), with a note saying so. A new bead is "has errors" if it carries
        annotations, else "unreviewed" (its pair changed, so an earlier "correct" no longer holds);
        post-edits of the old beads are joined onto their primary new bead. Flags are cleared on
        new beads (they described the old pairs).
        """
        with self._write() as db:
            r = self._check_version(db, bead_id, expected_version)
            review_id = r["review_id"]
            rows = [
                _bead_row(x)
                for x in db.execute(
                    f"SELECT {_BEAD_COLS} FROM beads WHERE review_id = ? ORDER BY position", (review_id,)
                )
            ]
            index = next(k for k, b in enumerate(rows) if b.id == bead_id)
            edit = op([Bead(b.src, b.tgt, b.score) for b in rows], index, *args, scorer=scorer)
            old = rows[edit.start : edit.old_stop]
            before = [
                dict(x)
                for x in db.execute(
                    f"SELECT {_BEAD_COLS} FROM beads WHERE id IN ({','.join('?' * len(old))}) ORDER BY position",
                    [b.id for b in old],
                )
            ]
            anns = db.execute(
                f"SELECT id, bead_id FROM annotations WHERE bead_id IN ({','.join('?' * len(old))}) ORDER BY id",
                [b.id for b in old],
            ).fetchall()
            homes = {str(a["id"]): a["bead_id"] for a in anns}
            stamp = now()
            # Shift the beads after the window first; positions are not unique, so order is free.
            if edit.shift:
                db.execute(
                    "UPDATE beads SET position = position + ? WHERE review_id = ? AND position >= ?",
                    (edit.shift, review_id, edit.old_stop),
                )
            heirs: dict[int, list[BeadRow]] = {}
            for k, b in enumerate(old):
                heirs.setdefault(edit.primary(edit.start + k), []).append(b)
            new_ids: list[int] = []
            back_map: list[int] = []
            for pos in range(edit.start, edit.new_stop):
                nb = edit.beads[pos]
                came_from = next(b.id for k, b in enumerate(old) if pos in edit.mapping[edit.start + k])
                post_edit = " ".join(b.post_edit for b in heirs.get(pos, []) if b.post_edit)
                cur = db.execute(
                    "INSERT INTO beads (review_id, position, src_ids, tgt_ids, score, post_edit, edited, "
                    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    (
                        review_id,
                        pos,
                        _ids_cell(nb.src),
                        _ids_cell(nb.tgt),
                        None if math.isnan(nb.score) else nb.score,
                        post_edit,
                        stamp,
                        reviewer,
                    ),
                )
                new_ids.append(int(cur.lastrowid or 0))
                back_map.append(came_from)
            for k, b in enumerate(old):
                target = new_ids[edit.primary(edit.start + k) - edit.start]
                note = (
                    f"re-attached after {edit.op} (was on bead {b.position}: {_ids_cell(b.src)} ↔ {_ids_cell(b.tgt)})"
                )
                db.execute("UPDATE annotations SET bead_id = ?, note = ? WHERE bead_id = ?", (target, note, b.id))
            db.execute(
                "UPDATE beads SET status = 'has_errors' WHERE id IN "
                f"({','.join('?' * len(new_ids))}) AND EXISTS (SELECT 1 FROM annotations a WHERE a.bead_id = beads.id)",
                new_ids,
            )
            db.execute(f"DELETE FROM beads WHERE id IN ({','.join('?' * len(old))})", [b.id for b in old])
            db.execute(
                "INSERT INTO edits (review_id, op, start, old_stop, new_stop, before, homes, new_ids, back_map, "
                "reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    review_id,
                    edit.op,
                    edit.start,
                    edit.old_stop,
                    edit.new_stop,
                    json.dumps(before, ensure_ascii=False),
                    json.dumps(homes),
                    json.dumps(new_ids),
                    json.dumps(back_map),
                    reviewer,
                    stamp,
                ),
            )
            self._touch(db, review_id)
        return edit

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
        """Revert the review's latest alignment edit, restoring the old beads exactly (ids included).

        Annotations go back to the bead they were on before the edit; ones added since go to the
        old bead the new one came from. ``expected_edit`` is the edit id the caller meant to undo.
        """
        with self._write() as db:
            row = db.execute(
                "SELECT * FROM edits WHERE review_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1", (review_id,)
            ).fetchone()
            if row is None:
                raise AlignError("there is no alignment edit to undo")
            if expected_edit is not None and row["id"] != expected_edit:
                raise ConflictError("another alignment edit was made (or undone) since you loaded this page; reload")
            new_ids: list[int] = json.loads(row["new_ids"])
            current = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM beads WHERE review_id = ? AND position >= ? AND position < ? ORDER BY position",
                    (review_id, row["start"], row["new_stop"]),
                )
            ]
            if current != new_ids:
                raise ConflictError("the beads this edit made have changed since; it cannot be undone safely")
            before: list[dict[str, Any]] = json.loads(row["before"])
            homes: dict[str, int] = json.loads(row["homes"])
            back_map: list[int] = json.loads(row["back_map"])
            shift = row["new_stop"] - row["old_stop"]
            cols = [c.strip() for c in _BEAD_COLS.split(",")]
            # Shift the later beads back before the old ones return, so only later beads move.
            if shift:
                db.execute(
                    "UPDATE beads SET position = position - ? WHERE review_id = ? AND position >= ?",
                    (shift, review_id, row["new_stop"]),
                )
            for b in before:
                b["version"] += 1  # restored beads changed under anyone who read the new ones
                db.execute(
                    f"INSERT INTO beads ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [b[c] for c in cols],
                )
            for new_id, old_id in zip(new_ids, back_map, strict=True):
                db.execute("UPDATE annotations SET bead_id = ?, note = '' WHERE bead_id = ?", (old_id, new_id))
            for ann_id, old_id in homes.items():
                db.execute("UPDATE annotations SET bead_id = ? WHERE id = ?", (old_id, int(ann_id)))
            db.execute(f"DELETE FROM beads WHERE id IN ({','.join('?' * len(new_ids))})", new_ids)
            db.execute("UPDATE edits SET undone_at = ? WHERE id = ?", (now(), row["id"]))
            self._touch(db, review_id)
        return EditInfo(
            id=row["id"], op=row["op"], start=row["start"], reviewer=row["reviewer"], created_at=row["created_at"]
        )

    # -- exports --------------------------------------------------------------------------------

    def review_table(self, review_id: int) -> pd.DataFrame:
        """Core export columns + status, error_category, severity, comment, post_edit, reviewer, updated_at."""
        from align.exporters import alignment_table

        table = alignment_table(self.alignment(review_id))
        rows = self.beads(review_id)
        errors: dict[int, list[Annotation]] = {}
        for r in self._q(
            "SELECT a.* FROM annotations a JOIN beads b ON b.id = a.bead_id WHERE b.review_id = ? ORDER BY a.id",
            (review_id,),
        ):
            errors.setdefault(r["bead_id"], []).append(_annotation(r))

        def cell(b: BeadRow, field: str) -> str:
            values = [str(getattr(a, field)).replace("|", "/") for a in errors.get(b.id, [])]
            return ERROR_SEPARATOR.join(values)

        table["status"] = [b.status for b in rows]
        table["error_category"] = [cell(b, "category") for b in rows]
        table["severity"] = [cell(b, "severity") for b in rows]
        table["comment"] = [cell(b, "comment") for b in rows]
        table["post_edit"] = [b.post_edit for b in rows]
        table["reviewer"] = [b.updated_by for b in rows]
        table["updated_at"] = [b.updated_at for b in rows]
        table["score"] = table["score"].astype(float)
        return table

    def tmx_table(self, review_id: int) -> pd.DataFrame:
        """Rows for a translation memory: beads marked correct, and post-edited ones with the post-edit as target."""
        table = self.review_table(review_id)
        edited = table["post_edit"].str.strip() != ""
        keep = edited | (table["status"] == "correct")
        out = table[keep].copy()
        out.loc[edited[keep], "tgt_text"] = out.loc[edited[keep], "post_edit"]
        return out.reset_index(drop=True)


def _annotation(r: sqlite3.Row) -> Annotation:
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
