"""A changed month is a changed date: "March" against "April", 四月, "в апреле" is reported as number_mismatch when
both sides name a month and the months differ; a month on one side only is not (a date left out or added), as
with ordinals and decades. Month names stay soft quantities: never read as numbers, never reported alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from align.flagging import flag_alignment
from align.numbers import extract_quantities, quantities_differ
from align.readers import document_from_text
from align.types import Alignment, Bead

_NEWS = Path(__file__).parent / "data" / "news"
_EN = "The summit took place in March 2023."
# The same sentence with March, and with April, in each language (genitive, prepositional, clitic forms and
# Han numerals included).
_SAME_AND_CHANGED = {
    "de": ("Der Gipfel fand im März 2023 statt.", "Der Gipfel fand im April 2023 statt."),
    "fr": ("Le sommet a eu lieu en mars 2023.", "Le sommet a eu lieu en avril 2023."),
    "ja": ("サミットは2023年三月に開催された。", "サミットは2023年四月に開催された。"),
    "zh": ("峰会于2023年三月举行。", "峰会于2023年四月举行。"),
    "ru": ("Саммит прошёл в марте 2023 года.", "Саммит прошёл в апреле 2023 года."),
    "ar": ("عقدت القمة في آذار 2023.", "عقدت القمة في نيسان 2023."),
    "el": ("Η σύνοδος έγινε τον Μάρτιο του 2023.", "Η σύνοδος έγινε τον Απρίλιο του 2023."),
}
#: A month is also written with digits in these: 3月, 3월, tháng 3 (CLDR's Vietnamese names write the number: its 4
#: was a count, so a changed month was reported as a stray 4).
_DIGIT_MONTHS = {
    "ja": ("サミットは2023年3月に開催された。", "サミットは2023年4月に開催された。"),
    "zh": ("峰会于2023年3月举行。", "峰会于2023年4月举行。"),
    "ko": ("정상회의는 2023년 3월에 열렸다.", "정상회의는 2023년 4월에 열렸다."),
    "vi": ("Hội nghị diễn ra vào tháng 3 năm 2023.", "Hội nghị diễn ra vào tháng 4 năm 2023."),
}


def _texts(q: list) -> list[str]:
    return [x.text for x in q]


@pytest.mark.parametrize("lang", sorted(_SAME_AND_CHANGED))
def test_a_changed_month_is_flagged_both_ways(lang: str) -> None:
    same, changed = _SAME_AND_CHANGED[lang]
    assert not quantities_differ(_EN, "en", same, lang).mismatch
    assert not quantities_differ(same, lang, _EN, "en").mismatch
    got = quantities_differ(_EN, "en", changed, lang)
    assert _texts(got.src_only) == ["March"]
    assert len(got.tgt_only) == 1 and got.tgt_only[0].readings == {4.0}
    back = quantities_differ(changed, lang, _EN, "en")
    assert _texts(back.tgt_only) == ["March"] and len(back.src_only) == 1


@pytest.mark.parametrize("lang", sorted(_DIGIT_MONTHS))
def test_a_month_in_digits_meets_a_month_name(lang: str) -> None:
    """3月 against "March" is clean; 4月 against it is reported with both months, not as a lone 4."""
    same, changed = _DIGIT_MONTHS[lang]
    assert not quantities_differ(_EN, "en", same, lang).mismatch
    got = quantities_differ(_EN, "en", changed, lang)
    assert _texts(got.src_only) == ["March"]
    assert _texts(got.tgt_only) in (["4月"], ["4월"], ["tháng 4"])


def test_the_other_names_of_a_month_are_the_same_month() -> None:
    """Arabic's two names of March (مارس, آذار), abbreviations beside a date, the Greek genitive."""
    for other, lang in [
        ("عقدت القمة في 14 مارس 2023.", "ar"),
        ("Der Gipfel fand am 14. Mär. 2023 statt.", "de"),
        ("Η σύνοδος έγινε στις 14 Μαρτίου 2023.", "el"),
    ]:
        assert not quantities_differ("The summit took place on 14 March 2023.", "en", other, lang).mismatch, other


def test_a_month_on_one_side_only_is_not_reported() -> None:
    for other, lang in [
        ("Der Gipfel fand 2023 statt.", "de"),
        ("Le sommet a eu lieu en 2023.", "fr"),
        ("峰会于2023年举行。", "zh"),
        ("Саммит прошёл в 2023 году.", "ru"),
    ]:
        assert not quantities_differ(_EN, "en", other, lang).mismatch, other
        assert not quantities_differ(other, lang, _EN, "en").mismatch, other


def test_day_and_month_swapped_is_flagged() -> None:
    """The months are matched with months first: the 3 and the 4 do not pair off with them."""
    got = quantities_differ("It opens on 3 April 2024.", "en", "Es öffnet am 4. März 2024.", "de")
    assert "April" in _texts(got.src_only) and "März" in _texts(got.tgt_only)


def test_a_lower_case_march_is_no_month_in_english() -> None:
    """The verb "march": English capitalises its months, so it names none (unless a digit dates it), and a month
    on the other side is on one side only."""
    assert not [q for q in extract_quantities("Thousands march through Paris.", "en") if q.kind == "month"]
    assert [q.readings for q in extract_quantities("on 3 march 2024", "en") if q.kind == "month"] == [{3.0}]
    assert not quantities_differ(
        "Thousands march through Paris.", "en", "Im Mai marschieren Tausende durch Paris.", "de"
    ).mismatch


