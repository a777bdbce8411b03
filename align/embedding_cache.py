"""On-disk embedding cache, keyed by encoder and text.

Aligning the same documents again, or after a small edit, re-encodes only the segments whose text
changed. SQLite because it is one file, safe for concurrent readers (the CLI and the app may share
it) and needs no server.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from align.encoders.base import Encoder, WrappedEncoder
from align.errors import AlignError
from align.invisible import visible

log = logging.getLogger(__name__)


class CacheUnavailable(AlignError):
    """The cache folder or file cannot be used (a file where the folder should be, no permission, not SQLite)."""


def default_cache_path() -> Path:
    """``$ALIGN_CACHE_DIR`` or the XDG cache folder."""
    root = os.environ.get("ALIGN_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "align-workbench"
    )
    return Path(root) / "embeddings.sqlite3"


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingCache:
    """Vectors stored as float32 blobs under (encoder cache id, text hash)."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        """``path`` defaults to :func:`default_cache_path`; ``":memory:"`` keeps vectors for this process only."""
        in_memory = str(path) == ":memory:"
        self.path = Path(path) if path is not None else default_cache_path()
        try:
            if not in_memory:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(":memory:" if in_memory else self.path, timeout=30, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, key BLOB NOT NULL, "
                "vec BLOB NOT NULL, PRIMARY KEY (model, key)) WITHOUT ROWID"
            )
            self._db.commit()
            # A read-only folder or file lets the table be read: take the write lock now, not after the encoding.
            self._db.execute("BEGIN IMMEDIATE")
            self._db.rollback()
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, (FileExistsError, NotADirectoryError)):
                reason = "a file stands where the folder should be"
            else:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise CacheUnavailable(
                f"{self.path.parent}: cannot use it as the embedding cache folder ({reason})"
            ) from None

    def get(self, model: str, texts: Sequence[str], dim: int) -> tuple[np.ndarray, np.ndarray]:
        """→ (vectors, found mask); rows not found are zero."""
        out = np.zeros((len(texts), dim), dtype=np.float32)
        found = np.zeros(len(texts), dtype=bool)
        for rows, blob in self._rows(model, texts, "vec"):
            vec = np.frombuffer(blob, dtype=np.float32)
            if vec.size == dim:
                out[rows] = vec
                found[rows] = True
        return out, found

    def has(self, model: str, texts: Sequence[str], dim: int) -> np.ndarray:
        """Which of ``texts`` :meth:`get` would find, without reading their vectors (n × dim floats for nothing)."""
        found = np.zeros(len(texts), dtype=bool)
        for rows, size in self._rows(model, texts, "length(vec)"):
            found[rows] = size == 4 * dim
        return found

    def _rows(self, model: str, texts: Sequence[str], column: str) -> Iterator[tuple[list[int], Any]]:
        """(the positions of one stored text in ``texts``, ``column`` of its row) for every text stored."""
        where: dict[bytes, list[int]] = {}
        for i, t in enumerate(texts):
            where.setdefault(_key(t), []).append(i)
        uniq = list(where)
        for lo in range(0, len(uniq), 500):  # SQLite's bound-parameter limit
            chunk = uniq[lo : lo + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, {column} FROM embeddings WHERE model = ? AND key IN ({marks})", [model, *chunk]
            )
            for k, value in rows:
                yield where[k], value

    def put(self, model: str, texts: Sequence[str], vecs: np.ndarray) -> None:
        rows = [
            (model, _key(t), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vecs, strict=True)
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        self._db.close()


class CachedEncoder(WrappedEncoder):
    """Wraps an encoder so each distinct text is encoded once, ever."""

    def __init__(self, inner: Encoder, cache: EmbeddingCache) -> None:
        super().__init__(inner)
        self.cache = cache

    def _around(self, inner: Encoder) -> Encoder:
        return CachedEncoder(inner, self.cache)

    def prepare(self, texts: Sequence[str]) -> None:
        texts = [visible(t) for t in texts]
        found = self.cache.has(self.cache_id, texts, self.dim)  # only what encode() will ask the encoder for
        if not found.all():
            self.inner.prepare([texts[i] for i in np.flatnonzero(~found)])

    def encode(self, texts: Sequence[str], *, progress: bool = False, desc: str = "encoding") -> np.ndarray:
        # keyed by what the model reads (see Encoder.encode): a text with a zero-width space shares its plain twin's
        # vector, and one cached before these characters were dropped is never read again
        texts = [visible(t) for t in texts]
        vecs, found = self.cache.get(self.cache_id, texts, self.dim)
        missing = np.flatnonzero(~found)
        if missing.size:
            # Encode each distinct missing text once, even if it repeats in the input.
            uniq = list(dict.fromkeys(texts[i] for i in missing))
            fresh = self.inner.encode(uniq, progress=progress, desc=desc)
            try:
                self.cache.put(self.cache_id, uniq, fresh)
            except sqlite3.Error as exc:  # a full disk: the vectors are here, only the saving for next time is lost
                log.warning("embedding cache %s: cannot save to it (%s); going on without saving", self.cache.path, exc)
            row = {t: fresh[j] for j, t in enumerate(uniq)}
            for i in missing:
                vecs[i] = row[texts[i]]
        return vecs
