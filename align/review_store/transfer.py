"""Copy a whole review database into another, e.g. a one-person SQLite file into the team's PostgreSQL server.

Every table of the schema is copied row for row with its ids (reviews, documents, beads, errors, post-edits,
the edit log that undo reads, review sets, drafts, settings, accounts with their sessions and lockouts), and
each id counter is carried over too: ids are never reused, so an undo that restores old bead ids cannot
collide with beads made after the copy. The copy is one transaction on the destination, reading one snapshot
of the source, and checks the row counts before it commits: a failure leaves the destination as it was.

Both databases are first brought to this program's schema (as opening them anywhere does), so the same
tables and columns are on both sides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from sqlalchemy import MetaData, Table, column, insert, select, table
from sqlalchemy.exc import DBAPIError

from align.errors import AlignError, InputError
from align.review_store.backends import backend_for
from align.review_store.db import Db

#: Rows read and written per batch: memory stays bounded for a large table.
BATCH = 1000
#: Tables that are the schema's bookkeeping, not the store's content (Alembic's revision stamp).
_BOOKKEEPING = frozenset({"alembic_version"})


@dataclass(frozen=True)
class CopyReport:
    """What :func:`copy_store` copied: rows per table, in the order they were copied."""

    source: str
    destination: str
    counts: dict[str, int]
    replaced: dict[str, int]  # rows the destination held before (deleted, with ``replace``)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def _tables(db: Db) -> list[Table]:
    """The store's tables, parents before children (the foreign keys' order)."""
    meta = MetaData()
    meta.reflect(bind=db.conn)
    return [t for t in meta.sorted_tables if t.name not in _BOOKKEEPING]


def _count(db: Db, name: str) -> int:
    row = db.execute(f"SELECT COUNT(*) FROM {name}").fetchone()
    return int(row[0]) if row else 0


def _has_serial_id(t: Table) -> bool:
    pk = list(t.primary_key.columns)
    return len(pk) == 1 and pk[0].name == "id"


def _check_source(source: str) -> None:
    src = backend_for(source)
    if src.path is not None and not src.path.exists():
        raise InputError(f"{src.display}: no review database here")


def copy_store(
    source: str | os.PathLike[str], destination: str | os.PathLike[str], *, replace: bool = False
) -> CopyReport:
    """Copy every row of the review database ``source`` into ``destination`` (a file name or a database URL).

    ``destination`` must hold no rows unless ``replace``: then what it holds is deleted first, in the same
    transaction. Refuses to copy a database onto itself."""
    from align.review_store import ReviewStore

    source, destination = os.fspath(source), os.fspath(destination)
    _check_source(source)
    src_backend, dst_backend = backend_for(source), backend_for(destination)
    same_file = src_backend.path is not None and dst_backend.path is not None
    if (same_file and src_backend.path.resolve() == dst_backend.path.resolve()) or (  # type: ignore[union-attr]
        not same_file and src_backend.display == dst_backend.display
    ):
        raise InputError(f"{src_backend.display}: source and destination are the same database")
    src = ReviewStore(source)
    try:
        dst = ReviewStore(destination)
    except BaseException:
        src.close()
        raise
    try:
        return _copy(src, dst, replace=replace)
    finally:
        src.close()
        dst.close()


def _copy(src, dst, *, replace: bool) -> CopyReport:  # type: ignore[no-untyped-def]
    counts: dict[str, int] = {}
    replaced: dict[str, int] = {}
    with src._read() as sdb, dst._write() as ddb:
        tables = _tables(ddb)
        src_tables = {t.name: t for t in _tables(sdb)}
        for t in tables:  # the same schema revision on both sides: a difference is a bug, not user data
            theirs = src_tables.get(t.name)
            if theirs is None or [c.name for c in theirs.columns] != [c.name for c in t.columns]:
                raise AlignError(f"{src.display} and {dst.display}: table {t.name} differs; nothing was copied")
        held = {t.name: n for t in tables if (n := _count(ddb, t.name))}
        if held and not replace:
            listed = ", ".join(f"{name} {n}" for name, n in held.items())
            raise AlignError(
                f"{dst.display} is not empty ({listed} rows); copy into a new database, or give --replace to "
                "delete what it holds first; nothing was copied"
            )
        for t in reversed(tables):  # children first
            if t.name in held:
                ddb.execute(f"DELETE FROM {t.name}")
        replaced = held
        for t in tables:
            counts[t.name] = _copy_table(src, sdb, dst, ddb, t)
        for t in tables:
            if _has_serial_id(t):
                high = src._backend.id_high_water(sdb, t.name)
                dst._backend.set_id_high_water(ddb, t.name, max(high, dst._backend.id_high_water(ddb, t.name)))
        for t in tables:  # checked before the commit: a mismatch rolls the copy back
            want, got = _count(sdb, t.name), _count(ddb, t.name)
            if not want == got == counts[t.name]:
                raise AlignError(
                    f"table {t.name}: {want} rows in {src.display}, {got} in {dst.display} after the copy; "
                    "nothing was copied"
                )
    return CopyReport(src.display, dst.display, counts, replaced)


def _copy_table(src, sdb: Db, dst, ddb: Db, t: Table) -> int:  # type: ignore[no-untyped-def]
    names = [c.name for c in t.columns]
    # Lightweight table/column clauses: values pass as the driver reads them, without type conversion.
    cols = [column(n) for n in names]
    read = select(*cols).select_from(table(t.name))
    order = [column(c.name) for c in t.primary_key.columns]
    if order:
        read = read.order_by(*order)
    write = insert(table(t.name, *[column(n) for n in names]))
    copied = 0
    try:
        result = sdb.conn.execute(read)
        for part in result.partitions(BATCH):
            ddb.conn.execute(write, [dict(zip(names, row, strict=True)) for row in part])
            copied += len(part)
    except DBAPIError as exc:
        orig = getattr(exc, "orig", None) or exc
        first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
        raise AlignError(f"copying table {t.name} into {dst.display} failed: {first}; nothing was copied") from exc
    return copied
