"""Choosing the pivot: the version the others are aligned to."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from align.pairing import PairConfig, parallel_score


def centrality(vectors: Sequence[np.ndarray], config: PairConfig | None = None) -> list[float]:
    """Each version's mean parallel score (:func:`align.pairing.parallel_score`: the share of sentences matched
    one by one, in order) with every other version. The most central version is the one closest to all the
    others: a version that dropped or added content, or strayed from the original, scores lower. The scores
    cost one similarity pass per couple of versions, small next to encoding them."""
    n = len(vectors)
    if n < 2:
        return [1.0] * n
    live = [v[np.linalg.norm(v, axis=1) > 0] if len(v) else v for v in vectors]
    scores = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            scores[i, j] = scores[j, i] = parallel_score(live[i], live[j], config)
    return [float(s) for s in scores.sum(axis=1) / (n - 1)]


def most_central(scores: Sequence[float]) -> int:
    """Index of the highest :func:`centrality` score; the first version given on a tie."""
    return max(range(len(scores)), key=lambda i: (scores[i], -i))
