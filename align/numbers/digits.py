"""Digit literals: digits of every script, separators, the readings a literal may have, fractions, times.

Which of "." and "," is a locale's decimal sign comes from CLDR through Babel; it only orders the
readings, since an ambiguous literal ("1.600") keeps both.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A digit run with inner separators; a plain space (or an Arabic comma) only joins when exactly three
# digits follow ("1 600"), so "in 2024 3 people" stays two numbers as often as the text allows.
# ٫ and ٬ are the Arabic decimal and group signs.
LITERAL = re.compile(r"\d+(?:(?:[.,'’٫٬]|[ \u00a0\u202f،⹁](?=\d{3}(?!\d)))\d+)*")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")
_GROUP_ONLY = str.maketrans({"’": "'", "٬": "'", "،": "'", "⹁": "'", "\u00a0": " ", "\u202f": " "})
# Digits glued to Latin letters belong to a name or code (gpt-4o, A320, covid-19): entities, not quantities.
LATIN_BEFORE = re.compile(r"[A-Za-z][-_]?$")
LATIN_AFTER = re.compile(r"^[A-Za-z]")
UNIT_AFTER = re.compile(
    r"^(?:(?:km|cm|m)[23]|km|cm|mm|mg|m|kg|g|t|h|min|s|ml|l|kw|mw|gw|gb|mb|tb|ghz|mhz|hz|[kmgt]?ev|kpc|°|k|st|nd|rd|th"
    r"|er|e|ème|eme|º|ª)"
    r"(?![0-9A-Za-zÀ-ɏ])",
    re.IGNORECASE,
)  # units, and ordinal suffixes (17th, 2e, 1er, 18ª), which keep the number; a unit may run into the next
# word of an unspaced script ("1,200m이며"), which \b would not allow; Chinese glues units of physics to the number
# (100TeV, 100cm2, 0.1kpc), as it does its own

PERCENT_AFTER = re.compile(
    r"^\s*(?:%|％|per\s?cento|percento|prozent|pour\s?cent|por\s?ciento|per\s?cent|percent|procent|phần\s?trăm)\b|^\s*%",
    re.IGNORECASE,
)
UHR_AFTER = re.compile(r"^\s*(?:uhr|h)\b", re.IGNORECASE)

# "1 ½" becomes "1 1⁄2" under NFKC.
FRACTION = re.compile(r"(?:(\d+)[ \u00a0]?)?(\d+)\u2044(\d+)")


#: NFKC turns the ordinal indicators into letters ("18ª" into "18a", a name like "A320"): kept apart.
_ORDINAL_INDICATORS = str.maketrans({"ª": "\ue000", "º": "\ue001"})
_ORDINAL_INDICATORS_BACK = str.maketrans({"\ue000": "ª", "\ue001": "º"})


def normalised(text: str) -> str:
    """``text`` under NFKC with every script's digits as ASCII digits (one character for one, so
    offsets are kept), and the ordinal indicators ª º kept."""
    if "ª" in text or "º" in text:
        return ascii_digits(unicodedata.normalize("NFKC", text.translate(_ORDINAL_INDICATORS))).translate(
            _ORDINAL_INDICATORS_BACK
        )
    return ascii_digits(unicodedata.normalize("NFKC", text))


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit (Arabic-Indic ٣, Persian ۳, Devanagari ३, Thai ๓, Bengali ৩ …)
    written as an ASCII digit; one character for one, so offsets are kept."""
    if text.isascii():
        return text
    return _NON_ASCII_DIGIT.sub(_digit, text)


def _digit(m: re.Match[str]) -> str:
    d = unicodedata.decimal(m.group(), None)
    return m.group() if d is None else str(d)


@lru_cache(maxsize=256)
def decimal_symbol(lang: str) -> str:
    """The locale's decimal sign (CLDR, Latin digits): "," for it, de, ru; "." for en, ja, hi."""
    from babel.core import UnknownLocaleError
    from babel.numbers import get_decimal_symbol

    try:
        return get_decimal_symbol(lang or "en")
    except (UnknownLocaleError, ValueError):
        return "."


def literal_readings(raw: str, lang: str) -> list[float]:
    """Values a digit literal may denote, the locale's reading first.

    ``"1.600"`` (it) → [1600, 1.6]; ``"3,4"`` → [3.4]; ``"1,500"`` (ja) → [1500, 1.5];
    ``"1.600.000"`` → [1600000]; ``"1 600,5"`` → [1600.5].
    """
    s = ascii_digits(raw).translate(_GROUP_ONLY)
    if "٫" in s:  # the Arabic decimal sign is never a group sign
        head, _, tail = s.rpartition("٫")
        return [float(re.sub(r"\D", "", head) + "." + re.sub(r"\D", "", tail))]
    seps = [c for c in s if not c.isdigit()]
    if not seps:
        return [float(s)]
    kinds = set(seps)
    if len(kinds) > 1:  # "1.600,5" / "1,600.5" / "1 600,5": the last separator is the decimal one
        dec = seps[-1]
        head, _, tail = s.rpartition(dec)
        return [float(re.sub(r"\D", "", head) + "." + tail)]
    sep = seps[0]
    groups = re.split(r"[.,' ]", s)
    if sep in " '" or len(seps) > 1:  # spaces, apostrophes and repeated separators only group
        return [float("".join(groups))]
    whole, frac = groups
    if len(frac) != 3:
        return [float(f"{whole}.{frac}")]
    grouped, decimal = float(whole + frac), float(f"{whole}.{frac}")
    # A three-digit tail is ambiguous; the locale decides which reading comes first.
    comma_decimal = decimal_symbol(lang) == ","
    if (sep == "," and comma_decimal) or (sep == "." and not comma_decimal):
        return [decimal, grouped]
    return [grouped, decimal]
