"""Corpus mode for versions: which documents in a folder are versions of one article.

Two documents are versions of each other when :func:`align.pairing.parallel_score` finds their sentences
matched one by one, in order, all the way through; comparable articles on the same story share topic and
similar sentences but not that order, and stay apart (see :mod:`align.pairing`). A group is a set of
documents joined by such pairs (connected components), so the fourteen language versions of one article
form one group even where only some couples were compared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from align.encoders.base import Encoder
from align.pairing import PairConfig, ProposedPair, propose_pairs
from align.types import Document


@dataclass(frozen=True)
class GroupedDocument:
    """One document's place in the grouping."""

    #: 1-based group number; groups are numbered in the order of their first document.
    group: int
    doc: str
    lang: str
    #: In a group: the mean parallel score of the couples that put it there (those at or above the threshold).
    #: Alone: its best score with any document, below the threshold (how close it came to having a version).
    score: float


def group_documents(
    docs: list[Document], encoder: Encoder, config: PairConfig | None = None, *, progress: bool = False
) -> list[GroupedDocument]:
    """Every document with its group, in the order given; a document with no version in ``docs`` is a group of
    its own. Couples are scored as ``pair`` scores them (each document against its ``config.candidates`` most
    similar ones), then joined wherever a couple reaches ``config.threshold``."""
    cfg = config or PairConfig(candidates=16)
    index = {d.name: i for i, d in enumerate(docs)}
    result = propose_pairs(docs, encoder, cfg, progress=progress)
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    linked: dict[int, list[float]] = {i: [] for i in range(len(docs))}
    best: dict[int, float] = dict.fromkeys(range(len(docs)), 0.0)
    for p in result.scores:
        i, j = index[p.doc_a], index[p.doc_b]
        best[i], best[j] = max(best[i], p.score), max(best[j], p.score)
        if p.score >= cfg.threshold:
            parent[root(i)] = root(j)
            linked[i].append(p.score)
            linked[j].append(p.score)
    numbers: dict[int, int] = {}
    out = []
    for i, d in enumerate(docs):
        g = numbers.setdefault(root(i), len(numbers) + 1)
        score = sum(linked[i]) / len(linked[i]) if linked[i] else best[i]
        out.append(GroupedDocument(g, d.name, d.lang, round(score, 4)))
    return out


def by_group(grouped: Sequence[GroupedDocument]) -> list[GroupedDocument]:
    """``grouped`` ordered by group, each group's documents in the order given (a group's rows together: a folder's
    grouping listed document by document interleaved its groups)."""
    return sorted(grouped, key=lambda g: g.group)


def linked_groups(names: Sequence[str], scores: Sequence[ProposedPair], threshold: float) -> list[list[str]]:
    """The documents joined by couples scoring at least ``threshold`` (connected components, as
    :func:`group_documents` forms its groups), each in the order of ``names``; a document alone is a group."""
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for p in scores:
        if p.score >= threshold:
            parent[root(p.doc_a)] = root(p.doc_b)
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(root(n), []).append(n)
    return list(groups.values())
