"""A user's round of false and missed number_mismatch flags: German peak-class nouns, the Chinese counter 支,
Amharic ሃምሳ (50), and decades written in words ("the seventies") against Chinese 年代."""

from __future__ import annotations

import num2words
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.numbers import extract_quantities, quantities_differ

# Each case: a source, a faithful translation, and one amount of either changed (which must flag).
_PAIRS = [
    # a -tausender names a mountain: the French may say "un 8000" or nothing of the kind
    ("de", "Er bestieg 1978 seinen ersten Achttausender.", "fr", "Il a gravi son premier 8000 en 1978.",
     ("8000", "7000")),
    ("de", "Er bestieg 1978 seinen ersten Achttausender.", "fr", "En 1978, il a gravi son premier sommet himalayen.",
     ("1978", "1979")),
    ("de", "Die Alpen haben 82 Viertausender und viele Dreitausender.", "en",
     "The Alps have 82 peaks above 4000 metres and many lower ones.", ("82", "83")),
    # 支 counts bands, teams, pens, troops: 两支乐队 is two bands
    ("zh", "两支乐队参加了比赛。", "en", "Two bands took part in the contest.", ("两支", "三支")),
    ("zh", "三支球队晋级。", "en", "Three teams advanced.", ("三支", "四支")),
    # Amharic writes 50 ሃምሳ or ሀምሳ beside the data's አምሳ
    ("am", "ሃምሳ ሰዎች መጡ።", "en", "Fifty people came.", ("ሃምሳ", "አርባ")),
    ("am", "ሀምሳ አምስት ብር ከፈለ።", "en", "He paid fifty-five birr.", ("አምስት", "ስድስት")),
    # the seventies in words against 七十年代 / 70年代
    ("en", "It was popular in the seventies.", "zh", "它在七十年代很流行。", ("七十", "八十")),
    ("en", "It was popular in the seventies.", "zh", "它在70年代很流行。", ("70年代", "80年代")),
    ("en", "It was popular in the nineteen-seventies.", "zh", "它在上世纪七十年代很流行。", ("七十", "八十")),
    ("en", "It was popular in the 1970s.", "zh", "它在七十年代很流行。", ("七十", "八十")),
]  # fmt: skip


@pytest.mark.parametrize(("src_lang", "src", "tgt_lang", "tgt", "change"), _PAIRS)
def test_clean_both_ways_and_a_change_is_flagged(
    src_lang: str, src: str, tgt_lang: str, tgt: str, change: tuple[str, str]
) -> None:
    assert not quantities_differ(src, src_lang, tgt, tgt_lang).mismatch
    assert not quantities_differ(tgt, tgt_lang, src, src_lang).mismatch
    if change[0] in tgt:
        changed = tgt.replace(*change)
        assert quantities_differ(src, src_lang, changed, tgt_lang).mismatch
    else:
        changed = src.replace(*change)
        assert changed != src
        assert quantities_differ(changed, src_lang, tgt, tgt_lang).mismatch


def test_a_tausender_is_soft_but_matches_its_thousands() -> None:
    (q,) = extract_quantities("ein Achttausender", "de")
    assert q.soft and q.readings == {8000.0}
    # alone it is never reported; against another number that number still is
    assert not quantities_differ("der dritte Achttausender", "de", "le troisième sommet", "fr").mismatch
    cmp = quantities_differ("der dritte Achttausender", "de", "le troisième « 7000 »", "fr")
    assert cmp.src_only == [] and [q.text for q in cmp.tgt_only] == ["7000"]


def test_zhi_is_a_counter_but_not_in_support_or_payment() -> None:
    assert [q.value for q in extract_quantities("两支乐队", "zh")] == [2.0]
    assert [q.value for q in extract_quantities("他们派出了十二支队伍。", "zh")] == [12.0]
    assert extract_quantities("统一支付平台上线。", "zh") == []  # 统一 'unified', 支付 'payment'


def test_decades_on_both_sides_that_differ_are_flagged() -> None:
    """Decades are soft (a translation may leave one out), but two decades left on both sides disagree."""
    cmp = quantities_differ("It was popular in the seventies.", "en", "它在八十年代很流行。", "zh")
    assert [q.text for q in cmp.src_only] == ["seventies"] and [q.text for q in cmp.tgt_only] == ["八十年代"]
    assert not quantities_differ("It was popular back then.", "en", "它在八十年代很流行。", "zh").mismatch
    assert not quantities_differ("It was popular in the seventies.", "en", "它当时很流行。", "zh").mismatch
    # an age ("in her seventies") matches a count of years
    assert not quantities_differ("She is in her seventies.", "en", "她七十多岁了。", "zh").mismatch


_DECADES = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]


@settings(max_examples=60, deadline=None)
@given(d=st.integers(2, 9), e=st.integers(2, 9), han=st.booleans())
def test_decade_words_match_the_same_decade_and_flag_another(d: int, e: int, han: bool) -> None:
    """Invariant: "the Xties" against X0年代 (digits or Han numerals) is clean exactly when the decades agree."""
    zh = f"{'二三四五六七八九'[e - 2] + '十' if han else e * 10}年代"
    en = f"In the {_DECADES[d - 2]} it grew."
    assert quantities_differ(en, "en", f"它在{zh}发展了。", "zh").mismatch == (d != e)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(50, 59), prefix=st.sampled_from(["", "ከ", "በ", "ለ"]), spelling=st.sampled_from(["ሃምሳ", "ሀምሳ"]))
def test_amharic_fifty_reads_in_every_spelling(n: int, prefix: str, spelling: str) -> None:
    """Invariant: num2words' spelling of 50–59 with 50 written ሃምሳ or ሀምሳ reads back the same number."""
    spelled = num2words.num2words(n, lang="am").replace("አምሳ", spelling)
    assert spelled != num2words.num2words(n, lang="am")
    assert [q.value for q in extract_quantities(f"{prefix}{spelled} ሰዎች", "am")] == [n], spelled


def test_a_decade_in_words_gives_the_aligner_the_key_of_its_han_form() -> None:
    """The aligner credits a shared number by its value: "the seventies" and 七十年代 share one."""
    from align.aligning.lexical import quantity_keys

    assert quantity_keys("in the seventies", "en") == quantity_keys("七十年代", "zh")
    assert quantity_keys("in the nineteen-seventies", "en") == quantity_keys("上世纪七十年代", "zh")
