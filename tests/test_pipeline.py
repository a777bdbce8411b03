"""Align + flag as one job: memory linear in the documents, every sentence encoded once.

Real documents (Text+Berg test4, presplit, whose lines all end in spaces) and the real bundled model.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from conftest import TEXT_BERG
from hypothesis import given, settings
from hypothesis import strategies as st

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import Encoder, get_encoder
from align.flagging import flag_alignment
from align.pipeline import align_and_flag, flags_for
from align.readers import document_from_text, read_document
from align.relatedness import bead_similarities
from align.types import Alignment, Bead, Document

needs_text_berg = pytest.mark.skipif(not (TEXT_BERG / "test4.gold").exists(), reason="Text+Berg data not present")


class CountingEncoder(Encoder):
    """The real encoder, counting what is asked of it: each call's texts."""

    def __init__(self, inner: Encoder) -> None:
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.calls: list[list[str]] = []

    @property
    def cache_id(self) -> str:
        return self.inner.cache_id

    def _embed(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - encode() is overridden
        raise NotImplementedError

    def encode(self, texts: Sequence[str], *, progress: bool = False, desc: str = "encoding") -> np.ndarray:
        self.calls.append(list(texts))
        return self.inner.encode(texts, progress=progress, desc=desc)


@pytest.fixture(scope="module")
def bundled() -> Encoder:
    return get_encoder("bundled")


def _test4() -> tuple[Document, Document]:
    return (
        read_document(TEXT_BERG / "test4.de", "de", presplit=True),
        read_document(TEXT_BERG / "test4.fr", "fr", presplit=True),
    )


@needs_text_berg
@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "fresh-cache"])
def test_align_and_flag_encodes_every_sentence_once(bundled: Encoder, tmp_path: Path, cached: bool) -> None:
    src, tgt = _test4()
    assert all(s.text != s.text.strip() for s in src.segments)  # what made flagging miss the aligner's vectors
    counter = CountingEncoder(bundled)
    encoder: Encoder = CachedEncoder(counter, EmbeddingCache(tmp_path / "e.sqlite3")) if cached else counter
    al = align_and_flag(src, tgt, encoder)
    encoded = [t for call in counter.calls for t in call]
    sentences = [s.text.strip() for s in src.segments + tgt.segments]
    # The sentences once (a cache encodes a text repeated in the documents once), then only the
    # multi-sentence blocks the aligner's second pass refines.
    assert sorted(counter.calls[0]) == sorted(set(sentences) if cached else sentences)
    assert len(encoded) == len(counter.calls[0]) + int(al.meta["refined_blocks"])  # type: ignore[call-overload]
    assert len(al.flags) == len(al.beads)
    # The flags are those of the aligner's vectors, which are the encoder's vectors of the sentences.
    assert al.embeddings is not None
    np.testing.assert_allclose(al.embeddings.src, bundled.encode(counter.calls[0][: len(src)]), atol=1e-5)
    assert al.flags == flag_alignment(al, al.embeddings.src, al.embeddings.tgt)


@needs_text_berg
def test_flags_of_an_alignment_without_vectors_hit_the_cache_the_aligner_filled(
    bundled: Encoder, tmp_path: Path
) -> None:
    """An alignment read back from the review database carries no vectors (re-flagging after an edit):
    the sentences are encoded as the aligner encoded them, so its cache answers all of them."""
    src, tgt = _test4()
    counter = CountingEncoder(bundled)
    encoder = CachedEncoder(counter, EmbeddingCache(tmp_path / "e.sqlite3"))
    al = align_and_flag(src, tgt, encoder, flags=False)
    before = len(counter.calls)
    bare = Alignment(al.src, al.tgt, al.beads, al.model, al.meta)
    flags = flags_for(bare, encoder)
    assert len(counter.calls) == before
    assert flags == flags_for(al, encoder)


def _tiled(al: Alignment, encoder: Encoder, times: int) -> tuple[Alignment, np.ndarray, np.ndarray]:
    """``al`` repeated ``times`` times end to end (a long document made of a real one), with the
    sentence vectors of the short one tiled alike."""
    n, m = len(al.src), len(al.tgt)
    beads = [
        Bead(tuple(i + r * n for i in b.src), tuple(j + r * m for j in b.tgt), b.score)
        for r in range(times)
        for b in al.beads
    ]
    src = document_from_text("\n".join(al.src.texts * times) + "\n", al.src.lang, presplit=True)
    tgt = document_from_text("\n".join(al.tgt.texts * times) + "\n", al.tgt.lang, presplit=True)
    s_emb, t_emb = encoder.encode([t.strip() for t in al.src.texts]), encoder.encode([t.strip() for t in al.tgt.texts])
    return Alignment(src, tgt, beads), np.tile(s_emb, (times, 1)), np.tile(t_emb, (times, 1))


@needs_text_berg
def test_bead_similarities_memory_is_linear(bundled: Encoder) -> None:
    """A 305,412-sentence pair aligned, then flagging asked for 347 GiB: a beads × segments pooling
    matrix. On 12,000 segments a side that matrix is ~1.2 GB, 30 times the vectors; pooled in chunks of
    beads, the peak stays below half the vectors (and is the same for any length)."""
    src, tgt = _test4()
    al = align_and_flag(src, tgt, bundled, flags=False)
    times = 12_000 // len(src)
    long, s_emb, t_emb = _tiled(al, bundled, times)
    vectors = s_emb.nbytes + t_emb.nbytes
    tracemalloc.start()
    try:
        sims = bead_similarities(long.beads, s_emb, t_emb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 0.5 * vectors, f"peak {peak / 2**20:.0f} MiB for {vectors / 2**20:.0f} MiB of vectors"
    one = bead_similarities(al.beads, s_emb[: len(src)], t_emb[: len(tgt)])
    np.testing.assert_allclose(sims, np.tile(one, times), rtol=1e-5)
    assert np.isnan(one).sum() == sum(b.is_empty_side for b in al.beads)


def _reference(beads: list[Bead], s: np.ndarray, t: np.ndarray) -> np.ndarray:
    out = np.full(len(beads), np.nan)
    for k, b in enumerate(beads):
        if b.src and b.tgt:
            a, c = s[list(b.src)].sum(axis=0), t[list(b.tgt)].sum(axis=0)
            na, nc = np.linalg.norm(a), np.linalg.norm(c)
            if na and nc:
                out[k] = float(a @ c) / (na * nc)
    return out


@st.composite
def _beads(draw: st.DrawFn) -> tuple[list[Bead], int, int]:
    """Beads covering two documents in order, 0–3 segments a side (some empty)."""
    shapes = draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=40))
    beads, i, j = [], 0, 0
    for a, b in shapes:
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return beads, i, j


@settings(max_examples=60, deadline=None)
@given(_beads(), st.integers(0, 2**32 - 1))
def test_bead_similarities_is_the_cosine_of_pooled_sides(case: tuple[list[Bead], int, int], seed: int) -> None:
    beads, n, m = case
    rng = np.random.default_rng(seed)
    s = rng.normal(size=(n, 8)).astype(np.float32)
    t = rng.normal(size=(m, 8)).astype(np.float32)
    got = bead_similarities(beads, s, t)
    np.testing.assert_allclose(got, _reference(beads, s, t), rtol=1e-4, atol=1e-5)
