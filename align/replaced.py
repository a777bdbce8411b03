"""A translation replaced by other text: a source sentence and a target sentence at one place of the documents
that translate nothing on the other side.

The aligner has several ways to show it, and each alone looked harmless or told only half: a 1-0 bead beside a
0-1 bead (omission and addition, though the reviewer should learn that the translation at this point says
something else), the replacing sentence merged into a neighbour's bead beside the 1-0, the two paired as a
"moved" 1-1 bead across clean beads, or, in a short document, both merged with a neighbouring pair into a 2-2
bead that no other check flags. Each shape gets the flags that say what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from align.figures import apart
from align.members import MemberStats
from align.types import Alignment, Bead, Flag


@dataclass(frozen=True)
class Floor:
    """Below what similarity two texts do not translate each other: the document's 1-1 median less ``z`` robust
    standard deviations, or, in a document too short for statistics, the encoder's prior."""

    median: float
    sigma: float
    z: float
    prior: float | None

    def low(self, cos: float) -> bool:
        if self.prior is not None:
            return cos < self.prior
        return (cos - self.median) / self.sigma <= -self.z

    def describe(self, cos: float) -> str:
        if self.prior is not None:
            sim, prior = apart(cos, self.prior)
            return f"similarity {sim}, below what translations reach with this model ({prior})"
        return f"similarity {cos:.2f}, z = {(cos - self.median) / self.sigma:.1f} against the document's pairs"


def _unit(v: np.ndarray) -> np.ndarray:
    return v / (np.linalg.norm(v) or 1.0)


def _pooled(emb: np.ndarray, ids: tuple[int, ...] | list[int]) -> np.ndarray:
    return _unit(emb[list(ids)].sum(axis=0))


def _orphan_member(
    b: Bead, side: str, first: bool, src_emb: np.ndarray, tgt_emb: np.ndarray, floor: Floor
) -> int | None:
    """The member of a bead with several sentences on ``side`` at its first (or last) place, if it barely matches
    the bead's other side (the sentence a neighbour's orphan would have been paired with)."""
    ids, own, other, other_ids = (b.src, src_emb, tgt_emb, b.tgt) if side == "src" else (b.tgt, tgt_emb, src_emb, b.src)
    if len(ids) < 2 or not other_ids:
        return None
    k = ids[0] if first else ids[-1]
    return k if floor.low(float(own[k] @ _pooled(other, other_ids))) else None


def _lone(b: Bead, side: str) -> int | None:
    if side == "src":
        return b.src[0] if len(b.src) == 1 and not b.tgt else None
    return b.tgt[0] if len(b.tgt) == 1 and not b.src else None


def _neighbours(
    beads: list[Bead],
    blank: list[bool],
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    floor: Floor,
    add: Callable[[int, Flag], None],
) -> None:
    """A source sentence left without translation and a target sentence without source at one place (in beads
    next to each other), which do not translate each other either: the translation was replaced there."""

    def unpaired(a: int, c: int, i: int, j: int, what: str) -> None:
        """Flag beads ``a`` and ``c`` when source sentence ``i`` and target sentence ``j`` do not match."""
        cos = float(src_emb[i] @ tgt_emb[j])
        if floor.low(cos):
            why = (f"{what}; they do not translate each other either ({floor.describe(cos)}): the translation at "
                   "this point may have been replaced by other text")  # fmt: skip
            add(a, Flag("low_similarity", why, 0.6))
            add(c, Flag("low_similarity", why, 0.6))

    for k in range(len(beads) - 1):
        if blank[k] or blank[k + 1]:
            continue
        for a, c in ((k, k + 1), (k + 1, k)):  # bead a holds the lone source sentence, bead c the target one
            i = _lone(beads[a], "src")
            if i is None:
                continue
            j = _lone(beads[c], "tgt")
            if j is None:
                j = _orphan_member(beads[c], "tgt", c > a, src_emb, tgt_emb, floor)
            if j is None:
                continue
            unpaired(a, c, i, j, f"source sentence (id {i}) has no translation, and target sentence (id {j}) beside it "
                     "none in the source")  # fmt: skip
        # and the other way round: a lone target sentence beside a bead holding an unmatched source member
        for a, c in ((k, k + 1), (k + 1, k)):  # bead a holds the lone target sentence, bead c the source one
            j = _lone(beads[a], "tgt")
            if j is None or _lone(beads[c], "src") is not None:
                continue  # two lone beads are handled above
            i = _orphan_member(beads[c], "src", c > a, src_emb, tgt_emb, floor)
            if i is None:
                continue
            unpaired(a, c, i, j, f"target sentence (id {j}) has no source, and source sentence (id {i}) beside it "
                     "barely matches its own bead")  # fmt: skip


