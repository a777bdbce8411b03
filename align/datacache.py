"""Tables derived from installed packages, kept on disk between processes.

A few tables are computed from maintained libraries each time a process needs them: the spellings of numbers
in a language (num2words and CLDR's rule-based formats, 0.1–0.2 s a language), the language identifier's model
(68 MB decompressed from LZMA, 0.5 s), the frequent words of a language (wordfreq reads and indexes 634,502
German words to answer for a few hundred, 0.4 s). On a short document these cost more than aligning it, and
``python -m align`` runs once per document. They depend only on the packages' versions and on this project's
code, so each is computed once and stored in the cache folder (``$ALIGN_CACHE_DIR`` or
``~/.cache/align-workbench``, under ``data/``, beside the ONNX graph), its file named after a digest of
everything it is made of: an upgrade, or a change to the code that builds it, computes it afresh.

- Plain data only: :mod:`marshal` (dicts, sets, strings, numbers) and numpy arrays read without pickle, so
  a file in the cache folder cannot run code.
- Written to a temporary file and renamed into place: a killed process leaves no half-written table, and
  processes racing to write one write the same bytes. A table that does not read is computed again.
- Where the folder cannot be written (read-only, full) the table is computed in memory, as before.
- Files no process has read for a week (tables of older versions) are removed when a new one is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import marshal
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")

#: Tables no process has read for this long are removed when another table of the same kind is written.
_UNUSED_S = 7 * 24 * 3600
#: Temporary files older than this are left over from a killed write.
_STALE_TMP_S = 3600
#: Bumped when the file layout of this module changes.
_LAYOUT = "1"


def data_dir() -> Path:
    """``$ALIGN_CACHE_DIR``/data (default ``~/.cache/align-workbench/data``)."""
    from align.embedding_cache import default_cache_path

    return default_cache_path().parent / "data"


@lru_cache(maxsize=64)
def package_version(dist: str) -> str:
    """The installed version of distribution ``dist`` ("" when it is not installed)."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return ""


@lru_cache(maxsize=64)
def source_digest(*paths: str) -> str:
    """Digest of files' bytes (the modules that build a table), so that a change to them builds it afresh."""
    h = hashlib.blake2b(digest_size=8)
    for p in paths:
        h.update(Path(p).read_bytes())
    return h.hexdigest()


def _path(kind: str, key: Iterable[str], suffix: str) -> Path:
    h = hashlib.blake2b(digest_size=10)
    for part in (_LAYOUT, *key):
        h.update(part.encode("utf-8") + b"\0")
    return data_dir() / f"{kind}-{h.hexdigest()}{suffix}"


def _write(dest: Path, write: Callable[[str], None]) -> None:
    """``write`` a temporary file beside ``dest``, then rename it into place; nothing when that fails."""
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        _remove_unused(dest)
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=dest.name + ".", suffix=".tmp")
    except OSError:
        return
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the table from others sharing the cache folder
        os.replace(tmp, dest)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _remove_unused(dest: Path) -> None:
    kind = dest.name.split("-")[0]
    now = time.time()
    for p in dest.parent.glob(f"{kind}-*"):
        with contextlib.suppress(OSError):  # removed meanwhile by another process, or not ours to remove
            age = now - p.stat().st_mtime
            if age > (_STALE_TMP_S if p.name.endswith(".tmp") else _UNUSED_S):
                p.unlink()


def _save(path: str, a: np.ndarray) -> None:
    import numpy as np

    with open(path, "wb") as fh:  # a file object: given a name, np.save would append ".npy" to it
        np.save(fh, a, allow_pickle=False)


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):  # a read-only cache folder still serves its tables
        os.utime(path)  # in use: not to be removed as unused


def cached_data(kind: str, key: Iterable[str], build: Callable[[], T]) -> T:
    """``build()``'s value (plain data: dicts, lists, sets, tuples, strings, numbers), read from the cache folder
    when a table of this ``kind`` and ``key`` is there, else built and stored. ``key`` names everything the value
    depends on (package versions, :func:`source_digest` of the code, the language)."""
    path = _path(kind, key, ".marshal")
    try:
        value: T = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        value = build()
        _write(path, lambda tmp: Path(tmp).write_bytes(marshal.dumps(value)))
    else:
        _touch(path)
    return value


def cached_arrays(kind: str, key: Iterable[str], build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Like :func:`cached_data` for named numpy arrays (no object arrays), each stored as its own ``.npy`` file
    and read memory-mapped."""
    import numpy as np

    key = tuple(key)
    base = _path(kind, key, "")
    index = base.with_name(base.name + ".names")
    try:
        names = index.read_text(encoding="utf-8").split()
        arrays = {n: np.load(base.with_name(f"{base.name}.{n}.npy"), mmap_mode="r", allow_pickle=False) for n in names}
    except (OSError, ValueError, EOFError):
        arrays = build()
        for name, a in arrays.items():
            _write(base.with_name(f"{base.name}.{name}.npy"), lambda tmp, a=a: _save(tmp, a))
        # The index goes last: a reader finds it only when every array is in place.
        _write(index, lambda tmp: Path(tmp).write_text(" ".join(arrays), encoding="utf-8"))
    else:
        for n in (*names, "names"):
            _touch(base.with_name(f"{base.name}.{n}" + ("" if n == "names" else ".npy")))
    return arrays


__all__ = ["cached_arrays", "cached_data", "data_dir", "package_version", "source_digest"]
