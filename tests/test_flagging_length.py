"""Length outliers of short sentences: a user's correct translations of an eight-sentence earthquake story
(Armenian, Mongolian), flagged with the real bundled model. "Experts warn of aftershocks." is 28 characters,
49 in Armenian and 56 in Mongolian; the document's spread (floored at 0.15 in log units) made ratios of
1.69 and 1.97 z = 4.1 and 3.8, an addition."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.flagging import flag_alignment
from align.length_noise import length_z
from align.pipeline import align_and_flag
from align.readers import document_from_text
from align.robust import robust_z
from align.types import Alignment, Bead

QUAKE = Path(__file__).resolve().parent / "data" / "quake"
#: sentence 7 of the Armenian translation, and the same with a clause added that the source does not have
_HY_7 = "Փորձագետները զգուշացնում են հետցնցումների մասին։"
_HY_7_ADDED = (
    "Փորձագետները զգուշացնում են հետցնցումների մասին, իսկ կառավարությունը խոստացել է մինչև տարվա վերջ "
    "վերականգնել բոլոր ավերված տներն ու դպրոցները։"
)


@pytest.fixture(scope="module")
def encoder(tmp_path_factory: pytest.TempPathFactory) -> CachedEncoder:
    return CachedEncoder(get_encoder(), EmbeddingCache(tmp_path_factory.mktemp("emb") / "e.sqlite3"))


def _length_flags(src: str, src_lang: str, tgt: str, tgt_lang: str, encoder: CachedEncoder) -> dict[int, list[str]]:
    al = align_and_flag(document_from_text(src, src_lang), document_from_text(tgt, tgt_lang), encoder)
    out = {}
    for k, fl in enumerate(al.flags):
        notes = [f.message for f in fl if f.code in ("addition", "omission")]
        if notes:
            out[k] = notes
    return out


def _text(lang: str) -> str:
    return (QUAKE / f"{lang}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("src", "tgt"), [("en", "hy"), ("hy", "en"), ("en", "mn"), ("mn", "en"), ("en", "my")])
def test_short_correct_sentences_are_no_length_outliers(encoder: CachedEncoder, src: str, tgt: str) -> None:
    assert _length_flags(_text(src), src, _text(tgt), tgt, encoder) == {}


def test_a_clause_added_to_a_short_sentence_is_still_an_addition(encoder: CachedEncoder) -> None:
    hy = _text("hy")
    assert _HY_7 in hy
    src = document_from_text(_text("en"), "en")
    tgt = document_from_text(hy.replace(_HY_7, _HY_7_ADDED), "hy")
    # the sentences one to one, as a reviewer's alignment pairs them (the aligner joins this one with the next)
    al = Alignment(src, tgt, [Bead((i,), (i,), 0.9) for i in range(len(src))])
    flags = flag_alignment(al, encoder.encode(src.texts), encoder.encode(tgt.texts))
    long = {k: [f.message for f in fl if f.code == "addition"] for k, fl in enumerate(flags)}
    assert {k: v for k, v in long.items() if v} == {6: [long[6][0]]} and "target unusually long" in long[6][0]


@settings(max_examples=200, deadline=None)
@given(
    src=st.lists(st.integers(1, 400), min_size=8, max_size=30),
    ratios=st.lists(st.floats(0.3, 3.0), min_size=30, max_size=30),
    wide=st.booleans(),
)
def test_property_long_sentences_keep_the_documents_spread(src: list[int], ratios: list[float], wide: bool) -> None:
    """A bead's z only ever shrinks, and not at all where its counting noise is below the document's spread
    (Han characters counting double)."""
    ls = np.array(src, float)
    lt = np.round(ls * np.array(ratios[: len(src)]))
    src_texts = ["a" * int(n) for n in ls]
    tgt_texts = [("字" if wide else "b") * int(n) for n in lt]
    log_ratio = np.log((lt + 1) / (ls + 1))
    mask = np.ones(len(src), bool)
    plain, noisy = robust_z(log_ratio, mask, 0.15), length_z(log_ratio, src_texts, tgt_texts, mask, 0.15)
    assert np.all(np.abs(noisy) <= np.abs(plain) + 1e-12)
    quiet = np.sqrt(1 / (ls + 1) + 1 / ((2 if wide else 1) * lt + 1)) <= 0.15
    assert np.allclose(noisy[quiet], plain[quiet])
