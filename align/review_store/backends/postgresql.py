"""PostgreSQL: one database server for a review team (``--db postgresql://user@host/db``)."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from align.errors import AlignError
from align.review_store.backends.base import Backend
from align.review_store.db import Db

#: The advisory lock every write transaction takes (per database): writers run one at a time, as SQLite's
#: BEGIN IMMEDIATE makes them, so a writer's version and conflict checks see every earlier commit.
WRITE_LOCK = 0x616C69676E  # "align"


class PostgreSQLBackend(Backend):
    schemes: ClassVar[tuple[str, ...]] = ("postgresql", "postgres", "postgresql+psycopg")
    returning_ids: ClassVar[bool] = True

    def __init__(self, target: str) -> None:
        super().__init__(target)
        try:
            url = make_url(target)
        except ArgumentError as exc:
            raise AlignError(f"{target!r} is not a database URL: {exc}") from exc
        if not url.database:
            raise AlignError(f"{self._masked(target)}: name the database (postgresql://user@host/DATABASE)")
        self._url = url.set(drivername="postgresql+psycopg")

    @staticmethod
    def _masked(target: str) -> str:
        try:
            return make_url(target).render_as_string(hide_password=True)
        except ArgumentError:
            return "the database URL"

    @property
    def display(self) -> str:
        return self._url.set(drivername="postgresql").render_as_string(hide_password=True)

    def create_engine(self) -> Engine:
        try:
            import psycopg  # noqa: F401  (a clear message when the driver is missing)
        except ImportError as exc:
            raise AlignError(
                "PostgreSQL needs the psycopg driver: pip install 'psycopg[binary]' (or reinstall align-workbench)"
            ) from exc
        # pre_ping: a pooled connection the server closed (restart, idle timeout) is replaced, not reported.
        return create_engine(
            self._url, isolation_level="AUTOCOMMIT", pool_pre_ping=True, connect_args={"connect_timeout": 10}
        )

    def begin(self, db: Db, *, write: bool) -> None:
        if write:
            # READ COMMITTED: every statement after the lock sees what earlier writers committed.
            # One round trip for both (no parameters: the driver sends them as one simple query).
            db.exec_raw(f"BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        else:
            db.exec_raw("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def id_high_water(self, db: Db, table: str) -> int:
        # The serial sequence's last value (NULL before its first use), or a larger id inserted by hand.
        row = db.execute(
            "SELECT GREATEST(COALESCE(s.last_value, 0), COALESCE((SELECT MAX(id) FROM "
            f"{table}), 0)) FROM pg_sequences s "
            "WHERE s.schemaname || '.' || s.sequencename = pg_get_serial_sequence(?, 'id')",
            (table,),
        ).fetchone()
        if row is None:  # no sequence (not a serial id)
            row = db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def set_id_high_water(self, db: Db, table: str, value: int) -> None:
        # setval(seq, 1, false): the next id is 1 (a sequence cannot be set to 0).
        db.execute("SELECT setval(pg_get_serial_sequence(?, 'id'), ?, ?)", (table, max(value, 1), value > 0))

    def group_concat(self, expr: str, sep: str) -> str:
        return f"string_agg({expr}, '{sep}' ORDER BY id)"

    # No :: casts here: a colon starts a bind name in SQLAlchemy's text().
    gone_by_edit: ClassVar[str] = (
        "SELECT e.op, e.reviewer, e.created_at, CAST(j.value ->> 'position' AS INTEGER) AS position "
        "FROM edits e, jsonb_array_elements(CAST(e.before AS jsonb)) AS j(value) "
        "WHERE CAST(j.value ->> 'id' AS BIGINT) = ? ORDER BY e.id DESC LIMIT 1"
    )
    gone_by_undo: ClassVar[str] = (
        "SELECT e.op, e.reviewer, e.undone_at, e.start + CAST(j.n AS INTEGER) - 1 AS position "
        "FROM edits e, jsonb_array_elements_text(CAST(e.new_ids AS jsonb)) WITH ORDINALITY AS j(value, n) "
        "WHERE CAST(j.value AS BIGINT) = ? AND e.undone_at IS NOT NULL ORDER BY e.id DESC LIMIT 1"
    )

    def connect_error(self, exc: Exception) -> str:
        orig = getattr(exc, "orig", None) or exc
        # psycopg's message can run over several lines (server hints); the first says what failed.
        first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        return f"{self.display}: cannot open the review database: {first}"
