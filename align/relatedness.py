"""Do two documents, and each bead, look like translations at all?

The aligner always finds *some* path, and its confidence is relative to the other paths: two unrelated
texts, or two unrelated sentences, still come out as confident beads. What tells a translation from an
unrelated pair is how similar the two sides are compared with sentences that do not correspond. That
baseline is taken from the same two documents (each source sentence against target sentences a few beads
away), so it fits the model, the language pair and the genre without a constant; documents too short for
it fall back to the encoder's own figure for unrelated sentences, where the encoder has one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align.figures import apart
from align.types import Bead

#: Beads on each side of a bead whose pairs it is compared with (see :func:`margin_scores`).
MARGIN_WIDTH = 6
#: How many of those alternatives, the most similar, make the baseline.
MARGIN_K = 4
#: Median margin below which two documents do not look like translations. Translations of Text+Berg (de–fr:
#: dev, test0–6) and zh–en (aca, mag, pol) and the seed article: 1.030–1.080; unrelated documents aligned with
#: each other (eight pairs of those, three of them other articles on the seed's story): 0.978–0.996.
UNRELATED_MARGIN = 1.015
#: The same for documents with fewer beads than a full neighbourhood (2 × MARGIN_WIDTH + 1): a bead's
#: alternatives are then few, so the aligner's pick stands out more by chance. Ten-sentence news items in 14
#: languages (and the six-sentence news set in 6) against English: 1.113–1.169; six pairs of unrelated short
#: texts (two articles of one template, a recipe): 1.005–1.044.
UNRELATED_MARGIN_SHORT = 1.075
#: A short document whose pairs are, this often, each other's best match among the document's pairs (both ways)
#: is a translation whatever its margin: a one-topic news item (ten sentences on a snowstorm) has neighbours so
#: alike that its margin was 1.071-1.074, while its pairs were mutual best matches 9/10 and 10/10 (translations
#: above: 0.90-1.00; the unrelated short pairs above and three of 10-sentence items with another item's
#: translation: 0.00-0.50).
MUTUAL_BEST_SHORT = 0.75
#: Beads with both sides needed for margins; shorter documents are judged by the encoder's prior, if any.
MIN_MARGIN_BEADS = 3


def margin_threshold(beads: int) -> float:
    """The median margin translations reach with this many beads (see :data:`UNRELATED_MARGIN_SHORT`)."""
    return UNRELATED_MARGIN_SHORT if beads < 2 * MARGIN_WIDTH + 1 else UNRELATED_MARGIN


def _pool_rows(groups: Sequence[tuple[int, ...]], emb: np.ndarray) -> np.ndarray:
    """Sum of ``emb`` rows per group of segment ids → (groups, dim); zero rows for empty groups."""
    out = np.zeros((len(groups), emb.shape[1]), np.float32)
    lengths = np.fromiter(map(len, groups), np.int64, len(groups))
    if lengths.any():
        ids = np.fromiter(itertools.chain.from_iterable(groups), np.int64, int(lengths.sum()))
        starts = (np.cumsum(lengths) - lengths)[lengths > 0]
        out[lengths > 0] = np.add.reduceat(emb[ids], starts, axis=0)
    return out


def bead_similarities(beads: Sequence[Bead], src_emb: np.ndarray, tgt_emb: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Cosine similarity per bead from per-segment embeddings (a side's segments averaged); NaN for
    empty-side beads.

    Beads are pooled ``chunk`` at a time, so beyond the result memory stays O(chunk × dim) however long
    the documents (a beads × segments pooling matrix asked for 347 GiB on a 305,412-sentence pair).
    """
    sims = np.full(len(beads), np.nan)
    for lo in range(0, len(beads), chunk):
        part = beads[lo : lo + chunk]
        s = _pool_rows([b.src for b in part], src_emb)
        t = _pool_rows([b.tgt for b in part], tgt_emb)
        ns, nt = np.linalg.norm(s, axis=1), np.linalg.norm(t, axis=1)
        ok = (ns > 0) & (nt > 0)
        sims[lo : lo + len(part)][ok] = np.einsum("ij,ij->i", s[ok], t[ok]) / (ns[ok] * nt[ok])
    return sims


def margin_scores(beads: Sequence[Bead], src_emb: np.ndarray, tgt_emb: np.ndarray, chunk: int = 4096) -> np.ndarray:
    """Per bead with both sides: its cosine over the mean cosine of each side's :data:`MARGIN_K` best
    alternatives among the beads within :data:`MARGIN_WIDTH` positions (the ratio margin of Artetxe &
    Schwenk 2019, computed along the alignment instead of over a whole corpus). A translation stands out
    from its neighbours (Text+Berg and zh–en: medians 1.03–1.09); a pair the aligner picked from unrelated
    text barely does (0.99–1.00), however similar the topic. Chunked: memory linear in ``chunk``."""
    full = [b for b in beads if b.src and b.tgt]
    n, w = len(full), MARGIN_WIDTH
    out = np.full(n, np.nan)
    for lo in range(0, n, chunk):
        a, z = max(lo - w, 0), min(lo + chunk + w, n)
        part = full[a:z]
        s = _pool_rows([b.src for b in part], src_emb)
        t = _pool_rows([b.tgt for b in part], tgt_emb)
        s /= np.maximum(np.linalg.norm(s, axis=1, keepdims=True), 1e-12)
        t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
        rows = np.arange(lo - a, min(lo + chunk, n) - a)
        own = np.einsum("ij,ij->i", s[rows], t[rows])
        alt_s, alt_t = [], []
        for o in (*range(-w, 0), *range(1, w + 1)):
            other = rows + o
            ok = (other >= 0) & (other < len(part))
            other = np.clip(other, 0, len(part) - 1)
            alt_s.append(np.where(ok, np.einsum("ij,ij->i", s[rows], t[other]), -np.inf))
            alt_t.append(np.where(ok, np.einsum("ij,ij->i", t[rows], s[other]), -np.inf))
        best = [np.sort(np.stack(x, 1), axis=1)[:, ::-1][:, :MARGIN_K] for x in (alt_s, alt_t)]
        # rows with fewer than MARGIN_K neighbours (the document's ends) average the ones they have
        mean = [np.nanmean(np.where(np.isfinite(b), b, np.nan), axis=1) for b in best]
        out[lo : lo + len(rows)] = own / ((mean[0] + mean[1]) / 2)
    return out


