"""Matching the quantities of two texts by value."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from align.langid import base_language
from align.numbers.digits import normalised
from align.numbers.extract import extract_quantities
from align.numbers.lexicon import reads_number_words
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


#: Soft kinds reported when both sides have one left over (see :func:`_reported`).
_BOTH_SIDES = ("ordinal", "decade", "month")
#: Soft kinds matched with their own kind before any other quantity (see :func:`_unmatched`).
_FIRST_MATCHED = ("ordinal", "month")


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

    Lone 1s and soft quantities left unmatched are not reported (see :attr:`Quantity.reportable`), nor
    ordinals unless the other side has an ordinal left too. Ordinals are matched with ordinals first
    ("second" with "2つ目"), so that an ordinal takes a cardinal's partner only when no ordinal wants it
    ("a second plan in two weeks" against "2週間後に2つ目の計画": 2 with two), and never when ordinals
    are left on both sides; then firm quantities, so an implied amount never takes the partner of a
    written one. Month names are matched with month names first, as ordinals are: "3 April" against
    "4. März" is a changed date, not a 3 and a 4 that the months happen to match.
    """
    return _reported(*_unmatched(src, tgt))


def _reported(src_left: list[Quantity], tgt_left: list[Quantity]) -> QuantityComparison:
    """The unmatched quantities worth reporting: the reportable ones, and ordinals when both sides have
    one left ("second" against "4つ目" is a changed rank; "second" against nothing is a rephrasing); so
    decades ("the seventies" against 八十年代 is a changed decade; against nothing, one left implicit) and month
    names ("March" against "April", 四月, "в апреле" is a changed date; against nothing, a date left out)."""
    both = {k for k in _BOTH_SIDES if any(q.kind == k for q in src_left) and any(q.kind == k for q in tgt_left)}

    def shown(q: Quantity) -> bool:
        return q.reportable or q.kind in both

    return QuantityComparison([q for q in src_left if shown(q)], [q for q in tgt_left if shown(q)])


def _unmatched(src: Sequence[Quantity], tgt: Sequence[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """The quantities of each side that the matching of :func:`compare_quantities` leaves alone."""
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

    differ: set[str] = set()
    for kind in _FIRST_MATCHED:
        tgt_of_kind = [j for j, q in enumerate(tgt) if q.kind == kind]
        for i, q in enumerate(src):
            if q.kind == kind:
                augment(i, tgt_of_kind, set())
        matched = set(match_of_tgt.values())
        # ordinals left on both sides disagree ("second" against "4つ目"), months too ("3 April" against "4. März"):
        # they take no cardinal's partner
        if any(q.kind == kind and i not in matched for i, q in enumerate(src)) and any(
            j not in match_of_tgt for j in tgt_of_kind
        ):
            differ.add(kind)
    matched = set(match_of_tgt.values())
    tgt_order = sorted((j for j in range(len(tgt)) if tgt[j].kind not in differ), key=lambda j: tgt[j].soft)
    for i in sorted(range(len(src)), key=lambda i: src[i].soft):
        if i not in matched and src[i].kind not in differ:
            augment(i, tgt_order, set())
    matched_src = set(match_of_tgt.values())
    return [q for i, q in enumerate(src) if i not in matched_src], [
        q for j, q in enumerate(tgt) if j not in match_of_tgt
    ]


def quantities_differ(
    src_text: str,
    src_lang: str,
    tgt_text: str,
    tgt_lang: str,
    src_found: Sequence[Quantity] | None = None,
    tgt_found: Sequence[Quantity] | None = None,
) -> QuantityComparison:
    """Compare the quantities of two texts by value (see :func:`compare_quantities`). ``src_found`` /
    ``tgt_found``: what :func:`extract_quantities` gives for that side's text, where the caller has it already.

    A 2 left alone on one side is not reported against a language with a dual whose every quantity
    found a partner: "in two weeks" is one word in Arabic and Hebrew (أسبوعين, שבועיים), with no number
    to match. A quantity left over there, soft ones included, makes the 2 a changed amount again.
    """
    src_q = extract_quantities(src_text, src_lang) if src_found is None else src_found
    tgt_q = extract_quantities(tgt_text, tgt_lang) if tgt_found is None else tgt_found
    src_left, tgt_left = _unmatched(src_q, tgt_q)
    cmp = _reported(src_left, tgt_left)
    if not (reads_number_words(src_lang) and reads_number_words(tgt_lang)):
        cmp = _unread_words_dropped(cmp, src_lang, tgt_lang)
    if _dual_says_two(cmp.src_only, tgt_left, tgt_lang) or _dual_says_two(cmp.tgt_only, src_left, src_lang):
        return QuantityComparison([], [])
    return QuantityComparison(_as_written(cmp.src_only, src_text), _as_written(cmp.tgt_only, tgt_text))


def _as_written(found: list[Quantity], text: str) -> list[Quantity]:
    """``found`` with each quantity's text as ``text`` writes it: quantities are read from the text with every
    script's digits as ASCII digits, and a note quoting "250 លាន" for ២៥០ លាន, "250" for ۲۵۰, is not what a
    reviewer can search for. Where normalisation moved the offsets (NFKC expanded a character before it), the
    read form stays."""
    out = []
    for q in found:
        written = text[q.start : q.end]
        out.append(replace(q, text=written) if written != q.text and normalised(written) == q.text else q)
    return out


def _unread_words_dropped(cmp: QuantityComparison, src_lang: str, tgt_lang: str) -> QuantityComparison:
    """``cmp`` less the spelled-out numbers facing a language whose number words cannot be read (see
    :func:`reads_number_words`): "three" against Mongolian "Гурван" is no evidence; digits still are."""
    src_only = cmp.src_only if reads_number_words(tgt_lang) else [q for q in cmp.src_only if q.kind != "word"]
    tgt_only = cmp.tgt_only if reads_number_words(src_lang) else [q for q in cmp.tgt_only if q.kind != "word"]
    return QuantityComparison(src_only, tgt_only)


def _dual_says_two(reported: list[Quantity], other_left: list[Quantity], other_lang: str) -> bool:
    """Whether the only quantities reported on one side are 2s that the other side's dual may say."""
    return (
        bool(reported)
        and all(map(_two, reported))
        and not any(not q.is_lone_one for q in other_left)
        and has_dual(other_lang)
    )


def _two(q: Quantity) -> bool:
    return q.readings == frozenset({2.0}) and q.kind in ("number", "word")


@lru_cache(maxsize=256)
def has_dual(lang: str) -> bool:
    """Whether ``lang`` writes two of a thing with a dual form of the noun: its CLDR plural rules have
    a "two" category (Arabic, Hebrew, Slovenian, Sorbian, Irish, Welsh, Maltese, Sami …)."""
    from babel import Locale, UnknownLocaleError

    try:
        return "two" in Locale.parse(base_language(lang)).plural_form.tags
    except (UnknownLocaleError, ValueError, KeyError):
        return False
