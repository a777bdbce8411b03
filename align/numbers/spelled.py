"""Spelled-out numbers in any language with a :mod:`.lexicon`: "пяти", "δύο εκατομμύρια", "दो लाख",
"خمسة وعشرون", "hai mươi lăm", "ห้า".

Words are read left to right into one number while they make one ("two hundred five thousand"
does, "two three" does not): a count, scale words that multiply it, smaller counts that add to it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from align.numbers.lexicon import Entry, Lexicon, normalise
from align.numbers.quantity import Quantity, single

_JOINING_GAP = re.compile(r"[ \u00a0\t\-‐]*")
_DIGIT_NEXT = re.compile(r"[ \u00a0]*\d")
# Languages that write numbers as one word ("negyvenhétezer", "kaksisataa"): such a word not in the
# lexicon is also read as a chain of lexicon words.
_COMPOUNDING = frozenset({"hu", "fi", "et", "sv", "nb", "nn", "no", "tr", "el", "is", "fo"})


@dataclass
class _Reader:
    """The number being read: ``total`` holds finished scale groups, ``current`` the open one."""

    total: float = 0.0
    current: float = 0.0
    last_scale: float = math.inf
    started: bool = False

    def feed(self, e: Entry) -> bool:
        """Take the next word; False if it does not continue this number (nothing is changed then)."""
        if not self.started:
            if e.value is None:
                return False  # a scale word alone ("тысячи", "millions") names no amount
            self.current, self.started = e.value, True
            return True
        if e.scale is not None and self._scale(e.scale):
            return True
        v = e.value
        if v is None:
            return False
        if self.current == 0 and v < self.last_scale and (self.total == 0 or v < 1000):
            self.current = v
            return True
        if 0 < v < self.current and self.current % 10 ** len(str(int(v))) == 0 and self.current < self.last_scale:
            self.current += v  # twenty + five, hundred + twenty
            return True
        return False

    def _scale(self, s: float) -> bool:
        if s < 1000:  # hundred, Vietnamese/Indonesian tens ("hai mươi", "dua puluh")
            if 0 < self.current < s:
                self.current *= s
                return True
            return False
        if self.current == 0:
            if self.total > 0 and s > self.last_scale:  # "mil millones"
                self.total *= s
                self.last_scale = s
                return True
            return False
        if s < self.last_scale:
            self.total += self.current * s
        elif self.total == 0:
            self.total = self.current * s
        else:
            return False
        self.current, self.last_scale = 0.0, s
        return True

    @property
    def value(self) -> float:
        return self.total + self.current


def read_value(entries: list[Entry]) -> float | None:
    """The number a sequence of words makes, or None if they do not make one."""
    r = _Reader()
    for e in entries:
        if e.connector:
            continue
        if not r.feed(e):
            return None
    return r.value if r.started else None


def _compound(word: str, lex: Lexicon) -> Entry | None:
    """A one-word number not in the lexicon, read as a chain of lexicon words ("negyvenhétezer")."""
    w = word.casefold()
    parts: list[Entry] = []
    i = 0
    while i < len(w):
        for j in range(len(w), i + 1, -1):
            e = lex.entries.get(w[i:j])
            if e is not None and not e.connector:
                parts.append(e)
                i = j
                break
        else:
            return None
    if len(parts) < 2:
        return None
    v = read_value(parts)
    return None if v is None else Entry(v)


def spelled_numbers(
    t: str, spans: list[tuple[int, int]], lang: str, lex: Lexicon, covered: list[bool]
) -> list[Quantity]:
    """Numbers written in words in ``t`` (its words at ``spans``), none overlapping ``covered``."""
    out: list[Quantity] = []
    words = [t[a:b] for a, b in spans]
    norm = [normalise(w, lang) for w in words]
    found: list[Entry | None] = []
    for (a, b), w in zip(spans, words, strict=True):
        e = None if any(covered[a:b]) else lex.lookup(w)
        if e is None and lang in _COMPOUNDING and not any(covered[a:b]) and len(w) > 5:
            e = _compound(w, lex)
        found.append(e)
    n = len(spans)
    i = 0
    while i < n:
        if found[i] is None or found[i].connector:  # type: ignore[union-attr]
            i += 1
            continue
        reader, soft, j, last = _Reader(), False, i, i
        while j < n:
            if j > i and not _JOINING_GAP.fullmatch(t, spans[j - 1][1], spans[j][0]):
                break
            phrase = _phrase(norm, j, lex)
            if phrase is not None:
                length, value = phrase
                if not reader.feed(Entry(value)):
                    break
                j += length
                last = j
                continue
            e = found[j]
            if e is None:
                break
            if e.connector:
                nxt = found[j + 1] if j + 1 < n else None
                if j == i or nxt is None or nxt.connector:
                    break
                j += 1
                continue
            if not reader.feed(e):
                break
            soft = soft or e.soft
            j += 1
            last = j
        j = last  # a connector at the end is not part of the number
        if j == i:  # the first word alone does not start a number ("тысячи")
            i += 1
            continue
        a, b = spans[i][0], spans[j - 1][1]
        if not _DIGIT_NEXT.match(t, b):  # "năm 2024" is "year 2024"; "пять 5" repeats the digits
            out.append(single(t[a:b], reader.value, a, b, "word", soft=soft))
        i = j
    return out


def _phrase(norm: list[str], j: int, lex: Lexicon) -> tuple[int, float] | None:
    """A several-word spelling starting at word ``j`` ("خمسة عشر"): its length and value."""
    if not lex.phrases:
        return None
    for length in (4, 3, 2):
        v = lex.phrases.get(tuple(norm[j : j + length]))
        if v is not None and j + length <= len(norm):
            return length, v
    return None
