"""Decimal points written as a word between digits: Burmese "၅ ဒသမ ၄", Khmer "៥ ចុច ៤", Hindi "5 दशमलव 4" (5.4).

The word is CLDR's, from its rule-based spelling of 5.4 (through unicode_rbnf): what stands between the spellings
of five and four. Read as an ordinal ("ဒသမ" is also "tenth"), it made a clean Burmese pair a number mismatch.
"""

from __future__ import annotations

import re
from functools import lru_cache

from align.numbers.quantity import Quantity, single

_GAP = "[ \u00a0\u200b]*"


@lru_cache(maxsize=64)
def decimal_words(lang: str) -> frozenset[str]:
    """The words ``lang`` writes for a decimal point (empty where CLDR spells none as one word).

    Loading a language's CLDR rule sets costs a CLI process tenths of a second: the words are kept in the cache
    folder (:mod:`align.datacache`)."""
    from align.datacache import cached_data, package_version, source_digest

    key = (lang, package_version("unicode-rbnf"), source_digest(__file__))
    return frozenset(cached_data("cldr-decimal-words", key, lambda: sorted(_read_decimal_words(lang))))


def _read_decimal_words(lang: str) -> set[str]:
    try:
        from unicode_rbnf import RbnfEngine

        engine = RbnfEngine.for_language(lang)
        whole, five, four = (engine.format_number(x).text_by_ruleset for x in (5.4, 5, 4))
    except Exception:
        return set()
    out = set()
    for ruleset, text in whole.items():
        head, tail = five.get(ruleset), four.get(ruleset)
        text = text.replace("\u200b", " ").strip()
        if head and tail and text.startswith(head) and text.endswith(tail) and len(text) > len(head) + len(tail):
            middle = text[len(head) : len(text) - len(tail)].strip()
            if middle and not re.search(r"[\s\d]", middle):
                out.add(middle)
    return out


@lru_cache(maxsize=64)
def _pattern(lang: str) -> re.Pattern[str] | None:
    words = decimal_words(lang)
    if not words:
        return None
    either = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"(?<![\d.,])(\d+){_GAP}(?:{either}){_GAP}(\d+)(?![\d.,])", re.IGNORECASE)


def decimal_word_numbers(text: str, lang: str, covered: list[bool]) -> list[Quantity]:
    """Numbers with a decimal word in ``text`` (digits as ASCII, see :func:`~align.numbers.digits.normalised`) that
    no other reading ``covered``."""
    rx = _pattern(lang)
    if rx is None:
        return []
    return [
        single(m.group(), float(f"{m.group(1)}.{m.group(2)}"), m.start(), m.end())
        for m in rx.finditer(text)
        if not any(covered[m.start() : m.end()])
    ]
