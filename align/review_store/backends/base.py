"""What differs between the databases a review store runs on: how to connect, how a transaction starts, and
the few SQL functions without a common spelling. Everything else (schema, migrations, queries) is shared."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from sqlalchemy import Engine

from align.review_store.db import Db


class Backend(ABC):
    """One database a store opens: made from what the user gave (a file name or a URL)."""

    #: URL schemes this back end answers to (``postgresql://...``); the registry picks by these.
    schemes: ClassVar[tuple[str, ...]] = ()
    #: Whether an INSERT must say ``RETURNING id`` to hand back the new row's id.
    returning_ids: ClassVar[bool] = False

    def __init__(self, target: str) -> None:
        #: What reopens the same database (``--db``): a file name or a URL, password included.
        self.url = target

    @property
    def path(self) -> Path | None:
        """The database file, for a back end that keeps one."""
        return None

    @property
    def display(self) -> str:
        """The database as messages name it (no password)."""
        return self.url

    @abstractmethod
    def create_engine(self) -> Engine:
        """A new engine in autocommit mode: the store starts and ends its transactions itself."""

    @abstractmethod
    def begin(self, db: Db, *, write: bool) -> None:
        """Start a transaction. A write transaction is exclusive: writers run one at a time, each seeing every
        earlier writer's commit (the store's version and conflict checks rely on it); a read transaction sees
        one snapshot."""

    def end(self, db: Db) -> None:
        """After a transaction's COMMIT or ROLLBACK (or a failed start): release what :meth:`begin` took."""
        return

    def close(self) -> None:
        """Let go of anything the back end holds besides the engine's connections."""
        return

    def unavailable(self, exc: Exception) -> str:
        """A one-line message for a database that stopped answering after it was opened."""
        orig = getattr(exc, "orig", None) or exc
        first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        return f"{self.display}: the review database did not answer: {first}"

    def legacy_version(self, db: Db) -> int:
        """The schema version a database made before Alembic recorded (0: none, or a new database)."""
        return 0

    def run_legacy(self, db: Db, upto: int) -> None:
        """Bring a pre-Alembic database to legacy version ``upto`` (only SQLite files have such)."""
        return

    def set_legacy_version(self, db: Db, version: int) -> None:
        """Record the schema version where programs from before Alembic look for it."""
        return

    @abstractmethod
    def id_high_water(self, db: Db, table: str) -> int:
        """The highest ``id`` the table has handed out (0: none), deleted rows' included where the database
        never reuses ids: what a copy must carry over so that undo's restored ids stay unused."""

    @abstractmethod
    def set_id_high_water(self, db: Db, table: str, value: int) -> None:
        """Make the table's next new ``id`` ``value + 1`` (after rows were inserted with their own ids)."""

    @abstractmethod
    def group_concat(self, expr: str, sep: str) -> str:
        """SQL for ``expr`` of a group's rows joined with ``sep`` (a literal without quotes), in id order."""

    #: SQL (one ? for the bead id): the latest alignment edit whose logged ``before`` rows hold the bead; columns
    #: op, reviewer, created_at, position.
    gone_by_edit: ClassVar[str]
    #: SQL (one ? for the bead id): the latest undone edit that had made the bead; columns op, reviewer, undone_at,
    #: position.
    gone_by_undo: ClassVar[str]

    @abstractmethod
    def connect_error(self, exc: Exception) -> str:
        """A one-line message for a database that cannot be opened."""
