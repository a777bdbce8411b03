"""Corpus mode: which documents in a collection are translations of each other.

Comparable articles (the same story told separately) share topic and many similar sentences, so
document-level similarity cannot tell them from translations. What a translation has and a
comparable article lacks is *order*: its sentences match the other document's one by one, in the
same sequence, all the way through. The score is therefore the share of sentences covered by a
monotonic chain of mutual-nearest-neighbour sentence matches (after margin scoring, which removes
the topic-level similarity every sentence of the story shares).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from align.encoders.base import Encoder
from align.types import Document


@dataclass(frozen=True)
class PairConfig:
    #: Minimum parallel-coverage score for two documents to be proposed as translations.
    threshold: float = 0.3
    #: Neighbours averaged for the margin denominator (Artetxe & Schwenk's ratio margin).
    k: int = 4
    #: A sentence match also needs this margin (similarity relative to its neighbourhood).
    min_margin: float = 1.02
    #: Only the most similar documents (by mean embedding) are checked in detail, keeping big corpora linear.
    candidates: int = 8


@dataclass(frozen=True)
class ProposedPair:
    doc_a: str
    doc_b: str
    score: float


@dataclass(frozen=True)
class PairingResult:
    pairs: list[ProposedPair]
    unpaired: list[str]
    #: Every compared couple with its score, highest first: for explaining a decision.
    scores: list[ProposedPair]


def _margin_matrix(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    """Ratio-margin similarity: cos(x, y) / mean of the k nearest neighbours' cos around x and y."""
    sim = a @ b.T
    ka, kb = min(k, sim.shape[1]), min(k, sim.shape[0])
    nn_a = -np.sort(-sim, axis=1)[:, :ka].mean(axis=1)
    nn_b = -np.sort(-sim, axis=0)[:kb, :].mean(axis=0)
    return sim / ((nn_a[:, None] + nn_b[None, :]) / 2)


def _longest_monotonic_chain(rows: np.ndarray, cols: np.ndarray) -> int:
    """Length of the longest chain of matches increasing in both row and column (patience sorting)."""
    order = np.lexsort((-cols, rows))  # equal rows: larger column first so a row is used at most once
    tails: list[int] = []
    for c in cols[order]:
        pos = bisect.bisect_left(tails, int(c))
        if pos == len(tails):
            tails.append(int(c))
        else:
            tails[pos] = int(c)
    return len(tails)


def parallel_score(a: np.ndarray, b: np.ndarray, config: PairConfig | None = None) -> float:
    """Share of both documents' sentences covered by an in-order chain of mutual best matches, in [0, 1]."""
    cfg = config or PairConfig()
    if len(a) == 0 or len(b) == 0:
        return 0.0
    margin = _margin_matrix(a, b, cfg.k)
    best_b = margin.argmax(axis=1)
    best_a = margin.argmax(axis=0)
    rows = np.flatnonzero(best_a[best_b] == np.arange(len(a)))
    cols = best_b[rows]
    keep = margin[rows, cols] >= cfg.min_margin
    chain = _longest_monotonic_chain(rows[keep], cols[keep])
    return float(2 * chain / (len(a) + len(b)))


def propose_pairs(
    docs: list[Document], encoder: Encoder, config: PairConfig | None = None, *, progress: bool = False
) -> PairingResult:
    """Score candidate couples, then keep the best one-to-one matching above the threshold."""
    cfg = config or PairConfig()
    texts = [t for d in docs for t in d.texts]
    emb = encoder.encode(texts, progress=progress, desc="encoding corpus")
    bounds = np.cumsum([0, *(len(d) for d in docs)])
    per_doc = [emb[bounds[i] : bounds[i + 1]] for i in range(len(docs))]
    centroids = np.stack([e.mean(axis=0) if len(e) else np.zeros(emb.shape[1], np.float32) for e in per_doc])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    csim = centroids @ centroids.T
    np.fill_diagonal(csim, -np.inf)
    near = np.argsort(-csim, axis=1)[:, : cfg.candidates]
    couples = {tuple(sorted((i, int(j)))) for i in range(len(docs)) for j in near[i]}
    couples &= set(combinations(range(len(docs)), 2))
    scored = [
        (ProposedPair(docs[i].name, docs[j].name, parallel_score(per_doc[i], per_doc[j], cfg)), i, j)
        for i, j in couples
    ]
    scored.sort(key=lambda t: (-t[0].score, t[1], t[2]))
    taken: set[int] = set()
    pairs = []
    for pair, i, j in scored:
        if pair.score >= cfg.threshold and i not in taken and j not in taken:
            pairs.append(pair)
            taken |= {i, j}
    unpaired = [d.name for i, d in enumerate(docs) if i not in taken]
    return PairingResult(pairs=pairs, unpaired=unpaired, scores=[p for p, _, _ in scored])
