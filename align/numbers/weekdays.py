"""Weekday names, from CLDR through Babel, for every language and regional variant: never quantities.

Many languages name days by number ("周二" and "星期二" are "week two", Vietnamese "thứ Ba" "the third",
Hebrew "יום שלישי" "third day", Greek "Τρίτη", Arabic "الاثنين" "the two"), and the numbering differs
between languages (Tuesday is day 2 in Chinese, 3 in Vietnamese), so unlike a month a weekday carries no
value that could match the other side. Their words are taken out before numbers are read.

Forms: the wide and abbreviated names of every locale of the language, in both contexts; one-character
forms (zh_Hant "二", ja "火") are left out, and so are abbreviations that are number words of the
language (Danish "to." is "two", Norwegian "ti." "ten"), which the text more likely means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from align.numbers.lexicon import DECLINING, lexicon
from align.numbers.months import common_prefix
from align.numbers.wordforms import without_clitics, words_of

_SHORTEST_STEM = 4
#: Languages read as running Han text (see :mod:`.extract`): names are found as substrings.
_HAN = frozenset({"ja", "zh", "yue"})
#: Languages whose particles are written onto the word ("화요일에", "화요일부터").
_PARTICLES_AFTER = frozenset({"ko"})
_GAP = re.compile(r"[\s\-‐]*")


@dataclass(frozen=True)
class WeekdayNames:
    """The day names of one language: word sequences (normalised) and, where words decline, stems."""

    #: normalised words → whether the words after the first must start with a capital, as CLDR writes
    #: them (Vietnamese "thứ Ba" is Tuesday, "kế hoạch thứ ba" is "the third plan")
    names: dict[tuple[str, ...], bool]
    stems: frozenset[str]
    #: the normalised first words of :attr:`names`, to skip most words at once
    firsts: frozenset[str]
    longest: int
    #: names as written, for the Han languages
    han: re.Pattern[str] | None
    #: one-word names, for languages that write particles onto them
    single: tuple[str, ...] = ()


@lru_cache(maxsize=64)
def weekday_names(lang: str) -> WeekdayNames:
    """The weekday names of ``lang`` (ISO 639-1) from CLDR."""
    lex = lexicon(lang)
    wide: dict[tuple[str, ...], bool] = {}
    other: dict[tuple[str, ...], bool] = {}
    by_day: dict[int, set[str]] = {}
    written: set[str] = set()
    for width, day, name in _cldr_days(lang):
        words = tuple(words_of(name, lang))
        if not words or len(name.strip(". ")) < 2:
            continue
        if width != "wide" and len(words) == 1 and lex.lookup(words[0]) is not None:
            continue  # an abbreviation that is a number word: "to." (Danish two)
        raw = re.findall(r"\w+", name)
        capital = len(raw) == len(words) > 1 and all(w[:1].isupper() for w in raw[1:])
        (wide if width == "wide" else other).setdefault(words, capital)
        written.add(name.strip(". "))
        if width == "wide" and len(words) == 1:
            by_day.setdefault(day, set()).add(words[0])
    names = {**other, **wide}
    stems: set[str] = set()
    if lang in DECLINING:  # "вторника", "Τρίτης", "tiistaihin": the stem the CLDR forms of a day share
        stems = {p for forms in by_day.values() if len(p := common_prefix(forms)) >= _SHORTEST_STEM}
    han = None
    if lang in _HAN and written:
        # "周二十天" is "week, twenty days": a name that ends in a numeral does not run into more numerals
        alts = "|".join(re.escape(n) for n in sorted(written, key=len, reverse=True))
        han = re.compile(f"(?:{alts})(?![〇零一二三四五六七八九十百千万两])")
    firsts = frozenset(w[0] for w in names)
    single = tuple(w[0] for w in names if len(w) == 1) if lang in _PARTICLES_AFTER else ()
    return WeekdayNames(names, frozenset(stems), firsts, max((len(w) for w in names), default=0), han, single)


def _cldr_days(lang: str) -> list[tuple[str, int, str]]:
    """(width, day, name) of every locale of ``lang`` in CLDR, both contexts, in CLDR's order. Reading the locales
    takes 0.03–0.05 s a language: the list is kept in the cache folder (:mod:`align.datacache`)."""
    from align.datacache import cached_data, package_version

    def read() -> list[tuple[str, int, str]]:
        from babel import Locale, localedata

        out = []
        for ident in localedata.locale_identifiers():
            if ident.split("_")[0] != lang:
                continue
            try:
                days = Locale.parse(ident).days
            except (ValueError, KeyError):
                continue
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    out += [(width, int(day), name) for day, name in days.get(context, {}).get(width, {}).items()]
        return out

    return cached_data("cldr-days", (lang, package_version("babel"), "1"), read)


def weekday_spans(t: str, spans: list[tuple[int, int]], lang: str) -> list[tuple[int, int]]:
    """Where ``t`` (its words at ``spans``; unused for the Han languages) names a day of the week."""
    table = weekday_names(lang)
    if table.han is not None:
        return [m.span() for m in table.han.finditer(t)]
    if not table.names:
        return []
    out: list[tuple[int, int]] = []
    i, n = 0, len(spans)
    while i < n:
        got = _name_at(t, spans, i, lang, table)
        if got:
            out.append((spans[i][0], spans[i + got - 1][1]))
            i += got
        else:
            i += 1
    return out


def _candidates(w: str, lang: str) -> list[str]:
    """Forms of one normalised text word to look up: itself, without clitics, before an apostrophe
    ("Salı'ya")."""
    out = list(without_clitics(w, lang))
    if "'" in w:
        out.append(w.split("'")[0])
    return out


def _name_at(t: str, spans: list[tuple[int, int]], i: int, lang: str, table: WeekdayNames) -> int:
    """How many words from ``spans[i]`` on make a day name (0: none)."""
    norm = lexicon(lang).norm
    w = norm(t[spans[i][0] : spans[i][1]])
    for cand in _candidates(w, lang):
        if cand in table.firsts:
            for k in range(min(table.longest, len(spans) - i), 0, -1):
                if k > 1 and not all(_GAP.fullmatch(t, spans[j - 1][1], spans[j][0]) for j in range(i + 1, i + k)):
                    continue
                rest = tuple(norm(t[a:b]) for a, b in spans[i + 1 : i + k])
                capital = table.names.get((cand, *rest))
                if capital is None:
                    continue
                if capital and not all(t[a].isupper() for a, _ in spans[i + 1 : i + k]):
                    continue
                return k
    if table.single and w.startswith(table.single):
        return 1
    if table.stems:
        for p in range(len(w), max(len(w) - 4, _SHORTEST_STEM - 1), -1):
            if w[:p] in table.stems:
                return 1
    return 0
