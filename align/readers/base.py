"""Input readers: a file (or text) → a segmented :class:`Document`.

One strategy per file in this package, registered by name in ``align.readers``.
"""

from __future__ import annotations

import os
import unicodedata
from abc import ABC, abstractmethod
from pathlib import Path

from align.decoding import decode_bytes
from align.errors import InputError
from align.langid import detect_language, language_tag, normalise_language
from align.types import Document, Segment

#: Largest file we read: beyond this a "document" is almost certainly not one.
MAX_BYTES = 50 * 1024 * 1024


class EmptyDocumentError(InputError):
    """The file or text holds nothing to read (no bytes, or only blanks): one side of a pair may be
    legitimately empty, so callers can tell this apart from an unreadable file."""


def is_blank(text: str) -> bool:
    """Only whitespace of any kind (ideographic U+3000, no-break, line separators) and invisible
    format characters (zero-width space, byte-order mark)."""
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, or an :class:`InputError` that names the problem."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    size = p.stat().st_size
    if size == 0:
        raise EmptyDocumentError(f"{path}: file is empty")
    if size > MAX_BYTES:
        raise InputError(f"{path}: file is {size / 2**20:.0f} MiB; the limit is {MAX_BYTES // 2**20} MiB")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc


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
        lang = lang or detect_language(text)
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
