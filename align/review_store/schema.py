"""The review database's schema, its migrations, and the rows the store hands out."""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from align.errors import AlignError
from align.types import Flag

#: A bead's verdict. A bead that holds one or more errors is always "has_errors" (the store refuses
#: the other two and sets it when an error is added), so status, error counts and exports agree.
STATUSES: tuple[str, ...] = ("unreviewed", "correct", "has_errors")
#: Separator between several errors of one bead in the exported cells.
ERROR_SEPARATOR = " | "
#: The export columns that hold one item per error of the bead, in the order the errors were added, joined
#: with :data:`ERROR_SEPARATOR` (the n-th item of each belongs to the n-th error). ``error_span`` is
#: ``src:START-END`` or ``tgt:START-END``, character offsets into the row's ``src_text``/``tgt_text``
#: (empty: no span); ``error_text`` is the text they cover; ``error_reviewer`` who added the error.
ERROR_COLUMNS = ["error_category", "severity", "comment", "error_reviewer", "error_span", "error_text"]
#: Columns :meth:`ReviewStore.review_table` adds after the alignment columns, in this order. ``status_by``:
#: who gave the verdict, ``post_edit_by``: who wrote the post-edit (empty without one); ``reviewer`` and
#: ``updated_at``: who changed the bead last (a verdict, a post-edit, an error, an alignment fix) and when,
#: empty for a bead nobody changed since the review was created (creating a review is not reviewing it).
REVIEW_COLUMNS = ["status", "status_by", *ERROR_COLUMNS, "post_edit", "post_edit_by", "reviewer", "updated_at"]


class ConflictError(AlignError):
    """Someone else changed this bead (or the alignment around it) since you loaded it."""


class ReviewRuleError(AlignError):
    """A write the review rules refuse, e.g. marking a bead that holds errors as correct."""


def default_db() -> str:
    """``$ALIGN_DB`` (a file name or a database URL) or ``./align-workbench.sqlite3``."""
    return os.environ.get("ALIGN_DB") or "align-workbench.sqlite3"


def default_db_path() -> Path:
    """:func:`default_db` as a path (an SQLite file)."""
    return Path(default_db())


