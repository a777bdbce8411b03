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


#: NFKC (which the number reader applies) writes Lao ໜ and ໝ (U+0EDC, U+0EDD) as two letters, ຫນ and ຫມ, and many
#: Lao texts are typed so; ICU's Lao dictionary knows its words with the one letter only, and cut "ຫມື່ນ" (ten
#: thousand) into "ຫ|ມື່ນ": it is given them as one letter. ຫ ends no Lao syllable, so the pair is always the letter.
_LAO_LETTERS = {"ຫນ": "ໜ", "ຫມ": "ໝ"}


def _with_lao_letters(text: str) -> tuple[str, list[int]] | None:
    """``text`` with ຫນ and ຫມ written ໜ and ໝ, and where each of its characters (and its end) is in ``text``; None
    where it has neither pair."""
    if not any(pair in text for pair in _LAO_LETTERS):
        return None
    out: list[str] = []
    index: list[int] = []
    i = 0
    while i < len(text):
        one = _LAO_LETTERS.get(text[i : i + 2])
        out.append(one or text[i])
        index.append(i)
        i += 2 if one else 1
    index.append(len(text))
    return "".join(out), index


def icu_word_spans(text: str, lang: str) -> list[tuple[int, int]] | None:
    """The pieces ICU's word BreakIterator for ``lang`` cuts ``text`` into (words, spaces and punctuation alike,
    covering the text), as (start, end) indices of ``text``; ``None`` without PyICU."""
    if not icu_available():
        return None
    lao = _with_lao_letters(text) if lang == "lo" else None
    given = text if lao is None else lao[0]
    bi = _word_breaker(lang)
    bi.setText(given)
    index = _utf16_to_str(given)
    ends = [b if index is None else index[b] for b in bi]
    if lao is not None:
        ends = [lao[1][b] for b in ends]
    starts = [0, *ends][: len(ends)]  # an empty text has no boundary after its start
    return [(a, b) for a, b in zip(starts, ends, strict=True) if b > a]


@lru_cache(maxsize=64)
def sentence_suppressions(lang: str) -> frozenset[str]:
    """CLDR's sentence-break suppressions for ``lang`` as ICU ships them: abbreviations after which a full stop ends
    no sentence ("Approx.", "Dept.", "Prof."; English, German, French, Italian, Spanish, Portuguese, Russian ...).
    Empty for a language CLDR has none for (ICU would answer a fallback locale's list) and without PyICU."""
    if not icu_available():
        return frozenset()
    import icu

    try:
        bundle = icu.ResourceBundle("ICUDATA-brkitr", icu.Locale(lang))
        if bundle.getLocale().getLanguage() != lang:
            return frozenset()
        items = bundle.get("exceptions").get("SentenceBreak")
    except icu.ICUError:
        return frozenset()
    return frozenset(items.getStringEx(i) for i in range(items.getSize()))
