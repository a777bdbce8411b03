"""Monotonic many-to-many sentence alignment of two documents.

How it works (ideas from Vecalign, Thompson & Koehn 2019, and Bertalign, Liu & Zhu 2022):

1. Every segment is embedded once; that is the encoder floor, everything else must stay cheap.
2. Multi-segment blocks ("overlaps") get an *approximate* embedding: the normalised sum of their
   segments' embeddings, each weighted by a gentle power of its length so that short fragments
   (headings, captions) do not pull a block their way; bead size counts the same weights.
   Bertalign encodes every overlap of up to four sentences, which costs about ten times the floor.
3. A dynamic programme over the (source position, target position) lattice picks the monotonic
   sequence of beads with the best total score. Long documents are aligned in a band around a
   coarse path found recursively on downsampled documents (Vecalign's trick), so time and memory
   grow linearly with length; short ones get the full lattice.
4. Pass 2 encodes exactly only the blocks whose decision is uncertain (a many-to-many bead on the
   path, or a close competitor of the chosen bead), blends each exact vector half-and-half with
   its approximate one (either alone does worse on Text+Berg dev) and re-runs the programme.
   The final path is not the best-scoring one but the one with the most expected right beads less a
   cost per bead, from forward–backward posteriors (minimum-Bayes-risk decoding, :func:`_mbr_path`).
5. Content the translation moved (a caption set on another page, a reordered paragraph) is out of
   reach of any monotonic path, which leaves both ends without a counterpart; segments left so that
   are each other's best match pair up afterwards (:func:`_pair_moved`), out of target order.

Bead scores combine the cosine similarity (less a per-segment baseline: how similar the segment is
to everything nearby, so generic segments do not attract), a length-ratio penalty learnt from the
document pair, a penalty for blocks that straddle a paragraph boundary and a bonus per quantity both
sides state (compared by value, so 3社 matches "tre") or name alike.
"""

from __future__ import annotations

import collections
import itertools
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from align.encoders.base import Encoder
from align.errors import AlignError
from align.numbers import extract_quantities
from align.types import Alignment, Bead, Document, SegmentEmbeddings

NEG = -1e18  # "impossible" that stays finite, so sums never produce NaN


@dataclass(frozen=True)
class AlignConfig:
    """Every knob of the aligner; the defaults are tuned on the Text+Berg dev document."""

    #: Most segments on one side of a bead.
    max_bead: int = 5
    #: Most segments in a bead, both sides together (1-5, 2-4 and 3-3 yes, 2-5 no with 6).
    max_bead_total: int = 6
    #: Score of a 1-0/0-1 bead (per segment left without counterpart).
    skip: float = -0.1
    #: Similarity weight grows with bead size (summed segment weights) as (size/2)**size_exponent.
    size_exponent: float = 0.6
    #: Segment weight (chars / median chars) ** char_weight, used for block vectors and bead size:
    #: short fragments (headings, captions) carry little evidence and should not dominate a merge.
    char_weight: float = 0.25
    #: Penalty per segment beyond two in a bead.
    extra_segment_penalty: float = 0.03
    #: Weight of the squared log length ratio (chars, corrected by the document's overall ratio).
    length_weight: float = 0.25
    #: Spread of log length ratios (robust sd over 1-1 beads) that ``length_weight`` is meant for (Text+Berg
    #: dev's, as the first pass measures it); the weight is rescaled by (this / the document pair's own
    #: spread)² after a first pass, so a language pair whose lengths vary more (zh–en: 0.22) trusts them
    #: less. 0: no rescaling.
    length_sd: float = 0.16
    #: Penalty for a block that straddles a paragraph boundary (per boundary crossed).
    paragraph_penalty: float = 0.05
    #: Bonus per quantity value or name a bead's two sides share (see :meth:`_Scorer._lexical`).
    lexical_weight: float = 0.2
    #: A word both documents spell alike counts as a name in at most this share of each side's segments
    #: (0: no names, quantities only).
    lexical_max_share: float = 0.05
    #: Subtract each segment's mean similarity to its neighbourhood (margin-style normalisation).
    baseline: bool = False
    #: Lattices with at most this many cells are searched whole; larger ones in a band.
    full_cells: int = 400_000
    #: Half-width (segments) of the band around the projected coarse path.
    band: int = 24
    #: Pass 2: encode uncertain multi-segment blocks exactly and re-align.
    refine: bool = True
    #: Weight of the exact vector when blended with the approximate one (see :func:`_apply_exact`).
    exact_mix: float = 0.5
    #: A competing bead within this score margin of the chosen one is refined too.
    refine_margin: float = 0.08
    #: Cap on the characters pass 2 may encode, as a fraction of both documents' characters.
    refine_budget: float = 0.45
    #: Pair segments the monotonic path left alone when they match each other (moved content).
    moved: bool = True
    #: Bead confidence is the bead's probability over all paths weighted by exp(score / this)
    #: (see :func:`_bead_posteriors`); calibrated on the dev sets.
    confidence_temperature: float = 0.04
    #: Minimum-Bayes-risk decoding (see :func:`_mbr_path`): the final path maximises the sum over its beads
    #: of (posterior − this) instead of the total score. None: the best-scoring path. Chosen on the dev sets
    #: with ``mbr_temperature`` (Text+Berg dev 0.928 → 0.926, pol 0.968 → 0.978).
    mbr_cost: float | None = 0.2
    #: Temperature of the posteriors MBR decoding weighs (None: ``confidence_temperature``, which stays the
    #: confidence's: at 0.06 pol's Brier score is 0.051 against 0.032).
    mbr_temperature: float | None = 0.06


