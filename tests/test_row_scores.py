"""The dynamic programmes' chunked bead scores equal the scorer's own, row by row, whatever the lattice and chunking."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.aligning import row_scores
from align.aligning.blocks import prepare_side
from align.aligning.config import AlignConfig
from align.aligning.lattice import Lattice, bead_shapes, full_lattice
from align.aligning.row_scores import RowScores
from align.aligning.scoring import Scorer

WORDS = ["Makalu", "Baltoro", "1200", "3,5", "2019", "Zermatt", "der", "la", "45", "Eiger"]


def _sides(seed: int, n: int, m: int) -> Scorer:
    rng = np.random.default_rng(seed)

    def side(k: int) -> tuple[list[str], np.ndarray, np.ndarray]:
        texts = [" ".join(rng.choice(WORDS, size=rng.integers(1, 6))) for _ in range(k)]
        emb = rng.standard_normal((k, 16)).astype(np.float32)
        emb /= np.linalg.norm(emb, axis=1, keepdims=True)
        paragraphs = np.cumsum(rng.random(k) < 0.2).astype(np.int64)
        return texts, emb, paragraphs

    cfg = AlignConfig()
    k = min(cfg.max_bead, cfg.max_bead_total - 1)
    ps, pt = (prepare_side(*side(x), k, cfg.char_weight) for x in (n, m))
    return Scorer(ps, pt, cfg, lexical=True, langs=("de", "fr"))


def _band(seed: int, n: int, m: int, width: int) -> Lattice:
    """A ragged band around the diagonal, every row non-empty, (0, 0) and (n, m) inside."""
    rng = np.random.default_rng(seed + 1)
    centre = np.round(np.linspace(0, m, n + 1) + rng.integers(-2, 3, n + 1)).clip(0, m).astype(np.int64)
    centre = np.maximum.accumulate(centre)
    lo = np.maximum(centre - width, 0)
    hi = np.minimum(centre + width + 1, m + 1)
    lo[0], hi[-1] = 0, m + 1
    return Lattice.make(lo, hi)


def _expected(scorer: Scorer, lat: Lattice, q: int, a: int, b: int) -> np.ndarray:
    jlo = max(int(lat.lo[q]), int(lat.lo[q - a]) + b)
    jhi = min(int(lat.hi[q]), int(lat.hi[q - a]) + b)
    if jhi <= jlo:
        return np.zeros(0)
    return scorer.score(a, b, q, np.arange(jlo, jhi))


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 40),
    m=st.integers(1, 40),
    width=st.integers(1, 12),
    chunk=st.integers(1, 400),
    forward=st.booleans(),
    full=st.booleans(),
    keep_all=st.booleans(),
)
def test_chunked_scores_equal_the_scorers_row_by_row(
    seed: int, n: int, m: int, width: int, chunk: int, forward: bool, full: bool, keep_all: bool
) -> None:
    scorer = _sides(seed, n, m)
    lat = full_lattice(n, m) if full else _band(seed, n, m, width)
    shapes = bead_shapes(scorer.cfg.max_bead, scorer.cfg.max_bead_total)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(row_scores, "CHUNK_CELLS", chunk)  # many chunks, and chunks smaller than one row
        mp.setattr(row_scores, "KEEP_ALL_FLOATS", 10**9 if keep_all else 0)  # both ways of keeping chunks
        scores = RowScores(lat, shapes, scorer, forward=forward)
        assert scores.keeps_all == keep_all
        rows = range(n + 1) if forward else range(n, -1, -1)
        for q in rows:
            # The backward pass asks for rows up to the tallest bead ahead of the one it is on.
            for ahead in range(0 if forward else max(a for a, _ in shapes) + 1):
                if q + ahead <= n:
                    for si, (a, b) in enumerate(shapes):
                        if a and b and q + ahead - a >= 0:
                            np.testing.assert_allclose(
                                scores.get(q + ahead, si), _expected(scorer, lat, q + ahead, a, b), atol=1e-5
                            )
            if forward:
                for si, (a, b) in enumerate(shapes):
                    if a and b and q - a >= 0:
                        np.testing.assert_allclose(scores.get(q, si), _expected(scorer, lat, q, a, b), atol=1e-5)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 30),
    m=st.integers(1, 30),
    width=st.integers(1, 8),
    chunk=st.integers(1, 300),
    full=st.booleans(),
)
def test_forward_backward_reads_the_forward_scores_back_alike(
    seed: int, n: int, m: int, width: int, chunk: int, full: bool
) -> None:
    """A lattice small enough keeps every chunk, and the forward–backward pass reads its backward rows from the
    forward pass's scores: its posteriors, MBR path and confidences are those of scoring each pass afresh."""
    from align.aligning.search import best_path, forward_backward

    scorer = _sides(seed, n, m)
    lat = full_lattice(n, m) if full else _band(seed, n, m, width)
    shapes = bead_shapes(scorer.cfg.max_bead, scorer.cfg.max_bead_total)
    try:
        path, _ = best_path(n, m, lat, shapes, scorer)
    except RuntimeError:  # a band this narrow may hold no path
        return
    results = []
    for keep in (10**9, 0):
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(row_scores, "CHUNK_CELLS", chunk)
            mp.setattr(row_scores, "KEEP_ALL_FLOATS", keep)
            results.append(forward_backward(n, m, lat, shapes, scorer, 0.06, path=path, mbr_cost=0.2, conf_t=0.04))
    (post_a, path_a, conf_a), (post_b, path_b, conf_b) = results
    # float32 products over other row ranges round differently (~1e-7): equal to that
    np.testing.assert_allclose(post_a, post_b, rtol=1e-5, atol=1e-7)
    assert path_a == path_b
    np.testing.assert_allclose(conf_a, conf_b, rtol=1e-5, atol=1e-7)  # type: ignore[arg-type]