def _bead_flags(src: str, src_lang: str, tgt: str, tgt_lang: str) -> list:
    al = Alignment(
        document_from_text(src, src_lang, presplit=True),
        document_from_text(tgt, tgt_lang, presplit=True),
        [Bead((0,), (0,), 0.9)],
    )
    return [f for f in flag_alignment(al)[0] if f.code == "number_mismatch"]


@pytest.mark.parametrize("lang", ["de", "fr", "ja", "zh", "ru", "ar", "el"])
def test_news_article_with_its_month_changed_is_flagged(lang: str) -> None:
    """The real news article (tests/data/news, sentence 4: "will open in April"): with March on the English side,
    the flag names both months."""
    en = (_NEWS / "en.txt").read_text(encoding="utf-8").splitlines()[3]
    tgt = (_NEWS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()[3]
    assert not _bead_flags(en, "en", tgt, lang)
    flags = _bead_flags(en.replace("April", "March"), "en", tgt, lang)
    assert len(flags) == 1
    assert flags[0].message.startswith("source only: March; target only: ")
    assert flags[0].weight == 0.8


_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]  # fmt: skip
_NEWS_LANGS = ["de", "fr", "ja", "zh", "ru", "ar", "el", "es", "it", "ko", "pt", "uk", "he", "hi", "id", "tr", "th"]


@settings(max_examples=60, deadline=None)
@given(month=st.integers(1, 12), lang=st.sampled_from(_NEWS_LANGS))
def test_property_news_month_flagged_iff_changed(month: int, lang: str) -> None:
    """The real article's April against any English month: flagged exactly when that month is not April."""
    en = (_NEWS / "en.txt").read_text(encoding="utf-8").splitlines()[3].replace("April", _MONTHS_EN[month - 1])
    tgt = (_NEWS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()[3]
    assert quantities_differ(en, "en", tgt, lang).mismatch == (month != 4)
    assert quantities_differ(tgt, lang, en, "en").mismatch == (month != 4)


_DATE_LANGS = ["en", "de", "fr", "ja", "zh", "ru", "ar", "el", "es", "it", "ko", "pl", "tr", "he"]


@settings(max_examples=80, deadline=None)
@given(
    m1=st.integers(1, 12),
    m2=st.integers(1, 12),
    day=st.integers(1, 28),
    src=st.sampled_from(_DATE_LANGS),
    tgt=st.sampled_from(_DATE_LANGS),
    width=st.sampled_from(["long", "full"]),
)
def test_property_dates_flagged_iff_months_differ(m1: int, m2: int, day: int, src: str, tgt: str, width: str) -> None:
    """A date as CLDR writes it in each language (babel), same day and year: flagged exactly when the months
    differ, whatever the day's number (3 March against 4 March's month is not the day)."""
    a = format_date(dt.date(2023, m1, day), width, locale=src)
    b = format_date(dt.date(2023, m2, day), width, locale=tgt)
    assert quantities_differ(a, src, b, tgt).mismatch == (m1 != m2), (a, b)


def test_a_number_after_a_vietnamese_month_word_is_the_month_and_before_it_a_count() -> None:
    # "tháng 4" is April; "4 tháng" is four months (a duration), "tháng 13" no month
    assert [(q.text, q.kind) for q in extract_quantities("Giá tăng 5% vào tháng 4, thg 12.", "vi")] == [
        ("5%", "percent"), ("tháng 4", "month"), ("thg 12", "month")
    ]  # fmt: skip
    assert [(q.value, q.kind) for q in extract_quantities("Dự án kéo dài 4 tháng.", "vi")] == [(4.0, "number")]
    assert [q.kind for q in extract_quantities("tháng 13", "vi")] == ["number"]
    changed = quantities_differ("Im April stiegen die Preise um 5 %.", "de", "Vào tháng 5, giá tăng 5%.", "vi")
    assert _texts(changed.src_only) == ["April"] and _texts(changed.tgt_only) == ["tháng 5"]


def test_a_mongolian_digit_month_with_a_case_ending_is_the_month() -> None:
    # "4-р сард" (in April, dative), "4-р сарын" (of April): CLDR writes "4-р сар"; with the ending the 4 was a count,
    # so an unchanged month against English "April" read "source only: 4", and a changed one was no month
    assert [(q.text, q.kind) for q in extract_quantities("Үйлдвэр 4-р сард нээгдэнэ, 4-р сарын 5-нд.", "mn")] == [
        ("4-р сард", "month"), ("4-р сарын", "month"), ("5", "number")
    ]  # fmt: skip
    assert not quantities_differ(
        "Анхны барилга 4-р сард нээгдэнэ.", "mn", "The first building opens in April.", "en"
    ).mismatch
    changed = quantities_differ("Анхны барилга 7-р сард нээгдэнэ.", "mn", "The first building opens in April.", "en")
    assert _texts(changed.src_only) == ["7-р сард"] and _texts(changed.tgt_only) == ["April"]