def mutual_best_share(beads: Sequence[Bead], src_emb: np.ndarray, tgt_emb: np.ndarray) -> float:
    """Share of the beads with both sides whose pair is the best match of its source among all the beads' targets
    and of its target among all their sources. For short documents (every pair against every other)."""
    full = [b for b in beads if b.src and b.tgt]
    if not full:
        return math.nan
    s = _pool_rows([b.src for b in full], src_emb)
    t = _pool_rows([b.tgt for b in full], tgt_emb)
    s /= np.maximum(np.linalg.norm(s, axis=1, keepdims=True), 1e-12)
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    sim = s @ t.T
    own = np.diag(sim)
    return float(np.mean((own >= sim.max(axis=1)) & (own >= sim.max(axis=0))))


@dataclass(frozen=True)
class Relatedness:
    """Whether two documents look like translations of each other (see :func:`measure_relatedness`)."""

    #: Median :func:`margin_scores` of the beads; NaN when there were too few beads and ``prior`` decided.
    median_margin: float
    #: Median cosine of the beads with both sides.
    median_cosine: float
    #: The encoder's cosine for unrelated sentences (None: unknown); decides when there are too few beads for margins.
    prior: float | None
    #: Beads with both sides.
    beads: int
    #: Share of a short document's pairs that are each other's best match among its pairs (see
    #: :func:`mutual_best_share`); NaN for long documents.
    mutual_best: float = math.nan

    @property
    def unrelated(self) -> bool:
        """The beads are, as a rule, no more similar than unrelated sentences: not a translation pair."""
        if not np.isnan(self.median_margin):
            if self.beads < 2 * MARGIN_WIDTH + 1 and self.mutual_best >= MUTUAL_BEST_SHORT:
                return False
            return self.median_margin < margin_threshold(self.beads)
        return self.prior is not None and self.median_cosine < self.prior

    def reason(self) -> str:
        """One line saying what the figures were, for a warning or a flag."""
        if not np.isnan(self.median_margin):
            return (f"their pairs stand out from neighbouring sentences by a median margin of {self.median_margin:.3f} "
                    f"(translations: {margin_threshold(self.beads)} or more)")  # fmt: skip
        cosine, prior = apart(self.median_cosine, math.nan if self.prior is None else self.prior)
        return f"median cosine {cosine}, below what translations reach with this model ({prior})"

    def as_meta(self) -> dict[str, float | int | bool | None]:
        return {"median_margin": None if np.isnan(self.median_margin) else round(self.median_margin, 4),
                "median_cosine": round(self.median_cosine, 4), "prior": self.prior, "beads": self.beads,
                "mutual_best": None if np.isnan(self.mutual_best) else round(self.mutual_best, 4),
                "unrelated": self.unrelated}  # fmt: skip

    @classmethod
    def from_meta(cls, meta: object) -> Relatedness | None:
        if not isinstance(meta, dict):
            return None
        try:
            margin, mutual = meta["median_margin"], meta.get("mutual_best")
            return cls(math.nan if margin is None else float(margin), float(meta["median_cosine"]),
                       None if meta["prior"] is None else float(meta["prior"]), int(meta["beads"]),
                       math.nan if mutual is None else float(mutual))  # fmt: skip
        except (KeyError, TypeError, ValueError):
            return None


def measure_relatedness(
    beads: Sequence[Bead], src_emb: np.ndarray, tgt_emb: np.ndarray, prior: float | None = None
) -> Relatedness | None:
    """The documents' :class:`Relatedness`: from the beads' margins when there are at least
    :data:`MIN_MARGIN_BEADS` beads with both sides, else from their cosine against ``prior`` (the cosine
    unrelated sentences reach with this encoder, where it has one); None when it cannot be told."""
    sims = bead_similarities(beads, src_emb, tgt_emb)
    sims = sims[~np.isnan(sims)]
    if not len(sims):
        return None
    if len(sims) >= MIN_MARGIN_BEADS:
        margin = float(np.nanmedian(margin_scores(beads, src_emb, tgt_emb)))
        short = len(sims) < 2 * MARGIN_WIDTH + 1
        mutual = mutual_best_share(beads, src_emb, tgt_emb) if short else math.nan
        return Relatedness(margin, float(np.median(sims)), prior, len(sims), mutual)
    if prior is None:
        return None
    return Relatedness(math.nan, float(np.median(sims)), prior, len(sims))
