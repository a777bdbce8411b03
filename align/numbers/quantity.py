"""The value type every extractor returns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quantity:
    """A number found in a text: the values it may denote and where it was found."""

    text: str
    readings: frozenset[float]
    start: int
    end: int
    #: "number", "percent", "month", "word" (spelled out), "ordinal" (soft, see :mod:`.ordinals`) or "decade"
    #: (soft: 70年代, "the seventies").
    kind: str = "number"
    #: The most likely reading (the locale's); NaN when not given.
    value: float = float("nan")
    #: Implied rather than written as a number ("un siècle", "beide", "zehntägig", Roman "II",
    #: a repeated month name): it may match a number on the other side, but is never reported
    #: unmatched, because translators often leave such amounts implicit or write them another way.
    soft: bool = False

    @property
    def is_lone_one(self) -> bool:
        """A bare 1: articles (un, ein, a) and 一つ make it too unreliable to report when unmatched."""
        return self.readings == frozenset({1.0})

    @property
    def reportable(self) -> bool:
        """Whether an unmatched occurrence is evidence of a changed quantity."""
        return not self.soft and not self.is_lone_one


def round_value(x: float) -> float:
    """Values compared to 9 significant digits: 3.4 × 10**9 computed two ways must be equal."""
    return float(f"{x:.9g}")


def single(text: str, value: float, start: int, end: int, kind: str = "number", soft: bool = False) -> Quantity:
    """A quantity with one reading."""
    v = round_value(value)
    return Quantity(text, frozenset({v}), start, end, kind, v, soft)
