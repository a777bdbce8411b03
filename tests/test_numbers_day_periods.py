"""An hour with the locale's flexible day period after it ("pukul 9 malam", 9 at night, Malay; "ម៉ោង ៩ យប់", Khmer)
is read on the 24-hour clock as "9 p.m." is: CLDR's day-period rules put "malam" at 19-24 h. A new user's Malay news
item ("sehingga pukul 9 malam") read "source only: 21.00; target only: 9" against Dutch "tot 21.00 uur".
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.numbers import quantities_differ

_PAIRS = [
    ("ms", "Perpustakaan akan dibuka sehingga pukul 9 malam pada hari bekerja.", "nl",
     "De bibliotheek blijft op werkdagen open tot 21.00 uur.", ("pukul 9", "pukul 10")),
    ("ms", "Perpustakaan akan dibuka sehingga pukul 9 malam.", "de", "Die Bibliothek ist bis 21 Uhr geöffnet.",
     ("pukul 9", "pukul 8")),
    ("km", "បណ្ណាល័យនឹងបើករហូតដល់ម៉ោង ៩ យប់។", "en", "The library will stay open until 21:00.", ("៩", "១០")),
    ("ms", "Kami tiba pukul 7 pagi.", "en", "We arrived at 7:00.", ("pukul 7", "pukul 8")),
]  # fmt: skip


@pytest.mark.parametrize(("src_lang", "src", "tgt_lang", "tgt", "change"), _PAIRS)
def test_hour_with_a_day_period_matches_the_24_hour_clock(
    src_lang: str, src: str, tgt_lang: str, tgt: str, change: tuple[str, str]
) -> None:
    for a, la, b, lb in ((src, src_lang, tgt, tgt_lang), (tgt, tgt_lang, src, src_lang)):
        cmp = quantities_differ(a, la, b, lb)
        assert not cmp.mismatch, (a, b, cmp.src_only, cmp.tgt_only)
    old, new = change
    assert old in src
    assert quantities_differ(src.replace(old, new), src_lang, tgt, tgt_lang).mismatch


def test_a_count_of_nights_keeps_its_number() -> None:
    assert not quantities_differ("Mereka menginap 3 malam.", "ms", "They stayed 3 nights.", "en").mismatch
    assert quantities_differ("Mereka menginap 3 malam.", "ms", "They stayed 4 nights.", "en").mismatch


@settings(max_examples=40, deadline=None)
@given(hour=st.integers(7, 11))
def test_malay_night_hours_are_the_evening_on_the_24_hour_clock(hour: int) -> None:
    """Invariant: "pukul H malam" is H + 12 h (and H as written), no other hour."""
    ms = f"Acara bermula pukul {hour} malam."
    assert not quantities_differ(ms, "ms", f"Die Feier beginnt um {hour + 12} Uhr.", "de").mismatch
    assert quantities_differ(ms, "ms", f"Die Feier beginnt um {hour + 11} Uhr.", "de").mismatch
