"""Word frequencies behind the entity and untranslated checks, in every language the reader accepts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.entities import is_common_word, word_zipf


@pytest.mark.parametrize("lang", ["zh", "zh-Hans", "zh-Hant", "ja", "ko"])
def test_latin_words_in_cjk_languages_need_no_optional_tokenizer(lang: str) -> None:
    # wordfreq's own lookup imports jieba (not installed) for Chinese; a single word needs no tokenizer.
    assert not is_common_word("Altman", lang)
    assert word_zipf("OpenAI", lang) < word_zipf("the", lang)


def test_cjk_lookup_agrees_with_wordfreq_on_single_tokens() -> None:
    from wordfreq import zipf_frequency

    for word in ("the", "iphone", "app", "ok"):
        assert word_zipf(word, "ja") == zipf_frequency(word, "ja")


@pytest.mark.parametrize("lang", ["th", "lo", "km", "my", "xx"])
def test_languages_without_a_wordfreq_list_answer_zero_or_a_number(lang: str) -> None:
    assert word_zipf("altman", lang) >= 0.0  # no LookupError: wordfreq has no Thai list
    assert not is_common_word("Altman", lang)


def test_common_words_stay_common() -> None:
    assert is_common_word("molto", "it") and is_common_word("Berg", "de") and is_common_word("the", "en")


def test_english_left_in_a_thai_translation_is_flagged_untranslated() -> None:
    from align.flagging import FlagConfig, untranslated_flag

    src = "The company said the new research team will be led by Mark Chen."
    flag = untranslated_flag(src, src, "en", "th", FlagConfig())  # wordfreq has no Thai list: no LookupError
    assert flag is not None and flag.code == "untranslated"
    thai = "บริษัทระบุว่าทีมวิจัยชุดใหม่จะนำโดยมาร์ก เฉิน"
    assert untranslated_flag(src, thai, "en", "th", FlagConfig()) is None


@pytest.mark.parametrize(("lang", "file"), [("it", "it.txt"), ("ja", "ja.txt")])
def test_frequencies_are_wordfreqs_own_above_the_floor(lang: str, file: str) -> None:
    # word_zipf reads a cached table of the frequent words only (wordfreq indexes its whole list in every process);
    # every word of a real document, as written and lower-cased, gets wordfreq's value, or 0 below the floor.
    import re

    from conftest import SEED_PAIR
    from wordfreq import zipf_frequency

    from align.entities import ZIPF_FLOOR

    text = (SEED_PAIR / file).read_text(encoding="utf-8")
    words = set(re.findall(r"[^\W\d_]+|[A-Za-z0-9'’.-]+", text))
    words |= {w.lower() for w in words}
    if lang == "ja":  # wordfreq needs MeCab (not installed) for Japanese script; Latin words it looks up alone
        words = {w for w in words if re.fullmatch(r"[a-z]+", w)}
    assert len(words) > (20 if lang == "ja" else 300)
    for w in sorted(words):
        want = zipf_frequency(w, lang)
        assert word_zipf(w, lang) == (want if want >= ZIPF_FLOOR else 0.0), w


@given(st.text(alphabet=st.sampled_from("aeiourstnlmBKäöüß'-0123 "), min_size=1, max_size=12))
@settings(max_examples=300, deadline=None)
def test_any_string_gets_wordfreqs_value_above_the_floor(word: str) -> None:
    from wordfreq import zipf_frequency

    from align.entities import ZIPF_FLOOR

    want = zipf_frequency(word, "de")
    assert word_zipf(word, "de") == (want if want >= ZIPF_FLOOR else 0.0)
