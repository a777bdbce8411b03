"""SQLite: one file beside the app, no set-up (the default back end)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: SQLite's own busy wait only
    fcntl = None  # type: ignore[assignment]
from typing import IO, Any, ClassVar

from sqlalchemy import Engine, create_engine, event

from align.errors import AlignError
from align.review_store.backends.base import Backend
from align.review_store.db import Db


class SQLiteBackend(Backend):
    schemes: ClassVar[tuple[str, ...]] = ("sqlite",)
    #: Seconds a statement waits for another connection's lock before "database is locked".
    busy_timeout: ClassVar[float] = 30.0

    def __init__(self, target: str) -> None:
        super().__init__(target)
        # sqlite:///reviews.sqlite3 (SQLAlchemy's spelling) or a plain file name.
        self._path = Path(target.split("://", 1)[1][1:] if "://" in target else target)
        self._queue: IO[bytes] | None = None  # the writers' lock file, opened on the first write
        if self._path.is_dir():
            raise AlignError(f"{self._path}: is a directory; give a database file name")

    @property
    def path(self) -> Path:
        return self._path

    @property
    def display(self) -> str:
        return str(self._path)

    def create_engine(self) -> Engine:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        path, timeout = self._path, self.busy_timeout

        def connect() -> sqlite3.Connection:
            # Autocommit at the driver: the store issues BEGIN IMMEDIATE / BEGIN / COMMIT itself.
            return sqlite3.connect(path, timeout=timeout, check_same_thread=False, isolation_level=None)

        engine = create_engine("sqlite+pysqlite://", creator=connect, isolation_level="AUTOCOMMIT")

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi: sqlite3.Connection, _record: Any) -> None:
            dbapi.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed review action survives even a power cut, at ~1 fsync per action.
            dbapi.execute("PRAGMA synchronous=FULL")
            dbapi.execute("PRAGMA foreign_keys=ON")

        return engine

    def begin(self, db: Db, *, write: bool) -> None:
        if write and fcntl is not None:
            # Writers queue on a lock file first: SQLite's own busy wait polls (every 100 ms once it has waited a
            # while), so under many writers one can miss every free moment until its timeout (20 writer processes
            # starved one for 30 s); a blocked flock is woken as soon as the lock is free.
            if self._queue is None:
                self._queue = open(self._path.with_name(self._path.name + "-writers"), "a+b")  # noqa: SIM115
            fcntl.flock(self._queue, fcntl.LOCK_EX)
        try:
            # IMMEDIATE takes the write lock now: other processes wait (busy timeout) instead of failing half-way.
            db.exec_raw("BEGIN IMMEDIATE" if write else "BEGIN")
        except BaseException:
            self.end(db)
            raise

    def end(self, db: Db) -> None:
        if self._queue is not None:
            fcntl.flock(self._queue, fcntl.LOCK_UN)  # unlocking an unheld lock (after a read) is a no-op

    def close(self) -> None:
        if self._queue is not None:
            self._queue.close()
            self._queue = None

    def legacy_version(self, db: Db) -> int:
        return int(db.execute("PRAGMA user_version").fetchone()[0])  # type: ignore[index]

    def run_legacy(self, db: Db, upto: int) -> None:
        from align.review_store.schema import MIGRATIONS

        raw = db.conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        for k in range(self.legacy_version(db), upto):
            migration = MIGRATIONS[k]
            if callable(migration):
                migration(raw)
            else:
                for statement in migration.split(";"):
                    if statement.strip():
                        raw.execute(statement)
            raw.execute(f"PRAGMA user_version = {k + 1}")

    def set_legacy_version(self, db: Db, version: int) -> None:
        # A program from before Alembic refuses a database whose user_version is newer than it knows.
        db.exec_raw(f"PRAGMA user_version = {int(version)}")

    def id_high_water(self, db: Db, table: str) -> int:
        # AUTOINCREMENT tables keep their counter in sqlite_sequence; the others reuse ids above the largest.
        row = db.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()
        seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        return max(int(row[0]) if row else 0, int(seq[0]) if seq and seq[0] is not None else 0)

    def set_id_high_water(self, db: Db, table: str, value: int) -> None:
        if self._autoincrement(db, table):
            db.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
            db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, value))

    @staticmethod
    def _autoincrement(db: Db, table: str) -> bool:
        row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
        return row is not None and "AUTOINCREMENT" in str(row[0]).upper()

    def group_concat(self, expr: str, sep: str) -> str:
        return f"GROUP_CONCAT({expr}, '{sep}')"

    gone_by_edit: ClassVar[str] = (
        "SELECT e.op, e.reviewer, e.created_at, json_extract(j.value, '$.position') AS position "
        "FROM edits e, json_each(e.before) j WHERE json_extract(j.value, '$.id') = ? ORDER BY e.id DESC LIMIT 1"
    )
    gone_by_undo: ClassVar[str] = (
        "SELECT e.op, e.reviewer, e.undone_at, e.start + CAST(j.key AS INTEGER) AS position "
        "FROM edits e, json_each(e.new_ids) j WHERE j.value = ? AND e.undone_at IS NOT NULL "
        "ORDER BY e.id DESC LIMIT 1"
    )

    def connect_error(self, exc: Exception) -> str:
        return f"{self._path}: cannot open as a review database: {getattr(exc, 'orig', None) or exc}"
