"""Clock times compared by value: a full hour's ":00" and an hour with the locale's day period.

- "21:00" is the hour "9 p.m.", "21 Uhr", "klockan 21" and "21 hodin" write without minutes. A new user's library news
  item (Polish, Bulgarian, Amharic, Khmer against English "until 9 p.m.") was flagged "number_mismatch: target only:
  00" on every clean pair; the minutes were read as a firm 0.
- An hour with the locale's flexible day period after it ("pukul 9 malam", 9 at night, Malay; "ម៉ោង ៩ យប់", Khmer) is
  read on the 24-hour clock as "9 p.m." is: CLDR's day-period rules put "malam" at 19-24 h. The Malay item ("sehingga
  pukul 9 malam") read "source only: 21.00; target only: 9" against Dutch "tot 21.00 uur".

A changed time (21:00 against 21:30, 9 p.m. against 22:00) must still flag, and the full pair must come out clean end
to end.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.numbers import quantities_differ
from align.pipeline import align_and_flag
from align.readers import document_from_text

# Each case: a source, a faithful translation writing the hour with ":00" on one side only, and a changed time.
_FULL_HOURS = [
    ("en", "The library will stay open until 9 p.m. on weekdays.", "pl",
     "Biblioteka będzie czynna do godziny 21:00.", ("21:00", "22:00")),
    ("en", "The library will stay open until 9 p.m. on weekdays.", "bg",
     "Библиотеката ще работи до 21:00 часа.", ("21:00", "21:30")),
    ("en", "The library will stay open until 9 p.m. on weekdays.", "km",
     "បណ្ណាល័យនឹងបើករហូតដល់ម៉ោង ២១:០០ នៅថ្ងៃធ្វើការ។", ("២១:០០", "២២:០០")),
    ("en", "The shop opens at 21:00.", "de", "Der Laden öffnet um 21 Uhr.", ("21 Uhr", "22 Uhr")),
    ("en", "The train leaves at 10:00 sharp.", "ru", "Поезд отправляется ровно в 10 часов.", ("10 часов", "11 часов")),
    ("en", "The museum opens at 9:00 a.m.", "sv", "Museet öppnar klockan 9.", ("klockan 9", "klockan 10")),
    ("en", "The shop opens at 9 p.m.", "fr", "Le magasin ouvre à 21 h 00.", ("21 h 00", "21 h 30")),
    ("en", "The shop opens at 2 p.m.", "de", "Der Laden öffnet um 14.00 Uhr.", ("14.00", "14.30")),
]  # fmt: skip
# Each case: an hour with a day period on one side, the 24-hour clock on the other, and a changed hour.
_DAY_PERIODS = [
    ("ms", "Perpustakaan akan dibuka sehingga pukul 9 malam pada hari bekerja.", "nl",
     "De bibliotheek blijft op werkdagen open tot 21.00 uur.", ("pukul 9", "pukul 10")),
    ("ms", "Perpustakaan akan dibuka sehingga pukul 9 malam.", "de", "Die Bibliothek ist bis 21 Uhr geöffnet.",
     ("pukul 9", "pukul 8")),
    ("km", "បណ្ណាល័យនឹងបើករហូតដល់ម៉ោង ៩ យប់។", "en", "The library will stay open until 21:00.", ("៩", "១០")),
    ("ms", "Kami tiba pukul 7 pagi.", "en", "We arrived at 7:00.", ("pukul 7", "pukul 8")),
]  # fmt: skip


@pytest.mark.parametrize(("src_lang", "src", "tgt_lang", "tgt", "change"), _FULL_HOURS + _DAY_PERIODS)
def test_one_time_written_two_ways_matches_and_a_changed_one_flags(
    src_lang: str, src: str, tgt_lang: str, tgt: str, change: tuple[str, str]
) -> None:
    for a, la, b, lb in ((src, src_lang, tgt, tgt_lang), (tgt, tgt_lang, src, src_lang)):
        cmp = quantities_differ(a, la, b, lb)
        assert not cmp.mismatch, (a, b, cmp.src_only, cmp.tgt_only)
    old, new = change
    assert old in src or old in tgt
    assert quantities_differ(src.replace(old, new), src_lang, tgt.replace(old, new), tgt_lang).mismatch


@settings(max_examples=60, deadline=None)
@given(hour=st.integers(0, 23), minutes=st.integers(2, 59))
def test_minutes_other_than_zero_are_always_reported(hour: int, minutes: int) -> None:
    """Invariant: only ":00" is implicit; any other minutes facing the bare hour are a changed time (":01" is a lone
    1, never reported: articles make those unreliable)."""
    cmp = quantities_differ(f"It starts at {hour}:{minutes:02d}.", "en", f"Es beginnt um {hour} Uhr.", "de")
    assert [q.text for q in cmp.src_only] == [f"{minutes:02d}"]


@settings(max_examples=30, deadline=None)
@given(hour=st.integers(0, 23))
def test_full_hour_against_the_bare_hour_is_clean(hour: int) -> None:
    """Invariant: "H:00" and "H Uhr" are one time, and a different hour is still reported."""
    assert not quantities_differ(f"It starts at {hour}:00.", "en", f"Es beginnt um {hour} Uhr.", "de").mismatch
    other = (hour + 1) % 24
    assert quantities_differ(f"It starts at {hour}:00.", "en", f"Es beginnt um {other} Uhr.", "de").mismatch


_NEWS_EN = [
    "On Monday, 14 March, the mayor of Lakeport, Anna Berg, opened a new public library on Harbour Street.",
    "The building cost 12.5 million euros and took three years to build.",
    "It holds more than 85,000 books, including 4,000 in foreign languages.",
    "According to the city's survey, 62 percent of residents had asked for longer opening hours.",
    "The library will therefore stay open until 9 p.m. on weekdays.",
    "Entry is free, but a membership card costs 15 euros a year.",
]
_NEWS_PL = [
    "W poniedziałek 14 marca burmistrzyni Lakeport, Anna Berg, otworzyła nową bibliotekę publiczną przy Harbour "
    "Street.",
    "Budowa kosztowała 12,5 mln euro i trwała trzy lata.",
    "Księgozbiór liczy ponad 85 000 książek, w tym 4000 w językach obcych.",
    "Według miejskiej ankiety 62 procent mieszkańców prosiło o dłuższe godziny otwarcia.",
    "Dlatego w dni powszednie biblioteka będzie czynna do godziny 21:00.",
    "Wstęp jest bezpłatny, ale karta czytelnika kosztuje 15 euro rocznie.",
]


def test_polish_news_item_with_a_full_hour_is_clean_end_to_end(tmp_path: Path) -> None:
    encoder = CachedEncoder(get_encoder(), EmbeddingCache(tmp_path / "e.sqlite3"))
    src = document_from_text("\n".join(_NEWS_EN), "en", presplit=True)
    tgt = document_from_text("\n".join(_NEWS_PL), "pl", presplit=True)
    al = align_and_flag(src, tgt, encoder)
    assert [(b.src, b.tgt) for b in al.beads] == [((k,), (k,)) for k in range(6)]
    flags = {k: [f.message for f in fl] for k, fl in enumerate(al.flags or []) if fl}
    assert not flags, flags


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