def now() -> str:
    """UTC timestamp with milliseconds: sorts as text, readable in an export."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


# The legacy SQLite migrations, frozen: a schema change is now an Alembic revision in migrations/versions/ (the
# same on SQLite and PostgreSQL; see migrate.py). These still upgrade SQLite files made before Alembic, whose
# PRAGMA user_version is 1..7. Migration k brings a file from user_version k to k + 1. A migration is SQL, or a
# function for what SQL cannot do (it runs inside the same transaction).
MIGRATIONS: list[str | Callable[[sqlite3.Connection], None]] = [
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
    # pe_parts: how an alignment edit assembled the post-edit from pieces (see carry.Part), so that a
    # later split hands each bead its own piece back. after: the created beads' status and post-edit,
    # so that undo can tell later work from what the edit itself wrote. Older databases could hold a
    # bead marked correct (or unreviewed) that holds errors; such a bead is "has_errors" from now on.
    # (homes now holds {annotation id: [bead id, span start, span end, note]}; old logs hold a bead id.)
    """
    ALTER TABLE beads ADD COLUMN pe_parts TEXT NOT NULL DEFAULT '';
    ALTER TABLE edits ADD COLUMN after TEXT;
    UPDATE beads SET status = 'has_errors'
        WHERE status != 'has_errors' AND EXISTS (SELECT 1 FROM annotations a WHERE a.bead_id = beads.id);
    """,
    # A bead side's text is joined as the language writes sentences (no space after 。 in Japanese and
    # Chinese), the text the screens and exports show; spans indexed a one-space join before.
    lambda db: rebase_spans_on_written_join(db),
    # Per-field versions: the bead version at which its verdict (status) and its post-edit last changed,
    # with who changed them and when, so that a write conflicts only with a change of the same field.
    # Older rows: every field counts as changed at the bead's version (as conservative as before).
    """
    ALTER TABLE beads ADD COLUMN status_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE beads ADD COLUMN status_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE beads ADD COLUMN status_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE beads ADD COLUMN post_edit_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE beads ADD COLUMN post_edit_by TEXT NOT NULL DEFAULT '';
    ALTER TABLE beads ADD COLUMN post_edit_at TEXT NOT NULL DEFAULT '';
    UPDATE beads SET status_version = version, status_by = updated_by, status_at = updated_at,
        post_edit_version = version, post_edit_by = updated_by, post_edit_at = updated_at;
    """,
    # Review sets (several versions of one text): one pairwise review per version against the pivot, named by
    # the set and the version's label; the set keeps the pivot document, the version order and the
    # cross-version flags in meta (see review_store.versions). Existing reviews belong to no set.
    """
    CREATE TABLE review_sets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        pivot_doc INTEGER NOT NULL REFERENCES documents(id),
        model TEXT NOT NULL DEFAULT '',
        meta TEXT NOT NULL DEFAULT '{}',  -- JSON {labels, pivot, cross: [{version, cells, flags}], alignment}
        created_at TEXT NOT NULL
    );
    ALTER TABLE reviews ADD COLUMN set_id INTEGER REFERENCES review_sets(id);
    ALTER TABLE reviews ADD COLUMN version_label TEXT NOT NULL DEFAULT '';
    CREATE INDEX reviews_by_set ON reviews(set_id);
    """,
    # Accounts (align.accounts): once one exists, the app serves nothing without a login. Passwords are argon2
    # hashes; a session is known by the SHA-256 of its token (a copied database hands out no live session);
    # failed logins are counted per account name and per client so that lockouts hold across processes. A
    # review is assigned to one account by name ('' = nobody). Portable SQL: the same on PostgreSQL.
    """
    CREATE TABLE accounts (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'reviewer')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        account TEXT NOT NULL REFERENCES accounts(name),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
    );
    CREATE INDEX sessions_by_account ON sessions(account);
    CREATE TABLE login_failures (
        scope TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_at TEXT NOT NULL,
        locked_until TEXT NOT NULL DEFAULT ''
    );
    ALTER TABLE reviews ADD COLUMN assigned_to TEXT NOT NULL DEFAULT '';
    CREATE INDEX reviews_by_assignee ON reviews(assigned_to);
    """,
]
#: The fields of a bead two reviewers may write concurrently, each with its own version (``<field>_version``,
#: ``<field>_by``, ``<field>_at``), and the words a conflict message names them by.
FIELDS = {"status": "verdict", "post_edit": "post-edit"}
#: The last legacy version (the Alembic revision r0002 is that schema).
LEGACY_VERSION = len(MIGRATIONS)


def rebase_spans_on_written_join(db: sqlite3.Connection) -> None:
    """Move every span of a Japanese or Chinese (or Cantonese, Yi) side from the one-space join of schema 3
    to the join :func:`align.types.join_segments` makes, keeping it on the same characters: the errors'
    spans and the spans the edit log keeps for undo (``homes``). Other languages' texts do not change."""
    from align.review_store.carry import Side, anchor_span, place_anchor
    from align.types import sentence_joiner

    docs = {
        r[0]: [seg[0] for seg in json.loads(r[2])]
        for r in db.execute("SELECT id, lang, segments FROM documents").fetchall()
        if sentence_joiner(r[1]) != " "
    }
    if not docs:
        return
    langs = dict(db.execute("SELECT id, lang FROM documents").fetchall())
    sides = dict(db.execute("SELECT id, span_side FROM annotations WHERE span_side IS NOT NULL").fetchall())

    def rebase(doc: int, ids: tuple[int, ...], start: int, end: int) -> tuple[int, int]:
        old, new = Side(docs[doc], langs[doc], spaced=True), Side(docs[doc], langs[doc])
        anchor = anchor_span(old, ids, start, end)
        placed = None if anchor is None else place_anchor(new, ids, anchor)
        return placed if placed is not None else (start, end)  # no text under it: nothing to keep it on

    for review_id, src_doc, tgt_doc in db.execute("SELECT id, src_doc, tgt_doc FROM reviews").fetchall():
        side_doc = {"src": src_doc, "tgt": tgt_doc}
        if not set(side_doc.values()) & set(docs):
            continue
        rows = db.execute(
            "SELECT a.id, a.span_side, a.span_start, a.span_end, b.src_ids, b.tgt_ids FROM annotations a "
            "JOIN beads b ON b.id = a.bead_id WHERE b.review_id = ? AND a.span_side IS NOT NULL "
            "AND a.span_start IS NOT NULL AND a.span_end IS NOT NULL",
            (review_id,),
        ).fetchall()
        for ann_id, side, start, end, src_ids, tgt_ids in rows:
            if side_doc[side] in docs:
                ids = ids_of(src_ids if side == "src" else tgt_ids)
                db.execute(
                    "UPDATE annotations SET span_start = ?, span_end = ? WHERE id = ?",
                    (*rebase(side_doc[side], ids, start, end), ann_id),
                )
        for edit_id, before, homes in db.execute(
            "SELECT id, before, homes FROM edits WHERE review_id = ?", (review_id,)
        ).fetchall():
            old_beads = {b["id"]: b for b in json.loads(before)}
            kept = json.loads(homes)
            for ann_id, home in kept.items():
                side = sides.get(int(ann_id))
                # [bead id, start, end, note]; a plain bead id (an older log) holds no span
                if not isinstance(home, list) or home[1] is None or side is None or side_doc[side] not in docs:
                    continue
                bead = old_beads[home[0]]
                ids = ids_of(bead["src_ids"] if side == "src" else bead["tgt_ids"])
                home[1], home[2] = rebase(side_doc[side], ids, home[1], home[2])
            db.execute("UPDATE edits SET homes = ? WHERE id = ?", (json.dumps(kept, ensure_ascii=False), edit_id))


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
    #: Beads with status "has_errors": every bead holding an error, and those marked so without one.
    with_errors: int
    revision: int

    @property
    def progress(self) -> float:
        return self.reviewed / self.beads if self.beads else 0.0


