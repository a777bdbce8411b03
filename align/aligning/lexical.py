"""Lexical evidence for the aligner: quantities both sides state and names both spell alike, as bit sets."""

from __future__ import annotations

import collections
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from align.numbers import Quantity, extract_quantities

# Lexical evidence: quantities both sides state, compared by value (3社 = tre, 1,500億 = 150 miliardi),
# and names both spell alike.

LEX_DIM = 256


_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def quantity_keys(text: str, lang: str) -> set[str]:
    """The values of the quantities in ``text``; a lone 1 is left out (articles and 一 make it too common)."""
    return _keys(extract_quantities(text, lang))


def _keys(quantities: Iterable[Quantity]) -> set[str]:
    return {
        "#" + repr(q.value if not math.isnan(q.value) else min(q.readings)) for q in quantities if not q.is_lone_one
    }


def segment_quantities(texts: Iterable[str], lang: str) -> dict[str, tuple[Quantity, ...]]:
    """The quantities of each text (each distinct text read once), kept so that flagging, which compares the
    quantities of each bead, reads no sentence again (see :class:`align.types.SegmentQuantities`)."""
    out: dict[str, tuple[Quantity, ...]] = {}
    for t in texts:
        if t not in out:
            out[t] = tuple(extract_quantities(t, lang))
    return out


def words_of(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)}


def lexical_bits(
    src: Sequence[str],
    tgt: Sequence[str],
    langs: tuple[str, str],
    max_share: float,
    quantities: tuple[dict[str, tuple[Quantity, ...]], dict[str, tuple[Quantity, ...]]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per segment of each side, as a bit set (see :func:`key_bits`): the values of its quantities and
    the words it shares with the other document (names, mostly: Makalu, Baltoro, OpenAI), lower-cased.

    A word counts only if it is spelt alike on both sides and is in at most ``max_share`` of each side's
    segments: more often, it is a function word the two languages happen to share (French and German
    "des") or the document's topic, which tells no sentence from its neighbours. Each segment's words
    are found twice (counted, then kept if shared) rather than held as a set per segment, which would
    cost more memory than the rest of the aligner on a long document. ``quantities``: each side's
    :func:`segment_quantities`, when the caller keeps them; else they are found here.
    """
    qs = quantities or (segment_quantities(src, langs[0]), segment_quantities(tgt, langs[1]))
    df = [collections.Counter(w for t in side for w in words_of(t)) for side in (src, tgt)]
    caps = [max(2.0, max_share * len(side)) for side in (src, tgt)]
    shared: set[str] = set()
    if max_share > 0:  # 0: quantities only
        shared = {w for w, c in df[0].items() if c <= caps[0] and 0 < df[1].get(w, 0) <= caps[1]}
    del df
    return (
        key_bits(((words_of(t) & shared) | _keys(qs[0][t]) for t in src), len(src)),
        key_bits(((words_of(t) & shared) | _keys(qs[1][t]) for t in tgt), len(tgt)),
    )


@dataclass
class LexicalEvidence:
    """Both sides' lexical evidence for the scorer: each text's quantities (handed on to flagging) and each
    segment's key bits (see :func:`lexical_bits`). Needs only the texts, so it is read while the encoder runs."""

    quantities: tuple[dict[str, tuple[Quantity, ...]], dict[str, tuple[Quantity, ...]]]
    src_bits: np.ndarray
    tgt_bits: np.ndarray


def lexical_evidence(
    src: Sequence[str], tgt: Sequence[str], langs: tuple[str, str], max_share: float
) -> LexicalEvidence:
    quantities = (segment_quantities(src, langs[0]), segment_quantities(tgt, langs[1]))
    return LexicalEvidence(quantities, *lexical_bits(src, tgt, langs, max_share, quantities))


def key_bits(keys: Iterable[set[str]], n: int) -> np.ndarray:
    """(n, LEX_DIM / 64) uint64 bit sets marking each segment's keys, hashed into a fixed width: a
    block's keys are the OR of at most five rows and the keys two blocks share a popcount, so the
    overlap of every bead in a band row is a few vector operations instead of a Python loop over cells,
    at 32 bytes per segment."""
    bits = np.zeros((n, LEX_DIM // 64), np.uint64)
    for i, ks in enumerate(keys):
        for key in ks:
            h = zlib.crc32(key.encode("utf-8")) % LEX_DIM
            bits[i, h >> 6] |= np.uint64(1 << (h & 63))
    return bits


def or_rows(bits: np.ndarray, p0: int, rows: int, k: int) -> np.ndarray:
    """Bit sets of the blocks of ``k`` segments starting at ``p0 .. p0 + rows - 1``."""
    out = bits[p0 : p0 + rows].copy()
    for r in range(1, k):
        out |= bits[p0 + r : p0 + r + rows]
    return out
