"""Word breaks from ICU's dictionary-based BreakIterator (PyICU), for scripts written without spaces between
words that no other segmenter here cuts (Khmer, Burmese, Lao; Thai has PyThaiNLP).

PyICU has no wheels: it builds from its sdist against the system ICU (Debian's libicu-dev and pkg-config, installed
by the README's set-up and ``.ci/run``). Where it cannot be imported, :func:`icu_word_spans` answers ``None`` and
callers fall back to what they did without it.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

_local = threading.local()  # an ICU BreakIterator keeps the text it was given: one per thread and language


@lru_cache(maxsize=1)
def icu_available() -> bool:
    """Whether PyICU imports (it is built from source; a machine without libicu-dev may lack it)."""
    try:
        import icu  # noqa: F401
    except ImportError:
        return False
    return True


def _word_breaker(lang: str) -> Any:
    import icu

    cache: dict[str, Any] = _local.__dict__.setdefault("word", {})
    if lang not in cache:
        cache[lang] = icu.BreakIterator.createWordInstance(icu.Locale(lang))
    return cache[lang]


def _utf16_to_str(text: str) -> list[int] | None:
    """Python indices of ICU's UTF-16 offsets into ``text``; None where they are the same (no astral characters)."""
    if all(ord(c) <= 0xFFFF for c in text):
        return None
    out: list[int] = []
    for i, c in enumerate(text):
        out.append(i)
        if ord(c) > 0xFFFF:
            out.append(i)  # the low surrogate: never a boundary ICU reports
    out.append(len(text))
    return out


def icu_word_spans(text: str, lang: str) -> list[tuple[int, int]] | None:
    """The pieces ICU's word BreakIterator for ``lang`` cuts ``text`` into (words, spaces and punctuation alike,
    covering the text), as (start, end) indices of ``text``; ``None`` without PyICU."""
    if not icu_available():
        return None
    bi = _word_breaker(lang)
    bi.setText(text)
    index = _utf16_to_str(text)
    ends = [b if index is None else index[b] for b in bi]
    starts = [0, *ends[:-1]]
    return [(a, b) for a, b in zip(starts, ends, strict=True) if b > a]