def _crossed(b: Bead, src_emb: np.ndarray, tgt_emb: np.ndarray, floor: Floor) -> tuple[int, int] | None:
    """In a bead with several sentences on each side, a source and a target sentence that each match none of the
    other side's sentences, while the rest of the bead translates each other better than the whole bead does:
    (source id, target id). Matched sentence by sentence, not against the other side pooled: pooled with a
    translated neighbour, an unrelated sentence still reads as half related."""
    if len(b.src) < 2 or len(b.tgt) < 2:
        return None
    pair = src_emb[list(b.src)] @ tgt_emb[list(b.tgt)].T
    whole = float(_pooled(src_emb, b.src) @ _pooled(tgt_emb, b.tgt))
    best: tuple[float, int, int] | None = None
    for a, i in enumerate(b.src):
        if not floor.low(float(pair[a].max())):
            continue
        for c, j in enumerate(b.tgt):
            if not floor.low(float(pair[:, c].max())):
                continue
            rest = float(
                _pooled(src_emb, [x for x in b.src if x != i]) @ _pooled(tgt_emb, [y for y in b.tgt if y != j])
            )
            if rest > whole and not floor.low(rest) and (best is None or rest > best[0]):
                best = (rest, i, j)
    return None if best is None else (best[1], best[2])


def replaced_flags(
    alignment: Alignment,
    flags: list[list[Flag]],
    sims: np.ndarray,
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    st: MemberStats,
    similarity_z: float,
    prior: float | None,
    moved: set[tuple[int, int]],
) -> None:
    """Add to ``flags`` (one list per bead, as :func:`align.flagging.flag_alignment` builds it) what the shapes of a
    replaced translation call for; a code a bead already carries is not added twice. ``prior`` is the encoder's
    cosine for unrelated text where the document is too short for its own statistics (else None)."""
    floor = Floor(st.sim_median, st.sim_sigma, similarity_z, prior)
    beads = alignment.beads

    def add(k: int, flag: Flag) -> None:
        if not any(f.code == flag.code for f in flags[k]):
            flags[k].append(flag)

    blank = [not (alignment.src_text(b).strip() or alignment.tgt_text(b).strip()) for b in beads]
    _neighbours(beads, blank, src_emb, tgt_emb, floor, add)
    for k, b in enumerate(beads):
        if len(b.src) == 1 and len(b.tgt) == 1 and (b.src[0], b.tgt[0]) in moved and floor.low(float(sims[k])):
            # Paired across clean beads though they barely match: more likely a sentence left untranslated here
            # and one added elsewhere than a translation moved.
            j, why = b.tgt[0], floor.describe(float(sims[k]))
            add(k, Flag("omission", f"the target sentence paired here (id {j}) stands elsewhere and barely matches "
                        f"this one ({why}): this sentence may have no translation", 0.5))  # fmt: skip
            add(k, Flag("addition", f"target sentence (id {j}), paired here from elsewhere, barely matches the "
                        "source: it may translate nothing in the source", 0.5))  # fmt: skip
        elif prior is not None and (pair := _crossed(b, src_emb, tgt_emb, floor)) is not None:
            # short documents only: in a long one :func:`align.members.crossed_members` flags this shape
            i, j = pair
            cos = float(src_emb[i] @ tgt_emb[j])
            s_best = float((tgt_emb[list(b.tgt)] @ src_emb[i]).max())
            t_best = float((src_emb[list(b.src)] @ tgt_emb[j]).max())
            add(k, Flag("omission", f"source sentence (id {i}) matches none of the target sentences of this bead "
                        f"(best {floor.describe(s_best)})", 0.5))  # fmt: skip
            add(k, Flag("addition", f"target sentence (id {j}) matches none of the source sentences of this bead "
                        f"(best {floor.describe(t_best)})", 0.5))  # fmt: skip
            add(k, Flag("low_similarity", f"source sentence (id {i}) and target sentence (id {j}) of this bead do not "
                        f"translate each other ({floor.describe(cos)}), while the rest of the bead does: the "
                        "translation may have been replaced by other text", 0.6))  # fmt: skip
