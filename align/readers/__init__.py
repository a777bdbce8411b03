"""Reader registry and the one-call entry points."""

from __future__ import annotations

import os

from align.errors import AlignError
from align.readers.base import STDIN, EmptyDocumentError, Reader, check_file
from align.readers.lines import LinesReader
from align.readers.text import TextReader
from align.types import Document

READERS: dict[str, type[Reader]] = {"text": TextReader, "lines": LinesReader}


def get_reader(name: str) -> Reader:
    try:
        return READERS[name]()
    except KeyError:
        raise AlignError(f"unknown reader {name!r}; choose one of {', '.join(READERS)}") from None


def read_document(
    path: str | os.PathLike[str], lang: str | None = None, *, presplit: bool = False, encoding: str | None = None
) -> Document:
    """Read, decode (detecting the encoding unless given), detect the language (unless given) and segment one file."""
    return get_reader("lines" if presplit else "text").read(path, lang, encoding)


def document_from_text(text: str, lang: str | None = None, *, presplit: bool = False, name: str = "<text>") -> Document:
    return get_reader("lines" if presplit else "text").read_text(text, lang, name=name)


def document_from_bytes(
    data: bytes, lang: str | None = None, *, presplit: bool = False, name: str = "<input>", encoding: str | None = None
) -> Document:
    return get_reader("lines" if presplit else "text").read_bytes(data, lang, name=name, encoding=encoding)


__all__ = [
    "READERS",
    "STDIN",
    "EmptyDocumentError",
    "Reader",
    "check_file",
    "document_from_bytes",
    "document_from_text",
    "get_reader",
    "read_document",
]
