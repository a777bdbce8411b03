"""One store transaction's connection, as the store modules use it on any back end.

The store's SQL is written once, with ``?`` placeholders, and run through SQLAlchemy ``text()`` with named
binds, so the driver's own parameter style (sqlite3's qmark, psycopg's pyformat) never shows. Rows answer
by column name and by index, like ``sqlite3.Row``. A new row's id comes from ``RETURNING id`` where the
back end needs it (PostgreSQL has no ``lastrowid``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, TextClause, text

#: Tables whose rows have an ``id`` column an INSERT hands back (see :attr:`Cursor.lastrowid`).
ID_TABLES = frozenset({"documents", "reviews", "beads", "annotations", "edits", "review_sets"})
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
# A ? outside a quoted string or identifier.
_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?")


class Row:
    """A result row: ``row["name"]``, ``row[0]``, ``dict(row)`` and unpacking, like ``sqlite3.Row``."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: tuple[Any, ...], index: Mapping[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: str | int) -> Any:
        return self._values[self._index[key]] if isinstance(key, str) else self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


class Cursor:
    """The rows of one statement, read at once (the connection is free again), and the id it inserted."""

    def __init__(self, rows: list[Row], lastrowid: int | None = None) -> None:
        self._rows = rows
        self.lastrowid = lastrowid

    def fetchone(self) -> Row | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Row]:
        return self._rows

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)


@lru_cache(maxsize=1024)
def _compiled(sql: str, returning: bool) -> tuple[TextClause, int]:
    """``sql`` with its ``?`` as ``:p0, :p1, ...``; → the statement and how many binds it has."""
    count = 0

    def bind(m: re.Match[str]) -> str:
        nonlocal count
        if m.group(0) != "?":
            return m.group(0)
        count += 1
        return f":p{count - 1}"

    named = _PLACEHOLDER.sub(bind, sql)
    if returning:
        named = named.rstrip().rstrip(";") + " RETURNING id"
    return text(named), count


def _binds(params: Sequence[Any] | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(params, Mapping):
        return dict(params)
    return {f"p{k}": v for k, v in enumerate(params)}


class Db:
    """A connection inside a store transaction; ``execute``/``executemany`` as sqlite3's, on any back end."""

    def __init__(self, conn: Connection, returning_ids: bool) -> None:
        self.conn = conn
        self._returning_ids = returning_ids

    def _wants_id(self, sql: str) -> bool:
        m = _INSERT.match(sql)
        return m is not None and m.group(1).lower() in ID_TABLES and "RETURNING" not in sql.upper()

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Cursor:
        wants_id = self._wants_id(sql)
        statement, _ = _compiled(sql, wants_id and self._returning_ids)
        result = self.conn.execute(statement, _binds(params))
        if not result.returns_rows:
            return Cursor([], result.lastrowid if wants_id else None)
        index = {k: i for i, k in enumerate(result.keys())}
        rows = [Row(tuple(r), index) for r in result.fetchall()]
        if wants_id and self._returning_ids:
            return Cursor([], int(rows[0][0]) if rows else None)
        return Cursor(rows)

    def executemany(self, sql: str, seq: Sequence[Sequence[Any]] | Sequence[Mapping[str, Any]]) -> None:
        rows = [_binds(p) for p in seq]
        if rows:
            self.conn.execute(_compiled(sql, False)[0], rows)

    def exec_raw(self, sql: str) -> None:
        """A statement without parameters, as the driver takes it (BEGIN, PRAGMA, locks)."""
        self.conn.exec_driver_sql(sql)
