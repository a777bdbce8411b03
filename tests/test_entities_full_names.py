"""A full name replaced by another in a script without capitals (Bengali, Persian, Georgian): a user's correct
translations of a council budget story, with "Peter Novak" put back as John Smith, flagged with the real
bundled model. Bengali জন and স্মিথ, Persian جان and اسمیت are common words there, so no name candidates, and
Georgian was not matched by sound at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.entities import EntityContext, extract_entities, script_of
from align.pipeline import align_and_flag
from align.readers import document_from_text

COUNCIL = Path(__file__).resolve().parent / "data" / "council"
#: Peter Novak as each translation writes him, and the name the planted copy puts in his place
SWAPS = {"bn": ("পিটার নোভাক", "জন স্মিথ"), "fa": ("پیتر نواک", "جان اسمیت"), "ka": ("პიტერ ნოვაკმა", "ჯონ სმიტმა")}


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> CachedEncoder:
    return CachedEncoder(get_encoder(), EmbeddingCache(tmp_path_factory.mktemp("emb") / "e.sqlite3"))


def _texts(lang: str, planted: bool = False) -> str:
    text = (COUNCIL / f"{lang}.txt").read_text(encoding="utf-8")
    if planted:
        old, new = SWAPS[lang]
        assert old in text
        text = text.replace(old, new)
    return text


def _entity_notes(src: str, src_lang: str, tgt: str, tgt_lang: str, encoder: CachedEncoder) -> list[str]:
    al = align_and_flag(document_from_text(src, src_lang), document_from_text(tgt, tgt_lang), encoder)
    return [f.message for fl in al.flags for f in fl if f.code == "entity_mismatch"]


@pytest.mark.parametrize("lang", sorted(SWAPS))
def test_replaced_full_name_is_flagged_both_ways(encoder: CachedEncoder, lang: str) -> None:
    en, planted = _texts("en"), _texts(lang, planted=True)
    assert any("Novak" in n for n in _entity_notes(en, "en", planted, lang, encoder))
    assert any("Novak" in n for n in _entity_notes(planted, lang, en, "en", encoder))


@pytest.mark.parametrize("lang", sorted(SWAPS))
def test_correct_translation_has_no_entity_flag(encoder: CachedEncoder, lang: str) -> None:
    en, xx = _texts("en"), _texts(lang)
    assert _entity_notes(en, "en", xx, lang, encoder) == []
    assert _entity_notes(xx, lang, en, "en", encoder) == []


def test_georgian_names_are_matched_by_sound_with_their_case_endings() -> None:
    en = document_from_text(_texts("en"), "en").texts
    ka = document_from_text(_texts("ka"), "ka").texts
    assert script_of("ნოვაკმა") == "Geor"
    ctx = EntityContext.of(en, "en", ka, "ka")
    # Kowalski / კოვალსკიმ (ergative), Riverton / რივერტონის (genitive)
    for i in (0, 1):
        assert not ctx.compare(en[i], ka[i]).mismatch
    # ... and a name dropped from a Georgian sentence is missing there
    cmp = ctx.compare(en[1], ka[1].replace("ანა კოვალსკიმ", "ქალბატონმა"))
    assert [e.text for e in cmp.src_only] == ["Kowalski"]


def test_georgian_number_words_are_no_names() -> None:
    # Georgian has no word list to tell vocabulary from names; მილიონი (m-l-n) sounds like Moreno
    assert [e.text for e in extract_entities("ბიუჯეტი 45 მილიონი დოლარია", "ka")] == ["ბიუჯეტი", "დოლარია"]
