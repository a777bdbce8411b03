"""12-hour clock times: "6 p.m." is 18 h, as a 24-hour clock on the other side writes it.

The day-period markers (am/pm) are the locale's from CLDR through Babel ("午後" ja, "p. m." es, "오후" ko),
plus the English ones, which texts in any language quote. CJK markers come before the hour ("午後6時"), the
others after it ("6 p.m.", "6pm").
"""

from __future__ import annotations

import re
from functools import lru_cache

from align.langid import base_language
from align.numbers.quantity import Quantity, single

#: Languages whose day period comes before the hour ("午後6時", "下午6点", "오후 6시").
_PERIOD_FIRST = frozenset({"ja", "zh", "yue", "ko"})
_SPACE = "[ \u00a0\u202f]?"
_HOUR_MINUTE = re.compile(r"(\d{1,2})[.:](\d{2})")
_MINUTES_AFTER = re.compile(r"[:.]\d{2}(?!\d)")
#: An hour of the day and what parts it from its minutes: "21:", "21 h ", "21h" (French), not a digit before it.
_HOUR_BEFORE_MINUTES = re.compile(r"(?:^|[^\d.,:])(?:[01]?\d|2[0-4])(?::|[ \u00a0]?h[ \u00a0]?)$")


def _marker_pattern(marker: str) -> str:
    """A marker's regex: its dots optional and its spaces any (CLDR's "p.\u202fm." is typed "p.m." or "p. m.")."""
    parts = []
    for c in marker.strip():
        if c in " \u00a0\u202f":
            parts.append(_SPACE)
        elif c == ".":
            parts.append(r"\.?")
        else:
            parts.append(re.escape(c))
    return "".join(parts)


#: Where CLDR's names of the flexible day periods are: languages that write "9 at night" more than "9 p.m.".
_FLEXIBLE_NAMES = tuple((w, c) for c in ("format", "stand-alone") for w in ("wide", "abbreviated"))
_NOON, _DAY = 43_200, 86_400


def _flexible_halves(lang: str) -> dict[str, str]:
    """The locale's flexible day periods that lie in one half of the day by its CLDR rules, as "am" or "pm": Malay
    "malam" (19-24 h) is pm, so "pukul 9 malam" is 21 h as "21:00" writes it; "tengah malam" (0-1 h) and German
    "nachts" (0-5 h) are am. A period across midnight (22 to 4 h) is neither and left out."""
    from babel import Locale

    rules = Locale.parse(lang).day_period_rules.get(None, {})
    out: dict[str, str] = {}
    for period, ranges in rules.items():
        spans = [(r.get("from"), r.get("before")) for r in ranges]
        if period in ("am", "pm") or any(a is None or b is None or a >= b for a, b in spans):
            continue  # "at" noon or midnight, or a range over midnight
        if all(a >= _NOON and b <= _DAY for a, b in spans):
            out[period] = "pm"
        elif all(b <= _NOON for a, b in spans):
            out[period] = "am"
    return out


