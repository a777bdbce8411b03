"""Month names, from CLDR through Babel, for every language and regional variant.

A month name is a date part, not a counted amount: it is never read as a number word (Portuguese
"dezembro" does not start a ten) and is kept as a *soft* quantity with the month's number, so
"maggio" can match "5月" or "5월" on the other side but is never reported when unmatched.
Declined forms (Greek accusative "Απρίλιο" beside CLDR's "Απρίλιος" and "Απριλίου", Russian
locative "апреле") are recognised by the stem the CLDR forms share.
"""

from __future__ import annotations

import re
from functools import lru_cache

from align.numbers.lexicon import DECLINING, normalise, without_clitics
from align.numbers.quantity import Quantity, single

_SHORTEST_STEM = 4


@lru_cache(maxsize=64)
def month_table(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """(form → month, stem → month) for ``lang``; stems only for declining languages.

    Loading the locales' CLDR data takes 0.03–0.1 s a language: the table is kept in the cache folder
    (:mod:`align.datacache`)."""
    from align.datacache import cached_data, package_version, source_digest
    from align.numbers import lexicon

    key = (lang, package_version("babel"), source_digest(__file__, lexicon.__file__))
    forms, stems = cached_data("cldr-months", key, lambda: _read_month_table(lang))
    return forms, stems


def _read_month_table(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    from babel import Locale, localedata

    forms: dict[str, int] = {}
    by_month: dict[int, set[str]] = {}
    for ident in localedata.locale_identifiers():
        if ident.split("_")[0] != lang:
            continue
        try:
            loc = Locale.parse(ident)
        except (ValueError, KeyError):
            continue
        for context in ("format", "stand-alone"):
            for month, name in loc.months.get(context, {}).get("wide", {}).items():
                w = normalise(name, lang)
                if any(c.isdigit() for c in w) or " " in w:  # "tháng 4", "4월": the digit is read as such
                    continue
                forms.setdefault(w, int(month))
                by_month.setdefault(int(month), set()).add(w)
    stems: dict[str, int] = {}
    if lang in DECLINING:
        for month, names in by_month.items():
            stem = common_prefix(names)
            if len(stem) >= _SHORTEST_STEM:
                stems[stem] = month
    return forms, stems


def common_prefix(words: set[str]) -> str:
    """The longest beginning all of ``words`` share (the first and last in sort order bound it)."""
    first, last = min(words), max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


_SEEN: dict[tuple[str, str], int | None] = {}


def month_of(word: str, lang: str) -> int | None:
    """The month ``word`` names, or None (remembered: every word of every bead is asked)."""
    key = (word, lang)
    if key not in _SEEN:
        if len(_SEEN) > 200_000:  # a bound, for very long documents
            _SEEN.clear()
        _SEEN[key] = _month_of(word, lang)
    return _SEEN[key]


def _month_of(word: str, lang: str) -> int | None:
    forms, stems = month_table(lang)
    w = normalise(word, lang)
    # "באפריל", "وأبريل": a preposition or conjunction written onto the name (Hebrew, Arabic)
    got = next((m for c in without_clitics(w, lang) if (m := forms.get(c)) is not None), None)
    if got is None and stems:
        for p in range(len(w), max(len(w) - 4, _SHORTEST_STEM - 1), -1):
            got = stems.get(w[:p])
            if got is not None:
                break
    return got


def month_names(t: str, spans: list[tuple[int, int]], lang: str, covered: list[bool]) -> list[Quantity]:
    """Month names in ``t`` (words at ``spans``) as soft quantities. English "May" only next to a number."""
    out: list[Quantity] = []
    for a, b in spans:
        if any(covered[a:b]):
            continue
        word = t[a:b]
        month = month_of(word, lang)
        if month == 5 and lang == "en" and not (word == "May" and re.search(r"\d|\bin May", t[max(0, a - 4) : b + 3])):
            continue  # the modal verb
        if month is not None:
            out.append(single(word, month, a, b, "month", soft=True))
    return out
