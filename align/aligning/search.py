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


def _incoming(
    lat: Lattice, shapes: list[tuple[int, int]], i: int, js: np.ndarray
) -> Iterator[tuple[int, int, slice, np.ndarray]]:
    """The beads that end in lattice row ``i`` (its columns ``js``), shape by shape (those with a source side):
    (shape index, b, the row's columns they reach as a slice of the row, the flat indices of the cells they
    start from; their scores are :class:`RowScores`' ``get(i, shape index)``). The forward passes of
    :func:`best_path` and :func:`forward_backward` walk these."""
    lo, hi = int(js[0]), int(js[-1]) + 1
    for si, (a, b) in enumerate(shapes):
        if a == 0 or i - a < 0:
            continue
        p = i - a
        plo, phi, poff = int(lat.lo[p]), int(lat.hi[p]), int(lat.offset[p])
        jlo, jhi = max(lo, plo + b), min(hi, phi + b)
        if jhi <= jlo:
            continue
        sub = js[jlo - lo : jhi - lo]
        yield si, b, slice(jlo - lo, jhi - lo), poff + (sub - b - plo)


@one_blas_thread
def best_path(
    n: int, m: int, lat: Lattice, shapes: list[tuple[int, int]], scorer: Scorer, *, progress: bool = False
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Best monotonic path from (0, 0) to (n, m) → (lattice points from (0, 0), best prefix scores)."""
    cfg = scorer.cfg
    D = np.full(lat.cells, NEG)
    bp = np.full(lat.cells, -1, dtype=np.int8)
    skip_t = np.concatenate([[0.0], np.cumsum(np.full(m, cfg.skip))])  # cumulative 0-1 scores
    scores = RowScores(lat, shapes, scorer, forward=True)
    for i in _rows(range(n + 1), "aligning: best path", progress):
        lo, hi, off = int(lat.lo[i]), int(lat.hi[i]), int(lat.offset[i])
        if hi <= lo:
            continue
        js = np.arange(lo, hi)
        best = np.full(hi - lo, NEG)
        arg = np.full(hi - lo, -1, dtype=np.int8)
        if i == 0 and lo == 0:
            best[0] = 0.0
        for si, b, cols, prev_cells in _incoming(lat, shapes, i, js):
            prev = D[prev_cells]
            ok = prev > NEG / 2
            if not ok.any():
                continue
            cand = prev + cfg.skip if b == 0 else prev + scores.get(i, si)
            cand = np.where(ok, cand, NEG)
            seg = best[cols]
            better = cand > seg
            seg[better] = cand[better]
            arg[cols][better] = si
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
    progress: bool = False,
) -> np.ndarray:
    """For each bead of ``path``: its probability over all monotonic paths of the lattice, each path
    weighted by exp(score / temperature) (forward–backward, log-sum-exp in place of :func:`best_path`'s max).

    That is how sure the alignment is of the bead relative to the alternatives: a short true pair
    with a modest cosine that nothing nearby beats gets a high value, a bead that a merge with its
    neighbour scores almost as well gets about half.
    """
    return forward_backward(n, m, lat, shapes, scorer, temperature, path=path, progress=progress)[0]


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
        n, m, lat, shapes, scorer, temperature, mbr_cost=cost, conf_t=conf_temperature, progress=progress
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
    progress: bool = False,
) -> tuple[np.ndarray, list[tuple[int, int]] | None, np.ndarray | None]:
    """One forward–backward pass over the lattice → (posterior of each bead of ``path``, the MBR path
    and its beads' posteriors at ``conf_t`` when ``mbr_cost`` is given; see :func:`bead_posteriors`,
    :func:`mbr_path`).

    The backward pass keeps only the rows a bead can reach (max_a below the current one). The MBR
    programme runs backward alongside it, best[i, j] being the best objective from (i, j) to (n, m): a
    bead's posterior is fwd(start) + score + bwd(end), all at hand when its start row is done, so it
    needs no second table of posteriors, only a back-pointer (int8) and the chosen bead's posterior
    (float32) per cell besides the forward table. A second temperature for the confidence (``conf_t``)
    runs in the same pass on the same bead scores (the cosines are most of the cost): one more forward
    table and ring of backward rows.
    """
    skip = scorer.cfg.skip
    skip_t = np.concatenate([[0.0], np.cumsum(np.full(m, skip))])
    temps = [t] if conf_t is None or conf_t == t or mbr_cost is None else [t, conf_t]

    def acc(into: np.ndarray, lo: int, cand: np.ndarray, tt: float) -> None:
        seg = into[lo : lo + len(cand)]
        seg[:] = tt * np.logaddexp(seg / tt, cand / tt)

    fwd = [np.full(lat.cells, NEG) for _ in temps]
    scores = RowScores(lat, shapes, scorer, forward=True)
    for i in _rows(range(n + 1), "aligning: forward", progress):
        lo, hi, off = int(lat.lo[i]), int(lat.hi[i]), int(lat.offset[i])
        if hi <= lo:
            continue
        js = np.arange(lo, hi)
        rows = [np.full(hi - lo, NEG) for _ in temps]
        if i == 0 and lo == 0:
            for row in rows:
                row[0] = 0.0
        for si, b, cols, prev_cells in _incoming(lat, shapes, i, js):
            score = skip if b == 0 else scores.get(i, si)
            for f, row, tt in zip(fwd, rows, temps, strict=True):
                prev = f[prev_cells]
                acc(row, cols.start, np.where(prev > NEG / 2, prev + score, NEG), tt)
        # 0-1 beads along the row: fwd[j] = LSE_k<=j row[k] + skips(k+1..j).
        for f, row, tt in zip(fwd, rows, temps, strict=True):
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
    reach = max(a for a, _ in shapes)
    if not scores.keeps_all:
        scores = RowScores(lat, shapes, scorer, forward=False)
    bwd: list[dict[int, np.ndarray]] = [{} for _ in temps]
    best: dict[int, np.ndarray] = {}
    for i in _rows(range(n, -1, -1), "aligning: backward", progress):
        for bw in bwd:
            bw.pop(i + reach + 1, None)
        best.pop(i + reach + 1, None)
        lo, hi, off = int(lat.lo[i]), int(lat.hi[i]), int(lat.offset[i])
        if hi <= lo:
            best[i] = np.zeros(0)
            for bw in bwd:
                bw[i] = np.zeros(0)
            continue
        js = np.arange(lo, hi)
        frows = [f[off : off + hi - lo] for f in fwd]
        rows = [np.full(hi - lo, NEG) for _ in temps]
        brow = np.full(hi - lo, -np.inf)
        barg = np.full(hi - lo, -1, np.int8)
        bpost = np.zeros(hi - lo)
        if i == n and lo <= m < hi:
            for row in rows:
                row[m - lo] = 0.0
            brow[m - lo] = 0.0
        for si, (a, b) in enumerate(shapes):
            if a == 0 or i + a > n:
                continue
            q = i + a
            qlo, qhi = int(lat.lo[q]), int(lat.hi[q])
            jlo, jhi = max(lo, qlo - b), min(hi, qhi - b)
            if jhi <= jlo:
                continue
            sub = js[jlo - lo : jhi - lo]
            score = skip if b == 0 else scores.get(q, si)
            posts = []
            for bw, row, frow, total, tt in zip(bwd, rows, frows, totals, temps, strict=True):
                nxt = bw[q][sub + b - qlo]
                cand = np.where(nxt > NEG / 2, nxt + score, NEG)
                acc(row, jlo - lo, cand, tt)
                if mbr:
                    posts.append(np.exp(np.minimum((frow[jlo - lo : jhi - lo] + cand - total) / tt, 0.0)))
            if mbr:
                val = posts[0] - mbr_cost + best[q][sub + b - qlo]
                seg = brow[jlo - lo : jhi - lo]
                better = val > seg
                seg[better] = val[better]
                barg[jlo - lo : jhi - lo][better] = si
                bpost[jlo - lo : jhi - lo][better] = posts[-1][better]
        # 0-1 beads along the row, backwards: bwd[j] = LSE_k>=j row[k] + skips(j+1..k).
        for bw, row, tt in zip(bwd, rows, temps, strict=True):
            tail = np.logaddexp.accumulate(((row + skip_t[js]) / tt)[::-1])[::-1]
            bw[i] = tt * tail - skip_t[js]
        if mbr:
            post01 = [
                np.exp(np.minimum((frow[:-1] + skip + bw[i][1:] - total) / tt, 0.0))
                for bw, frow, total, tt in zip(bwd, frows, totals, temps, strict=True)
            ]
            # best[j] = max(brow[j], gain[j] + best[j + 1]) with gain the (j → j+1) bead's posterior − cost:
            # with G the prefix sums of gain, best[j] = max_k>=j (brow[k] + G[k]) − G[j], a running max.
            g = np.concatenate([[0.0], np.cumsum(post01[0] - mbr_cost)])
            val = (brow + g)[::-1]
            run = np.maximum.accumulate(val)
            idx = np.maximum.accumulate(np.where(val >= run, np.arange(hi - lo), -1))
            k = (hi - lo - 1 - idx)[::-1]  # where the run of 0-1 beads from j ends
            best[i] = run[::-1] - g
            along = k != np.arange(hi - lo)
            barg = np.where(along, np.int8(1), barg)  # shape 1 is (0, 1)
            bpost = np.where(along, np.concatenate([post01[-1], [0.0]]), bpost)
            bp[off : off + hi - lo] = barg
            chosen[off : off + hi - lo] = bpost
        for k in ending.get(i, ()):
            (i0, j0), (i1, j1) = path[k], path[k + 1]  # type: ignore[index]
            a, b = i1 - i0, j1 - j0
            s = skip * (a + b) if a == 0 or b == 0 else float(scorer.score(a, b, i1, np.array([j1]))[0])
            log_p = fwd[0][lat.offset[i0] + j0 - lat.lo[i0]] + s + bwd[0][i][j1 - lo] - totals[0]
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