@lru_cache(maxsize=64)
def _markers(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(after-the-hour pattern, before-the-hour pattern) capturing the period, "am" or "pm" as group name."""
    from babel.core import UnknownLocaleError
    from babel.dates import get_period_names

    # Dotted English markers read anywhere; bare "am"/"pm" only in English (German "am" is "on the"),
    # elsewhere only in CLDR's capitals ("AM").
    after: dict[str, list[str]] = {"am": [r"a\.[ \u00a0]?m\.", "AM"], "pm": [r"p\.[ \u00a0]?m\.", "PM"]}
    if lang == "en":
        after = {"am": [r"a\.?[ \u00a0]?m\.?", "AM"], "pm": [r"p\.?[ \u00a0]?m\.?", "PM"]}
    before: dict[str, list[str]] = {"am": [], "pm": []}
    try:
        for width in ("abbreviated", "wide"):  # narrow markers ("a", "p", "m.") are ordinary letters
            names = get_period_names(width, "format", lang or "en")
            for period in ("am", "pm"):
                name = names.get(period)
                # one letter (Arabic "م") is also an abbreviation of a unit or an era
                if not name or len(re.sub(r"[.\s]", "", name)) < 2 or name in ("AM", "PM"):
                    continue
                (before if lang in _PERIOD_FIRST else after)[period].append(_marker_pattern(name))
        if lang != "en" and lang not in _PERIOD_FIRST:
            for period, half in _flexible_halves(lang).items():
                for width, context in _FLEXIBLE_NAMES:
                    name = get_period_names(width, context, lang).get(period)
                    if name and len(re.sub(r"[.\s]", "", name)) >= 2:
                        after[half].append(_marker_pattern(name))
    except (UnknownLocaleError, ValueError):
        pass
    flags = re.IGNORECASE if lang == "en" else 0

    def compiled(markers: dict[str, list[str]], head: str, tail: str) -> re.Pattern[str] | None:
        alts = [f"(?P<{p}>{'|'.join(sorted(ms, key=len, reverse=True))})" for p, ms in markers.items() if ms]
        return re.compile(head + "(?:" + "|".join(alts) + ")" + tail, flags) if alts else None

    return (
        compiled(after, _SPACE, r"(?![0-9A-Za-zÀ-ɏ])"),
        compiled(before, "", _SPACE + r"$"),
    )


def day_period_after(t: str, end: int, lang: str) -> tuple[str, int] | None:
    """The day period ("am" or "pm") written after an hour that ends at ``end`` ("6 p.m.", "6:30pm"), and where
    the marker ends; None when there is none."""
    pattern = _markers(base_language(lang))[0]
    if pattern is None:
        return None
    at = end
    if (mins := _MINUTES_AFTER.match(t, end)) is not None:
        at = mins.end()
    m = pattern.match(t, at)
    return None if m is None else ("am" if m.group("am") is not None else "pm", m.end())


def day_period_before(t: str, start: int, lang: str) -> str | None:
    """The day period written before an hour that starts at ``start`` ("午後6時"); None when there is none."""
    pattern = _markers(base_language(lang))[1]
    if pattern is None:
        return None
    m = pattern.search(t[max(0, start - 8) : start])
    return None if m is None else ("am" if m.group("am") is not None else "pm")


def clock_readings(hour: float, period: str) -> list[float]:
    """The 24-hour values of a 12-hour clock's hour: 6 p.m. is 18, 12 p.m. is noon (12), 12 a.m. midnight
    (0 or 24); the hour as written stays a reading ("6 p.m." may be "six in the evening"). Hours outside 1-12
    are not a 12-hour clock's: only the hour as written."""
    if hour != int(hour) or not 1 <= hour <= 12:
        return [hour]
    if hour == 12:
        return [12.0, 0.0, 24.0] if period == "am" else [12.0]
    return [hour, hour + 12] if period == "pm" else [hour]


def minutes_quantity(minutes: str, end: int) -> Quantity:
    """The two-digit minutes of a time written "h:mm" or "h.mm" ending at ``end``; a full hour's "00" soft, as
    :func:`full_hour_minutes` says why ("14.00 Uhr" is "14 Uhr", "9:00 a.m." is "9 Uhr")."""
    return single(minutes, float(minutes), end - 2, end, soft=minutes == "00")


def full_hour_minutes(t: str, start: int, raw: str) -> bool:
    """Whether ``raw`` at ``start`` is the "00" of a full hour ("21:00", "21 h 00"): minutes that "9 p.m.", "21 Uhr",
    "klockan 21" leave unwritten, so they may match a 0 but are no evidence of a changed time when they match
    nothing (a user's "do godziny 21:00" against "until 9 p.m." read "target only: 00")."""
    return raw == "00" and _HOUR_BEFORE_MINUTES.search(t[max(0, start - 6) : start]) is not None


def split_hour_minute(raw: str) -> tuple[str, str] | None:
    """ "6.30" of "6.30pm": the hour and the minutes, or None when ``raw`` is not h.mm / h:mm."""
    m = _HOUR_MINUTE.fullmatch(raw)
    return None if m is None else (m.group(1), m.group(2))
