"""Pass 2: encode exactly the blocks whose decision is uncertain and blend them into the approximate vectors."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

from align.aligning.blocks import Side
from align.aligning.config import NEG
from align.aligning.lattice import Lattice
from align.aligning.row_scores import RowScores, one_blas_thread
from align.aligning.scoring import Scorer

# Pass 2: exact embeddings for the uncertain blocks.


@one_blas_thread
def uncertain_blocks(
    path: list[tuple[int, int]],
    D: np.ndarray,
    lat: Lattice,
    scorer: Scorer,
    shapes: list[tuple[int, int]],
    scores: RowScores | None = None,
) -> list[tuple[float, list[tuple[str, int, int]]]]:
    """Multi-segment blocks worth encoding exactly, as (margin, [(side, size, start)]), most doubtful first.

    A many-to-many bead on the path is doubtful (listed with margin 0) when the best path into its end point
    through any other last bead comes within ``refine_path_margin`` of it; so is every many-to-many bead
    ending at a path point whose best path score comes within ``refine_margin`` of the best path (its
    max-marginal): those are the decisions approximate block vectors may have got wrong. ``scores``: the bead
    scores the path was found with, when kept (see :class:`RowScores`).
    """
    cfg = scorer.cfg
    out: list[tuple[float, list[tuple[str, int, int]]]] = []

    def blocks(a: int, b: int, i: int, j: int) -> list[tuple[str, int, int]]:
        return ([("s", a, i - a)] if a > 1 else []) + ([("t", b, j - b)] if b > 1 else [])

    scores = scores or RowScores(lat, shapes, scorer)
    for (i0, j0), (i, j) in itertools.pairwise(path):
        a, b = i - i0, j - j0
        here = D[lat.offset[i] + j - lat.lo[i]]
        # One walk over the beads that can end a path at (i, j) serves both tests below.
        arrivals = list(_arrivals(D, lat, scorer, shapes, scores, i, j))
        if a >= 1 and b >= 1 and a + b > 2:
            others = [prev + score for shape, prev, score in arrivals if shape != (a, b)]
            if cfg.refine_path_margin is None or here - max(others, default=NEG) < cfg.refine_path_margin:
                out.append((0.0, blocks(a, b, i, j)))
        for (a2, b2), prev, score in arrivals:
            if a2 == 0 or b2 == 0 or a2 + b2 <= 2 or (a2, b2) == (a, b):
                continue
            margin = here - prev - score
            if margin < cfg.refine_margin:
                out.append((float(margin), blocks(a2, b2, i, j)))
    out.sort(key=lambda x: x[0])
    return out


def _arrivals(
    D: np.ndarray,
    lat: Lattice,
    scorer: Scorer,
    shapes: list[tuple[int, int]],
    scores: RowScores,
    i: int,
    j: int,
) -> Iterator[tuple[tuple[int, int], float, float]]:
    """Every bead that can end a path at (i, j): (its shape, the best score of a path to where it starts, its own
    score), in the order of ``shapes``, for those whose start is in the lattice and reachable."""
    score, start = scores.ending(i)
    col = j - int(lat.lo[i])
    prevs, owns = D[start[:, col]].tolist(), score[:, col].tolist()
    by_kind = dict(zip(scores.kinds.tolist(), zip(prevs, owns, strict=True), strict=True))
    for si, shape in enumerate(shapes):
        if si in by_kind:
            prev, own = by_kind[si]
        elif j - 1 >= lat.lo[i]:  # a 0-1 bead, along the row
            prev, own = float(D[lat.offset[i] + j - 1 - lat.lo[i]]), scorer.cfg.skip * shape[1]
        else:
            continue
        if prev > NEG / 2:
            yield shape, prev, own


def apply_exact(side: Side, blocks: list[tuple[int, int]], vecs: np.ndarray, mix: float) -> None:
    """Blend exact block vectors into the approximate ones (weight ``mix`` on the exact vector).

    The encoder's vector of a concatenation leans towards its longest, most distinctive sentence
    while the normalised sum weighs the parts evenly; on Text+Berg dev the blend beats either alone.
    """
    for (k, p), v in zip(blocks, vecs, strict=True):
        out = mix * v + (1.0 - mix) * side.block(k, p)
        side.set_exact(k, p, out / max(float(np.linalg.norm(out)), 1e-12))
