"""The language matrix: one short news item, written for this project in 20 languages across scripts,
aligned with the real bundled model in both directions, presplit and as running text.

Each translation is clean and sentence-parallel, so every pairing must give the six 1-1 beads in
order and no flag at all: a false flag on a clean pair is what sends a reviewer chasing nothing.
The texts are deliberately hostile to naive number reading (Vietnamese "năm" is both "year" and
"five", Chinese 周二 is "Tuesday", Arabic and Hebrew write "two weeks" as one dual word, Hindi
counts in crore, Korean and Japanese in 万/억) and write names in their own scripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.pipeline import align_and_flag
from align.readers import document_from_text
from align.types import Document, join_segments

NEWS = Path(__file__).resolve().parent / "data" / "news"
LANGS = sorted(p.stem for p in NEWS.glob("*.txt"))
OTHERS = [lang for lang in LANGS if lang != "en"]
#: Written without spaces between sentences (running text joins them directly).
_NO_SPACE = {"zh", "ja"}


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> CachedEncoder:
    return CachedEncoder(get_encoder(), EmbeddingCache(tmp_path_factory.mktemp("emb") / "e.sqlite3"))


def _sentences(lang: str) -> list[str]:
    return (NEWS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def _doc(lang: str, presplit: bool) -> Document:
    lines = _sentences(lang)
    text = "\n".join(lines) if presplit else ("" if lang in _NO_SPACE else " ").join(lines)
    return document_from_text(text, lang, presplit=presplit)


def test_matrix_has_the_languages_the_issue_names() -> None:
    need = {"zh", "ja", "ko", "th", "vi", "ar", "he", "hi", "ru", "uk", "el", "tr", "fi", "id", "pt", "es", "de"}
    assert need | {"fr", "it", "en"} <= set(LANGS)
    assert all(len(_sentences(lang)) == 6 for lang in LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_running_text_splits_into_the_six_sentences(lang: str) -> None:
    assert [s.text for s in _doc(lang, presplit=False).segments] == _sentences(lang)


def test_thai_running_text_is_split_at_all() -> None:
    """Six Thai sentences on one line used to be one segment."""
    segments = [s.text for s in _doc("th", presplit=False).segments]
    assert len(segments) >= 4
    assert "".join(segments).replace(" ", "") == "".join(_sentences("th")).replace(" ", "")


def test_thai_news_paragraphs_split_at_sentence_spaces_not_clause_spaces() -> None:
    """Three more Thai news paragraphs (clause spaces before และ/แต่/โดยเฉพาะ/ใน/ที่, numbers set off by spaces,
    names in Latin letters): crfcut got 5 of the 24 sentences (these and the item's) right and put up to 4 in one
    segment. Now all 18 come out whole, one sentence per segment (16 before 9519cfd)."""
    text = (NEWS.parent / "thai_news.txt").read_text(encoding="utf-8")
    blocks = [block.splitlines() for block in text.strip().split("\n\n")]
    assert sum(map(len, blocks)) == 18
    for sentences in blocks:
        assert [s.text for s in document_from_text(" ".join(sentences), "th").segments] == sentences


def _check_clean(src: str, tgt: str, presplit: bool, encoder: CachedEncoder) -> None:
    al = align_and_flag(_doc(src, presplit), _doc(tgt, presplit), encoder)
    beads = [(b.src, b.tgt) for b in al.beads]
    assert beads == [((k,), (k,)) for k in range(6)], f"{src}→{tgt}: {beads}"
    flags = {k: [(f.code, f.message) for f in fl] for k, fl in enumerate(al.flags or []) if fl}
    assert not flags, f"{src}→{tgt} flags on a clean pair: {flags}"


_MATRIX = [
    pytest.param(lang, presplit, id=f"{'presplit' if presplit else 'running'}-{lang}")
    for lang in OTHERS
    for presplit in (True, False)
]


@pytest.mark.parametrize(("lang", "presplit"), _MATRIX)
def test_english_to_language_is_clean(lang: str, presplit: bool, encoder: CachedEncoder) -> None:
    _check_clean("en", lang, presplit, encoder)


@pytest.mark.parametrize(("lang", "presplit"), _MATRIX)
def test_language_to_english_is_clean(lang: str, presplit: bool, encoder: CachedEncoder) -> None:
    _check_clean(lang, "en", presplit, encoder)


@pytest.mark.parametrize(
    ("src", "tgt"), [("ja", "it"), ("zh", "ar"), ("th", "ko"), ("ru", "el"), ("hi", "vi"), ("he", "tr"), ("fi", "id")]
)
def test_pairs_without_english_are_clean(src: str, tgt: str, encoder: CachedEncoder) -> None:
    _check_clean(src, tgt, True, encoder)


@pytest.mark.parametrize("lang", ["de", "ja", "ru", "th", "ar", "zh"])
@pytest.mark.parametrize("drop", [1, 3, 5])
@pytest.mark.parametrize("direction", ["from_en", "to_en"])
def test_dropped_translation_shows(lang: str, drop: int, direction: str, encoder: CachedEncoder) -> None:
    """One target sentence deleted: its source sentence must show, as a 1-0 bead or as an omission flag
    on the bead that absorbed it (it used to join a neighbour's bead at confidence 0.99, unflagged)."""
    src, tgt = ("en", lang) if direction == "from_en" else (lang, "en")
    kept = [t for k, t in enumerate(_sentences(tgt)) if k != drop]
    al = align_and_flag(_doc(src, True), document_from_text("\n".join(kept), tgt, presplit=True), encoder)
    shown = [
        (b.src, b.tgt, [f.code for f in fl])
        for b, fl in zip(al.beads, al.flags or [], strict=True)
        if drop in b.src and (not b.tgt or any(f.code == "omission" for f in fl))
    ]
    assert shown, [(b.src, b.tgt, [f.code for f in fl]) for b, fl in zip(al.beads, al.flags or [], strict=True)]


#: The orphan alone is 0.59 of the way from the pair's unrelated sentences to its translations (cosine 0.818 between
#: 0.766 and 0.854): past the halfway mark (FlagConfig.member_reencoded_apart) that keeps Khmer-Burmese merges clean.
_KO_FI = "a dropped translation whose orphan the model finds almost as near the target as a translation"


def _drop_and_align(
    src: str, tgt: str, drop: int, encoder: CachedEncoder
) -> list[tuple[tuple[int, ...], tuple[int, ...], list[str]]]:
    kept = [t for k, t in enumerate(_sentences(tgt)) if k != drop]
    al = align_and_flag(_doc(src, True), document_from_text("\n".join(kept), tgt, presplit=True), encoder)
    return [(b.src, b.tgt, [f.code for f in fl]) for b, fl in zip(al.beads, al.flags or [], strict=True)]


@pytest.mark.parametrize(
    ("src", "tgt", "drop"),
    [
        ("tr", "en", 4),
        ("ja", "ar", 5),
        ("th", "hi", 5),
        ("fi", "ar", 5),
        pytest.param("ko", "fi", 4, marks=pytest.mark.xfail(strict=True, reason=_KO_FI)),
        ("ar", "ko", 3),
        ("tr", "fi", 5),
    ],
)
def test_dropped_translation_shows_between_any_two_languages(
    src: str, tgt: str, drop: int, encoder: CachedEncoder
) -> None:
    """Pairs where the orphan hid in a 2-1 bead with no omission flag (the first five with no flag at all, the last
    two with only number_mismatch): summed sentence vectors share the model's common direction, so the orphan
    seemed to raise the bead's similarity. The bead's text encoded without it tells (or its quantities do)."""
    beads = _drop_and_align(src, tgt, drop, encoder)
    assert [b for b in beads if drop in b[0] and (not b[1] or "omission" in b[2])], beads


def test_two_sentences_translated_as_one_are_not_an_omission(encoder: CachedEncoder) -> None:
    """The other side of the test above: a genuine merge in a short document keeps its members."""
    de = _sentences("de")
    de[3:5] = [
        "Das erste Gebäude mit fünf Stockwerken soll im April eröffnet werden, doch Kritiker sagen, die Mieten im "
        "Zentrum seien zu schnell gestiegen."
    ]
    for src, tgt, src_doc, tgt_doc in (
        ("en", "de", _doc("en", True), document_from_text("\n".join(de), "de", presplit=True)),
        ("de", "en", document_from_text("\n".join(de), "de", presplit=True), _doc("en", True)),
    ):
        al = align_and_flag(src_doc, tgt_doc, encoder)
        merged = [(b, fl) for b, fl in zip(al.beads, al.flags, strict=True) if len(b.src) + len(b.tgt) == 3]
        assert len(merged) == 1, (src, tgt, al.beads)
        assert not merged[0][1], (src, tgt, merged)


@pytest.mark.parametrize("lang", LANGS)
def test_a_bead_of_several_sentences_reads_as_the_running_text(lang: str) -> None:
    """Segments of a bead are joined as the language writes sentences: Japanese and Chinese without a space
    (a space between 。 and the next sentence changed the text in CSV and TMX), the others with one."""
    text = _doc(lang, presplit=False).text
    for presplit in (False, True):
        doc = _doc(lang, presplit)
        assert join_segments(doc, tuple(range(len(doc.segments)))) == text
