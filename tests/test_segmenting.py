"""Sentence splitting in scripts that end sentences without a full stop: Thai and Lao (a space),
Khmer (។ ៕) and Burmese (။), with or without a space after the mark."""

from __future__ import annotations

import itertools

import pytest
from conftest import THAI_NEWS
from hypothesis import given, settings
from hypothesis import strategies as st

from align.segmenting import split_sentences

LAO = [
    "ລັດຖະບານລາວປະກາດແຜນການສ້າງທາງລົດໄຟໃໝ່",
    "ທາງລົດໄຟນີ້ຈະເຊື່ອມຕໍ່ນະຄອນຫຼວງວຽງຈັນກັບແຂວງຫຼວງພະບາງ",
    "ໂຄງການນີ້ຈະໃຊ້ເວລາສາມປີ",
    "ປະຊາຊົນຫຼາຍຄົນດີໃຈກັບຂ່າວນີ້",
]
KHMER = [
    "រដ្ឋាភិបាលកម្ពុជាបានប្រកាសផែនការសាងសង់ផ្លូវថ្មី។",
    "ផ្លូវនេះនឹងភ្ជាប់រាជធានីភ្នំពេញទៅខេត្តសៀមរាប។",
    "គម្រោងនេះនឹងចំណាយពេលបីឆ្នាំ៕",
]
BURMESE = [
    "မြန်မာအစိုးရသည် လမ်းသစ်တစ်ခု ဆောက်လုပ်မည်ဟု ကြေညာခဲ့သည်။",
    "ဤလမ်းသည် ရန်ကုန်နှင့် မန္တလေးကို ဆက်သွယ်မည်။",
    "စီမံကိန်းသည် သုံးနှစ်ကြာမည်။",
]


def test_six_thai_sentences_on_one_line_are_split() -> None:
    text = " ".join(THAI_NEWS)
    segments = split_sentences(text, "th")
    assert all(text[s.start : s.end] == s.text for s in segments)
    # The CRF model may keep two short sentences together, but never cuts inside one.
    assert len(segments) >= 5
    ends = {len(" ".join(THAI_NEWS[: k + 1])) for k in range(len(THAI_NEWS))}
    assert {s.end for s in segments} <= ends


def test_thai_sentences_never_cross_paragraphs() -> None:
    text = " ".join(THAI_NEWS[:3]) + "\n\n" + " ".join(THAI_NEWS[3:]) + "\n"
    segments = split_sentences(text, "th")
    assert {s.paragraph for s in segments} == {0, 1}
    assert max(s.end for s in segments if s.paragraph == 0) == len(" ".join(THAI_NEWS[:3]))


def test_lao_sentences_end_at_spaces() -> None:
    assert [s.text for s in split_sentences(" ".join(LAO), "lo")] == LAO
    # Digits and Latin words between spaces are part of the sentence.
    mixed = "ໃນປີ 2024 ບໍລິສັດ Lao Telecom ມີລູກຄ້າໃໝ່ຫຼາຍ"
    assert [s.text for s in split_sentences(mixed, "lo")] == [mixed]


@pytest.mark.parametrize(("lang", "sentences"), [("km", KHMER), ("my", BURMESE)])
@pytest.mark.parametrize("joiner", [" ", "", "  "])
def test_khmer_and_burmese_sentence_marks_end_sentences(lang: str, sentences: list[str], joiner: str) -> None:
    assert [s.text for s in split_sentences(joiner.join(sentences), lang)] == sentences


_SCRIPT_TEXT = st.text(st.sampled_from(list("กขคงจฉัาิีุู่้ ຂຄງຈຊັາິີ ក ខ គ ។៕ ကခဂ ။၊ abc.?!。、「」 \n1")), max_size=200)


@settings(max_examples=150, deadline=None)
@given(text=_SCRIPT_TEXT, lang=st.sampled_from(["th", "lo", "km", "my", "ja", "en"]))
def test_segments_keep_every_character_in_order(text: str, lang: str) -> None:
    segments = split_sentences(text, lang)
    assert all(text[s.start : s.end] == s.text and s.text == s.text.strip() and s.text for s in segments)
    assert all(a.end <= b.start for a, b in itertools.pairwise(segments))
    assert "".join("".join(s.text.split()) for s in segments) == "".join(text.split())  # nothing lost
    assert all("\n" not in s.text for s in segments)
