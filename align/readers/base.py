"""Input readers: a file (or text) → a segmented :class:`Document`.

One strategy per file in this package, registered by name in ``align.readers``.
"""

from __future__ import annotations

import errno
import logging
import math
import os
import stat
import sys
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO

from align.decoding import decode_bytes
from align.errors import InputError
from align.langid import detect_language, language_doubt, language_name, language_tag, normalise_language
from align.types import Document, Segment

log = logging.getLogger(__name__)

#: Largest file we read: beyond this a "document" is almost certainly not one.
MAX_BYTES = 50 * 1024 * 1024


class EmptyDocumentError(InputError):
    """The file or text holds nothing to read (no bytes, or only blanks): one side of a pair may be
    legitimately empty, so callers can tell this apart from an unreadable file."""


def is_blank(text: str) -> bool:
    """Only whitespace of any kind (ideographic U+3000, no-break, line separators) and invisible
    format characters (zero-width space, byte-order mark)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


#: What the warning of a guessed language tells the user to do ("" for nothing): the align command's options, unless
#: a caller without them (pair, group) says otherwise with :func:`language_remedy`.
_REMEDY: ContextVar[str] = ContextVar(
    "align_language_remedy", default="pass --src-lang/--tgt-lang (--langs for versions) if wrong"
)


@contextmanager
def language_remedy(text: str) -> Iterator[None]:
    """Within this block, a guessed language's warning ends with ``text`` ("" for no advice)."""
    token = _REMEDY.set(text)
    try:
        yield
    finally:
        _REMEDY.reset(token)


#: The name that stands for standard input on the command line.
STDIN = "-"


def _mib(size: int) -> str:
    """``size`` in MiB rounded up to a tenth, so that a file over the limit never reads as equal to it."""
    return f"{math.ceil(size * 10 / 2**20) / 10:g} MiB"


def _too_big(path: str | os.PathLike[str], size: int | None) -> InputError:
    what = f"file is {_mib(size)}" if size is not None else f"input is more than {_mib(MAX_BYTES)}"
    return InputError(f"{path}: {what}; the limit is {_mib(MAX_BYTES)}")


def check_file(path: str | os.PathLike[str]) -> None:
    """Refuse now what :func:`read_bytes` would refuse from the file's metadata alone (missing, a link to nothing
    or a link loop, a directory, empty, over the size limit), so that a command can check all its inputs before
    reading any. A pipe (``-``, ``<(...)``, a FIFO) has no size yet: it is checked while read."""
    if str(path) == STDIN:
        return
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(f"{path}: a link to nothing (the links loop)") from None
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise InputError(f"{path}: a link to nothing ({os.readlink(path)} does not exist)") from None
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise InputError(f"{path}: no such file") from None
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory, not a file")
    if stat.S_ISREG(st.st_mode):
        if st.st_size == 0:
            raise EmptyDocumentError(f"{path}: file is empty")
        if st.st_size > MAX_BYTES:
            raise _too_big(path, st.st_size)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or an :class:`InputError` that names the problem. ``-`` is standard input; a pipe or
    FIFO is read as a stream, up to the same limit as a file."""
    check_file(path)
    try:
        if str(path) == STDIN:
            data = _read_stream(sys.stdin.buffer)
        elif stat.S_ISREG(os.stat(path).st_mode):
            data = Path(path).read_bytes()
        else:
            with open(path, "rb") as stream:
                data = _read_stream(stream)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if data is None:
        raise _too_big(path, None)
    if not data:
        raise EmptyDocumentError(f"{path}: {'no input' if str(path) == STDIN else 'file is empty'}")
    return data


def _read_stream(stream: BinaryIO) -> bytes | None:
    """All of ``stream``, or None once it passes :data:`MAX_BYTES` (not read further)."""
    data = stream.read(MAX_BYTES + 1)
    return None if len(data) > MAX_BYTES else data


class Reader(ABC):
    """Decodes and segments. Subclasses only say how text becomes segments."""

    name: str = ""

    @abstractmethod
    def segment(self, text: str, lang: str) -> list[Segment]:
        """Segments of decoded ``text`` in language ``lang``."""

    def read_text(self, text: str, lang: str | None = None, *, name: str = "<text>") -> Document:
        tag = language_tag(lang) if lang else ""  # sr-Latn, zh-Hant: kept whole for the exports
        lang = normalise_language(lang) if lang else None
        if is_blank(text):
            raise EmptyDocumentError(f"{name}: contains no text")
        if not any(ch.isalnum() for ch in text):  # punctuation and symbols alone: nothing a sentence can match
            raise EmptyDocumentError(f"{name}: has no words (only punctuation and symbols)")
        if lang is None:
            lang = detect_language(text)
            if doubt := language_doubt(text, lang):
                # Said (the CLI prints it even with -q): a wrong language splits sentences and reads numbers wrongly.
                remedy = _REMEDY.get()
                log.warning(
                    "%s: language guessed as %s (%s), %s%s",
                    name, language_name(lang), lang, doubt, f"; {remedy}" if remedy else "",
                )  # fmt: skip
        segments = self.segment(text, lang)
        if not any(s.text.strip() for s in segments):
            raise InputError(f"{name}: no sentences found after cleaning")
        path = None if name == "<text>" else name
        return Document(text=text, segments=segments, lang=lang, path=path, tag="" if tag == lang else tag)

    def read_bytes(
        self, data: bytes, lang: str | None = None, *, name: str = "<input>", encoding: str | None = None
    ) -> Document:
        if lang:
            normalise_language(lang)  # a mistyped code fails before any decoding
        if not data:
            raise EmptyDocumentError(f"{name}: file is empty")
        text, encoding = decode_bytes(data, name, encoding)
        doc = self.read_text(text, lang, name=name)
        doc.encoding = encoding
        return doc

    def read(self, path: str | os.PathLike[str], lang: str | None = None, encoding: str | None = None) -> Document:
        """``encoding`` (a Python codec name) skips detection: for a file detection gets wrong."""
        if lang:
            normalise_language(lang)  # a mistyped code fails before the file is read
        return self.read_bytes(read_bytes(path), lang, name=str(path), encoding=encoding)
