"""The small data types every part of the workbench passes around.

Segments are what a reader produced from a document, beads are the aligner's many-to-many
correspondences between segment ids, an Alignment ties two documents and their beads together.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from align.numbers.quantity import Quantity


@dataclass(frozen=True)
class Segment:
    """One sentence (or one presplit line) of a document.

    ``start``/``end`` are character offsets into :attr:`Document.text`, so a segment can always be
    traced back to the original text; ``paragraph`` is the 0-based paragraph it came from.
    """

    id: int
    text: str
    start: int
    end: int
    paragraph: int


@dataclass
class Document:
    """A decoded, segmented document."""

    text: str
    segments: list[Segment]
    lang: str
    path: str | None = None
    encoding: str | None = None
    #: The BCP 47 tag the user gave, normalised (sr-Latn, zh-Hant, pt-BR); "" when ``lang`` says it all.
    tag: str = ""

    @property
    def language_tag(self) -> str:
        """The full language tag for exports (TMX xml:lang): the user's tag, else the base code."""
        return self.tag or self.lang

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.segments]

    @property
    def name(self) -> str:
        return self.path or "<text>"

    def __len__(self) -> int:
        return len(self.segments)


@dataclass(frozen=True)
class Bead:
    """A many-to-many correspondence: source segment ids ↔ target segment ids.

    Either side may be empty (1-0 / 0-1 beads: content with no counterpart). ``score`` is a
    confidence in [0, 1]; empty-side beads carry the confidence that the content really has no
    counterpart.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0

    @property
    def kind(self) -> str:
        """``"2-1"`` style label of the bead's shape."""
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_empty_side(self) -> bool:
        return not self.src or not self.tgt


@dataclass(frozen=True)
class Flag:
    """A reason a reviewer should look at a bead: a short code and a one-line explanation."""

    code: str
    message: str
    #: How strongly the evidence points at an error, in [0, 1]; used for risk ordering.
    weight: float = 1.0


@dataclass(frozen=True)
class Annotation:
    """One translation error a reviewer marked on a bead (MQM style; see :mod:`align.mqm`)."""

    category: str
    severity: str
    comment: str = ""
    #: Which side the optional span is on ("src" or "tgt") and its character range in the bead's text.
    span_side: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    reviewer: str = ""
    created_at: str = ""
    id: int | None = None


@dataclass(frozen=True)
class SegmentEmbeddings:
    """The sentence vectors the aligner computed, handed on so that flagging encodes nothing again.

    Rows are in segment-id order (``src[i]`` belongs to ``Alignment.src.segments[i]``); a blank
    segment, which the aligner does not encode, has a zero row. In memory only: no export, no review
    database and no cache writes them out.
    """

    src: np.ndarray
    tgt: np.ndarray
    #: :attr:`Encoder.cache_id` of the encoder that made them.
    model: str


@dataclass
class SegmentQuantities:
    """The quantities the aligner read in each segment, handed on so that flagging reads no sentence again.

    Per side, a segment's stripped text → what :func:`align.numbers.extract_quantities` found in it in that
    side's language (a bead side of one segment is that text; a joined one is read anew, since a join may make
    a number of its own). In memory only, like :class:`SegmentEmbeddings`.
    """

    src_lang: str
    tgt_lang: str
    src: dict[str, tuple[Quantity, ...]]
    tgt: dict[str, tuple[Quantity, ...]]


@dataclass
class Alignment:
    """Two documents and the beads that align them, in source order.

    The beads are monotonic on both sides except for moved pairs (``meta["moved"]``): content the
    translation put elsewhere, whose target segment is out of order.
    """

    src: Document
    tgt: Document
    beads: list[Bead]
    model: str = ""
    meta: dict[str, object] = field(default_factory=dict)
    #: Per bead (same order as ``beads``): the flags the flagging pass raised; empty until flagged.
    flags: list[list[Flag]] = field(default_factory=list)
    #: The aligner's per-segment vectors (see :class:`SegmentEmbeddings`); None for an alignment read back
    #: from a file or the review database.
    embeddings: SegmentEmbeddings | None = field(default=None, repr=False, compare=False)
    #: The aligner's per-segment quantities (see :class:`SegmentQuantities`); None where it read none.
    quantities: SegmentQuantities | None = field(default=None, repr=False, compare=False)

    def src_text(self, bead: Bead) -> str:
        return join_segments(self.src, bead.src)

    def tgt_text(self, bead: Bead) -> str:
        return join_segments(self.tgt, bead.tgt)


def join_segments(doc: Document, ids: tuple[int, ...]) -> str:
    """Text of several segments joined as the language writes sentences (what exports and the UI show): with
    one space, or in Chinese and Japanese with nothing after a sentence's closing punctuation ("。", "」")
    (see :func:`sentence_joiner`); a headline ending in a word still gets a space before the next line."""
    return join_texts([doc.segments[i].text for i in ids], doc.lang)


def join_texts(texts: Sequence[str], lang: str) -> str:
    """Sentences of ``lang`` joined as :func:`join_segments` joins a document's segments."""
    if sentence_joiner(lang) == " ":
        return " ".join(texts)
    return "".join(t + joiner_after(t, lang) for t in texts[:-1]) + (texts[-1] if texts else "")


def joiner_after(text: str, lang: str) -> str:
    """What stands after sentence ``text`` when another sentence of ``lang`` follows it: it depends on this
    sentence alone, so a text's offsets can be computed sentence by sentence (the review store's spans are)."""
    if sentence_joiner(lang) == " ":
        return " "
    return "" if text and unicodedata.category(text[-1])[0] == "P" else " "


@lru_cache(maxsize=256)
def sentence_joiner(lang: str) -> str:
    """What stands between two sentences of ``lang``: nothing where CLDR's list pattern puts no space after
    its comma (zh, ja, yue, ii: "{0}、{1}"), one space elsewhere, Thai, Lao, Khmer and Burmese included
    (they write no space between words but one between sentences)."""
    from babel import Locale, UnknownLocaleError

    try:
        middle = Locale.parse(lang.replace("-", "_")).list_patterns["standard"]["middle"]
    except (UnknownLocaleError, ValueError, KeyError, TypeError):
        return " "
    return " " if any(c.isspace() for c in middle.replace("{0}", "").replace("{1}", "")) else ""
