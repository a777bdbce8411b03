"""Scale words and abbreviations after digits ("3,4 miliardi", "12 миллионов", "2 लाख", "5 ล้าน", "3.4 bn").

The words come from CLDR's compact number formats through Babel ("0 млн", "0 миллионов", "00 mil
millones", "0 nghìn tỷ" …, every plural form of every regional locale of the language), and from the
number-word lexicon for the declined forms CLDR lacks ("мільйонами"). A few abbreviations newsrooms
use that CLDR does not list are added by hand (:data:`_EXTRA`). A scale word cut short with a full stop
("310 εκατ.") or with a case ending written on ("1,5 milyonu") is read as the word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from align.numbers.lexicon import lexicon
from align.numbers.wordforms import WORD

#: Abbreviations in common use that CLDR lacks, and scale words of other styles ("millardo").
_EXTRA: dict[str, dict[str, float]] = {
    "en": {"bn": 1e9, "mn": 1e6, "mln": 1e6, "mio": 1e6},
    "it": {"mila": 1e3, "mille": 1e3, "mld": 1e9, "mln": 1e6, "mrd": 1e9},
    "de": {"tsd": 1e3, "mio": 1e6, "mrd": 1e9},
    "fr": {"md": 1e9, "mds": 1e9, "mrd": 1e9, "mrds": 1e9},
    "es": {"millardo": 1e9, "millardos": 1e9},
    "pt": {"bilião": 1e12, "biliões": 1e12},
}
#: Scripts written without spaces between words: a scale there may run straight into the next word
#: ("5 ล้านบาท", "34억원").
_UNSPACED = ("THAI", "LAO", "KHMER", "MYANMAR", "CJK", "HIRAGANA", "KATAKANA", "HANGUL")
_SPACE = "[ \u00a0\u202f]"
#: a space, or a hyphen in a compound adjective ("China's 1.3-billion-plus people", "a 5-million-dollar deal")
_BEFORE_WORD = re.compile(f"(?:{_SPACE}|-)?(?:(?:di|de|of)\\s+)?")


def _unspaced(c: str) -> bool:
    return unicodedata.name(c, "").startswith(_UNSPACED)


@lru_cache(maxsize=64)
def cldr_suffixes(lang: str) -> dict[str, float]:
    """Suffix (case-folded, one space) → multiplier, from the compact formats of every locale of ``lang``."""
    return _cldr_affixes(lang)[0]


@lru_cache(maxsize=64)
def cldr_prefixes(lang: str) -> dict[str, float]:
    """Scale words the compact formats write before the number (Swahili "milioni 0", "elfu 0") → multiplier."""
    return _cldr_affixes(lang)[1]


@lru_cache(maxsize=64)
def _cldr_affixes(lang: str) -> tuple[dict[str, float], dict[str, float]]:
    """Loading the locales' CLDR data takes 0.03–0.1 s a language: the tables are kept in the cache folder
    (:mod:`align.datacache`)."""
    from align.datacache import cached_data, package_version, source_digest

    key = (lang, package_version("babel"), source_digest(__file__))
    suffixes, prefixes = cached_data("cldr-scales", key, lambda: _read_cldr_affixes(lang))
    return suffixes, prefixes


#: CLDR codes for languages it files under another code (Tagalog is "fil").
_CLDR_ALIASES = {"tl": "fil", "iw": "he", "nb": "no"}
_MARKS = "\u200e\u200f\u061c"


def _read_cldr_affixes(lang: str) -> tuple[dict[str, float], dict[str, float]]:
    from babel import Locale, localedata

    code = _CLDR_ALIASES.get(lang, lang)
    out: dict[str, float] = {}
    before: dict[str, float] = {}
    for ident in localedata.locale_identifiers():
        if ident.split("_")[0] != code:
            continue
        try:
            formats = Locale.parse(ident).compact_decimal_formats
        except (ValueError, KeyError):
            continue
        for width in ("short", "long"):
            for by_magnitude in formats.get(width, {}).values():
                for magnitude, pattern in by_magnitude.items():
                    text = str(pattern.pattern).replace("'", "")
                    m = re.fullmatch(f"[{_MARKS}]*(0+)(.*)", text)
                    suffix = re.sub(r"\s+", " ", m.group(2)).strip().strip(_MARKS).casefold() if m else ""
                    if suffix and not any(c.isdigit() for c in suffix):
                        out.setdefault(suffix, int(magnitude) / 10 ** (len(m.group(1)) - 1))
                    p = re.fullmatch(f"[{_MARKS}]*([^0;]*?)\\s*(0+)", text.split(";")[0])
                    prefix = re.sub(r"\s+", " ", p.group(1)).strip().casefold() if p else ""
                    if len(prefix) >= 3 and not any(c.isdigit() for c in prefix):  # not "M0", "B0"
                        before.setdefault(prefix, int(magnitude) / 10 ** (len(p.group(2)) - 1))
    return out, before


@lru_cache(maxsize=64)
def _suffix_pattern(lang: str) -> re.Pattern[str] | None:
    table = {**_EXTRA["en"], **cldr_suffixes(lang), **_EXTRA.get(lang, {})} if lang else {}
    if not table:
        return None
    alts = []
    for suffix in sorted(table, key=len, reverse=True):
        body = re.escape(suffix).replace(r"\ ", f"{_SPACE}+")
        # a one-letter abbreviation ("5K", "2.5M") only when written against the digits
        gap = "" if len(suffix) == 1 else f"{_SPACE}?"
        end = "" if _unspaced(suffix[-1]) or not suffix[-1].isalnum() else r"(?!\w)"
        alts.append(f"{gap}(?P<s{len(alts)}>{body}){end}")
    return re.compile("|".join(alts), re.IGNORECASE)


@lru_cache(maxsize=64)
def _suffix_values(lang: str) -> list[float]:
    table = {**_EXTRA["en"], **cldr_suffixes(lang), **_EXTRA.get(lang, {})}
    return [table[s] for s in sorted(table, key=len, reverse=True)]


@lru_cache(maxsize=64)
def _prefix_pattern(lang: str) -> re.Pattern[str] | None:
    words = sorted(cldr_prefixes(lang), key=len, reverse=True)
    if not words:
        return None
    alts = "|".join(re.escape(w).replace(r"\ ", f"{_SPACE}+") for w in words)
    return re.compile(f"(?<!\\w)({alts}){_SPACE}+$", re.IGNORECASE)


def scale_before(t: str, start: int, lang: str) -> tuple[float, int] | None:
    """The scale word written right before a number starting at ``start``, where the language writes it
    there (Swahili "milioni 3.5", "shilingi bilioni 2"): (multiplier, where the word starts)."""
    pattern = _prefix_pattern(lang)
    if pattern is None:
        return None
    m = pattern.search(t, max(0, start - 30), start)
    if m is None:
        return None
    return cldr_prefixes(lang)[m.group(1).casefold()], m.start()


def scale_after(t: str, end: int, lang: str) -> tuple[float, int, bool] | None:
    """The scale written right after a number ending at ``end``: (multiplier, where it ends, whether
    it is a one-letter abbreviation, which may also be a unit: "5K" is 5000 or 5 km)."""
    pattern = _suffix_pattern(lang)
    m = pattern.match(t, end) if pattern else None
    if m is not None:
        i = int(m.lastgroup[1:])  # type: ignore[index]
        return _suffix_values(lang)[i], m.end(), len(m.group(m.lastgroup)) == 1
    w = _BEFORE_WORD.match(t, end)
    word = WORD.match(t, w.end() if w else end)
    if word is None:
        return None
    lex = lexicon(lang)
    e = lex.lookup(word.group())
    if e is not None and e.scale is not None and e.scale >= 1000:
        return e.scale, word.end(), False
    norm = lex.norm(word.group())
    if t.startswith(".", word.end()) and (s := _abbreviations(lang).get(norm)) is not None:
        return s, word.end() + 1, False  # "310 εκατ.": a scale word cut short, with a full stop
    for k in range(len(norm) - 1, max(len(norm) - 5, 4), -1):
        e = lex.entries.get(norm[:k])
        if e is not None and e.scale is not None and e.scale >= 10**6:
            return e.scale, word.end(), False  # "1,5 milyonu": a case ending written onto the scale word
    return None


@lru_cache(maxsize=64)
def _abbreviations(lang: str) -> dict[str, float]:
    """Beginnings (three letters or more) of the language's scale words of a thousand and more, that no
    two scales share: the abbreviations newsrooms make ("εκατ." for "εκατομμύρια", "mill." for "million")."""
    found: dict[str, set[float]] = {}
    for w, e in lexicon(lang).entries.items():
        if e.scale is not None and e.scale >= 1000:
            for k in range(3, len(w)):
                found.setdefault(w[:k], set()).add(e.scale)
    return {prefix: next(iter(scales)) for prefix, scales in found.items() if len(scales) == 1}
