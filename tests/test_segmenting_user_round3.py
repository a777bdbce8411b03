"""A user's round of splitting defects: company suffixes before a numeral, Thai lists numbered "ข้อ 1.", and the
abbreviations before a numeral that stay joined by decision ("11 a.m. 4 ministers", "2023 г. 12 человек")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.segmenting import split_sentences


def _texts(text: str, lang: str) -> list[str]:
    return [s.text for s in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "sentences",
    [
        ["Apple Inc. 17 employees were laid off on Monday.", "The company declined to comment."],
        ["Acme Ltd. 30 staff joined the strike.", "Talks resume on Friday."],
        ["Shares of Foo Corp. 12 % higher lifted the index.", "Bonds were flat."],
        ["Bar Co. 5 trucks were recalled.", "Nobody was hurt."],
    ],
)
def test_a_company_suffix_before_a_numeral_ends_no_sentence(sentences: list[str]) -> None:
    assert _texts(" ".join(sentences), "en") == sentences


@settings(max_examples=40, deadline=None)
@given(
    name=st.sampled_from(["Apple", "Acme", "Widgets", "Foo Bar"]),
    suffix=st.sampled_from(["Inc.", "Ltd.", "Corp.", "Co."]),
    n=st.integers(2, 9999),
)
def test_a_company_suffix_and_a_numeral_stay_together(name: str, suffix: str, n: int) -> None:
    """Invariant: "<name> <suffix> <n> ..." is one sentence, and a full stop after a plain word before the numeral
    still ends one ("this morning. 17 people")."""
    assert len(split_sentences(f"{name} {suffix} {n} workers went on strike.", "en")) == 1
    assert len(split_sentences(f"It happened this morning. {n} workers went on strike.", "en")) == 2


def test_lower_case_co_may_still_end_a_sentence() -> None:
    """Capitalised suffixes only: Polish "co." ('what') before a numeral is no abbreviation."""
    assert _texts("Nie wiem co. 3 osoby zostały ranne.", "pl") == ["Nie wiem co.", "3 osoby zostały ranne."]


#: Numbered lists whose numbers are named ("ข้อ 1." 'item 1', "ข้อที่", "ประการที่"): the sentence was cut once, before
#: the first item, as a bare "1." is not (the list goes with its sentence, see tests/test_segmenting.py THAI_LISTS).
THAI_LABELLED_LISTS = [
    [
        "รัฐบาลประกาศมาตรการใหม่ดังนี้ ข้อ 1. ลดภาษีสินค้านำเข้าร้อยละ 5 ข้อ 2. เพิ่มเงินช่วยเหลือเกษตรกร",
        "นายกรัฐมนตรีกล่าวว่ามาตรการจะเริ่มในเดือนมกราคม",
    ],
    ["ผู้สมัครต้องมีคุณสมบัติดังนี้ ข้อที่ 1. มีอายุไม่ต่ำกว่า 18 ปี ข้อที่ 2. มีสัญชาติไทย", "เจ้าหน้าที่จะติดต่อกลับภายใน 7 วัน"],
    ["ที่ประชุมมีมติดังนี้ ประการที่ 1) เลื่อนการเลือกตั้ง ประการที่ 2) ตั้งคณะกรรมการ", "รัฐบาลจะเริ่มเดือนหน้า"],
]


@pytest.mark.parametrize("sentences", THAI_LABELLED_LISTS, ids=range(len(THAI_LABELLED_LISTS)))
def test_a_thai_list_with_named_numbers_stays_in_its_sentence(sentences: list[str]) -> None:
    assert _texts(" ".join(sentences), "th") == sentences


@pytest.mark.parametrize(
    "sentences",
    [
        # "ข้อ 5" without a list number's full stop is 'article 5', which may start a sentence; "ข้อเสนอ" is 'proposal'
        ["รัฐบาลประกาศมาตรการใหม่เมื่อวานนี้", "ข้อ 5 ของสัญญาถูกแก้ไข"],
        ["รัฐบาลประกาศมาตรการใหม่เมื่อวานนี้", "ข้อเสนอของฝ่ายค้านถูกปฏิเสธ"],
    ],
)
def test_a_thai_item_word_without_a_list_number_may_start_a_sentence(sentences: list[str]) -> None:
    assert _texts(" ".join(sentences), "th") == sentences


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # CLDR's English suppressions list "a.m." and "P.M.": no sentence ends after them; and "At 11 a.m. 4 ministers
        # arrived." is one sentence as often as "The meeting began at 11 a.m. 4 ministers arrived." is two
        ("en", "The meeting began at 11 a.m. 4 ministers arrived late."),
        ("en", "At 11 a.m. 4 ministers arrived."),
        # Russian "г." (year) is mid-sentence before a count as a rule ("В 2023 г. 12 человек погибли", In 2023, 12
        # people died); single letters stay abbreviations ("p. 12", "z. B. 3")
        ("ru", "В 2023 г. 12 человек погибли."),
        ("ru", "Это случилось в 2023 г. 12 человек пострадали."),
        ("en", "See p. 12 for details."),
        ("de", "Siehe z. B. 3 Fälle."),
    ],
)
def test_single_letter_abbreviations_before_a_numeral_stay_joined(lang: str, text: str) -> None:
    """A decision, not a fix: these are ambiguous, and CLDR's data says no break after "a.m."."""
    assert _texts(text, lang) == [text]
