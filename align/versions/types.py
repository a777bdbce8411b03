"""What a multi-version alignment is: the versions, their alignments to the pivot, the joint rows and flags."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from align.relatedness import Relatedness
from align.types import Alignment, Document, Flag, join_segments
from align.versions.joint import JointRow


def version_labels(docs: list[Document]) -> list[str]:
    """A short unique name per version for column suffixes (``text_<label>``): its language, or, where two
    versions share a language, the language and the file's stem (``de`` and ``de_planted`` from de.txt and
    de_planted.txt; ``de_a`` and ``de_b`` from a.txt and b.txt), numbered if that still repeats."""
    langs = Counter(d.lang for d in docs)
    labels = []
    for i, d in enumerate(docs):
        if langs[d.lang] == 1:
            labels.append(d.lang)
            continue
        stem = re.sub(r"[^\w-]+", "_", Path(d.path).stem if d.path else f"v{i + 1}").strip("_") or f"v{i + 1}"
        labels.append(stem if stem == d.lang or stem.startswith(f"{d.lang}_") else f"{d.lang}_{stem}")
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        seen[label] += 1
        out.append(label if labels.count(label) == 1 else f"{label}_{seen[label]}")
    return out


@dataclass
class MultiAlignment:
    """Several versions of one text, each aligned to the pivot, and the joint rows they make.

    Versions keep the order they were given in; ``pairs[v]`` aligns the pivot (source) with version ``v``
    (target), ``None`` for the pivot itself. ``rows[r].cells[v]`` are version ``v``'s segment ids in row ``r``.
    """

    documents: list[Document]
    pivot: int
    pairs: list[Alignment | None]
    rows: list[JointRow]
    labels: list[str]
    model: str = ""
    meta: dict[str, object] = field(default_factory=dict)
    #: Per row, per version: the flags of that cell (pairwise ones against the pivot, then cross-version
    #: ones); empty until flagged.
    flags: list[list[list[Flag]]] = field(default_factory=list)

    @property
    def pivot_document(self) -> Document:
        return self.documents[self.pivot]

    def unrelated_versions(self) -> dict[int, Relatedness]:
        """The versions that do not look like translations of the pivot (see :mod:`align.relatedness`, as the
        aligner measured each pair), with what was measured: another article named among the versions. Empty
        when every version other than the pivot is unrelated to it (two or more): then the pivot is the odd one,
        which :meth:`unrelated_pivot` tells."""
        found = {v: r for v, r in self._relations().items() if r.unrelated}
        return {} if self.unrelated_pivot() else found

    def unrelated_pivot(self) -> bool:
        """Whether the pivot is unrelated to every other version (two or more): another article made the pivot."""
        relations = self._relations()
        others = len(self.documents) - 1
        return others >= 2 and len(relations) == others and all(r.unrelated for r in relations.values())

    def _relations(self) -> dict[int, Relatedness]:
        out = {}
        for v, pair in enumerate(self.pairs):
            if pair is not None and (r := Relatedness.from_meta(pair.meta.get("relatedness"))) is not None:
                out[v] = r
        return out

    def text(self, row: JointRow, v: int) -> str:
        """Version ``v``'s text in ``row``, joined as its language writes sentences."""
        return join_segments(self.documents[v], row.cells[v])

    def score(self, row: JointRow, v: int) -> float | None:
        """The aligner's confidence in version ``v``'s part of ``row``: the least of its beads' (None for the
        pivot, whose text is the reference)."""
        pair = self.pairs[v]
        if pair is None or not row.beads[v]:
            return None
        return min(pair.beads[i].score for i in row.beads[v])
