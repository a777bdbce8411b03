"""Presplit text: one segment per line, used exactly as given (``--presplit``)."""

from __future__ import annotations

from align.readers.base import Reader
from align.segmenting import split_lines
from align.types import Segment


class LinesReader(Reader):
    name = "lines"

    def segment(self, text: str, lang: str) -> list[Segment]:
        return split_lines(text)
