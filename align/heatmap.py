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


def _owner(beads: Sequence[Bead], side: str, n: int) -> np.ndarray:
    """Bead index of every segment id on one side."""
    owner = np.full(n, -1, dtype=np.int64)
    for k, b in enumerate(beads):
        owner[list(getattr(b, side))] = k
    return owner


def heat_window(
    src_vecs: np.ndarray, tgt_vecs: np.ndarray, beads: Sequence[Bead], center: int, radius: int = 15
) -> HeatWindow:
    """The similarity of every source × target sentence in the beads ``center ± radius``, and those beads."""
    lo, hi = max(0, center - radius), min(len(beads), center + radius + 1)
    window = beads[lo:hi]
    src_ids = [i for b in window for i in b.src]
    tgt_ids = [j for b in window for j in b.tgt]
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
    # The first target id of the next bead that has one: a moved pair (target out of order, see
    # AlignConfig.moved) is one whose target does not come before it, and must not carry the
    # position of the next empty-target strip along with it.
    next_first: list[int | None] = []
    upcoming: int | None = None
    for b in reversed(window):
        next_first.append(upcoming)
        upcoming = b.tgt[0] if b.tgt else upcoming
    next_first.reverse()
    for k, (b, nxt) in enumerate(zip(window, next_first, strict=True), start=lo):
        y0, y1 = (b.src[0], b.src[-1] + 1) if b.src else (s_at, s_at)
        x0, x1 = (b.tgt[0], b.tgt[-1] + 1) if b.tgt else (t_at, t_at)
        in_order = x0 >= t_at and (nxt is None or nxt > x0)
        s_at, t_at = y1, (x1 if in_order else t_at)
        rows.append({"bead": k, "src0": y0, "src1": y1, "tgt0": x0, "tgt1": x1, "score": b.score, "kind": b.kind})
    return HeatWindow(cells=cells, path=pd.DataFrame(rows), first_bead=lo, last_bead=hi - 1)
