"""Per cent written as "per hundred", the hundred with a preposition's clitic after the number: Amharic "62 በመቶ"
(በ + መቶ), Arabic "62 بالمائة". A new user's Amharic library news item read "number_mismatch: target only: በመቶ"
against "62 percent": the word was taken for a hundred. A hundred that is one ("መቶ ዓመታት", "በመቶ ዓመታት" without a
number before it: in a hundred years) still is.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from align.numbers import extract_quantities, quantities_differ


def test_amharic_percentage_against_english_is_clean_and_a_change_flags() -> None:
    en = "According to the city's survey, 62 percent of residents had asked for longer opening hours."
    am = "በከተማው የዳሰሳ ጥናት መሠረት 62 በመቶ የሚሆኑት ነዋሪዎች የሥራ ሰዓቱ እንዲራዘም ጠይቀው ነበር።"
    for a, la, b, lb in ((en, "en", am, "am"), (am, "am", en, "en")):
        cmp = quantities_differ(a, la, b, lb)
        assert not cmp.mismatch, (cmp.src_only, cmp.tgt_only)
    cmp = quantities_differ(en, "en", am.replace("62", "26"), "am")
    assert [q.text for q in cmp.src_only] == ["62 percent"] and [q.text for q in cmp.tgt_only] == ["26 በመቶ"]


def test_arabic_per_hundred_is_a_percentage() -> None:
    assert [(q.kind, q.readings) for q in extract_quantities("62 بالمائة من السكان", "ar")] == [
        ("percent", frozenset({62.0}))
    ]


def test_a_hundred_without_a_number_before_it_stays_a_hundred() -> None:
    for text in ("መቶ ዓመታት", "በመቶ ዓመታት"):
        assert [q.readings for q in extract_quantities(text, "am")] == [frozenset({100.0})]
    assert quantities_differ("in a hundred years", "en", "በመቶ ዓመታት", "am").mismatch is False
    assert quantities_differ("in two hundred years", "en", "በመቶ ዓመታት", "am").mismatch


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 99))
def test_any_amharic_percentage_matches_its_english_one_and_no_other(n: int) -> None:
    """Invariant: "N በመቶ" is N per cent, never N and a hundred."""
    assert not quantities_differ(f"{n} percent of voters", "en", f"{n} በመቶ መራጮች", "am").mismatch
    assert quantities_differ(f"{n + 1} percent of voters", "en", f"{n} በመቶ መራጮች", "am").mismatch
