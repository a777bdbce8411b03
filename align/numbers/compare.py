"""Matching the quantities of two texts by value."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from align.numbers.extract import extract_quantities
from align.numbers.quantity import Quantity

# Page, issue and volume numbers ("S. 81", "p. 80", "n° 293"): editions of one text paginate apart.
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:s|p|pp|nr|no|vol|bd|fasc|chap|art|abs)\.|\b(?:seite|seiten|page|pages|pagina|heft|nr|bd)\b|n°|§)\s*"
    r"(?:\d+\s*[-–/]\s*)?$",
    re.IGNORECASE,
)


def is_reference(q: Quantity, text: str) -> bool:
    """Whether ``q`` numbers a page, an issue, a volume or a section of ``text`` (NFKC-normalised
    offsets, as :func:`extract_quantities` gives them) rather than counting something."""
    t = unicodedata.normalize("NFKC", text)
    return bool(_REFERENCE_BEFORE.search(t[max(0, q.start - 16) : q.start]))


@dataclass(frozen=True)
class QuantityComparison:
    """Which quantities of each side found no equal-valued counterpart on the other."""

    src_only: list[Quantity]
    tgt_only: list[Quantity]

    @property
    def mismatch(self) -> bool:
        return bool(self.src_only or self.tgt_only)


def compare_quantities(src: Sequence[Quantity], tgt: Sequence[Quantity]) -> QuantityComparison:
    """Match quantities one-to-one by shared reading (maximum bipartite matching; the lists are short).

    Lone 1s and soft quantities left unmatched are not reported (see :attr:`Quantity.reportable`).
    Ordinals are matched with ordinals first ("second" with "2つ目"), so that an ordinal takes a
    cardinal's partner only when no ordinal wants it ("a second plan in two weeks" against "2週間後に
    2つ目の計画": 2 with two); then firm quantities, so an implied amount never takes the partner of a
    written one.
    """
    match_of_tgt: dict[int, int] = {}

    def augment(i: int, order: list[int], seen: set[int]) -> bool:
        for j in order:
            q = tgt[j]
            if j in seen or not (src[i].readings & q.readings):
                continue
            seen.add(j)
            if j not in match_of_tgt or augment(match_of_tgt[j], order, seen):
                match_of_tgt[j] = i
                return True
        return False

    tgt_ordinals = [j for j, q in enumerate(tgt) if q.kind == "ordinal"]
    for i, q in enumerate(src):
        if q.kind == "ordinal":
            augment(i, tgt_ordinals, set())
    tgt_order = sorted(range(len(tgt)), key=lambda j: tgt[j].soft)
    matched = set(match_of_tgt.values())
    for i in sorted(range(len(src)), key=lambda i: src[i].soft):
        if i not in matched:
            augment(i, tgt_order, set())
    matched_src = set(match_of_tgt.values())
    return QuantityComparison(
        src_only=[q for i, q in enumerate(src) if i not in matched_src and q.reportable],
        tgt_only=[q for j, q in enumerate(tgt) if j not in match_of_tgt and q.reportable],
    )


def quantities_differ(src_text: str, src_lang: str, tgt_text: str, tgt_lang: str) -> QuantityComparison:
    """Compare the quantities of two texts by value (see :func:`compare_quantities`)."""
    return compare_quantities(extract_quantities(src_text, src_lang), extract_quantities(tgt_text, tgt_lang))
