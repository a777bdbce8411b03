"""The lattice the aligner searches: row i holds columns lo[i] .. hi[i]-1 (a ragged band), and the bead shapes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The dynamic programme on a ragged band: row i holds lattice columns lo[i] .. hi[i]-1.


@dataclass
class Lattice:
    lo: np.ndarray
    hi: np.ndarray
    offset: np.ndarray  # start of row i in the flat arrays

    @classmethod
    def make(cls, lo: np.ndarray, hi: np.ndarray) -> Lattice:
        offset = np.concatenate([[0], np.cumsum(hi - lo)]).astype(np.int64)
        return cls(lo.astype(np.int64), hi.astype(np.int64), offset)

    @property
    def cells(self) -> int:
        return int(self.offset[-1])


def bead_shapes(max_bead: int, max_total: int) -> list[tuple[int, int]]:
    shapes = [(1, 0), (0, 1)]
    for a in range(1, max_bead + 1):
        for b in range(1, max_bead + 1):
            if a + b <= max_total:
                shapes.append((a, b))
    return shapes


def full_lattice(n: int, m: int) -> Lattice:
    return Lattice.make(np.zeros(n + 1, np.int64), np.full(n + 1, m + 1, np.int64))
