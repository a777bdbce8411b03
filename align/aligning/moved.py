"""Content a translation moved: segments the monotonic path left alone that are each other's best match."""

from __future__ import annotations

import math

import numpy as np

from align.aligning.scoring import Scorer
from align.types import Bead


def cosine_confidence(x: float) -> float:
    """Centred cosine → [0, 1]: about 0.5 at 0.3, where true pairs (median 0.64 on Text+Berg dev)
    and neighbouring non-pairs (90th percentile 0.26) part."""
    return 1.0 / (1.0 + math.exp(-(x - 0.3) / 0.06))


#: Centred cosine at which :func:`cosine_confidence` is 0.5: the least a moved pair must reach.
MOVED_MIN_COSINE = 0.3


def mutual_best(
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


def pair_moved(
    beads: list[Bead], scorer: Scorer, s_ids: list[int], t_ids: list[int]
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
    pairs = {lone_s[i]: (lone_t[j], cos) for i, j, cos in mutual_best(vs, vt) if cos >= MOVED_MIN_COSINE}
    if not pairs:
        return beads, []
    taken = {j for j, _ in pairs.values()}
    out: list[Bead] = []
    for b in beads:
        if b.src and not b.tgt and b.src[0] in pairs:
            j, cos = pairs[b.src[0]]
            out.append(Bead(b.src, (j,), round(cosine_confidence(cos), 4)))
        elif b.tgt and not b.src and b.tgt[0] in taken:
            continue
        else:
            out.append(b)
    return out, [[i, j] for i, (j, _) in sorted(pairs.items())]
