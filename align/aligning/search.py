"""Paths through the lattice: the best-scoring one (dynamic programme), bead posteriors (forward–backward)
and the minimum-Bayes-risk path."""

from __future__ import annotations

import collections
import itertools
import math
from collections.abc import Iterator

import numpy as np

from align.aligning.config import NEG
from align.aligning.lattice import Lattice
from align.aligning.row_scores import RowScores, one_blas_thread
from align.aligning.scoring import Scorer
from align.progress import iterate


def _rows(rows: range, desc: str, progress: bool) -> Iterator[int]:
    """``rows``, with a progress bar on the terminal when ``progress``: a long document spends minutes here."""
    return iterate(rows, progress, desc=desc, unit="row", mininterval=0.5)


def _log_sum(cand: np.ndarray, t: float) -> np.ndarray:
    """t · log Σ_k exp(cand[k] / t) over the first axis (the bead shapes), NEG where every term is impossible."""
    top = cand.max(axis=0)
    out = top + t * np.log(np.exp((cand - top) / t).sum(axis=0))
    return np.where(top > NEG / 2, out, NEG)


@one_blas_thread
def best_path(
    n: int,
    m: int,
    lat: Lattice,
    shapes: list[tuple[int, int]],
    scorer: Scorer,
    *,
    scores: RowScores | None = None,
    progress: bool = False,
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Best monotonic path from (0, 0) to (n, m) → (lattice points from (0, 0), best prefix scores: a value per
    lattice cell and a last one, NEG, where beads that cannot be start). ``scores``: the bead scores, when the
    caller reads them again (see :class:`RowScores`)."""
    cfg = scorer.cfg
    D = np.full(lat.cells + 1, NEG)
    bp = np.full(lat.cells, -1, dtype=np.int8)
    skip_t = np.concatenate([[0.0], np.cumsum(np.full(m, cfg.skip))])  # cumulative 0-1 scores
    scores = scores or RowScores(lat, shapes, scorer)
    for i in _rows(range(n + 1), "aligning: best path", progress):
        lo, hi, off = int(lat.lo[i]), int(lat.hi[i]), int(lat.offset[i])
        if hi <= lo:
            continue
        js = np.arange(lo, hi)
        score, start = scores.ending(i)
        cand = D[start] + score  # (shapes, columns); the first best wins a tie, as shapes are ordered
        k = cand.argmax(axis=0)
        best = np.take_along_axis(cand, k[None], axis=0)[0]
        ok = best > NEG / 2
        best = np.where(ok, best, NEG)
        arg = np.where(ok, scores.kinds[k], np.int8(-1))
        if i == 0 and lo == 0:
            best[0], arg[0] = 0.0, -1
        # 0-1 beads run along the row: best'[j] = max_k<=j best[k] + skips(k..j), a running max.
        val = best - skip_t[js]
        run = np.maximum.accumulate(val)
        idx = np.maximum.accumulate(np.where(val >= run, np.arange(hi - lo), -1))
        from_skip = idx != np.arange(hi - lo)
        if from_skip.any():
            best = np.where(from_skip, skip_t[js] - skip_t[js[idx]] + best[idx], best)
            arg = np.where(from_skip, np.int8(1), arg)  # shape 1 is (0, 1)
        D[off : off + hi - lo] = best
        bp[off : off + hi - lo] = arg
    # Backtrack.
    path = [(n, m)]
    i, j = n, m
    while (i, j) != (0, 0):
        k = int(bp[lat.offset[i] + j - lat.lo[i]])
        if k < 0:
            raise RuntimeError("alignment lattice has no path; band too narrow")
        a, b = shapes[k]
        i, j = i - a, j - b
        path.append((i, j))
    path.reverse()
    return path, D


def bead_posteriors(
    path: list[tuple[int, int]],
    n: int,
    m: int,
    lat: Lattice,
    shapes: list[tuple[int, int]],
    scorer: Scorer,
    temperature: float,
    *,
    scores: RowScores | None = None,
    progress: bool = False,
) -> np.ndarray:
    """For each bead of ``path``: its probability over all monotonic paths of the lattice, each path
    weighted by exp(score / temperature) (forward–backward, log-sum-exp in place of :func:`best_path`'s max).

    That is how sure the alignment is of the bead relative to the alternatives: a short true pair
    with a modest cosine that nothing nearby beats gets a high value, a bead that a merge with its
    neighbour scores almost as well gets about half.
    """
    return forward_backward(n, m, lat, shapes, scorer, temperature, path=path, scores=scores, progress=progress)[0]


def mbr_path(
    n: int,
    m: int,
    lat: Lattice,
    shapes: list[tuple[int, int]],
    scorer: Scorer,
    temperature: float,
    cost: float,
    conf_temperature: float | None = None,
    *,
    scores: RowScores | None = None,
    progress: bool = False,
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Minimum-Bayes-risk decoding → (the path maximising the sum over its beads of (posterior − ``cost``),
    each of its beads' posterior at ``conf_temperature``, by default ``temperature``).

    The best-scoring path (:func:`best_path`) is the single most probable alignment; the path with the most
    expected right beads can differ where the probability mass is spread (two close alternatives for a
    merge, each less likely than the rest together). ``cost`` trades the two kinds of error: a bead
    enters the path only if it is right with probability above what it costs, the usual way to aim
    at F1 rather than at the whole alignment being right (cf. MBR decoding for word alignment).
    """
    _, path, conf = forward_backward(
        n, m, lat, shapes, scorer, temperature, mbr_cost=cost, conf_t=conf_temperature, scores=scores, progress=progress
    )
    assert path is not None and conf is not None
    return path, conf


@one_blas_thread
def forward_backward(
    n: int,
    m: int,
    lat: Lattice,
    shapes: list[tuple[int, int]],
    scorer: Scorer,
    t: float,
    *,
    path: list[tuple[int, int]] | None = None,
    mbr_cost: float | None = None,
    conf_t: float | None = None,
    scores: RowScores | None = None,
    progress: bool = False,
) -> tuple[np.ndarray, list[tuple[int, int]] | None, np.ndarray | None]:
    """One forward–backward pass over the lattice → (posterior of each bead of ``path``, the MBR path
    and its beads' posteriors at ``conf_t`` when ``mbr_cost`` is given; see :func:`bead_posteriors`,
    :func:`mbr_path`).

    The MBR programme runs backward alongside the backward pass, best[i, j] being the best objective from (i, j)
    to (n, m): a bead's posterior is fwd(start) + score + bwd(end), all at hand when its start row is done, so it
    needs no table of posteriors, only a back-pointer (int8) and the chosen bead's posterior (float32) per cell
    besides the forward, backward and objective tables (a float per cell each). A second temperature for the
    confidence (``conf_t``) runs in the same pass on the same bead scores (the cosines are most of the cost): one
    more forward and backward table.
    """
    skip = scorer.cfg.skip
    skip_t = np.concatenate([[0.0], np.cumsum(np.full(m, skip))])
    temps = [t] if conf_t is None or conf_t == t or mbr_cost is None else [t, conf_t]
    scores = scores or RowScores(lat, shapes, scorer)
    # A value per lattice cell and a last one, NEG, where beads that cannot be start or end.
    fwd = [np.full(lat.cells + 1, NEG) for _ in temps]
    for i in _rows(range(n + 1), "aligning: forward", progress):
        lo, hi, off = int(lat.lo[i]), int(lat.hi[i]), int(lat.offset[i])
        if hi <= lo:
            continue
        js = np.arange(lo, hi)
        score, start = scores.ending(i)
        for f, tt in zip(fwd, temps, strict=True):
            row = _log_sum(f[start] + score, tt)
            if i == 0 and lo == 0:
                row[0] = 0.0
            # 0-1 beads along the row: fwd[j] = LSE_k<=j row[k] + skips(k+1..j).
            f[off : off + hi - lo] = skip_t[js] + tt * np.logaddexp.accumulate((row - skip_t[js]) / tt)
    end = lat.offset[n] + m - lat.lo[n]
    totals = [float(f[end]) for f in fwd]
    out = np.empty(max(len(path or []) - 1, 0))
    ending: dict[int, list[int]] = collections.defaultdict(list)  # row → path beads that end there
    for k, (_, (i1, _)) in enumerate(itertools.pairwise(path or [])):
        ending[i1].append(k)
    mbr = mbr_cost is not None
    if mbr:
        bp = np.full(lat.cells, -1, np.int8)  # shape index of the best bead starting at the cell
        chosen = np.zeros(lat.cells, np.float32)  # its posterior (at the last temperature)
        best = np.full(lat.cells + 1, -np.inf)
    bwd = [np.full(lat.cells + 1, NEG) for _ in temps]
    for i in _rows(range(n, -1, -1), "aligning: backward", progress):
        lo, hi, off = int(lat.lo[i]), int(lat.hi[i]), int(lat.offset[i])
        if hi <= lo:
            continue
        width = hi - lo
        js = np.arange(lo, hi)
        frows = [f[off : off + width] for f in fwd]
        score, ends = scores.starting(i)
        rows, posts = [], []
        for bw, frow, total, tt in zip(bwd, frows, totals, temps, strict=True):
            cand = bw[ends] + score
            row = _log_sum(cand, tt)
            if i == n and lo <= m < hi:
                row[m - lo] = 0.0
            rows.append(row)
            if mbr:
                posts.append(np.exp(np.minimum((frow + cand - total) / tt, 0.0)))
        if mbr:
            val = posts[0] - mbr_cost + best[ends]
            k = val.argmax(axis=0)
            brow = np.take_along_axis(val, k[None], axis=0)[0]
            barg = np.where(brow > -np.inf, scores.kinds[k], np.int8(-1))
            bpost = np.take_along_axis(posts[-1], k[None], axis=0)[0]
            if i == n and lo <= m < hi:
                brow[m - lo], barg[m - lo] = 0.0, -1
        # 0-1 beads along the row, backwards: bwd[j] = LSE_k>=j row[k] + skips(j+1..k).
        for bw, row, tt in zip(bwd, rows, temps, strict=True):
            tail = np.logaddexp.accumulate(((row + skip_t[js]) / tt)[::-1])[::-1]
            bw[off : off + width] = tt * tail - skip_t[js]
        if mbr:
            post01 = [
                np.exp(np.minimum((frow[:-1] + skip + bw[off + 1 : off + width] - total) / tt, 0.0))
                for bw, frow, total, tt in zip(bwd, frows, totals, temps, strict=True)
            ]
            # best[j] = max(brow[j], gain[j] + best[j + 1]) with gain the (j → j+1) bead's posterior − cost:
            # with G the prefix sums of gain, best[j] = max_k>=j (brow[k] + G[k]) − G[j], a running max.
            g = np.concatenate([[0.0], np.cumsum(post01[0] - mbr_cost)])
            val = (brow + g)[::-1]
            run = np.maximum.accumulate(val)
            idx = np.maximum.accumulate(np.where(val >= run, np.arange(width), -1))
            k = (width - 1 - idx)[::-1]  # where the run of 0-1 beads from j ends
            best[off : off + width] = run[::-1] - g
            along = k != np.arange(width)
            barg = np.where(along, np.int8(1), barg)  # shape 1 is (0, 1)
            bpost = np.where(along, np.concatenate([post01[-1], [0.0]]), bpost)
            bp[off : off + width] = barg
            chosen[off : off + width] = bpost
        for k in ending.get(i, ()):
            (i0, j0), (i1, j1) = path[k], path[k + 1]  # type: ignore[index]
            a, b = i1 - i0, j1 - j0
            s = skip * (a + b) if a == 0 or b == 0 else float(scorer.score(a, b, i1, np.array([j1]))[0])
            log_p = fwd[0][lat.offset[i0] + j0 - lat.lo[i0]] + s + bwd[0][off + j1 - lo] - totals[0]
            out[k] = math.exp(min(log_p / t, 0.0))
    if not mbr:
        return out, None, None
    mpath = [(0, 0)]
    conf: list[float] = []
    i, j = 0, 0
    while (i, j) != (n, m):
        cell = lat.offset[i] + j - lat.lo[i]
        si = int(bp[cell])
        if si < 0:
            raise RuntimeError("alignment lattice has no path; band too narrow")
        a, b = shapes[si]
        conf.append(float(chosen[cell]))
        i, j = i + a, j + b
        mpath.append((i, j))
    return out, mpath, np.array(conf)
