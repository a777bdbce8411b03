"""Merged beads' members: a sentence inside a many-to-one or many-to-many bead that the other side does not
translate (an orphan the aligner merged with a neighbour), measured against the document's 1-1 beads."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from align.robust import median_sigma
from align.types import Alignment, Bead, Flag, join_segments

if TYPE_CHECKING:
    from align.flagging import FlagConfig


@dataclass(frozen=True)
class MemberStats:
    """What a merged bead's members are measured against: the document's 1-1 beads (similarity and
    log length ratio, median and robust spread), and each segment's length in characters."""

    sim_median: float
    sim_sigma: float
    len_median: float
    len_sigma: float
    src_len: np.ndarray
    tgt_len: np.ndarray


def member_stats(
    alignment: Alignment, sims: np.ndarray, log_ratio: np.ndarray, full: np.ndarray, cfg: FlagConfig
) -> MemberStats:
    # 1-1 beads are the clean reference: merged beads' pooled similarity and length are what is tested.
    one = np.array([len(b.src) == 1 and len(b.tgt) == 1 for b in alignment.beads], bool) & ~np.isnan(sims)
    ref = one if one.sum() >= cfg.min_beads_for_outliers else full & ~np.isnan(sims)

    sm, ss = median_sigma(sims[ref], cfg.similarity_min_sigma)
    lm, lsg = median_sigma(log_ratio[ref], cfg.length_min_sigma)
    return MemberStats(
        sm,
        ss,
        lm,
        lsg,
        np.array([len(t) for t in alignment.src.texts], float),
        np.array([len(t) for t in alignment.tgt.texts], float),
    )


def weak_members(b: Bead, src_emb: np.ndarray, tgt_emb: np.ndarray, st: MemberStats, cfg: FlagConfig) -> list[Flag]:
    """In a many-to-one bead, a segment with no counterpart on the other side: a sentence merged into
    the bead without a translation (omission on the source side, addition on the target side).

    Two pieces of evidence add up, both as robust z-scores against the document's 1-1 beads: the
    member's similarity to the other side, and how short the other side is for the whole bead (for a
    source member; how long, for a target member). A real merge (two sentences translated as one)
    has a weak member too now and then, but its other side is as long as both members together;
    an orphan leaves the other side as long as the remaining members alone.
    """
    out: list[Flag] = []
    ls, lt = float(st.src_len[list(b.src)].sum()), float(st.tgt_len[list(b.tgt)].sum())
    sides = (("src", b.src, src_emb, b.tgt, tgt_emb), ("tgt", b.tgt, tgt_emb, b.src, src_emb))
    for side, ids, own, other_ids, other in sides:
        if len(ids) < 2:
            continue
        pooled = other[list(other_ids)].sum(axis=0)
        pooled = pooled / (np.linalg.norm(pooled) or 1.0)
        seg_sims = own[list(ids)] @ pooled
        worst = int(np.argmin(seg_sims))
        z = (float(seg_sims[worst]) - st.sim_median) / st.sim_sigma
        own_len = st.src_len if side == "src" else st.tgt_len
        rest = (ls if side == "src" else lt) - own_len[ids[worst]] - 1.0  # joined with a space
        rest_ls, rest_lt = (rest, lt) if side == "src" else (ls, rest)
        sign = -1.0 if side == "src" else 1.0  # an omission makes the target short, an addition long
        lz = sign * (math.log((lt + 1) / (ls + 1)) - st.len_median) / st.len_sigma
        lz_rest = sign * (math.log((rest_lt + 1) / (rest_ls + 1)) - st.len_median) / st.len_sigma
        combined = z - lz
        weak = z <= -cfg.similarity_z and lz >= cfg.member_length_z
        orphan = (
            combined <= -cfg.member_combined_z and lz >= cfg.member_min_length_z and abs(lz_rest) <= cfg.member_length_z
        )
        # Length alone: the other side is as long as the bead without this member, and short for the
        # whole bead. Weaker evidence (a condensed translation looks the same), so a lower weight.
        by_length = lz >= cfg.member_exact_length_z and abs(lz_rest) <= cfg.member_rest_z and z < 0
        if not (weak or orphan or by_length):
            continue
        code, where = ("omission", "source") if side == "src" else ("addition", "target")
        short = "short" if side == "src" else "long"
        weight = scaled_weight(combined, cfg.member_combined_z) if weak or orphan else 0.35
        out.append(
            Flag(code, f"{where} sentence {worst + 1} of {len(ids)} in this bead barely matches the other side "
                 f"(similarity {seg_sims[worst]:.2f}, z = {z:.1f}) and the target "
                 f"is {short} for the bead (length z = {lz:.1f}; without this sentence {lz_rest:.1f})", weight)
        )  # fmt: skip
    return out


