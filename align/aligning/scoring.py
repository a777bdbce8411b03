"""Bead scores: centred cosine less a baseline, weighted by size, with length, paragraph and lexical terms."""

from __future__ import annotations

import itertools
import math

import numpy as np

from align.aligning.blocks import Side
from align.aligning.config import AlignConfig
from align.aligning.lattice import Lattice
from align.aligning.lexical import LexicalEvidence, lexical_evidence, or_rows


class Scorer:
    """Bead scores for one (source, target) pair of prepared sides."""

    def __init__(
        self,
        src: Side,
        tgt: Side,
        cfg: AlignConfig,
        lexical: bool | LexicalEvidence,
        langs: tuple[str, str] = ("", ""),
    ) -> None:
        """``lexical``: the sides' :class:`LexicalEvidence` when the caller read it already, True to read it here,
        False for none."""
        self.src, self.tgt, self.cfg = src, tgt, cfg
        total_s = float(src.chars[1].sum()) if len(src.texts) else 1.0
        total_t = float(tgt.chars[1].sum()) if len(tgt.texts) else 1.0
        self.log_ratio = math.log(max(total_t, 1.0) / max(total_s, 1.0))
        self.length_weight = cfg.length_weight  # rescaled by :func:`fit_length_model`
        self.lex_s = self.lex_t = None
        #: Each side's quantities by text (see :func:`~align.aligning.lexical.segment_quantities`), handed on to
        #: flagging; None without lexical evidence.
        self.quantities = None
        if lexical is True:
            lexical = lexical_evidence(src.texts, tgt.texts, langs, cfg.lexical_max_share)
        if isinstance(lexical, LexicalEvidence):
            self.quantities, self.lex_s, self.lex_t = lexical.quantities, lexical.src_bits, lexical.tgt_bits
        self.sbase = np.concatenate([[0.0], np.cumsum(src.base)])
        self.tbase = np.concatenate([[0.0], np.cumsum(tgt.base)])

    def cosine(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        # js is always a contiguous run: slice (a view) instead of gathering rows.
        return self.tgt.blocks(b, int(js[0]) - b, len(js)) @ self.src.block(a, i - a)

    def score(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """Scores of the beads with shape (a, b) ending at lattice point (i, j) for each j in js."""
        return self.cells(a, b, np.full(len(js), i), js, self.cosine(a, b, i, js))

    def cells(self, a: int, b: int, ii: np.ndarray, js: np.ndarray, cos: np.ndarray) -> np.ndarray:
        """Scores of the beads with shape (a, b) ending at the lattice points (ii[k], js[k]), given their
        block cosines (:meth:`score` for one row, :class:`~align.aligning.row_scores.RowScores` for many)."""
        rest, lr2 = self.cell_terms(a, b, ii, js, cos)
        return rest - self.length_weight * lr2

    def cell_terms(
        self, a: int, b: int, ii: np.ndarray, js: np.ndarray, cos: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`cells` in two terms: (the score without the length penalty, the squared log length ratio that
        :attr:`length_weight` weighs): the programmes keep the second to follow a refitted weight."""
        cfg = self.cfg
        cos = cos.astype(np.float64)
        # Baseline: the mean similarity of the bead's segments to their surroundings.
        base = 0.5 * ((self.sbase[ii] - self.sbase[ii - a]) / a + (self.tbase[js] - self.tbase[js - b]) / b)
        size = a + b
        s = (cos - base) * self.size(a, b, ii - a, js - b)
        s -= cfg.extra_segment_penalty * max(size - 2, 0)
        lr = np.log(self.tgt.chars[b][js - b] / self.src.chars[a][ii - a]) - self.log_ratio
        if cfg.paragraph_penalty:
            s -= cfg.paragraph_penalty * (self.src.crossings[a][ii - a] + self.tgt.crossings[b][js - b])
        if self.lex_s is not None and cfg.lexical_weight:
            s += cfg.lexical_weight * self._lexical(a, b, ii, js)
        return s, lr * lr

    def size(self, a: int, b: int, ps: np.ndarray, qs: np.ndarray) -> np.ndarray:
        """Similarity weight of beads (a, b) starting at source ps[k] and target qs[k]."""
        return ((self.src.wsum[a][ps] + self.tgt.wsum[b][qs]) / 2.0) ** self.cfg.size_exponent

    def _lexical(self, a: int, b: int, ii: np.ndarray, js: np.ndarray) -> np.ndarray:
        """How many quantity values and names each source block shares with its target block.

        A count, not a ratio: every quantity lies in some bead of any path, so the path total rewards
        exactly the paths that keep quantities with their counterparts, and merging two beads that
        already do so gains nothing.
        """
        assert self.lex_s is not None and self.lex_t is not None
        ps, qs = ii - a, js - b
        p0, q0 = int(ps.min()), int(qs.min())
        sv = or_rows(self.lex_s, p0, int(ps.max()) + 1 - p0, a)
        if not sv.any():
            return np.zeros(len(js))
        tv = or_rows(self.lex_t, q0, int(qs.max()) + 1 - q0, b)
        both = np.bitwise_count(sv[ps - p0] & tv[qs - q0])
        # The few words of a bit set added column by column: .sum(axis=1) over 4 columns costs more than the rest.
        out = both[:, 0].astype(np.float64)
        for w in range(1, both.shape[1]):
            out += both[:, w]
        return out


#: Weight of :attr:`AlignConfig.length_sd` against the measured spread, in 1-1 pairs (see
#: :func:`fit_length_model`): (0.16 × 1.16 / 0.03)² ≈ 40.
LENGTH_PRIOR_PAIRS = 40


def fit_length_model(path: list[tuple[int, int]], scorer: Scorer) -> float | None:
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


def set_baselines(src: Side, tgt: Side, lat: Lattice) -> None:
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
