"""Bring a review database to this program's schema, on any back end, inside one exclusive transaction.

The schema is defined once, as the Alembic revisions in :mod:`align.review_store.migrations`. SQLite files
made before Alembic carry ``PRAGMA user_version`` 1..6 from the legacy migrations (:data:`.schema.MIGRATIONS`):
those steps still run up to 6, then the file is stamped with the Alembic revision that is that schema, and
later revisions run as on any database. ``user_version`` keeps counting (6 + revisions after the first),
so a program from before Alembic refuses a newer file instead of misreading it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import inspect

from align.errors import AlignError
from align.review_store.backends import Backend
from align.review_store.db import Db
from align.review_store.schema import MIGRATIONS

#: Alembic revisions, oldest first (a test checks they are the migration scripts' order).
REVISIONS: tuple[str, ...] = ("r0001", "r0002", "r0003")
#: The schema version (legacy ``user_version`` numbering) of the first revision: r0001 is what legacy
#: migrations 1..6 made, r0002 legacy migration 7, and so on.
FIRST_VERSION = 6
#: The schema version this program writes: legacy numbering, continued by the Alembic revisions.
SCHEMA_VERSION = FIRST_VERSION + len(REVISIONS) - 1
SCRIPTS = Path(__file__).with_name("migrations")


def schema_version_of(revision: str | None) -> int:
    return 0 if revision is None else FIRST_VERSION + REVISIONS.index(revision)


def current_revision(db: Db) -> str | None:
    """The database's Alembic revision (None: not stamped yet)."""
    if not inspect(db.conn).has_table("alembic_version"):
        return None
    row = db.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


@lru_cache(maxsize=1)
def _script_heads() -> tuple[str, ...]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(SCRIPTS))
    return tuple(rev.revision for rev in reversed(list(script.walk_revisions())))


def check_revisions() -> None:
    """:data:`REVISIONS` must list the migration scripts in order (a forgotten entry would never run)."""
    if _script_heads() != REVISIONS:
        raise AssertionError(f"REVISIONS {REVISIONS} != migration scripts {_script_heads()}")


def _alembic(db: Db, command: str, revision: str) -> None:
    from alembic import command as commands
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = db.conn
    getattr(commands, command)(cfg, revision)


def upgrade(backend: Backend, db: Db) -> None:
    """Migrate the database ``db`` (in an exclusive write transaction) to :data:`REVISIONS`' last."""
    revision = current_revision(db)
    newer = f"{backend.display}: database schema {{}} is newer than this program ({SCHEMA_VERSION}); upgrade it"
    if revision is None:
        legacy = backend.legacy_version(db)
        if legacy > SCHEMA_VERSION:
            raise AlignError(newer.format(legacy))
        if legacy:
            # The legacy steps run to their end (the list is frozen); the revision that is that schema is stamped.
            end = len(MIGRATIONS)
            if legacy < end:
                backend.run_legacy(db, end)
            revision = REVISIONS[end - FIRST_VERSION]
            _alembic(db, "stamp", revision)
    elif revision not in REVISIONS:
        raise AlignError(newer.format(revision))
    if revision != REVISIONS[-1]:
        _alembic(db, "upgrade", REVISIONS[-1])
    if backend.legacy_version(db) != SCHEMA_VERSION:
        backend.set_legacy_version(db, SCHEMA_VERSION)