def crossed_members(b: Bead, src_emb: np.ndarray, tgt_emb: np.ndarray, st: MemberStats, cfg: FlagConfig) -> Flag | None:
    """In a many-to-many bead, a sentence on *each* side that matches the other side poorly: the
    bead likely pairs a source sentence with a target sentence that is no translation of it (a
    translation replaced by unrelated text, which the aligner merged with its neighbours)."""
    if len(b.src) < 2 or len(b.tgt) < 2:
        return None
    ps = src_emb[list(b.src)].sum(axis=0)
    pt = tgt_emb[list(b.tgt)].sum(axis=0)
    ps, pt = ps / (np.linalg.norm(ps) or 1.0), pt / (np.linalg.norm(pt) or 1.0)
    zs = (float(np.min(src_emb[list(b.src)] @ pt)) - st.sim_median) / st.sim_sigma
    zt = (float(np.min(tgt_emb[list(b.tgt)] @ ps)) - st.sim_median) / st.sim_sigma
    if max(zs, zt) > -cfg.crossed_each_z or zs + zt > -cfg.crossed_sum_z:
        return None
    return Flag(
        "low_similarity",
        f"a source and a target sentence of this bead both barely match the other side (z = {zs:.1f} and "
        f"{zt:.1f}): the bead may pair sentences that are not translations of each other",
        scaled_weight(zs + zt, cfg.crossed_sum_z, base=0.4, top=0.8),
    )


def absorbed_members(b: Bead, src_emb: np.ndarray, tgt_emb: np.ndarray, st: MemberStats, cfg: FlagConfig) -> list[Flag]:
    """A sentence merged into a bead although the other side does not translate it. A dropped
    translation hides this way: its source sentence joins a neighbour's bead at high confidence.

    Leave-one-out evidence, free of the document's statistics, so it works on a six-sentence news
    item as on a book: without a genuinely merged member the bead's vector moves *away* from the
    other side (which carries that member's content); without an absorbed one it moves *towards* it,
    and the other side's length fits the rest of the bead better than the whole bead.
    """
    out: list[Flag] = []
    sides = (("src", b.src, src_emb, st.src_len, b.tgt, tgt_emb, st.tgt_len, 1.0),
             ("tgt", b.tgt, tgt_emb, st.tgt_len, b.src, src_emb, st.src_len, -1.0))  # fmt: skip
    for side, ids, own, own_len, other_ids, other, other_len, sign in sides:
        if len(ids) < 2 or not other_ids:
            continue
        vecs = own[list(ids)]
        target = other[list(other_ids)].sum(axis=0)
        target /= np.linalg.norm(target) or 1.0
        total = vecs.sum(axis=0)
        rest = total[None, :] - vecs  # row k: the bead without member k
        cos_all = float(total @ target) / (float(np.linalg.norm(total)) or 1.0)
        gain = (rest @ target) / np.maximum(np.linalg.norm(rest, axis=1), 1e-12) - cos_all
        lo, la = float(other_len[list(other_ids)].sum()), float(own_len[list(ids)].sum())
        lr = la - own_len[list(ids)]
        expected = sign * st.len_median  # the document's usual log length ratio, other side over this side
        fit = abs(math.log((lo + 1) / (la + 1)) - expected) - np.abs(np.log((lo + 1) / (lr + 1)) - expected)
        by_length = ((gain + cfg.member_loo_length_weight * fit >= cfg.member_loo_score) & (fit > 0)) | (
            (fit > cfg.member_loo_fit) & (gain > cfg.member_loo_min_gain)
        )
        z = (vecs @ target - st.sim_median) / st.sim_sigma
        unrelated = (z <= -cfg.member_unrelated_z) & (gain >= cfg.member_unrelated_gain)
        absorbed = by_length | unrelated
        if not absorbed.any():
            continue
        k = int(np.argmax(np.where(absorbed, gain, -np.inf)))
        code, where, other_name = (
            ("omission", "source", "target") if side == "src" else ("addition", "target", "source")
        )
        why = (
            f"the {other_name}'s length fits the rest of the bead"
            if by_length[k]
            else f"it barely matches the {other_name} (similarity z = {z[k]:.1f})"
        )
        out.append(
            Flag(code, f"{where} sentence {k + 1} of {len(ids)} in this bead seems to have no counterpart: "
                 f"without it the bead's similarity to the {other_name} changes by {gain[k]:+.3f} and {why}", 0.5)
        )  # fmt: skip
    return out


def scaled_weight(z: float, threshold: float, base: float = 0.45, top: float = 0.9) -> float:
    """Flag weight growing with how far past the threshold the evidence is."""
    return round(min(top, base + 0.1 * (abs(z) - threshold)), 3)


