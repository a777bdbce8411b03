"""Pass 2: encode exactly the blocks whose decision is uncertain and blend them into the approximate vectors."""

from __future__ import annotations

import itertools

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
) -> list[tuple[float, list[tuple[str, int, int]]]]:
    """Multi-segment blocks worth encoding exactly, as (margin, [(side, size, start)]), most doubtful first.

    A many-to-many bead on the path is doubtful (listed with margin 0) when the best path into its end point
    through any other last bead comes within ``refine_path_margin`` of it; so is every many-to-many bead
    ending at a path point whose best path score comes within ``refine_margin`` of the best path (its
    max-marginal): those are the decisions approximate block vectors may have got wrong.
    """
    cfg = scorer.cfg
    out: list[tuple[float, list[tuple[str, int, int]]]] = []

    def blocks(a: int, b: int, i: int, j: int) -> list[tuple[str, int, int]]:
        return ([("s", a, i - a)] if a > 1 else []) + ([("t", b, j - b)] if b > 1 else [])

    scores = RowScores(lat, shapes, scorer, forward=True)
    for (i0, j0), (i, j) in itertools.pairwise(path):
        a, b = i - i0, j - j0
        here = D[lat.offset[i] + j - lat.lo[i]]
        if a >= 1 and b >= 1 and a + b > 2:
            if cfg.refine_path_margin is None:
                out.append((0.0, blocks(a, b, i, j)))
            else:
                alt = _path_bead_margin(D, lat, scorer, shapes, scores, (a, b), i, j, here)
                if alt < cfg.refine_path_margin:
                    out.append((0.0, blocks(a, b, i, j)))
        for si, (a2, b2) in enumerate(shapes):
            if a2 == 0 or b2 == 0 or a2 + b2 <= 2 or (a2, b2) == (a, b) or i - a2 < 0 or j - b2 < 0:
                continue
            p = i - a2
            if not lat.lo[p] <= j - b2 < lat.hi[p]:
                continue
            prev = D[lat.offset[p] + j - b2 - lat.lo[p]]
            if prev <= NEG / 2:
                continue
            jlo = max(int(lat.lo[i]), int(lat.lo[p]) + b2)  # where row i's scores of this shape start
            margin = here - prev - float(scores.get(i, si)[j - jlo])
            if margin < cfg.refine_margin:
                out.append((float(margin), blocks(a2, b2, i, j)))
    out.sort(key=lambda x: x[0])
    return out


def _cell(D: np.ndarray, lat: Lattice, i: int, j: int) -> float:
    if i < 0 or j < 0 or not lat.lo[i] <= j < lat.hi[i]:
        return NEG
    return float(D[lat.offset[i] + j - lat.lo[i]])


def _path_bead_margin(
    D: np.ndarray,
    lat: Lattice,
    scorer: Scorer,
    shapes: list[tuple[int, int]],
    scores: RowScores,
    shape: tuple[int, int],
    i: int,
    j: int,
    here: float,
) -> float:
    """How far the best path into (i, j) through any other bead shape falls behind the path's own bead."""
    best_alt = NEG
    for si, (a2, b2) in enumerate(shapes):
        if (a2, b2) == shape:
            continue
        prev = _cell(D, lat, i - a2, j - b2)
        if prev <= NEG / 2:
            continue
        if a2 == 0 or b2 == 0:
            best_alt = max(best_alt, prev + scorer.cfg.skip * (a2 + b2))
            continue
        jlo = max(int(lat.lo[i]), int(lat.lo[i - a2]) + b2)
        best_alt = max(best_alt, prev + float(scores.get(i, si)[j - jlo]))
    return here - best_alt


def apply_exact(side: Side, blocks: list[tuple[int, int]], vecs: np.ndarray, mix: float) -> None:
    """Blend exact block vectors into the approximate ones (weight ``mix`` on the exact vector).

    The encoder's vector of a concatenation leans towards its longest, most distinctive sentence
    while the normalised sum weighs the parts evenly; on Text+Berg dev the blend beats either alone.
    """
    for (k, p), v in zip(blocks, vecs, strict=True):
        out = mix * v + (1.0 - mix) * side.block(k, p)
        side.set_exact(k, p, out / max(float(np.linalg.norm(out)), 1e-12))
