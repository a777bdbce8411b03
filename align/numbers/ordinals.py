"""Ordinals: "second", "2つ目", "第二", "두 번째", "thứ hai", "zweiten", "ikinci", "второму", "الثانية".

An ordinal ranks rather than counts, and languages trade one for the other freely ("a second plan",
"ein weiterer Plan", "another plan"), so an ordinal is a *soft* quantity of kind ``"ordinal"``: it
matches an ordinal of the same value first, then a cardinal of that value (see :mod:`.compare`), and
is never reported unmatched. What matters most is that an ordinal is not read as a cardinal: "2つ目"
and "두 번째" used to count as a firm 2.

The words come from the ordinal spellings of 1–100 in num2words and CLDR (every gender and case they
spell). Spellings of several words teach the language's ordinal *markers*, the word that turns a
number into an ordinal before it (Vietnamese "thứ", Thai "ที่") or after it (Korean "번째"); a number
read next to a marker, in digits or in words, is an ordinal. Han and Korean markers written onto the
digits (第2, 제2, 2つ目, 2番目, 2번째) are read with the digits, in :mod:`.extract`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from align.numbers.cjk import CJK_COUNTER
from align.numbers.lexicon import lexicon
from align.numbers.quantity import Quantity
from align.numbers.reader import read_value
from align.numbers.spellings import spellings
from align.numbers.wordforms import without_clitics, words_of

#: A marker must make an ordinal of this many numbers in the data before it is trusted as one.
_MARKER_SEEN = 5
#: Scripts written without spaces, where a marker is written onto the word next to it ("แผนที่สอง").
_UNSPACED = frozenset({"th", "lo", "km", "my"})
#: Korean writes its particles onto the marker ("두 번째로").
_PARTICLES_AFTER = frozenset({"ko"})

#: Ordinals written onto digits: 第2 (ja, zh), 제2 (ko) before them; a counter and 目 (2つ目, 3番目,
#: 2回目), or 번째 (2번째) after them.
HAN_ORDINAL_BEFORE = {"ja": "第", "zh": "第", "yue": "第", "ko": "제"}
_COUNTER_ME = re.compile(f"(?:{CJK_COUNTER.pattern}|番)目")
_KO_AFTER = re.compile(r"[ \u00a0]?번?째")


def ordinal_after(t: str, end: int, lang: str) -> int | None:
    """Where a Han or Korean ordinal suffix right after a number ending at ``end`` ends, or None."""
    m = _KO_AFTER.match(t, end) if lang == "ko" else _COUNTER_ME.match(t, end) if lang in ("ja", "zh", "yue") else None
    return m.end() if m else None


@dataclass(frozen=True)
class OrdinalWords:
    """The ordinal words of one language (normalised)."""

    #: one-word ordinals → value ("second", "zweiten", "второму", "ثانيه"); cardinal words left out
    words: dict[str, float]
    #: ordinals of several words → value ("첫 번째", "thứ nhất")
    phrases: dict[tuple[str, ...], float]
    #: words that make the number after them an ordinal (vi "thứ", th "ที่")
    before: frozenset[str]
    #: words that make the number before them an ordinal (ko "번째")
    after: frozenset[str]
    longest: int
    #: the first words of :attr:`phrases`
    firsts: frozenset[str] = frozenset()
    #: letters written onto a number to make it an ordinal (id, ms "ke": "kedua", and "ke-2" in digits)
    prefixes: frozenset[str] = frozenset()


def _key(w: str, lang: str) -> str:
    """Hebrew writes the same word with and without the vowel letters doubled (שנייה, שניה)."""
    return w.replace("יי", "י").replace("וו", "ו") if lang == "he" else w


@lru_cache(maxsize=64)
def ordinal_words(lang: str) -> OrdinalWords:
    """The ordinal words of ``lang`` (ISO 639-1), from num2words and CLDR."""
    try:
        data = spellings(lang)
    except (ImportError, ValueError, KeyError):
        return OrdinalWords({}, {}, frozenset(), frozenset(), 0)
    lex = lexicon(lang)
    words: dict[str, float] = {}
    phrases: dict[tuple[str, ...], float] = {}
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    prefixes: Counter[str] = Counter()

    def reads(ws: tuple[str, ...], n: int) -> bool:
        entries = [lex.lookup(w) for w in ws]
        return None not in entries and read_value([e for e in entries if e is not None]) == n

    for n, texts in data.ordinals.items():
        cardinal = {tuple(words_of(c, lang)) for c in data.cardinals.get(n, ())}
        for text in texts:
            ws = tuple(words_of(text, lang))
            if not ws or ws in cardinal:  # num2words spells Thai and Vietnamese ordinals as cardinals
                continue
            for c in cardinal:  # "kedua" is "ke" + "dua": a prefix, if many ordinals agree
                if c and ws[1:] == c[1:] and ws[0].endswith(c[0]) and 0 < len(ws[0]) - len(c[0]) <= 3:
                    prefixes[ws[0][: len(ws[0]) - len(c[0])]] += 1
            if len(ws) == 1:
                w = ws[0]
                if lex.lookup(w) is None:  # "שני" is also "two": the lexicon reads it
                    words.setdefault(_key(w, lang), float(n))
                    if lang == "ar" and w.startswith("ال"):  # CLDR writes the article: "الثانية", and "ثانية"
                        words.setdefault(w[2:], float(n))
                continue
            phrases.setdefault(ws, float(n))
            if reads(ws[1:], n):
                before[ws[0]] += 1
            if reads(ws[:-1], n):
                after[ws[-1]] += 1
    return OrdinalWords(
        words,
        phrases,
        frozenset(m for m, k in before.items() if k >= _MARKER_SEEN),
        frozenset(m for m, k in after.items() if k >= _MARKER_SEEN),
        max((len(p) for p in phrases), default=1),
        frozenset(p[0] for p in phrases),
        frozenset(p for p, k in prefixes.items() if k >= _MARKER_SEEN),
    )


_PREFIX_BEFORE = regex.compile(r"(?<!\w)(\w{1,3})[-‐]$")


def ordinal_prefix_before(t: str, start: int, lang: str) -> int | None:
    """Where an ordinal prefix written onto digits with a hyphen begins ("ke-18", the 18th; Tagalog "ika-18",
    whose spelled ordinals write it as a word before the number, "ika labing-walo"), or None."""
    m = _PREFIX_BEFORE.search(t, max(0, start - 5), start)
    if m is None:
        return None
    table = ordinal_words(lang)
    return m.start() if m.group(1).casefold() in table.prefixes | table.before else None


def ordinal_word_quantities(
    t: str, spans: list[tuple[int, int]], lang: str, covered: list[bool], phrases_only: bool = False
) -> list[Quantity]:
    """Ordinals written as words in ``t`` (its words at ``spans``), none overlapping ``covered``; ``phrases_only``:
    those of several words alone, read before the cardinals, whose words they begin with ("арван гуравдугаар",
    13th, is "арван" 10 and "гуравдугаар" 3rd when the cardinals are read first)."""
    table = ordinal_words(lang)
    if not table.words and not table.phrases:
        return []
    norm = lexicon(lang).norm
    norms = [norm(t[a:b]) for a, b in spans]
    out: list[Quantity] = []
    i, n = 0, len(spans)
    while i < n:
        a = spans[i][0]
        got: tuple[int, float] | None = None
        if norms[i] in table.firsts:
            for k in range(min(table.longest, n - i), 1, -1):
                v = table.phrases.get(tuple(norms[i : i + k]))
                if v is not None:
                    got = k, v
                    break
        if got is None and not phrases_only and (v := _word_value(norms[i], lang, table)) is not None:
            got = 1, v
        if got is not None and not any(covered[a : spans[i + got[0] - 1][1]]):
            k, v = got
            b = spans[i + k - 1][1]
            out.append(Quantity(t[a:b], frozenset({v}), a, b, "ordinal", v, soft=True))
            i += k
        else:
            i += 1
    return out


def _word_value(w: str, lang: str, table: OrdinalWords) -> float | None:
    if w in table.words:
        return table.words[w]
    for form in without_clitics(w, lang):  # "השנייה": the article written on
        v = table.words.get(_key(form, lang))
        if v is not None:
            return v
    if lang in _UNSPACED:  # "ที่สอง", cut as one word: the marker and a number word
        for m in table.before:
            e = lexicon(lang).lookup(w[len(m) :]) if w.startswith(m) and len(w) > len(m) else None
            if e is not None and e.value is not None:
                return e.value
    return None


# regex's \w takes in combining marks (Thai "ที่"), re's stops at them
_WORD_BEFORE = regex.compile(r"(\w+)[ \u00a0\-‐]*$")
_WORD_AFTER = regex.compile(r"[ \u00a0]*(\w+)")


def mark_ordinals(t: str, found: list[Quantity], lang: str) -> list[Quantity]:
    """``found`` with the numbers next to an ordinal marker (Vietnamese "thứ hai", "thứ 2", Korean
    "두 번째") made ordinals, the marker included in their span."""
    table = ordinal_words(lang)
    if not table.before and not table.after:
        return found
    norm = lexicon(lang).norm
    out = []
    for q in found:
        if q.kind not in ("number", "word"):
            out.append(q)
            continue
        start, end = q.start, q.end
        m = _WORD_BEFORE.search(t, max(0, start - 40), start)
        if m and _is_marker(norm(m.group(1)), table.before, lang, before=True):
            start = m.start(1)
        m = _WORD_AFTER.match(t, end)
        if m and _is_marker(norm(m.group(1)), table.after, lang, before=False):
            end = m.end()
        if (start, end) == (q.start, q.end):
            out.append(q)
        else:
            out.append(Quantity(t[start:end], q.readings, start, end, "ordinal", q.value, soft=True))
    return out


def _is_marker(w: str, markers: frozenset[str], lang: str, before: bool) -> bool:
    if w in markers:
        return True
    if lang in _UNSPACED and before:  # "แผนที่" + "สอง": the marker ends the word before
        return any(w.endswith(m) for m in markers)
    if lang in _PARTICLES_AFTER and not before:  # "번째로"
        return any(w.startswith(m) for m in markers)
    return False
