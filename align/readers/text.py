"""Plain text in any common encoding, split into sentences per language."""

from __future__ import annotations

from align.readers.base import Reader
from align.segmenting import split_sentences
from align.types import Segment


class TextReader(Reader):
    name = "text"

    def segment(self, text: str, lang: str) -> list[Segment]:
        return split_sentences(text, lang)
