"""Bead scores for the dynamic programmes, laid out so that a lattice row is a few numpy calls for every bead shape.

The programmes walk the lattice row by row. Walked shape by shape, a dozen small numpy calls per row and shape
(17 shapes) cost more than the arithmetic: on a 300-sentence document most of the programmes' time. Here a chunk of
lattice rows holds, for every shape with a source side, a table over the chunk's cells: the score of the bead of
that shape ending in the cell and the cell it starts from (forward), and for the cells it may start from, the cell
it ends in (backward). A row of a programme is then one gather and one reduction over a (shapes × columns) matrix.

One matrix product and one pass of :meth:`Scorer.cells` per shape cover a chunk; a lattice small enough keeps one
chunk over all of it (every pass of a document reads it), a larger one keeps only the chunk it is in, so memory
stays a few MB whatever the document's length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from align.aligning.config import NEG
from align.aligning.lattice import Lattice
from align.aligning.scoring import Scorer

#: Lattice cells per chunk: large enough that the per-call overhead is spread thin, small enough that a
#: chunk's tables (a float and two indices per cell and shape, and the block-cosine product) stay a few MB.
CHUNK_CELLS = 16_384
#: A lattice whose tables, every shape's, fit in this many cells × shapes is computed as one chunk and kept: every
#: pass of the programmes over it (best path, pass 2's selection, forward and backward) reads the same tables, and
#: a change of the length weight (:func:`~align.aligning.scoring.fit_length_model`) updates them in place.
KEEP_ALL_FLOATS = 4_000_000

#: The programmes' matrix products are small, a few hundred rows by a few hundred: split over BLAS threads they
#: wait on each other, and on a busy 2-core machine a 150 × 384 × 100 product took 7 ms with two threads against
#: 0.4 ms with one. Whatever walks a :class:`RowScores` runs with one BLAS thread.
one_blas_thread = threadpool_limits.wrap(limits=1, user_api="blas")


@dataclass
class _Chunk:
    """The tables of the beads ending in lattice rows ``r0 .. r1 - 1`` (cells ``base .. base + cols - 1``).

    ``score[k, c]``: score of the bead of shape ``k`` ending in cell ``base + c``, NEG where it cannot start in the
    lattice, and a last column of NEG that invalid lookups land on; ``start[k, c]``: the cell it starts from, or
    the lattice's cell count (past the end: the programmes' tables keep a NEG there); ``end[k, c]``: for cell
    ``sbase + c`` (rows ``max(r0 - tallest, 0) .. r1 - 1``), the cell its bead of shape ``k`` ends in when that is
    in this chunk, else the cell count; ``length[k, c]``: the bead's squared log length ratio, the term whose weight
    :func:`~align.aligning.scoring.fit_length_model` changes (``weight`` is the one ``score`` holds)."""

    r0: int
    r1: int
    base: int
    cols: int
    sbase: int
    score: np.ndarray
    start: np.ndarray
    end: np.ndarray
    length: np.ndarray
    weight: float


class RowScores:
    """The bead scores the programmes read, a row at a time: :meth:`ending` (the beads that end in a row, forward
    passes) and :meth:`starting` (those that start in one, backward passes), for the shapes with a source side
    (``kinds``: their indices in ``shapes``; 0-1 beads run along a row and are the programmes' own)."""

    def __init__(self, lat: Lattice, shapes: list[tuple[int, int]], scorer: Scorer) -> None:
        self.lat, self.shapes, self.scorer = lat, shapes, scorer
        self.rows = len(lat.lo)
        self.kinds = np.array([si for si, (a, _) in enumerate(shapes) if a > 0], np.int8)
        self.tallest = max(a for a, _ in shapes)
        self.index = np.int32 if lat.cells < 2**31 - 1 else np.int64
        #: whether one chunk holds every row (see :data:`KEEP_ALL_FLOATS`)
        self.keeps_all = lat.cells * len(self.kinds) <= KEEP_ALL_FLOATS
        self._chunk: _Chunk | None = None

    def ending(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """The beads ending in row ``i``, over its columns: (their scores, the cells they start from), each a
        (kinds × columns) view; a bead that cannot be is scored NEG and starts past the lattice's last cell."""
        ch = self._chunk
        if ch is None or not ch.r0 <= i < ch.r1:
            ch = self._make(*self._ahead(i))
        c0 = int(self.lat.offset[i]) - ch.base
        c1 = c0 + int(self.lat.hi[i] - self.lat.lo[i])
        self._fresh(ch)
        return ch.score[:, c0:c1], ch.start[:, c0:c1]

    def starting(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """The beads starting in row ``i``, over its columns: (their scores, the cells they end in), each a
        (kinds × columns) array; a bead that cannot be is scored NEG and ends past the lattice's last cell."""
        last = min(i + self.tallest, self.rows - 1)  # the furthest row a bead from row i may end in
        ch = self._chunk
        if ch is None or not (ch.r0 <= i + 1 and last < ch.r1):
            ch = self._make(*self._behind(i, last))
        self._fresh(ch)
        c0 = int(self.lat.offset[i]) - ch.sbase
        ends = ch.end[:, c0 : c0 + int(self.lat.hi[i] - self.lat.lo[i])]
        at = np.minimum(ends - ch.base, ch.cols)  # past the chunk: its NEG column
        return np.take_along_axis(ch.score, at, axis=1), ends

    def _ahead(self, i: int) -> tuple[int, int]:
        if self.keeps_all:
            return 0, self.rows
        off = self.lat.offset
        r1 = int(np.searchsorted(off, off[i] + CHUNK_CELLS, side="right")) - 1
        return i, min(max(r1, i + 1), self.rows)

    def _behind(self, i: int, last: int) -> tuple[int, int]:
        if self.keeps_all:
            return 0, self.rows
        off = self.lat.offset
        r1 = last + 1
        r0 = int(np.searchsorted(off, off[r1] - CHUNK_CELLS, side="left"))
        return max(min(r0, i + 1), 0), r1

    def _fresh(self, ch: _Chunk) -> None:
        """Bring ``ch``'s scores to the scorer's length weight (the first path fits it, see
        :func:`~align.aligning.scoring.fit_length_model`); the rest of a score does not change."""
        w = self.scorer.length_weight
        if w != ch.weight:
            ch.score[:, : ch.cols] -= (w - ch.weight) * ch.length
            ch.weight = w

    def _make(self, r0: int, r1: int) -> _Chunk:
        lat, scorer, off = self.lat, self.scorer, self.lat.offset
        base, cols = int(off[r0]), int(off[r1] - off[r0])
        sr0 = max(r0 - self.tallest, 0)
        sbase = int(off[sr0])
        past = lat.cells
        kinds = len(self.kinds)
        score = np.full((kinds, cols + 1), NEG)
        length = np.zeros((kinds, cols))
        start = np.full((kinds, cols), past, self.index)
        end = np.full((kinds, cols + base - sbase), past, self.index)
        for k, si in enumerate(self.kinds.tolist()):
            a, b = self.shapes[si]
            if max(r0, a) >= r1:
                continue
            qs = np.arange(max(r0, a), r1)
            jlo = np.maximum(lat.lo[qs], lat.lo[qs - a] + b)
            jhi = np.minimum(lat.hi[qs], lat.hi[qs - a] + b)
            lens = np.maximum(jhi - jlo, 0)
            bounds = np.concatenate([[0], np.cumsum(lens)])
            total = int(bounds[-1])
            if not total:
                continue
            # Flat (row, column) of every cell: each row's run of columns, one after the other.
            ii = np.repeat(qs, lens)
            js = np.repeat(jlo - bounds[:-1], lens) + np.arange(total)
            at = off[ii] + js - lat.lo[ii]  # the cells the beads end in
            begins = off[ii - a] + js - b - lat.lo[ii - a]
            if b == 0:
                score[k, at - base] = scorer.cfg.skip * a
            else:
                p0, q0 = int(qs[0]) - a, int(js.min()) - b
                width = int(js.max()) - b + 1 - q0
                # One product for the chunk: every target block in reach against every source block.
                dense = scorer.tgt.blocks(b, q0, width) @ scorer.src.blocks(a, p0, len(qs)).T
                rest, lr2 = scorer.cell_terms(a, b, ii, js, dense[js - b - q0, ii - a - p0])
                score[k, at - base] = rest - scorer.length_weight * lr2
                length[k, at - base] = lr2
            start[k, at - base] = begins
            end[k, begins - sbase] = at
        chunk = _Chunk(r0, r1, base, cols, sbase, score, start, end, length, scorer.length_weight)
        self._chunk = chunk
        return chunk
