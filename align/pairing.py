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
from align.langid import base_language
from align.types import Document


@dataclass(frozen=True)
class PairConfig:
    #: Minimum parallel-coverage score for two documents to be proposed as translations.
    threshold: float = 0.3
    #: Neighbours averaged for the margin denominator (Artetxe & Schwenk's ratio margin).
    k: int = 4
    #: A sentence match also needs this margin (similarity relative to its neighbourhood).
    min_margin: float = 1.02
    #: ... and a stricter one for short documents, from ``short_min_margin`` at ``tiny_sentences`` (or fewer) down
    #: to ``min_margin`` at ``short_sentences``, linearly in the shorter document's sentence count. Why: to pass
    #: ``threshold`` a couple needs 0.15 × (n + m) matches in order, so the fewer the sentences, the fewer chance
    #: matches fake a pair, and the rarer each must be. Cuts of real translations (zh-en magazine and political
    #: texts, de-fr Text+Berg dev; benchmarks/pairing.py), unrelated couples reaching 0.3 at 1.02: 26 % of the
    #: 3-4-sentence ones, 14 % at 5-6, 0.8 % at 7-9, 0.2 % at 10-12; at 1.04 they were 2 %, 0.2 %, 0, 0, but 1.04
    #: also lost a fifth of the 7-12-sentence translations (zh-en political texts: three quarters), whose
    #: mutual matches are 1.01-1.06. Two articles written on one template and a recipe (tests/data/two_articles)
    #: have 1.003-1.045; the seed pair's neighbourhoods are alike (its coverage would halve at 1.04).
    short_min_margin: float = 1.04
    tiny_sentences: int = 4
    short_sentences: int = 10
    #: The floor for two documents in one language, whatever their size. Sentences of one language share its
    #: function words and phrasing, so unrelated sentences on any news subject come out as mutual matches with
    #: margins of 1.02-1.07: 53 of 121 same-language couples of different short articles in tests/data (a law vote
    #: and a power plant among them) scored 0.3-0.56 and were paired; at 1.08, none above 0.22. Two versions in one
    #: language are paraphrases of each other (two translations of one original, Serbian in two scripts, a text
    #: and its edit): margins 1.09-1.16, and they still score 0.78-1.0 at 1.08.
    same_language_min_margin: float = 1.08
    #: Only the most similar documents (by mean embedding) are checked in detail, keeping big corpora linear:
    #: this many in other languages, and ``same_language_candidates`` in the document's own.
    candidates: int = 8
    same_language_candidates: int = 2


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


