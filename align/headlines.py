"""Headlines: a line of its own without sentence-final punctuation (a title, a subheading).

Headlines follow their own conventions, not the document's: Japanese and Korean ones are telegraphic
(リバートン新図書館が開館 for "Riverton opens its new central library after three years of construction"),
English ones spell out more. Their length ratio says nothing about a missing translation, and on a short
item one headline pulls the document's median and spread.
"""

from __future__ import annotations

import re

import numpy as np

from align.types import Alignment, Document

_BLANKS = " \t\r\u3000\u00a0"
#: A sentence end: full stop, question or exclamation mark (any script's), an ellipsis, then closing quotes or
#: brackets.
_SENTENCE_END = re.compile(r"[.!?。！？．…।۔؟]['\"”’」』)）\]]*$")


def is_headline(doc: Document, ids: tuple[int, ...]) -> bool:
    """Whether ``ids`` is one segment that is a whole line of the document, with no sentence-final punctuation."""
    if len(ids) != 1:
        return False
    seg = doc.segments[ids[0]]
    text = seg.text.strip()
    if not text or _SENTENCE_END.search(text):
        return False
    # Only blanks between the segment and the line breaks around it (or the document's ends).
    before = doc.text[max(0, seg.start - 200) : seg.start].rstrip(_BLANKS)
    after = doc.text[seg.end : seg.end + 200].lstrip(_BLANKS)
    return (seg.start == 0 or before == "" or before.endswith("\n")) and (after == "" or after.startswith("\n"))


def headline_beads(alignment: Alignment) -> np.ndarray:
    """For each bead, whether both sides are one headline each (a title translated as a title)."""
    return np.array(
        [is_headline(alignment.src, b.src) and is_headline(alignment.tgt, b.tgt) for b in alignment.beads], bool
    )
