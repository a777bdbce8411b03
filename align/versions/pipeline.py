"""Several versions of one text → one table: every version aligned to the pivot, joint rows, flags.

Each version is aligned to the pivot by the pairwise pipeline (:func:`align.pipeline.align_and_flag`), the
same engine as ``python -m align align a b``. The encoder is wrapped in an in-memory cache for the run, so
every document is encoded once: the pivot's sentence vectors are computed for the first pair and reused by
every other, and time grows linearly with the number of versions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from align.aligning import AlignConfig
from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders.base import Encoder
from align.errors import AlignError
from align.flagging import FlagConfig
from align.pipeline import align_and_flag, encode_segments, flags_for, segment_embeddings
from align.types import Alignment, Document, Flag
from align.versions.crosscheck import CrossCheckConfig, cross_check
from align.versions.joint import joint_rows
from align.versions.pivot import centrality, most_central
from align.versions.types import MultiAlignment, version_labels


def encode_once(encoder: Encoder) -> Encoder:
    """``encoder`` behind an in-memory cache: a text encoded once in this run is never encoded again."""
    return CachedEncoder(encoder, EmbeddingCache(":memory:"))


def choose_pivot(docs: Sequence[Document], encoder: Encoder) -> tuple[int, list[float]]:
    """The most central version (see :func:`align.versions.pivot.centrality`) and every version's score.
    Encodes every document; pass an :func:`encode_once` encoder so that aligning encodes nothing again."""
    scores = centrality([encode_segments(d.texts, encoder) for d in docs])
    return most_central(scores), scores


def align_versions(
    docs: Sequence[Document],
    encoder: Encoder,
    config: AlignConfig | None = None,
    *,
    pivot: int | str = 0,
    flags: bool = True,
    flag_config: FlagConfig | None = None,
    check_config: CrossCheckConfig | None = None,
    progress: bool = False,
) -> MultiAlignment:
    """Align every version in ``docs`` to the pivot (``docs[pivot]``, or ``"auto"``: the most central one) and
    build the joint rows; unless ``flags=False``, flag every cell (see :func:`flag_versions`)."""
    docs = list(docs)
    if len(docs) < 2:
        raise AlignError(f"a multi-version alignment needs at least two versions, not {len(docs)}")
    once = encode_once(encoder)
    meta: dict[str, object] = {}
    if pivot == "auto":
        pivot, scores = choose_pivot(docs, once)
        meta["centrality"] = [round(s, 4) for s in scores]
    if not isinstance(pivot, int) or not 0 <= pivot < len(docs):
        raise AlignError(f"the pivot must be 'auto' or one of the {len(docs)} versions, not {pivot!r}")
    if not docs[pivot].segments:
        raise AlignError(f"{docs[pivot].name}: the pivot has no sentences; choose another pivot")
    pairs: list[Alignment | None] = [
        None if v == pivot else align_and_flag(docs[pivot], doc, once, config, flags=False, progress=progress)
        for v, doc in enumerate(docs)
    ]
    rows = joint_rows(len(docs[pivot]), [p.beads if p is not None else None for p in pairs])
    labels = version_labels(docs)
    meta["pivot"] = labels[pivot]
    multi = MultiAlignment(docs, pivot, pairs, rows, labels, model=encoder.name, meta=meta)
    if flags:
        multi.flags = flag_versions(multi, once, flag_config, check_config)
    return multi


def version_vectors(multi: MultiAlignment, encoder: Encoder) -> list[np.ndarray]:
    """Each version's sentence vectors, from its alignment to the pivot (the pivot's from the first pair)."""
    out: list[np.ndarray | None] = [None] * len(multi.documents)
    for v, pair in enumerate(multi.pairs):
        if pair is None:
            continue
        emb = segment_embeddings(pair, encoder)
        out[v] = emb.tgt
        if out[multi.pivot] is None:
            out[multi.pivot] = emb.src
    return [x if x is not None else encode_segments(multi.documents[v].texts, encoder) for v, x in enumerate(out)]


def flag_versions(
    multi: MultiAlignment,
    encoder: Encoder,
    flag_config: FlagConfig | None = None,
    check_config: CrossCheckConfig | None = None,
) -> list[list[list[Flag]]]:
    """Flags per row and version: each version's pairwise flags against the pivot (on the cell that holds
    the bead), then the cross-version checks (:func:`align.versions.crosscheck.cross_check`)."""
    pivot_label = multi.labels[multi.pivot]
    for pair in multi.pairs:
        if pair is not None and not pair.flags:
            pair.flags = flags_for(pair, encoder, flag_config)
    cross = cross_check(multi, version_vectors(multi, encoder), check_config)
    out: list[list[list[Flag]]] = []
    for r, row in enumerate(multi.rows):
        cells = []
        for v, pair in enumerate(multi.pairs):
            own = [
                Flag(f.code, f"{multi.labels[v]} against the pivot {pivot_label}: {f.message}", f.weight)
                for i in row.beads[v]
                for f in (pair.flags[i] if pair is not None else [])
            ]
            cells.append(own + cross[r][v])
        out.append(cells)
    return out
