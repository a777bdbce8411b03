"""The joint segmentation of several versions aligned to one pivot: the rows of a multi-version table.

Each version is aligned to the pivot on its own (beads: pivot ids ↔ version ids). A row boundary can
stand at a pivot position only where *every* version has a bead boundary there; the rows are the finest
grouping that respects all of them, so one row holds the corresponding text of every version. Content a
version has and the pivot lacks (a 0-1 bead) gets a row of its own where it falls on such a common
boundary; inside a row (another version's bead spans that point) it joins that row, since a row of its
own there would cut the other version's bead in two. Time and memory are linear in the beads.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align.types import Bead


@dataclass(frozen=True)
class JointRow:
    """One row of a multi-version table.

    ``cells[v]`` are version ``v``'s segment ids in this row (the pivot's too), ``beads[v]`` the indices of
    version ``v``'s beads with the pivot that the row holds (empty for the pivot itself).
    """

    cells: tuple[tuple[int, ...], ...]
    beads: tuple[tuple[int, ...], ...]


def _check(pivot_len: int, beads: Sequence[Bead], v: int) -> None:
    for b in beads:
        if any(not 0 <= i < pivot_len for i in b.src):
            raise ValueError(f"version {v}: bead {b} names a pivot segment outside 0..{pivot_len - 1}")


def joint_rows(pivot_len: int, versions: Sequence[Sequence[Bead] | None]) -> list[JointRow]:
    """The joint rows of versions aligned to a pivot of ``pivot_len`` segments.

    ``versions[v]`` are version ``v``'s beads with the pivot (``src`` = pivot ids, ``tgt`` = version ids),
    in pivot order as the aligner returns them; the pivot's own entry is ``None``. Every segment of every
    version lands in exactly one row, every bead in one row, and rows follow the pivot's order.
    """
    pivots = [v for v, b in enumerate(versions) if b is None]
    if len(pivots) != 1:
        raise ValueError(f"exactly one entry of versions must be None (the pivot), not {len(pivots)}")
    pivot = pivots[0]
    n = pivot_len
    # crossed[p] > 0: some bead holds pivot segments on both sides of position p (between p-1 and p).
    delta = np.zeros(n + 2, np.int64)
    for v, beads in enumerate(versions):
        if beads is None:
            continue
        _check(n, beads, v)
        for b in beads:
            if len(b.src) > 1:
                lo, hi = min(b.src), max(b.src)
                if hi > lo:
                    delta[lo + 1] += 1
                    delta[hi + 1] -= 1
    crossed = np.cumsum(delta)[: n + 1]
    boundaries = [0, *(p for p in range(1, n) if crossed[p] == 0), n] if n else [0]
    starts = np.array(boundaries[:-1], np.int64) if n else np.zeros(0, np.int64)
    n_rows = len(starts)
    index_of_boundary = {p: k for k, p in enumerate(boundaries)}

    def row_of(p: int) -> int:
        return int(np.searchsorted(starts, p, side="right")) - 1

    k_versions = len(versions)
    cells: list[list[list[int]]] = [[[] for _ in range(k_versions)] for _ in range(n_rows)]
    owned: list[list[list[int]]] = [[[] for _ in range(k_versions)] for _ in range(n_rows)]
    # Content without pivot counterpart sitting on a common boundary: slot k comes before row k (k = n_rows: last).
    orphan_cells: dict[int, list[list[int]]] = {}
    orphan_owned: dict[int, list[list[int]]] = {}
    for r, (a, b) in enumerate(itertools.pairwise(boundaries)):
        cells[r][pivot] = list(range(a, b))
    for v, beads in enumerate(versions):
        if beads is None:
            continue
        # The pivot position a bead without pivot side stands at: where the next bead with one starts.
        next_start = n
        positions = [0] * len(beads)
        for i in range(len(beads) - 1, -1, -1):
            if beads[i].src:
                next_start = min(beads[i].src)
            positions[i] = next_start
        for i, b in enumerate(beads):
            if b.src:
                r = row_of(min(b.src))
                cells[r][v].extend(b.tgt)
                owned[r][v].append(i)
                continue
            p = positions[i]
            if p in index_of_boundary:
                k = index_of_boundary[p]
                orphan_cells.setdefault(k, [[] for _ in range(k_versions)])[v].extend(b.tgt)
                orphan_owned.setdefault(k, [[] for _ in range(k_versions)])[v].append(i)
            else:  # inside a row: another version's bead spans this point
                r = row_of(p)
                cells[r][v].extend(b.tgt)
                owned[r][v].append(i)

    def make(c: list[list[int]], o: list[list[int]]) -> JointRow:
        return JointRow(tuple(tuple(sorted(x)) for x in c), tuple(tuple(sorted(x)) for x in o))

    out: list[JointRow] = []
    for r in range(n_rows + 1):
        if r in orphan_cells:
            out.append(make(orphan_cells[r], orphan_owned[r]))
        if r < n_rows:
            out.append(make(cells[r], owned[r]))
    return out
