"""The databases a review store runs on, chosen by what the user gives as ``--db`` / ``ALIGN_DB``: a URL's
scheme picks the back end (``postgresql://...``); anything else is an SQLite file name."""

from __future__ import annotations

import os
import re

from align.errors import AlignError
from align.review_store.backends.base import Backend
from align.review_store.backends.postgresql import PostgreSQLBackend
from align.review_store.backends.sqlite import SQLiteBackend

BACKENDS: tuple[type[Backend], ...] = (SQLiteBackend, PostgreSQLBackend)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


def backend_for(target: str | os.PathLike[str]) -> Backend:
    """The back end for a ``--db`` value: a URL by its scheme, else an SQLite file."""
    text = os.fspath(target)
    m = _SCHEME.match(text)
    if m is None:
        return SQLiteBackend(text)
    scheme = m.group(1).lower()
    for backend in BACKENDS:
        if scheme in backend.schemes:
            return backend(text)
    known = ", ".join(f"{s}://" for b in BACKENDS for s in b.schemes if "+" not in s)
    raise AlignError(f"unknown database URL scheme {scheme}://; use a file name or one of {known}")


def is_url(target: str | os.PathLike[str]) -> bool:
    return _SCHEME.match(os.fspath(target)) is not None


__all__ = ["BACKENDS", "Backend", "PostgreSQLBackend", "SQLiteBackend", "backend_for", "is_url"]
