"""Bead scores for the dynamic programmes, computed a chunk of lattice rows at a time.

The programmes walk the lattice row by row and need, for every bead shape, the scores of the beads ending in
that row. Scored one row and shape at a time (:meth:`Scorer.score`), a dozen small numpy calls per row and
shape cost more than the arithmetic: on a 150-sentence document most of the programmes' time. Here one
matrix product and one pass of :meth:`Scorer.cells` per shape cover a chunk of rows, and only a few chunks
are alive at once, so memory stays a few MB whatever the document's length.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

from align.aligning.lattice import Lattice
from align.aligning.scoring import Scorer

#: Lattice cells per chunk: large enough that the per-call overhead is spread thin, small enough that a
#: chunk's tables (a float per cell and shape, and the block-cosine product) stay a few MB.
CHUNK_CELLS = 16_384
#: Chunks kept: the backward pass reads rows up to the tallest bead ahead of the current one, which may sit
#: in the chunk computed before.
KEEP = 3
#: A lattice whose scores, every shape's, fit in this many floats (32 MB) keeps every chunk: a forward–backward
#: pass then reads its backward rows from the forward pass's chunks instead of scoring every bead twice.
KEEP_ALL_FLOATS = 4_000_000

#: The programmes' matrix products (:class:`RowScores`) are small, a few hundred rows by a few hundred: split
#: over BLAS threads they wait on each other, and on a busy 2-core machine a 150 × 384 × 100 product took 7 ms
#: with two threads against 0.4 ms with one. Whatever walks a :class:`RowScores` runs with one BLAS thread.
one_blas_thread = threadpool_limits.wrap(limits=1, user_api="blas")


class RowScores:
    """``get(q, si)``: scores of the beads of shape ``shapes[si]`` (both sides non-empty) that end in lattice
    row ``q``, over the row's columns they can reach: ``[max(lo[q], lo[q - a] + b), min(hi[q], hi[q - a] + b))``,
    the columns :func:`~align.aligning.search._incoming` walks. Rows are asked for in order (forward) or in
    reverse order (backward); ``forward`` says which, so a chunk is laid out ahead of the walk."""

    def __init__(self, lat: Lattice, shapes: list[tuple[int, int]], scorer: Scorer, *, forward: bool) -> None:
        self.lat, self.shapes, self.scorer, self.forward = lat, shapes, scorer, forward
        self.rows = len(lat.lo)
        #: (r0, r1, per shape: (first row, each row's start in the flat scores, the flat scores) or None)
        self._chunks: list[tuple[int, int, list[tuple[int, list[int], np.ndarray] | None]]] = []
        self._min_rows = max(a for a, _ in shapes) + 1
        #: whether every chunk stays (see :data:`KEEP_ALL_FLOATS`): then rows may be read in either order
        self.keeps_all = lat.cells * len(shapes) <= KEEP_ALL_FLOATS

    def get(self, q: int, si: int) -> np.ndarray:
        for r0, r1, table in self._chunks:
            if r0 <= q < r1:
                entry = table[si]
                assert entry is not None and q >= entry[0], "asked for a shape that ends in no cell of this row"
                first, bounds, flat = entry
                return flat[bounds[q - first] : bounds[q - first + 1]]
        r0, r1 = self._span(q)
        self._chunks.append((r0, r1, self._compute(r0, r1)))
        if len(self._chunks) > KEEP and not self.keeps_all:
            self._chunks.pop(0)
        return self.get(q, si)

    def _span(self, q: int) -> tuple[int, int]:
        """The chunk of rows to compute when row ``q`` is asked for: from ``q`` onwards in the walk's direction."""
        off = self.lat.offset
        if self.forward:
            r1 = int(np.searchsorted(off, off[q] + CHUNK_CELLS, side="right")) - 1
            return q, min(max(r1, q + self._min_rows), self.rows)
        r0 = int(np.searchsorted(off, off[q + 1] - CHUNK_CELLS, side="left"))
        return max(min(r0, q + 1 - self._min_rows), 0), q + 1

    def _compute(self, r0: int, r1: int) -> list[tuple[int, list[int], np.ndarray] | None]:
        lat, scorer = self.lat, self.scorer
        table: list[tuple[int, list[int], np.ndarray] | None] = [None] * len(self.shapes)
        for si, (a, b) in enumerate(self.shapes):
            if a == 0 or b == 0 or max(r0, a) >= r1:
                continue
            qs = np.arange(max(r0, a), r1)
            jlo = np.maximum(lat.lo[qs], lat.lo[qs - a] + b)
            jhi = np.minimum(lat.hi[qs], lat.hi[qs - a] + b)
            lens = np.maximum(jhi - jlo, 0)
            bounds = np.concatenate([[0], np.cumsum(lens)])
            total = int(bounds[-1])
            flat = np.zeros(0)
            if total:
                # Flat (row, column) of every cell: each row's run of columns, one after the other.
                ii = np.repeat(qs, lens)
                js = np.repeat(jlo - bounds[:-1], lens) + np.arange(total)
                p0, q0 = int(qs[0]) - a, int(js.min()) - b
                cols = int(js.max()) - b + 1 - q0
                # One product for the chunk: every target block in reach against every source block.
                dense = scorer.tgt.blocks(b, q0, cols) @ scorer.src.blocks(a, p0, len(qs)).T
                flat = scorer.cells(a, b, ii, js, dense[js - b - q0, ii - a - p0])
            table[si] = (int(qs[0]), bounds.tolist(), flat)
        return table
