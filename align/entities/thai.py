"""Thai name candidates: Thai writes no spaces, so pythainlp's words, weighed by the Thai National Corpus."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

#: Most pythainlp words one Thai name candidate spans: a foreign name comes out in syllables (โค เฮ น).
THAI_SPAN = 4


@functools.lru_cache(maxsize=4096)
def thai_words(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(run, engine="newmm", keep_whitespace=False))


@functools.lru_cache(maxsize=1)
def _thai_frequencies() -> dict[str, float]:
    """Zipf frequency of Thai words in the Thai National Corpus (pythainlp ships its counts; wordfreq has no
    Thai)."""
    from pythainlp.corpus import tnc

    counts = dict(tnc.word_freqs())
    total = sum(counts.values())
    return {w: math.log10(n / total * 1e9) for w, n in counts.items() if n > 0}


#: Thai words at least this frequent (ที่, ใน, แล้ว, ปี, ใหม่) are grammar and everyday vocabulary: a run of
#: syllables with one in it is no name, nor is a run whose words are this frequent on average (ในรอบ,
#: สั่งซื้อ); the syllables of foreign names stay below (แอน 4.6, โค 5.0, เป 4.2; only มา, as in มาเรีย,
#: is lost).
_THAI_COMMON_ZIPF = 6.0
_THAI_COMMON_MEAN_ZIPF = 5.4


def thai_common(words: Sequence[str]) -> bool:
    z = [_thai_frequencies().get(w, 0.0) for w in words]
    return max(z) >= _THAI_COMMON_ZIPF or sum(z) / len(z) >= _THAI_COMMON_MEAN_ZIPF
