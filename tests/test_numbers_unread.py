"""Spelled numbers facing a language whose number words cannot be read, and Georgian scale words without
their nominative -ი: a user's correct translations of two short news items (council budget, earthquake),
flagged with the real bundled model."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.numbers import extract_quantities, quantities_differ
from align.numbers.lexicon import reads_number_words
from align.pipeline import align_and_flag
from align.readers import document_from_text

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> CachedEncoder:
    return CachedEncoder(get_encoder(), EmbeddingCache(tmp_path_factory.mktemp("emb") / "e.sqlite3"))


def test_which_languages_read_number_words() -> None:
    # Khmer, Burmese and Lao run words together: ICU's dictionary (PyICU, a dependency) cuts them; Mongolian is
    # spelled by align.numbers.mongolian (in neither num2words nor CLDR)
    assert all(map(reads_number_words, ("en", "ka", "th", "ja", "ru", "hy", "mn", "km", "my", "lo")))


@pytest.mark.parametrize(
    ("en", "other", "lang"),
    [
        ("Three people were injured.", "Гурван хүн гэмтсэн.", "mn"),
        ("Three people were injured.", "လူသုံးဦး ဒဏ်ရာရခဲ့သည်။", "my"),
        (
            "Engineers warned in March that two bridges were in poor condition.",
            "វិស្វករបានព្រមាននៅខែមីនាថា ស្ពានពីរស្ថិតក្នុងស្ថានភាពមិនល្អ។",
            "km",
        ),
    ],
)
def test_spelled_number_against_unreadable_words_is_no_mismatch(en: str, other: str, lang: str) -> None:
    assert not quantities_differ(en, "en", other, lang).mismatch
    assert not quantities_differ(other, lang, en, "en").mismatch


def test_digits_against_unreadable_words_still_mismatch() -> None:
    cmp = quantities_differ("The government sent 40 soldiers.", "en", "Засгийн газар 50 цэрэг илгээв.", "mn")
    assert [q.text for q in cmp.src_only] == ["40"] and [q.text for q in cmp.tgt_only] == ["50"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ბიუჯეტი 2 მილიონ დოლარს გამოყოფს.", 2e6),  # dative noun, scale without -ი
        ("2 მილიარდ ლარს", 2e9),
        ("5 ათას ლარს", 5000),  # "ათას" also joins "ორი ათას ხუთი": read as the scale it is
        ("ორი ათას ხუთი", 2005),
        ("45 მილიონი დოლარი", 45e6),
    ],
)
def test_georgian_scale_words_without_nominative(text: str, value: float) -> None:
    assert [sorted(q.readings) for q in extract_quantities(text, "ka")] == [[value]]


def test_georgian_changed_amount_still_mismatch() -> None:
    en = "The budget also sets aside 2 million dollars for repairing old bridges."
    assert not quantities_differ(en, "en", "ბიუჯეტი ასევე 2 მილიონ დოლარს გამოყოფს.", "ka").mismatch
    assert quantities_differ(en, "en", "ბიუჯეტი ასევე 3 მილიონ დოლარს გამოყოფს.", "ka").mismatch


@pytest.mark.parametrize(
    ("folder", "src", "tgt"),
    [
        ("council", "en", "km"),
        ("council", "km", "en"),
        ("council", "en", "ka"),
        ("council", "ka", "en"),
        ("quake", "en", "my"),
        ("quake", "en", "mn"),
        ("quake", "mn", "en"),
    ],
)
def test_correct_translations_have_no_number_mismatch(encoder: CachedEncoder, folder: str, src: str, tgt: str) -> None:
    docs = [
        document_from_text((DATA / folder / f"{lang}.txt").read_text(encoding="utf-8"), lang) for lang in (src, tgt)
    ]
    al = align_and_flag(docs[0], docs[1], encoder)
    notes = [f.message for fl in al.flags for f in fl if f.code == "number_mismatch"]
    assert notes == []


@pytest.mark.parametrize(
    ("en", "other", "lang", "mismatch"),
    [
        # digits against Khmer and Burmese number words inside a run of words: CLDR spells them, read soft
        (
            "Engineers warned that 2 bridges were in poor condition.",
            "វិស្វករព្រមានថា ស្ពានពីរស្ថិតក្នុងស្ថានភាពមិនល្អ។",
            "km",
            False,
        ),
        (
            "Engineers warned that 3 bridges were in poor condition.",
            "វិស្វករព្រមានថា ស្ពានពីរស្ថិតក្នុងស្ថានភាពមិនល្អ។",
            "km",
            True,
        ),
        ("7 people came.", "មនុស្សប្រាំពីរនាក់បានមក។", "km", False),  # ប្រាំពីរ (7), not ពីរ (2) inside it
        ("3 people were injured.", "လူသုံးဦး ဒဏ်ရာရခဲ့သည်။", "my", False),
        ("5 people were injured.", "လူသုံးဦး ဒဏ်ရာရခဲ့သည်။", "my", True),
    ],
)
def test_digits_against_number_words_inside_unsegmented_text(en: str, other: str, lang: str, mismatch: bool) -> None:
    assert quantities_differ(en, "en", other, lang).mismatch is mismatch
    assert quantities_differ(other, lang, en, "en").mismatch is mismatch