@dataclass(frozen=True)
class ReencodedMember:
    """The member of a merged bead side whose removal raises the bead's similarity most, measured on text
    encoded anew (see :func:`reencoded_members`)."""

    bead: int  # index in ``Alignment.beads``
    side: str  # "src" or "tgt"
    position: int  # the member's position on its side of the bead
    rest: tuple[int, ...]  # that side's segment ids without it
    gain: float  # cosine of the rest to the other side, less the whole side's
    own: float  # cosine of the member alone to the other side


def reencoded_members(
    alignment: Alignment,
    bead_ids: Sequence[int],
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    encode: Callable[[list[str]], np.ndarray],
) -> list[ReencodedMember]:
    """Leave-one-out on exact vectors: each merged side of the given beads encoded whole and without each of
    its members, against the other side.

    Why exact: summed sentence vectors share the model's common direction, so adding any sentence on the
    article's topic moves their sum towards the other side, and a dropped translation's orphan looked like a
    genuine member (the sum's gain for a six-sentence news pair: −0.02 to +0.03). Encoded as one text, an
    orphan dilutes the bead: the rest matches the other side better (Text+Berg dev and zh–en pol, genuine
    merges cut into six-bead documents: 2 % and 4 % of members gain 0.01 or more; orphans of dropped
    translations in 12-language news pairs: 90 %). One extra encoding per member, so meant for short
    documents, where the document statistics of :func:`weak_members` are out of reach.
    """
    docs = {"src": (alignment.src, src_emb), "tgt": (alignment.tgt, tgt_emb)}
    wanted: dict[str, int] = {}  # joined text → row of the batch

    def vector(side: str, ids: tuple[int, ...]) -> str | int:
        # a single segment's vector is the aligner's; a joined text is encoded in one batch below
        if len(ids) == 1:
            return ids[0]
        text = join_segments(docs[side][0], ids)
        wanted.setdefault(text, len(wanted))
        return text

    plans = []
    for k in bead_ids:
        b = alignment.beads[k]
        for side, ids, other_side, other in (("src", b.src, "tgt", b.tgt), ("tgt", b.tgt, "src", b.src)):
            if len(ids) < 2 or not other:
                continue
            rests = [tuple(i for i in ids if i != m) for m in ids]
            plans.append((k, side, other_side, rests, vector(side, ids), vector(other_side, other),
                          [vector(side, r) for r in rests]))  # fmt: skip
    if not plans:
        return []
    texts = list(wanted)
    batch = encode(texts) if texts else np.zeros((0, src_emb.shape[1]), np.float32)

    def row(side: str, ref: str | int) -> np.ndarray:
        v = docs[side][1][ref] if isinstance(ref, int) else batch[wanted[ref]]
        return v / (float(np.linalg.norm(v)) or 1.0)

    out = []
    for k, side, other_side, rests, whole, other, rest_refs in plans:
        x = row(other_side, other)
        base = float(row(side, whole) @ x)
        gains = [float(row(side, r) @ x) - base for r in rest_refs]
        best = int(np.argmax(gains))
        member = alignment.beads[k].src[best] if side == "src" else alignment.beads[k].tgt[best]
        out.append(ReencodedMember(k, side, best, rests[best], gains[best], float(row(side, member) @ x)))
    return out


#: Sentences per side that :func:`unrelated_level` compares at most (evenly spaced): a median needs no more.
_LEVEL_SAMPLE = 400


def unrelated_level(alignment: Alignment, src_emb: np.ndarray, tgt_emb: np.ndarray) -> float:
    """The median cosine between a source and a target sentence of different beads: how alike this document pair's
    sentences are without being translations. It differs by language pair: Khmer and Burmese sentences of one
    article sit at 0.88-0.92 with the bundled model, where a 1-1 pair of most languages sits."""
    src_bead = np.full(len(src_emb), -1)
    tgt_bead = np.full(len(tgt_emb), -1)
    for k, b in enumerate(alignment.beads):
        src_bead[list(b.src)] = k
        tgt_bead[list(b.tgt)] = k
    rows = [np.flatnonzero(np.any(e, axis=1)) for e in (src_emb, tgt_emb)]
    si, ti = (r[np.linspace(0, len(r) - 1, min(len(r), _LEVEL_SAMPLE)).astype(int)] if len(r) else r for r in rows)
    if not len(si) or not len(ti):
        return math.nan
    s = src_emb[si] / np.linalg.norm(src_emb[si], axis=1, keepdims=True)
    t = tgt_emb[ti] / np.linalg.norm(tgt_emb[ti], axis=1, keepdims=True)
    apart = src_bead[si][:, None] != tgt_bead[ti][None, :]
    return float(np.median((s @ t.T)[apart])) if apart.any() else math.nan
