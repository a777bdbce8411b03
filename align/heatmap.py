"""Similarity heat map data: a window of the sentence-similarity matrix and the alignment path on it.

Only a window around one bead is computed (a few dozen sentences a side), so the chart stays small
and fast whatever the document length; the full n×m matrix is never built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from align.types import Bead


@dataclass(frozen=True)
class HeatWindow:
    """``cells``: src, tgt (segment ids), sim, src_bead, tgt_bead; ``path``: one rectangle per bead."""

    cells: pd.DataFrame
    path: pd.DataFrame
    first_bead: int
    last_bead: int
    #: Beads of the window paired out of target order (moved content): no box, their target is elsewhere.
    moved: tuple[int, ...] = ()


def _owner(beads: Sequence[Bead], side: str, n: int) -> np.ndarray:
    """Bead index of every segment id on one side."""
    owner = np.full(n, -1, dtype=np.int64)
    for k, b in enumerate(beads):
        owner[list(getattr(b, side))] = k
    return owner


def _out_of_order(window: Sequence[Bead]) -> set[int]:
    """Positions of the beads whose target is out of order (moved pairs, see ``AlignConfig.moved``):
    those off the longest run of beads whose first target ids increase (a window is a few dozen beads)."""
    have = [k for k, b in enumerate(window) if b.tgt]
    if not have:
        return set()
    first = [window[k].tgt[0] for k in have]
    best = [1] * len(have)
    prev = [-1] * len(have)
    for x in range(len(have)):
        for y in range(x):
            if first[y] < first[x] and best[y] + 1 > best[x]:
                best[x], prev[x] = best[y] + 1, y
    x = int(np.argmax(best))
    keep = set()
    while x >= 0:
        keep.add(have[x])
        x = prev[x]
    return set(have) - keep


def heat_window(
    src_vecs: np.ndarray, tgt_vecs: np.ndarray, beads: Sequence[Bead], center: int, radius: int = 15
) -> HeatWindow:
    """The similarity of every source × target sentence in the beads ``center ± radius``, and those beads."""
    lo, hi = max(0, center - radius), min(len(beads), center + radius + 1)
    window = beads[lo:hi]
    moved = _out_of_order(window)
    src_ids = [i for b in window for i in b.src]
    # A moved pair's target may sit far away: it would stretch the window, so it is left out.
    tgt_ids = [j for k, b in enumerate(window) if k not in moved for j in b.tgt]
    s0, s1 = (min(src_ids), max(src_ids) + 1) if src_ids else (0, 0)
    t0, t1 = (min(tgt_ids), max(tgt_ids) + 1) if tgt_ids else (0, 0)
    sim = src_vecs[s0:s1] @ tgt_vecs[t0:t1].T
    ss, tt = np.meshgrid(np.arange(s0, s1), np.arange(t0, t1), indexing="ij")
    src_owner = _owner(beads, "src", len(src_vecs))
    tgt_owner = _owner(beads, "tgt", len(tgt_vecs))
    cells = pd.DataFrame(
        {
            "src": ss.ravel(),
            "tgt": tt.ravel(),
            "sim": np.round(sim.ravel().astype(float), 3),
            "src_bead": src_owner[ss.ravel()],
            "tgt_bead": tgt_owner[tt.ravel()],
        }
    )
    # A bead's rectangle spans its sentences; an empty side gets a thin strip at the position it sits.
    rows = []
    s_at, t_at = s0, t0
    for k, b in enumerate(window, start=lo):
        y0, y1 = (b.src[0], b.src[-1] + 1) if b.src else (s_at, s_at)
        if k - lo in moved:
            s_at = y1
            continue
        x0, x1 = (b.tgt[0], b.tgt[-1] + 1) if b.tgt else (t_at, t_at)
        s_at, t_at = y1, x1
        rows.append({"bead": k, "src0": y0, "src1": y1, "tgt0": x0, "tgt1": x1, "score": b.score, "kind": b.kind})
    return HeatWindow(
        cells=cells,
        path=pd.DataFrame(rows),
        first_bead=lo,
        last_bead=hi - 1,
        moved=tuple(sorted(k + lo for k in moved)),
    )