@dataclass(frozen=True)
class BeadRow:
    """One bead as stored, with its review state. ``position`` is the bead number the screens show."""

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
    #: The bead version at which the verdict last changed, by whom and when (a write of the verdict
    #: conflicts only if it changed after the version the writer read); the same for the post-edit.
    status_version: int = 0
    status_by: str = ""
    status_at: str = ""
    post_edit_version: int = 0
    post_edit_by: str = ""
    post_edit_at: str = ""


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


def ids_of(cell: str) -> tuple[int, ...]:
    return tuple(int(x) for x in cell.split())


def ids_cell(ids: Sequence[int]) -> str:
    return " ".join(str(i) for i in ids)


def flags_json(flags: Sequence[Flag]) -> str:
    return json.dumps([[f.code, f.message, f.weight] for f in flags], ensure_ascii=False)


def flags_of(cell: str) -> list[Flag]:
    return [Flag(code, message, float(weight)) for code, message, weight in json.loads(cell)]


#: Bead columns in the order an edit log's ``before`` rows hold them (older logs lack ``pe_parts`` and the
#: per-field columns: see :func:`logged_bead`).
BEAD_COLUMNS = (
    "id",
    "review_id",
    "position",
    "src_ids",
    "tgt_ids",
    "score",
    "flags",
    "risk",
    "status",
    "post_edit",
    "edited",
    "version",
    "updated_at",
    "updated_by",
    "pe_parts",
    "status_version",
    "status_by",
    "status_at",
    "post_edit_version",
    "post_edit_by",
    "post_edit_at",
)
BEAD_COLS = ", ".join(BEAD_COLUMNS)


def bead_row(r: sqlite3.Row) -> BeadRow:
    return BeadRow(
        id=r["id"],
        review_id=r["review_id"],
        position=r["position"],
        src=ids_of(r["src_ids"]),
        tgt=ids_of(r["tgt_ids"]),
        score=math.nan if r["score"] is None else float(r["score"]),
        flags=flags_of(r["flags"]),
        risk=float(r["risk"]),
        status=r["status"],
        post_edit=r["post_edit"],
        edited=bool(r["edited"]),
        version=r["version"],
        updated_at=r["updated_at"],
        updated_by=r["updated_by"],
        status_version=r["status_version"],
        status_by=r["status_by"],
        status_at=r["status_at"],
        post_edit_version=r["post_edit_version"],
        post_edit_by=r["post_edit_by"],
        post_edit_at=r["post_edit_at"],
    )


def logged_bead(row: dict[str, Any]) -> dict[str, Any]:
    """A bead row from an edit log with every column of :data:`BEAD_COLUMNS`: an older log's row has no
    ``pe_parts`` (none) and no per-field columns (each field changed at the bead's version, by its last writer)."""
    out = {c: row.get(c, "") for c in BEAD_COLUMNS}
    for field in FIELDS:
        for suffix, fallback in (("version", "version"), ("by", "updated_by"), ("at", "updated_at")):
            if f"{field}_{suffix}" not in row:
                out[f"{field}_{suffix}"] = row[fallback]
    return out
