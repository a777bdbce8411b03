"""Reading a sequence of number words (lexicon :class:`.Entry` values) into the number they make: "пять тысяч
триста" 5300, "साढ़े तीन सौ" 350, "elfu mbili mia tatu" 2,300, and one-word compounds ("negyvenhétezer")."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from align.numbers.entry import Entry


@dataclass
class Reader:
    """The number being read: ``total`` holds finished scale groups, ``current`` the open one."""

    total: float = 0.0
    current: float = 0.0
    #: The last count added to ``current``: a tens word multiplies it alone ("seratus lima puluh" 150).
    last: float = 0.0
    last_scale: float = math.inf
    started: bool = False
    #: Arabic puts the unit before the tens: "خمسة وعشرين" is 5 + 20.
    units_first: bool = False
    #: Swahili puts the scale before its count: "milioni tatu" is 3 million, "mia tano" 500.
    scale_first: bool = False
    #: An offset word read first ("साढ़े", "सवा"), waiting for the count it adds to.
    pending: Entry | None = None
    #: The scale word read before its count (scale-first languages), and the count read after it so far.
    pending_scale: float = 0.0
    sub: Reader | None = None

    def feed(self, e: Entry) -> bool:
        """Take the next word; False if it does not continue this number (nothing is changed then)."""
        if self.pending is not None:
            p = self.pending
            if e.value is not None and e.scale is None and 0 < e.value < 100:
                self.pending = None
                self.current = self.last = e.value + (p.offset or 0.0)  # "साढ़े तीन": 3.5
                self.started = True
                return True
            if p.value is None:
                return False  # "साढ़े" says nothing without its count
            self.pending = None  # "सवा सौ": सवा is 1.25, times the hundred
            self.current = self.last = p.value
            self.started = True
        elif e.offset is not None and self.current == 0 and not self.pending_scale:
            self.pending = e  # first, or after a finished group: "हज़ार साढ़े तीन सौ" (1,350)
            return True
        if self.scale_first:
            return self._feed_scale_first(e)
        if not self.started:
            if e.value is None:
                return False  # a scale word alone ("тысячи", "millions") names no amount
            self.current = self.last = e.value
            self.started = True
            return True
        if e.scale is not None and self._scale(e.scale):
            return True
        v = e.value
        if v is None:
            return False
        # a count after a finished group; a scale word alone is one of it ("একাশি লাখ হাজার", 8,101,000)
        if self.current == 0 and v < self.last_scale and (self.total == 0 or v < 1000 or e.scale == v):
            self.current = self.last = v
            return True
        if 0 < v < self.current and self.current % 10 ** len(str(int(v))) == 0 and self.current < self.last_scale:
            self.current += v  # twenty + five, hundred + twenty
            self.last = v
            return True
        unit = self.current % 100
        if self.units_first and 0 < self.last == unit < 10 and 10 < v < 100 and v % 10 == 0:
            self.current += v
            self.last = v
            return True
        return False

    def _feed_scale_first(self, e: Entry) -> bool:
        """:meth:`feed` where a scale word comes before its count: "elfu mbili mia tatu" is 2,300, "elfu mia
        moja na arobaini" 140,000 (the count of a thousand is a number of its own, read by :attr:`sub`)."""
        s = e.scale
        if s is not None and s >= 1000 and self.current == 0 and (not self.pending_scale or self.sub is not None):
            if s >= self.last_scale:
                return False
            self._commit()
            self.pending_scale, self.last_scale, self.started = s, s, True
            return True
        if self.pending_scale >= 1000:
            sub = replace(self.sub) if self.sub is not None else Reader(scale_first=True, last_scale=1000.0)
            if sub.feed(e):
                self.sub = sub
                return True
            if self.sub is None or not self.sub.complete:
                return False
            self._commit()  # "elfu mbili | mia tatu", "elfu mia tatu, | hamsini"
        if s is not None and s >= 100 and self.current == 0 and not self.pending_scale:
            if s >= self.last_scale:
                return False
            self.pending_scale, self.last_scale, self.started = s, s, True
            return True
        v = e.value
        if v is None:
            return False
        if self.pending_scale:  # "mia tano": one unit counts the hundreds
            if v >= 10:
                return False
            self.total += v * self.pending_scale
            self.pending_scale = 0.0
            return True
        if not self.started or (self.current == 0 and v < self.last_scale):
            self.current = self.last = v
            self.started = True
            return True
        if 0 < v < self.current and self.current % 10 ** len(str(int(v))) == 0:
            self.current += v
            self.last = v
            return True
        return False

    def pause(self) -> None:
        """A comma between a scale-first number's words closes the scale group being counted: CLDR writes 20,001
        "elfu ishirini, moja" and 21,000 "elfu ishirini na moja"; read on, the one joined the twenty (21,000)."""
        if self.pending_scale >= 1000 and self.sub is not None and self.sub.complete:
            self._commit()

    def _commit(self) -> None:
        """Close the scale group being read (scale-first languages)."""
        if self.pending_scale:
            self.total += (self.sub.value if self.sub is not None else 1.0) * self.pending_scale
        self.pending_scale, self.sub = 0.0, None

    def _scale(self, s: float) -> bool:
        if s < 1000:  # hundred, Vietnamese/Indonesian tens ("hai mươi", "dua puluh")
            head = self.current - self.last
            if 0 < self.last < s and head % (s * 10) == 0 and self.current < self.last_scale:
                self.current = head + self.last * s
                self.last = self.last * s
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
        self.current, self.last, self.last_scale = 0.0, 0.0, s
        return True

    @property
    def complete(self) -> bool:
        """Whether the words read make a number ("साढ़े" alone does not)."""
        return self.started or (self.pending is not None and self.pending.value is not None)

    @property
    def value(self) -> float:
        if self.pending is not None:
            return self.total + (self.pending.value or 0.0)
        if self.pending_scale:
            return self.total + (self.sub.value if self.sub is not None else 1.0) * self.pending_scale + self.current
        return self.total + self.current


def read_value(entries: list[Entry], scale_first: bool = False) -> float | None:
    """The number a sequence of words makes, or None if they do not make one."""
    r = Reader(scale_first=scale_first)
    for e in entries:
        if e.connector:
            continue
        if not r.feed(e):
            return None
    return r.value if r.complete else None


def segment(w: str, entries: dict[str, Entry], i: int, reader: Reader) -> Reader | None:
    """A reading of ``w[i:]`` as lexicon words continuing ``reader`` (longest words tried first)."""
    if i == len(w):
        return reader if reader.complete else None
    for j in range(len(w), i + 1, -1):
        e = entries.get(w[i:j])
        if e is None or e.connector:
            continue
        nxt = replace(reader)
        if nxt.feed(e) and (done := segment(w, entries, j, nxt)) is not None:
            return done
    return None
