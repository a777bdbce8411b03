"""Segment and block vectors of one document side, block vectors built on demand in a moving window."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Block vectors: for each block size k, the vector of segments p..p+k-1, made on demand.

#: Rows of block vectors a side keeps at a time (see :meth:`Side.blocks`): a few MB whatever the length.
BLOCK_WINDOW = 4096


@dataclass
class Side:
    """One document side prepared for the lattice: segment embeddings and block features.

    Block vectors (the normalised weighted sum of k consecutive segments) are not stored for the whole
    document: five tables of n × 384 floats cost 7.7 KB per segment, most of a 300,000-sentence run's
    memory. The lattice only ever reads a band of columns that moves along the document, so
    :meth:`blocks` builds the tables for a window of positions around the requested rows and rebuilds
    it when the band leaves it; memory stays at :data:`BLOCK_WINDOW` rows, and each block is summed
    about once per pass.
    """

    texts: list[str]
    emb: np.ndarray  # (n, d) single-segment embeddings (centred, unit length)
    weight: np.ndarray  # (n,) per-segment weight (see AlignConfig.char_weight)
    max_k: int
    chars: list[np.ndarray]  # chars[k][p]: characters of block k at p
    crossings: list[np.ndarray]  # paragraph boundaries inside block (k, p)
    wsum: list[np.ndarray]  # wsum[k][p]: total weight of block k at p
    base: np.ndarray  # per-segment baseline similarity
    #: exact[k][p]: the blended vector of block k at p, encoded exactly in pass 2 (see :func:`apply_exact`).
    exact: list[dict[int, np.ndarray]] = field(init=False)
    _win: tuple[int, int] = (0, 0)  # block start positions the window holds
    _tables: list[np.ndarray] = field(default_factory=list)  # _tables[k][p - _win[0]]
    _exact_starts: list[np.ndarray | None] = field(init=False)  # sorted keys of exact[k], None: stale

    def __post_init__(self) -> None:
        self.exact = [{} for _ in range(self.max_k + 1)]
        self._exact_starts = [None] * (self.max_k + 1)

    def count(self, k: int) -> int:
        """Number of blocks of size k (start positions)."""
        return max(len(self.emb) - k + 1, 0)

    def blocks(self, k: int, p0: int, rows: int) -> np.ndarray:
        """Vectors of the blocks of size ``k`` starting at ``p0 .. p0 + rows - 1``, as a (rows, d) view."""
        if k == 1:
            return self.emb[p0 : p0 + rows]
        w0, w1 = self._win
        if not (w0 <= p0 and p0 + rows <= w1):
            self._fill(p0, p0 + rows)
            w0 = self._win[0]
        return self._tables[k][p0 - w0 : p0 - w0 + rows]

    def block(self, k: int, p: int) -> np.ndarray:
        return self.blocks(k, p, 1)[0]

    def set_exact(self, k: int, p: int, vec: np.ndarray) -> None:
        self.exact[k][p] = vec
        self._exact_starts[k] = None
        w0, w1 = self._win
        if w0 <= p < w1 and p - w0 < len(self._tables[k]):
            self._tables[k][p - w0] = vec

    def _fill(self, lo: int, hi: int) -> None:
        """Build the tables for block starts around [lo, hi): centred on the request, so a band that
        moves forward (dynamic programme, forward pass) or backward (backward pass) stays inside."""
        n = len(self.emb)
        pad = max(BLOCK_WINDOW - (hi - lo), 0) // 2
        w0, w1 = max(lo - pad, 0), min(hi + pad, n)
        end = w1 + self.max_k - 1
        weighted = self.emb[w0:end] * self.weight[w0:end, None].astype(np.float32)
        self._tables = [np.zeros((0, 0), np.float32), np.zeros((0, 0), np.float32)]
        for k in range(2, self.max_k + 1):
            rows = max(min(w1, self.count(k)) - w0, 0)
            b = weighted[:rows].copy()
            for r in range(1, k):
                b += weighted[r : r + rows]
            b /= np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
            starts = self._exact_starts[k]
            if starts is None:
                starts = self._exact_starts[k] = np.array(sorted(self.exact[k]), np.int64)
            for p in starts[np.searchsorted(starts, w0) : np.searchsorted(starts, w0 + rows)]:
                b[p - w0] = self.exact[k][int(p)]
            self._tables.append(b)
        self._win = (w0, w1)


def centre(emb: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Each row less the side's mean, at unit length (a new array; see :func:`centre_in_place`)."""
    out = emb.astype(np.float32)  # always a copy: the caller's rows stay as they are
    centre_in_place(out, mean)
    return out


def row_norms(x: np.ndarray) -> np.ndarray:
    """L2 norms of the rows, without the n × d temporary that ``np.linalg.norm(x, axis=1)`` makes."""
    return np.sqrt(np.einsum("ij,ij->i", x, x))


def centre_in_place(emb: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """:func:`centre` on ``emb`` itself → the norms it divided by, for :func:`uncentre_in_place`.

    At 300,000 sentences a side a copy of the vectors is 0.9 GB: the aligner works on the encoder's
    own array and gives it back (to float rounding, ~1e-7) for flagging."""
    emb -= mean
    norms = np.maximum(row_norms(emb), 1e-12).astype(np.float32)
    emb /= norms[:, None]
    return norms


def uncentre_in_place(emb: np.ndarray, mean: np.ndarray, norms: np.ndarray) -> None:
    emb *= norms[:, None]
    emb += mean


def prepare_side(
    texts: list[str], emb: np.ndarray, paragraphs: np.ndarray, max_k: int, char_weight: float = 0.0
) -> Side:
    """Block features for one side; ``emb`` is already centred (see :func:`centre`)."""
    n = emb.shape[0]
    lens = np.array([max(len(t), 1) for t in texts], dtype=np.float64)
    csum = np.concatenate([[0.0], np.cumsum(lens)])
    weight = np.ones(n)
    if char_weight and n:
        weight = np.clip((lens / np.median(lens)) ** char_weight, 0.1, 3.0)
    wcum = np.concatenate([[0.0], np.cumsum(weight)])
    chars: list[np.ndarray] = [np.zeros(0)]
    crossings: list[np.ndarray] = [np.zeros(0)]
    wsum: list[np.ndarray] = [np.zeros(0)]
    for k in range(1, max_k + 1):
        cnt = max(n - k + 1, 0)
        chars.append(csum[k : k + cnt] - csum[:cnt])
        crossings.append((paragraphs[k - 1 : k - 1 + cnt] - paragraphs[:cnt]).astype(np.float64))
        wsum.append(wcum[k : k + cnt] - wcum[:cnt])
    return Side(texts, emb, weight, max_k, chars, crossings, wsum, np.zeros(n))