# --------------------------------------------------------------------------------------------
# Block vectors: for each block size k, the vector of segments p..p+k-1, made on demand.

#: Rows of block vectors a side keeps at a time (see :meth:`_Side.blocks`): a few MB whatever the length.
BLOCK_WINDOW = 4096


@dataclass
class _Side:
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
    #: exact[k][p]: the blended vector of block k at p, encoded exactly in pass 2 (see :func:`_apply_exact`).
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


def _centre(emb: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Each row less the side's mean, at unit length (a new array; see :func:`_centre_in_place`)."""
    out = emb.astype(np.float32)  # always a copy: the caller's rows stay as they are
    _centre_in_place(out, mean)
    return out


def _row_norms(x: np.ndarray) -> np.ndarray:
    """L2 norms of the rows, without the n × d temporary that ``np.linalg.norm(x, axis=1)`` makes."""
    return np.sqrt(np.einsum("ij,ij->i", x, x))


def _centre_in_place(emb: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """:func:`_centre` on ``emb`` itself → the norms it divided by, for :func:`_uncentre_in_place`.

    At 300,000 sentences a side a copy of the vectors is 0.9 GB: the aligner works on the encoder's
    own array and gives it back (to float rounding, ~1e-7) for flagging."""
    emb -= mean
    norms = np.maximum(_row_norms(emb), 1e-12).astype(np.float32)
    emb /= norms[:, None]
    return norms


def _uncentre_in_place(emb: np.ndarray, mean: np.ndarray, norms: np.ndarray) -> None:
    emb *= norms[:, None]
    emb += mean


def _prepare(texts: list[str], emb: np.ndarray, paragraphs: np.ndarray, max_k: int, char_weight: float = 0.0) -> _Side:
    """Block features for one side; ``emb`` is already centred (see :func:`_centre`)."""
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
    return _Side(texts, emb, weight, max_k, chars, crossings, wsum, np.zeros(n))


# --------------------------------------------------------------------------------------------
# Lexical evidence: quantities both sides state, compared by value (3社 = tre, 1,500億 = 150 miliardi),
# and names both spell alike.

LEX_DIM = 256


_WORD_RE = re.compile(r"[^\W\d_]{3,}")


def _quantity_keys(text: str, lang: str) -> set[str]:
    """The values of the quantities in ``text``; a lone 1 is left out (articles and 一 make it too common)."""
    return {
        "#" + repr(q.value if not math.isnan(q.value) else min(q.readings))
        for q in extract_quantities(text, lang)
        if not q.is_lone_one
    }


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)}


