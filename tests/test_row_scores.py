"""The dynamic programmes' chunked bead tables equal the scorer's own scores, bead by bead, whatever the lattice and
chunking."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.aligning import row_scores
from align.aligning.blocks import prepare_side
from align.aligning.config import NEG, AlignConfig
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


def _check_row(scorer: Scorer, lat: Lattice, shapes: list[tuple[int, int]], scores: RowScores, i: int) -> None:
    """Row ``i``'s tables, both ways, against the scorer's own scores and the lattice's cells, bead by bead."""
    n = len(lat.lo) - 1
    lo, hi = int(lat.lo[i]), int(lat.hi[i])
    past = lat.cells

    def cell(p: int, q: int) -> int | None:
        return int(lat.offset[p] + q - lat.lo[p]) if 0 <= p <= n and lat.lo[p] <= q < lat.hi[p] else None

    score, start = scores.ending(i)
    after, ends = scores.starting(i)
    for k, si in enumerate(scores.kinds):
        a, b = shapes[si]
        for c, j in enumerate(range(lo, hi)):
            came, goes = cell(i - a, j - b), cell(i + a, j + b)
            assert start[k, c] == (past if came is None else came)
            assert ends[k, c] == (past if goes is None else goes)
            want = [scorer.cfg.skip * a] if b == 0 else None
            if came is None:
                assert score[k, c] == NEG
            else:
                want = want or scorer.score(a, b, i, np.array([j]))
                assert score[k, c] == pytest.approx(want[0], abs=1e-5)
            if goes is None:
                assert after[k, c] == NEG
            else:
                want = [scorer.cfg.skip * a] if b == 0 else scorer.score(a, b, i + a, np.array([j + b]))
                assert after[k, c] == pytest.approx(want[0], abs=1e-5)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(1, 18),
    m=st.integers(1, 18),
    width=st.integers(1, 12),
    chunk=st.integers(1, 400),
    full=st.booleans(),
    keep_all=st.booleans(),
    walks=st.lists(st.tuples(st.booleans(), st.sampled_from([None, 0.1, 0.4])), min_size=1, max_size=3),
)
def test_chunked_scores_equal_the_scorers_bead_by_bead(
    seed: int,
    n: int,
    m: int,
    width: int,
    chunk: int,
    full: bool,
    keep_all: bool,
    walks: list[tuple[bool, float | None]],
) -> None:
    """Whatever the lattice and chunking, walked forward or backward any number of times, and with the length
    weight refitted between walks (as the first path does), every row's tables hold the scorer's own score of each
    bead ending and starting in it, the cell it starts from and the one it ends in; NEG and past the lattice's
    last cell for a bead that cannot be."""
    scorer = _sides(seed, n, m)
    lat = full_lattice(n, m) if full else _band(seed, n, m, width)
    shapes = bead_shapes(scorer.cfg.max_bead, scorer.cfg.max_bead_total)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(row_scores, "CHUNK_CELLS", chunk)  # many chunks, and chunks smaller than one row
        mp.setattr(row_scores, "KEEP_ALL_FLOATS", 10**9 if keep_all else 0)  # both ways of keeping chunks
        scores = RowScores(lat, shapes, scorer)
        assert scores.keeps_all == keep_all
        for forward, weight in walks:
            if weight is not None:
                scorer.length_weight = weight
            for i in range(n + 1) if forward else range(n, -1, -1):
                _check_row(scorer, lat, shapes, scores, i)


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