def _chunk_rows(m: int, chunk_bytes: int) -> int:
    """Rows per chunk whose similarities to ``m`` columns (float32) take at most ``chunk_bytes``."""
    return max(1, chunk_bytes // (4 * max(m, 1)))


def _neighbourhoods(a: np.ndarray, b: np.ndarray, k: int, chunk_bytes: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean cosine of each row's k nearest columns and each column's k nearest rows (the margin's
    denominators), from row chunks of ``a @ b.T``: never the whole n × m matrix."""
    n, m = len(a), len(b)
    ka, kb = min(k, m), min(k, n)
    nn_a = np.empty(n, np.float32)
    top_b = np.full((kb, m), -np.inf, np.float32)  # each column's kb best so far
    step = _chunk_rows(m, chunk_bytes)
    for lo in range(0, n, step):
        sim = a[lo : lo + step] @ b.T
        nn_a[lo : lo + step] = -np.partition(-sim, ka - 1, axis=1)[:, :ka].mean(axis=1)
        top_b = -np.partition(-np.concatenate([top_b, sim]), kb - 1, axis=0)[:kb]
    return nn_a, top_b.mean(axis=0)


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


def margin_floor(n: int, m: int, config: PairConfig | None = None, *, same_language: bool = False) -> float:
    """The margin a sentence match needs between documents of ``n`` and ``m`` sentences (see
    :class:`PairConfig`): ``short_min_margin`` up to ``tiny_sentences``, ``min_margin`` from
    ``short_sentences`` on, linear in between; at least ``same_language_min_margin`` for two documents in one
    language."""
    cfg = config or PairConfig()
    if same_language:
        return max(margin_floor(n, m, cfg), cfg.same_language_min_margin)
    size = min(n, m)
    if size >= cfg.short_sentences:
        return cfg.min_margin
    if size <= cfg.tiny_sentences:
        return cfg.short_min_margin
    t = (size - cfg.tiny_sentences) / (cfg.short_sentences - cfg.tiny_sentences)
    return cfg.short_min_margin + t * (cfg.min_margin - cfg.short_min_margin)


def parallel_score(
    a: np.ndarray,
    b: np.ndarray,
    config: PairConfig | None = None,
    *,
    same_language: bool = False,
    chunk_bytes: int = 64 << 20,
) -> float:
    """Share of both documents' sentences covered by an in-order chain of mutual best matches, in [0, 1].

    Matches are by ratio margin: cos(x, y) / mean of the k nearest neighbours' cos around x and y
    (Artetxe & Schwenk). Similarities are computed in row chunks of at most ``chunk_bytes`` (twice: once
    for the neighbourhoods, once for the best matches), so memory is linear in the documents' length.
    ``same_language``: the documents are in one language, so matches need its stricter floor (:func:`margin_floor`).
    """
    cfg = config or PairConfig()
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return 0.0
    nn_a, nn_b = _neighbourhoods(a, b, cfg.k, chunk_bytes)
    best_b = np.empty(n, np.int64)  # each row's best column by margin, and that margin
    best_b_val = np.empty(n, np.float32)
    best_a = np.zeros(m, np.int64)  # each column's best row (the first one on ties, as argmax)
    best_a_val = np.full(m, -np.inf, np.float32)
    step = _chunk_rows(m, chunk_bytes)
    for lo in range(0, n, step):
        margin = (a[lo : lo + step] @ b.T) / ((nn_a[lo : lo + step, None] + nn_b[None, :]) / 2)
        best_b[lo : lo + step] = margin.argmax(axis=1)
        best_b_val[lo : lo + step] = margin.max(axis=1)
        top = margin.argmax(axis=0)
        top_val = margin[top, np.arange(m)]
        better = top_val > best_a_val
        best_a[better] = top[better] + lo
        best_a_val[better] = top_val[better]
    rows = np.flatnonzero(best_a[best_b] == np.arange(n))
    floor = margin_floor(n, m, cfg, same_language=same_language)
    keep = best_b_val[rows] >= floor
    chain = _longest_monotonic_chain(rows[keep], best_b[rows][keep])
    return float(2 * chain / (n + m))


def _language_centred(per_doc: list[np.ndarray], langs: list[str], min_sentences: int = 100) -> list[np.ndarray]:
    """Each document's sentence vectors less the mean sentence vector of its language in the corpus, renormalised
    (the aligner centres each side the same way). Raw, the vectors of one language share a direction that the
    ratio margin cannot tell from content: a 19-speech Chinese-English pair (1,037 and 1,346 sentences) scored
    0.11 and was left unpaired; centred it scores 0.69. Only a language with ``min_sentences`` in the corpus."""
    lang = [base_language(x) for x in langs]
    out = list(per_doc)
    for code in set(lang):
        members = [i for i, x in enumerate(lang) if x == code and len(per_doc[i])]
        if sum(len(per_doc[i]) for i in members) < min_sentences:
            continue  # a mean of few sentences is their topic, not their language: it paired neighbouring passages
        mean = np.concatenate([per_doc[i] for i in members]).mean(axis=0)
        for i in members:
            c = per_doc[i] - mean
            out[i] = (c / np.maximum(np.linalg.norm(c, axis=1, keepdims=True), 1e-12)).astype(np.float32)
    return out


def _candidates(centroids: np.ndarray, langs: list[str], cfg: PairConfig) -> list[tuple[int, int]]:
    """The couples worth scoring: each document's nearest ``candidates`` in other languages and nearest
    ``same_language_candidates`` in its own, by mean embedding.

    Nearest over all documents, a document's neighbours were the other documents of its own language (the language
    is a direction every one of its sentence vectors shares): among 170 magazine articles in Chinese and English
    none had its translation among its eight nearest, and 0 of 86 pairs were found. Each language's mean is taken
    out of its documents' centroids too, where it has three or more (the language direction, as the aligner
    centres each side), so the other languages' ranking follows the content."""
    c = centroids / np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    lang = np.array([base_language(x) for x in langs])
    for code in set(lang.tolist()):
        members = lang == code
        if members.sum() >= 3:
            c[members] -= c[members].mean(axis=0)
    c /= np.maximum(np.linalg.norm(c, axis=1, keepdims=True), 1e-12)
    out: list[tuple[int, int]] = []
    step = max(1, (64 << 20) // (4 * max(len(c), 1)))  # rows of similarities at a time: memory linear in documents
    for lo in range(0, len(c), step):
        sim = c[lo : lo + step] @ c.T
        for k, row in enumerate(sim):
            i = lo + k
            same = lang == lang[i]
            row[i] = -np.inf
            for mask, count in ((~same, cfg.candidates), (same, cfg.same_language_candidates)):
                pool = np.flatnonzero(mask & np.isfinite(row))
                if len(pool) and count > 0:
                    if len(pool) > count:  # the ``count`` best without sorting the rest
                        pool = pool[np.argpartition(-row[pool], count - 1)[:count]]
                    best = pool[np.argsort(-row[pool], kind="stable")]
                    out.extend((i, int(j)) for j in best)
    return out


def same_content(docs: list[Document]) -> list[tuple[int, int]]:
    """(index, index of the first document with the same text) for each document that repeats an earlier
    one's text: a copy is no translation of its original, yet it would score as a perfect pair."""
    first: dict[str, int] = {}
    out = []
    for i, d in enumerate(docs):
        key = " ".join(d.text.split())
        if key in first:
            out.append((i, first[key]))
        else:
            first[key] = i
    return out


def propose_pairs(
    docs: list[Document], encoder: Encoder, config: PairConfig | None = None, *, progress: bool = False
) -> PairingResult:
    """Score candidate couples, then keep the best one-to-one matching above the threshold."""
    cfg = config or PairConfig()
    texts = [t for d in docs for t in d.texts]
    emb = encoder.encode(texts, progress=progress, desc="encoding corpus")
    bounds = np.cumsum([0, *(len(d) for d in docs)])
    per_doc = [emb[bounds[i] : bounds[i + 1]] for i in range(len(docs))]
    scored_vectors = _language_centred(per_doc, [d.lang for d in docs])
    centroids = np.stack([e.mean(axis=0) if len(e) else np.zeros(emb.shape[1], np.float32) for e in per_doc])
    couples = {tuple(sorted((i, j))) for i, j in _candidates(centroids, [d.lang for d in docs], cfg)}
    couples &= set(combinations(range(len(docs)), 2))
    couples -= {(j, i) for i, j in same_content(docs)}
    lang = [base_language(d.lang) for d in docs]

    def score(i: int, j: int) -> float:
        return parallel_score(scored_vectors[i], scored_vectors[j], cfg, same_language=lang[i] == lang[j])

    scored = [(ProposedPair(docs[i].name, docs[j].name, score(i, j)), i, j) for i, j in couples]
    scored.sort(key=lambda t: (-t[0].score, t[1], t[2]))
    taken: set[int] = set()
    pairs = []
    for pair, i, j in scored:
        if pair.score >= cfg.threshold and i not in taken and j not in taken:
            pairs.append(pair)
            taken |= {i, j}
    unpaired = [d.name for i, d in enumerate(docs) if i not in taken]
    return PairingResult(pairs=pairs, unpaired=unpaired, scores=[p for p, _, _ in scored])