def _lexical_bits(
    src: Sequence[str], tgt: Sequence[str], langs: tuple[str, str], max_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per segment of each side, as a bit set (see :func:`_key_bits`): the values of its quantities and
    the words it shares with the other document (names, mostly: Makalu, Baltoro, OpenAI), lower-cased.

    A word counts only if it is spelt alike on both sides and is in at most ``max_share`` of each side's
    segments: more often, it is a function word the two languages happen to share (French and German
    "des") or the document's topic, which tells no sentence from its neighbours. Each segment's words
    are found twice (counted, then kept if shared) rather than held as a set per segment, which would
    cost more memory than the rest of the aligner on a long document.
    """
    df = [collections.Counter(w for t in side for w in _words(t)) for side in (src, tgt)]
    caps = [max(2.0, max_share * len(side)) for side in (src, tgt)]
    shared: set[str] = set()
    if max_share > 0:  # 0: quantities only
        shared = {w for w, c in df[0].items() if c <= caps[0] and 0 < df[1].get(w, 0) <= caps[1]}
    del df
    return (
        _key_bits(((_words(t) & shared) | _quantity_keys(t, langs[0]) for t in src), len(src)),
        _key_bits(((_words(t) & shared) | _quantity_keys(t, langs[1]) for t in tgt), len(tgt)),
    )


def _key_bits(keys: Iterable[set[str]], n: int) -> np.ndarray:
    """(n, LEX_DIM / 64) uint64 bit sets marking each segment's keys, hashed into a fixed width: a
    block's keys are the OR of at most five rows and the keys two blocks share a popcount, so the
    overlap of every bead in a band row is a few vector operations instead of a Python loop over cells,
    at 32 bytes per segment."""
    bits = np.zeros((n, LEX_DIM // 64), np.uint64)
    for i, ks in enumerate(keys):
        for key in ks:
            h = zlib.crc32(key.encode("utf-8")) % LEX_DIM
            bits[i, h >> 6] |= np.uint64(1 << (h & 63))
    return bits


def _or_rows(bits: np.ndarray, p0: int, rows: int, k: int) -> np.ndarray:
    """Bit sets of the blocks of ``k`` segments starting at ``p0 .. p0 + rows - 1``."""
    out = bits[p0 : p0 + rows].copy()
    for r in range(1, k):
        out |= bits[p0 + r : p0 + r + rows]
    return out


# --------------------------------------------------------------------------------------------
# The dynamic programme on a ragged band: row i holds lattice columns lo[i] .. hi[i]-1.


@dataclass
class _Lattice:
    lo: np.ndarray
    hi: np.ndarray
    offset: np.ndarray  # start of row i in the flat arrays

    @classmethod
    def make(cls, lo: np.ndarray, hi: np.ndarray) -> _Lattice:
        offset = np.concatenate([[0], np.cumsum(hi - lo)]).astype(np.int64)
        return cls(lo.astype(np.int64), hi.astype(np.int64), offset)

    @property
    def cells(self) -> int:
        return int(self.offset[-1])


def _shapes(max_bead: int, max_total: int) -> list[tuple[int, int]]:
    shapes = [(1, 0), (0, 1)]
    for a in range(1, max_bead + 1):
        for b in range(1, max_bead + 1):
            if a + b <= max_total:
                shapes.append((a, b))
    return shapes


class _Scorer:
    """Bead scores for one (source, target) pair of prepared sides."""

    def __init__(
        self, src: _Side, tgt: _Side, cfg: AlignConfig, lexical: bool, langs: tuple[str, str] = ("", "")
    ) -> None:
        self.src, self.tgt, self.cfg = src, tgt, cfg
        total_s = float(src.chars[1].sum()) if len(src.texts) else 1.0
        total_t = float(tgt.chars[1].sum()) if len(tgt.texts) else 1.0
        self.log_ratio = math.log(max(total_t, 1.0) / max(total_s, 1.0))
        self.length_weight = cfg.length_weight  # rescaled by :func:`_fit_length_model`
        self.lex_s = self.lex_t = None
        if lexical:
            self.lex_s, self.lex_t = _lexical_bits(src.texts, tgt.texts, langs, cfg.lexical_max_share)
        self.sbase = np.concatenate([[0.0], np.cumsum(src.base)])
        self.tbase = np.concatenate([[0.0], np.cumsum(tgt.base)])

    def size(self, a: int, b: int, p: int, qs: np.ndarray) -> np.ndarray:
        """Similarity weight of beads (a, b) starting at source p and each target q."""
        return ((self.src.wsum[a][p] + self.tgt.wsum[b][qs]) / 2.0) ** self.cfg.size_exponent

    def cosine(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        # js is always a contiguous run: slice (a view) instead of gathering rows.
        return self.tgt.blocks(b, int(js[0]) - b, len(js)) @ self.src.block(a, i - a)

    def score(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """Scores of the beads with shape (a, b) ending at lattice point (i, j) for each j in js."""
        cfg = self.cfg
        cos = self.cosine(a, b, i, js).astype(np.float64)
        # Baseline: the mean similarity of the bead's segments to their surroundings.
        base = 0.5 * ((self.sbase[i] - self.sbase[i - a]) / a + (self.tbase[js] - self.tbase[js - b]) / b)
        size = a + b
        s = (cos - base) * self.size(a, b, i - a, js - b)
        s -= cfg.extra_segment_penalty * max(size - 2, 0)
        lr = np.log(self.tgt.chars[b][js - b] / self.src.chars[a][i - a]) - self.log_ratio
        s -= self.length_weight * lr * lr
        if cfg.paragraph_penalty:
            s -= cfg.paragraph_penalty * (self.src.crossings[a][i - a] + self.tgt.crossings[b][js - b])
        if self.lex_s is not None and cfg.lexical_weight:
            s += cfg.lexical_weight * self._lexical(a, b, i, js)
        return s

    def _lexical(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """How many quantity values and names the source block shares with each target block.

        A count, not a ratio: every quantity lies in some bead of any path, so the path total rewards
        exactly the paths that keep quantities with their counterparts, and merging two beads that
        already do so gains nothing.
        """
        assert self.lex_s is not None and self.lex_t is not None
        sv = _or_rows(self.lex_s, i - a, 1, a)[0]
        if not sv.any():
            return np.zeros(len(js))
        tv = _or_rows(self.lex_t, int(js[0]) - b, len(js), b)
        return np.bitwise_count(tv & sv).sum(axis=1).astype(np.float64)


def _dp(
    n: int, m: int, lat: _Lattice, shapes: list[tuple[int, int]], scorer: _Scorer
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Best monotonic path from (0, 0) to (n, m) → (lattice points from (0, 0), best prefix scores)."""
    cfg = scorer.cfg
    D = np.full(lat.cells, NEG)
    bp = np.full(lat.cells, -1, dtype=np.int8)
    skip_t = np.concatenate([[0.0], np.cumsum(np.full(m, cfg.skip))])  # cumulative 0-1 scores
    for i in range(n + 1):
        lo, hi, off = int(lat.lo[i]), int(lat.hi[i]), int(lat.offset[i])
        if hi <= lo:
            continue
        js = np.arange(lo, hi)
        best = np.full(hi - lo, NEG)
        arg = np.full(hi - lo, -1, dtype=np.int8)
        if i == 0 and lo == 0:
            best[0] = 0.0
        for si, (a, b) in enumerate(shapes):
            if a == 0 or i - a < 0:
                continue
            p = i - a
            plo, phi, poff = int(lat.lo[p]), int(lat.hi[p]), int(lat.offset[p])
            jlo, jhi = max(lo, plo + b), min(hi, phi + b)
            if jhi <= jlo:
                continue
            sub = js[jlo - lo : jhi - lo]
            prev = D[poff + (sub - b - plo)]
            ok = prev > NEG / 2
            if not ok.any():
                continue
            cand = prev + cfg.skip if b == 0 else prev + scorer.score(a, b, i, sub)
            cand = np.where(ok, cand, NEG)
            seg = best[jlo - lo : jhi - lo]
            better = cand > seg
            seg[better] = cand[better]
            arg[jlo - lo : jhi - lo][better] = si
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


#: Weight of :attr:`AlignConfig.length_sd` against the measured spread, in 1-1 pairs (see
#: :func:`_fit_length_model`): (0.16 × 1.16 / 0.03)² ≈ 40.
LENGTH_PRIOR_PAIRS = 40


def _fit_length_model(path: list[tuple[int, int]], scorer: _Scorer) -> float | None:
    """Rescale the length penalty to this document pair's own spread of log length ratios, measured on
    the 1-1 beads of a first path (robust: median absolute deviation) → that spread, None if unchanged.

    The squared log ratio is a Gaussian log-likelihood: its weight belongs to 1 / (2 sd²), and sd differs
    by language pair and genre (Text+Berg de–fr 0.16, zh–en political speeches 0.21). A median absolute
    deviation of n values is itself uncertain, by about sd × 1.16 / sqrt(n): for a 40-sentence document
    that is as much as the difference between the language pairs. So the measured variance is shrunk
    towards ``length_sd``² as if that had been measured on :data:`LENGTH_PRIOR_PAIRS` pairs (the number
    at which the two uncertainties are equal, with ±0.03 between language pairs).
    """
    cfg = scorer.cfg
    ones = [(i0, j0) for (i0, j0), (i1, j1) in itertools.pairwise(path) if i1 - i0 == 1 and j1 - j0 == 1]
    if not cfg.length_sd or len(ones) < 2:
        return None
    i, j = np.array(ones).T
    lr = np.log(scorer.tgt.chars[1][j] / scorer.src.chars[1][i])
    measured = 1.4826 * float(np.median(np.abs(lr - np.median(lr))))
    k, n = LENGTH_PRIOR_PAIRS, len(ones)
    sd = math.sqrt((k * cfg.length_sd**2 + n * measured**2) / (k + n))
    scorer.length_weight = cfg.length_weight * (cfg.length_sd / sd) ** 2
    return sd


def _bead_posteriors(
    path: list[tuple[int, int]],
    n: int,
    m: int,
    lat: _Lattice,
    shapes: list[tuple[int, int]],
    scorer: _Scorer,
    temperature: float,
) -> np.ndarray:
    """For each bead of ``path``: its probability over all monotonic paths of the lattice, each path
    weighted by exp(score / temperature) (forward–backward, log-sum-exp in place of :func:`_dp`'s max).

    That is how sure the alignment is of the bead relative to the alternatives: a short true pair
    with a modest cosine that nothing nearby beats gets a high value, a bead that a merge with its
    neighbour scores almost as well gets about half.
    """
    return _forward_backward(n, m, lat, shapes, scorer, temperature, path=path)[0]


def _mbr_path(
    n: int,
    m: int,
    lat: _Lattice,
    shapes: list[tuple[int, int]],
    scorer: _Scorer,
    temperature: float,
    cost: float,
    conf_temperature: float | None = None,
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Minimum-Bayes-risk decoding → (the path maximising the sum over its beads of (posterior − ``cost``),
    each of its beads' posterior at ``conf_temperature``, by default ``temperature``).

    The best-scoring path (:func:`_dp`) is the single most probable alignment; the path with the most
    expected right beads can differ where the probability mass is spread (two close alternatives for a
    merge, each less likely than the rest together). ``cost`` trades the two kinds of error: a bead
    enters the path only if it is right with probability above what it costs, the usual way to aim
    at F1 rather than at the whole alignment being right (cf. MBR decoding for word alignment).
    """
    _, path, conf = _forward_backward(n, m, lat, shapes, scorer, temperature, mbr_cost=cost, conf_t=conf_temperature)
    assert path is not None and conf is not None
    return path, conf


def _forward_backward(
    n: int,
    m: int,
    lat: _Lattice,
    shapes: list[tuple[int, int]],
    scorer: _Scorer,
    t: float,
    *,
    path: list[tuple[int, int]] | None = None,
    mbr_cost: float | None = None,
    conf_t: float | None = None,
) -> tuple[np.ndarray, list[tuple[int, int]] | None, np.ndarray | None]:
    """One forward–backward pass over the lattice → (posterior of each bead of ``path``, the MBR path
    and its beads' posteriors at ``conf_t`` when ``mbr_cost`` is given; see :func:`_bead_posteriors`,
    :func:`_mbr_path`).

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
    for i in range(n + 1):
        lo, hi, off = int(lat.lo[i]), int(lat.hi[i]), int(lat.offset[i])
        if hi <= lo:
            continue
        js = np.arange(lo, hi)
        rows = [np.full(hi - lo, NEG) for _ in temps]
        if i == 0 and lo == 0:
            for row in rows:
                row[0] = 0.0
        for a, b in shapes:
            if a == 0 or i - a < 0:
                continue
            p = i - a
            plo, phi, poff = int(lat.lo[p]), int(lat.hi[p]), int(lat.offset[p])
            jlo, jhi = max(lo, plo + b), min(hi, phi + b)
            if jhi <= jlo:
                continue
            sub = js[jlo - lo : jhi - lo]
            score = skip if b == 0 else scorer.score(a, b, i, sub)
            for f, row, tt in zip(fwd, rows, temps, strict=True):
                prev = f[poff + (sub - b - plo)]
                acc(row, jlo - lo, np.where(prev > NEG / 2, prev + score, NEG), tt)
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
    bwd: list[dict[int, np.ndarray]] = [{} for _ in temps]
    best: dict[int, np.ndarray] = {}
    for i in range(n, -1, -1):
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
            score = skip if b == 0 else scorer.score(a, b, q, sub + b)
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


# --------------------------------------------------------------------------------------------
# Band: recursive downsampling (Vecalign) keeps the lattice linear in document length.


def _full_lattice(n: int, m: int) -> _Lattice:
    return _Lattice.make(np.zeros(n + 1, np.int64), np.full(n + 1, m + 1, np.int64))


def _band_from_path(path: list[tuple[int, int]], n: int, m: int, scale: int, width: int) -> _Lattice:
    """Project a coarse path to the finer lattice (×scale) and widen it by ``width``."""
    lo = np.full(n + 1, m + 1, np.int64)
    hi = np.full(n + 1, -1, np.int64)
    for (i0, j0), (i1, j1) in itertools.pairwise(path):
        r0, r1 = min(i0 * scale, n), min(i1 * scale, n)
        c0, c1 = min(j0 * scale, m), min(j1 * scale, m)
        lo[r0 : r1 + 1] = np.minimum(lo[r0 : r1 + 1], c0)
        hi[r0 : r1 + 1] = np.maximum(hi[r0 : r1 + 1], c1)
    # Widen vertically and horizontally: rows within ``width`` share their column ranges.
    pad_lo = np.concatenate([np.full(width, m + 1), lo, np.full(width, m + 1)])
    pad_hi = np.concatenate([np.full(width, -1), hi, np.full(width, -1)])
    win = 2 * width + 1
    lo = np.lib.stride_tricks.sliding_window_view(pad_lo, win).min(axis=1) - width
    hi = np.lib.stride_tricks.sliding_window_view(pad_hi, win).max(axis=1) + width + 1
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 1, m + 1)
    lo[0], hi[n] = 0, m + 1
    return _Lattice.make(lo, hi)


def _downsample(emb: np.ndarray) -> np.ndarray:
    n = emb.shape[0]
    if n % 2:
        emb = np.concatenate([emb, emb[-1:]])
    out = emb[0::2] + emb[1::2]
    out /= np.maximum(_row_norms(out), 1e-12)[:, None]
    return out


def _coarse_lattice(src_emb: np.ndarray, tgt_emb: np.ndarray, cfg: AlignConfig) -> _Lattice:
    """The lattice to search: whole if small enough, else a band around a recursive coarse path."""
    n, m = len(src_emb), len(tgt_emb)
    if (n + 1) * (m + 1) <= cfg.full_cells or min(n, m) < 8:
        return _full_lattice(n, m)
    cs, ct = _downsample(src_emb), _downsample(tgt_emb)
    lat = _coarse_lattice(cs, ct, cfg)
    # The coarse level uses plain cosine with 1-1/1-2/2-1 and skips: it only has to find the band.
    coarse_cfg = AlignConfig(max_bead=2, max_bead_total=3, length_weight=0.0, paragraph_penalty=0.0, refine=False)
    ps = _prepare([""] * len(cs), cs, np.zeros(len(cs), np.int64), 2)
    pt = _prepare([""] * len(ct), ct, np.zeros(len(ct), np.int64), 2)
    _set_baselines(ps, pt, lat)
    path, _ = _dp(len(cs), len(ct), lat, _shapes(2, 3), _Scorer(ps, pt, coarse_cfg, lexical=False))
    return _band_from_path(path, n, m, 2, cfg.band)


def _set_baselines(src: _Side, tgt: _Side, lat: _Lattice) -> None:
    """Per-segment baseline: mean cosine to the other side's segments in its band rows/columns."""
    n, m = len(src.emb), len(tgt.emb)
    if n == 0 or m == 0:
        return
    row_sum = np.zeros(n)
    row_cnt = np.zeros(n)
    col_sum = np.zeros(m)
    col_cnt = np.zeros(m)
    for i in range(1, n + 1):
        lo, hi = max(int(lat.lo[i]), 1), int(lat.hi[i])
        if hi <= lo:
            continue
        sims = (tgt.emb[lo - 1 : hi - 1] @ src.emb[i - 1]).astype(np.float64)
        row_sum[i - 1] = sims.sum()
        row_cnt[i - 1] = len(sims)
        col_sum[lo - 1 : hi - 1] += sims
        col_cnt[lo - 1 : hi - 1] += 1
    src.base = row_sum / np.maximum(row_cnt, 1)
    tgt.base = col_sum / np.maximum(col_cnt, 1)


# --------------------------------------------------------------------------------------------
# Pass 2: exact embeddings for the uncertain blocks.


def _uncertain_blocks(
    path: list[tuple[int, int]],
    D: np.ndarray,
    lat: _Lattice,
    scorer: _Scorer,
    shapes: list[tuple[int, int]],
) -> list[tuple[float, list[tuple[str, int, int]]]]:
    """Multi-segment blocks worth encoding exactly, as (margin, [(side, size, start)]), most doubtful first.

    A many-to-many bead on the path is doubtful by definition (margin 0); so is every many-to-many
    bead ending at a path point whose best path score comes within ``refine_margin`` of the best
    path (its max-marginal): those are the decisions approximate block vectors may have got wrong.
    """
    cfg = scorer.cfg
    out: list[tuple[float, list[tuple[str, int, int]]]] = []

    def blocks(a: int, b: int, i: int, j: int) -> list[tuple[str, int, int]]:
        return ([("s", a, i - a)] if a > 1 else []) + ([("t", b, j - b)] if b > 1 else [])

    for (i0, j0), (i, j) in itertools.pairwise(path):
        a, b = i - i0, j - j0
        if a >= 1 and b >= 1 and a + b > 2:
            out.append((0.0, blocks(a, b, i, j)))
        here = D[lat.offset[i] + j - lat.lo[i]]
        for a2, b2 in shapes:
            if a2 == 0 or b2 == 0 or a2 + b2 <= 2 or (a2, b2) == (a, b) or i - a2 < 0 or j - b2 < 0:
                continue
            p = i - a2
            if not lat.lo[p] <= j - b2 < lat.hi[p]:
                continue
            prev = D[lat.offset[p] + j - b2 - lat.lo[p]]
            if prev <= NEG / 2:
                continue
            margin = here - prev - float(scorer.score(a2, b2, i, np.array([j]))[0])
            if margin < cfg.refine_margin:
                out.append((float(margin), blocks(a2, b2, i, j)))
    out.sort(key=lambda x: x[0])
    return out


def _apply_exact(side: _Side, blocks: list[tuple[int, int]], vecs: np.ndarray, mix: float) -> None:
    """Blend exact block vectors into the approximate ones (weight ``mix`` on the exact vector).

    The encoder's vector of a concatenation leans towards its longest, most distinctive sentence
    while the normalised sum weighs the parts evenly; on Text+Berg dev the blend beats either alone.
    """
    for (k, p), v in zip(blocks, vecs, strict=True):
        out = mix * v + (1.0 - mix) * side.block(k, p)
        side.set_exact(k, p, out / max(float(np.linalg.norm(out)), 1e-12))


# --------------------------------------------------------------------------------------------


def _confidence(x: float) -> float:
    """Centred cosine → [0, 1]: about 0.5 at 0.3, where true pairs (median 0.64 on Text+Berg dev)
    and neighbouring non-pairs (90th percentile 0.26) part."""
    return 1.0 / (1.0 + math.exp(-(x - 0.3) / 0.06))


def align_documents(
    src: Document, tgt: Document, encoder: Encoder, config: AlignConfig | None = None, *, progress: bool = False
) -> Alignment:
    """Align two documents → monotonic beads covering every segment id of both sides once, in order."""
    cfg = config or AlignConfig()
    if cfg.max_bead < 1 or cfg.max_bead_total < 2:
        raise AlignError(
            f"max_bead must be at least 1 and max_bead_total at least 2, not {cfg.max_bead}, {cfg.max_bead_total}"
        )
    # Empty segments (blank presplit lines) carry no evidence: they become 1-0/0-1 beads in place.
    s_ids = [s.id for s in src.segments if s.text.strip()]
    t_ids = [s.id for s in tgt.segments if s.text.strip()]
    s_texts = [src.segments[i].text.strip() for i in s_ids] if s_ids else []
    t_texts = [tgt.segments[i].text.strip() for i in t_ids] if t_ids else []
    n, m = len(s_texts), len(t_texts)
    meta: dict[str, object] = {"config": asdict(cfg), "segments": [n, m]}

    singles = encoder.encode(s_texts + t_texts, progress=progress, desc="embedding") if n + m else None
    enc_chars = sum(map(len, s_texts)) + sum(map(len, t_texts))
    inner_path: list[tuple[int, int]]
    scorer: _Scorer | None = None
    conf: np.ndarray | None = None  # per bead of inner_path
    if n == 0 or m == 0 or singles is None:
        inner_path = [(0, 0)] + [(i, 0) for i in range(1, n + 1)] + [(n, j) for j in range(1, m + 1)]
    else:
        # Blocks longer than any bead shape can use would cost n × dim floats each for nothing.
        k = min(cfg.max_bead, cfg.max_bead_total - 1)
        s_par = np.array([src.segments[i].paragraph for i in s_ids], np.int64)
        t_par = np.array([tgt.segments[i].paragraph for i in t_ids], np.int64)
        # Centring each side on its own mean removes what all its sentences share (language, genre):
        # cosines of unrelated sentences drop to about 0 and sums of sentences stop gaining spurious
        # similarity, which otherwise makes every large bead look good.
        s_mean, t_mean = singles[:n].mean(axis=0), singles[n:].mean(axis=0)
        s_norms, t_norms = _centre_in_place(singles[:n], s_mean), _centre_in_place(singles[n:], t_mean)
        ps = _prepare(s_texts, singles[:n], s_par, k, cfg.char_weight)
        pt = _prepare(t_texts, singles[n:], t_par, k, cfg.char_weight)
        lat = _coarse_lattice(ps.emb, pt.emb, cfg)
        if cfg.baseline:
            _set_baselines(ps, pt, lat)
        shapes = _shapes(cfg.max_bead, cfg.max_bead_total)
        scorer = _Scorer(ps, pt, cfg, lexical=cfg.lexical_weight > 0, langs=(src.lang, tgt.lang))
        inner_path, D = _dp(n, m, lat, shapes, scorer)
        length_sd = _fit_length_model(inner_path, scorer)
        if length_sd is not None:
            meta["length_sd"] = round(length_sd, 4)
            del D
            inner_path, D = _dp(n, m, lat, shapes, scorer)
        meta["lattice_cells"] = lat.cells
        refined = 0
        if cfg.refine:
            # Most doubtful first, until the character budget (a proxy for encoder time) is spent.
            budget = cfg.refine_budget * enc_chars
            chosen: dict[tuple[str, int, int], str] = {}
            used = 0
            for _, bl in _uncertain_blocks(inner_path, D, lat, scorer, shapes):
                new = [x for x in bl if x not in chosen]
                texts = [" ".join((s_texts if side == "s" else t_texts)[p : p + kk]) for side, kk, p in new]
                cost = sum(map(len, texts))
                if used + cost > budget:
                    break
                chosen.update(zip(new, texts, strict=True))
                used += cost
            if chosen:
                keys = list(chosen)
                vecs = encoder.encode(list(chosen.values()), progress=progress, desc="refining")
                s_rows = [i for i, x in enumerate(keys) if x[0] == "s"]
                t_rows = [i for i, x in enumerate(keys) if x[0] == "t"]
                _apply_exact(ps, [keys[i][1:] for i in s_rows], _centre(vecs[s_rows], s_mean), cfg.exact_mix)
                _apply_exact(pt, [keys[i][1:] for i in t_rows], _centre(vecs[t_rows], t_mean), cfg.exact_mix)
                del D  # the programme's table is the largest thing alive: never hold two
                inner_path, D = _dp(n, m, lat, shapes, scorer)
                refined = len(keys)
                enc_chars += used
        meta["refined_blocks"] = refined
        del D
        if cfg.mbr_cost is None:
            conf = _bead_posteriors(inner_path, n, m, lat, shapes, scorer, cfg.confidence_temperature)
        else:
            # The confidence keeps its calibrated temperature, whatever MBR weighs.
            t_mbr = cfg.mbr_temperature or cfg.confidence_temperature
            inner_path, conf = _mbr_path(n, m, lat, shapes, scorer, t_mbr, cfg.mbr_cost, cfg.confidence_temperature)
    meta["encoded_chars"] = enc_chars

    beads = _path_to_beads(inner_path, s_ids, t_ids, conf)
    beads = _reinsert_empty(beads, src, tgt, set(s_ids), set(t_ids))
    if cfg.moved and scorer is not None:
        beads, moved = _pair_moved(beads, scorer, s_ids, t_ids)
        meta["moved"] = moved
    if scorer is not None and singles is not None:  # the aligner is done with the centred vectors
        _uncentre_in_place(singles[:n], s_mean, s_norms)
        _uncentre_in_place(singles[n:], t_mean, t_norms)
    return Alignment(
        src,
        tgt,
        beads,
        model=encoder.name,
        meta=meta,
        embeddings=_segment_embeddings(singles, s_ids, t_ids, (len(src), len(tgt)), encoder),
    )


def _segment_embeddings(
    singles: np.ndarray | None, s_ids: list[int], t_ids: list[int], sizes: tuple[int, int], encoder: Encoder
) -> SegmentEmbeddings | None:
    """The vectors encoded above, in segment-id order with zero rows for blank segments (see
    :class:`SegmentEmbeddings`): flagging uses them instead of encoding every sentence again."""
    if singles is None:
        return None
    n = len(s_ids)

    def side(rows: np.ndarray, ids: list[int], size: int) -> np.ndarray:
        if len(ids) == size:  # no blank segment: the rows already are in segment-id order (a view, no copy)
            return rows
        out = np.zeros((size, rows.shape[1]), np.float32)
        out[ids] = rows
        return out

    return SegmentEmbeddings(side(singles[:n], s_ids, sizes[0]), side(singles[n:], t_ids, sizes[1]), encoder.cache_id)


#: Centred cosine at which :func:`_confidence` is 0.5: the least a moved pair must reach.
MOVED_MIN_COSINE = 0.3


def _mutual_best(
    sim_rows: np.ndarray, sim_cols: np.ndarray, chunk_bytes: int = 64 << 20
) -> list[tuple[int, int, float]]:
    """(row, col, cosine) of the pairs that are each other's best match, rows × cols in chunks of rows
    of at most ``chunk_bytes`` of similarities, so memory stays bounded however many segments are left over."""
    n, m = len(sim_rows), len(sim_cols)
    chunk = max(1, min(2048, chunk_bytes // (4 * max(m, 1))))
    row_best = np.empty(n, np.int64)
    row_val = np.empty(n, np.float32)
    col_best = np.zeros(m, np.int64)
    col_val = np.full(m, -np.inf, np.float32)
    for lo in range(0, n, chunk):
        sims = sim_rows[lo : lo + chunk] @ sim_cols.T
        row_best[lo : lo + chunk] = sims.argmax(axis=1)
        row_val[lo : lo + chunk] = sims.max(axis=1)
        top = sims.argmax(axis=0)
        top_val = sims[top, np.arange(m)]
        better = top_val > col_val
        col_val[better] = top_val[better]
        col_best[better] = top[better] + lo
    return [(i, int(row_best[i]), float(row_val[i])) for i in range(n) if col_best[row_best[i]] == i]


def _pair_moved(
    beads: list[Bead], scorer: _Scorer, s_ids: list[int], t_ids: list[int]
) -> tuple[list[Bead], list[list[int]]]:
    """Turn a 1-0 and a 0-1 bead into one bead when their segments translate each other.

    A translation sometimes moves content: a caption set on another page, a footnote, a paragraph
    put elsewhere. No monotonic path can link it, so the aligner leaves both ends without a
    counterpart. Among those leftovers, two segments that are each other's best match and at least
    as similar as a confident bead (:data:`MOVED_MIN_COSINE`, confidence 0.5) are paired; the new
    bead takes the source segment's place, so the bead list stays in source order while the target
    order is broken on purpose. Returns the beads and the [source id, target id] of each moved pair.
    """
    s_row = {sid: r for r, sid in enumerate(s_ids)}
    t_row = {tid: r for r, tid in enumerate(t_ids)}
    lone_s = [b.src[0] for b in beads if len(b.src) == 1 and not b.tgt and b.src[0] in s_row]
    lone_t = [b.tgt[0] for b in beads if len(b.tgt) == 1 and not b.src and b.tgt[0] in t_row]
    if not lone_s or not lone_t:
        return beads, []
    vs = scorer.src.emb[[s_row[i] for i in lone_s]]
    vt = scorer.tgt.emb[[t_row[j] for j in lone_t]]
    pairs = {lone_s[i]: (lone_t[j], cos) for i, j, cos in _mutual_best(vs, vt) if cos >= MOVED_MIN_COSINE}
    if not pairs:
        return beads, []
    taken = {j for j, _ in pairs.values()}
    out: list[Bead] = []
    for b in beads:
        if b.src and not b.tgt and b.src[0] in pairs:
            j, cos = pairs[b.src[0]]
            out.append(Bead(b.src, (j,), round(_confidence(cos), 4)))
        elif b.tgt and not b.src and b.tgt[0] in taken:
            continue
        else:
            out.append(b)
    return out, [[i, j] for i, (j, _) in sorted(pairs.items())]


def _path_to_beads(
    path: list[tuple[int, int]], s_ids: list[int], t_ids: list[int], conf: np.ndarray | None
) -> list[Bead]:
    """Beads of ``path`` in segment ids, each with its confidence (1 where there was nothing to decide)."""
    beads = []
    for k, ((i0, j0), (i1, j1)) in enumerate(itertools.pairwise(path)):
        score = 1.0 if conf is None else float(conf[k])
        beads.append(Bead(tuple(s_ids[i0:i1]), tuple(t_ids[j0:j1]), round(score, 4)))
    return beads


def _reinsert_empty(beads: list[Bead], src: Document, tgt: Document, s_used: set[int], t_used: set[int]) -> list[Bead]:
    """Put blank segments back as 1-0/0-1 beads where they belong in reading order."""
    s_empty = [s.id for s in src.segments if s.id not in s_used]
    t_empty = [s.id for s in tgt.segments if s.id not in t_used]
    if not s_empty and not t_empty:
        return beads
    out: list[Bead] = []
    si = ti = 0
    for bead in beads:
        first_s = bead.src[0] if bead.src else None
        first_t = bead.tgt[0] if bead.tgt else None
        while si < len(s_empty) and first_s is not None and s_empty[si] < first_s:
            out.append(Bead((s_empty[si],), (), 1.0))
            si += 1
        while ti < len(t_empty) and first_t is not None and t_empty[ti] < first_t:
            out.append(Bead((), (t_empty[ti],), 1.0))
            ti += 1
        out.append(bead)
    out.extend(Bead((s,), (), 1.0) for s in s_empty[si:])
    out.extend(Bead((), (t,), 1.0) for t in t_empty[ti:])
    return out
