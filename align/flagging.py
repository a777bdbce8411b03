"""Flags that point reviewers at beads likely to hide a translation error, and a risk order for triage.

Outlier thresholds are relative to the document pair's own distribution (median and MAD), because
length ratios differ by language pair and similarity scales differ by model; a fixed cut-off would
flag everything on one pair and nothing on another.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from align.entities import EntityContext
from align.entities.frequencies import frequent_words
from align.figures import apart
from align.headlines import headline_beads
from align.langid import language_script
from align.length_noise import carried_chars, length_z
from align.members import (
    absorbed_members,
    crossed_members,
    member_stats,
    reencoded_members,
    scaled_weight,
    unrelated_level,
    weak_members,
)
from align.numbers import Quantity, is_reference, quantities_differ
from align.relatedness import Relatedness, bead_similarities
from align.replaced import replaced_flags
from align.robust import robust_z
from align.types import Alignment, Flag, join_segments
from align.untranslated import has_function_word, is_copied, untranslated_flag, untranslated_flags

#: Flag code → one-line explanation (what the app shows next to a badge).
FLAG_CODES: dict[str, str] = {
    "omission": "Source content with no counterpart in the target (empty target, or target much shorter than usual)",
    "addition": "Target content with no counterpart in the source (empty source, or target much longer than usual)",
    "low_similarity": "The two sides are much less similar than the other pairs of this document",
    "number_mismatch": "The quantities on the two sides differ in value",
    "entity_mismatch": "A name, handle, URL or code on one side is missing on the other",
    "untranslated": "The target is in the source language (or in neither expected language), or the source is in "
    "the target language",
    "moved": "The target sentence stands elsewhere in the translation (a moved caption, footnote or paragraph)",
}


@dataclass(frozen=True)
class FlagConfig:
    """Thresholds of the flagging pass (robust z-scores are in standard deviations)."""

    #: Length-ratio outlier: |robust z| of log(target chars / source chars) above this.
    length_z: float = 3.0
    #: Floor on the length-ratio spread (log units), so a very regular document does not flag small wobbles.
    length_min_sigma: float = 0.15
    #: A length outlier must also miss (or add) at least this share of the document's median target
    #: bead length in characters: ratios of short segments (dates, headings) are noise.
    length_min_share: float = 0.5
    #: Similarity outlier: robust z below the document's median above this.
    similarity_z: float = 3.0
    #: Floor on the similarity spread, for the same reason.
    similarity_min_sigma: float = 0.015
    #: Segments shorter than this (letters; CJK characters count double) are never "untranslated".
    untranslated_min_letters: int = 20
    #: Probability needed to call a target "neither expected language".
    other_language_prob: float = 0.995
    #: Beads needed before outlier statistics mean anything; fewer and the outlier flags stay off.
    min_beads_for_outliers: int = 8
    #: Merged beads (see ``weak_members``): a member as weak as ``similarity_z`` needs the other side
    #: this short (robust z of the bead's length ratio) too ...
    member_length_z: float = 1.5
    #: ... or similarity z plus length z beyond this, with some length evidence (at least
    #: ``member_min_length_z``) and the bead's length normal (within ``member_length_z``) without the member.
    member_combined_z: float = 5.0
    member_min_length_z: float = 0.5
    #: ... or, on length alone, the bead's length ratio this far off while without the member it is
    #: within ``member_rest_z`` of the document's usual ratio.
    member_exact_length_z: float = 2.0
    member_rest_z: float = 0.5
    #: Many-to-many beads: a weak member on both sides (each at least ``crossed_each_z`` below the
    #: 1-1 median, together ``crossed_sum_z``) flags low similarity inside the bead.
    crossed_each_z: float = 1.0
    crossed_sum_z: float = 5.0
    #: Leave-one-out (see ``absorbed_members``): a member is absorbed when the rest of the bead fits the
    #: other side's length better (``fit``, log units) and either the cosine its removal gains plus
    #: ``member_loo_length_weight`` × fit reaches ``member_loo_score``, or the fit alone passes
    #: ``member_loo_fit`` while the cosine drops less than ``-member_loo_min_gain``. Chosen on Text+Berg
    #: dev's gold many-to-one beads (genuine merges: 4.9 % of them flagged) against dropped translations
    #: in the 20-language news set (98.6 % flagged).
    member_loo_length_weight: float = 0.02
    member_loo_score: float = 0.006
    member_loo_fit: float = 0.4
    member_loo_min_gain: float = -0.015
    #: ... or, whatever the lengths (a short unrelated sentence barely changes them), the member's own
    #: similarity to the other side is this far below the document's 1-1 median (robust z) and leaving it
    #: out raises the bead's cosine by at least ``member_unrelated_gain``. Chosen on the gold merges of
    #: Text+Berg dev and zh–en aca, mag (853 members: lowest z −5.3, none passes both), checked on test0–6 and
    #: pol (1,013 members: lowest z −5.8, none passes); unrelated sentences merged into a news item's bead (19
    #: languages, and Bengali) sit at z −3.4 to −16, gain 0.006 to 0.06.
    member_unrelated_z: float = 6.0
    member_unrelated_gain: float = 0.01
    #: Documents too short for statistics (see ``reencoded_members``): a merged bead's member is absorbed when the
    #: rest of its side, encoded anew, matches the other side by this much more than the whole side. Chosen on the
    #: dev sets' genuine merges cut into six-bead documents (Text+Berg dev 2 %, zh–en pol 4 % of members reach it)
    #: against dropped translations in six-sentence news pairs of 12 languages (90 %).
    member_reencoded_gain: float = 0.01
    #: ... and the member alone is no more than this share of the way from the document pair's unrelated sentences'
    #: median cosine (see ``unrelated_level``) to its pairs' median: nearer unrelated text than translations. Halves
    #: the genuine members that gain (dev cuts 8 → 4, pol 24 → 16), keeps 343 of the 347 news orphans that gain.
    member_reencoded_apart: float = 0.5


def _check_embeddings(alignment: Alignment, src_emb: np.ndarray | None, tgt_emb: np.ndarray | None) -> None:
    """ValueError unless the embeddings are one row per segment of each document, of one width: rows are
    looked up by segment id, so other shapes fail deep inside (IndexError) or pool the wrong rows."""
    if (src_emb is None) != (tgt_emb is None):
        raise ValueError("flag_alignment takes both source and target embeddings, or neither")
    if src_emb is None or tgt_emb is None:
        return
    for emb, doc, side in ((src_emb, alignment.src, "source"), (tgt_emb, alignment.tgt, "target")):
        if len(emb) != len(doc):
            raise ValueError(f"{side} embeddings have {len(emb)} rows for {len(doc)} {side} segments (one per segment)")
    widths = {e.reshape(len(e), -1).shape[1] for e in (src_emb, tgt_emb) if len(e)}
    if len(widths) > 1:
        raise ValueError(f"source and target embeddings differ in width: {src_emb.shape} vs {tgt_emb.shape}")


def _found_quantities(
    alignment: Alignment, src_text: str, tgt_text: str
) -> tuple[tuple[Quantity, ...] | None, tuple[Quantity, ...] | None]:
    """The quantities the aligner found in a bead's two texts (see :class:`~align.types.SegmentQuantities`), None
    for a side it did not read as that text (a joined side, or an alignment read back from a file)."""
    found = alignment.quantities
    if found is None:
        return None, None
    src = _as_read(found.src, src_text) if found.src_lang == alignment.src.lang else None
    tgt = _as_read(found.tgt, tgt_text) if found.tgt_lang == alignment.tgt.lang else None
    return src, tgt


def _as_read(found: dict[str, tuple[Quantity, ...]], text: str) -> tuple[Quantity, ...] | None:
    """What the aligner found in a segment whose text is ``text``; it read the text stripped. Spaces after a text
    move no quantity's offsets (Text+Berg's lines all end in one, and no bead found its quantities); spaces before
    it would, so such a side is read again (None)."""
    return None if text[:1].isspace() else found.get(text.rstrip())


def prepare_flagging(src_lang: str, tgt_lang: str) -> None:
    """Load what flagging reads whatever the beads hold: wordfreq and both languages' frequent words (names are
    told from vocabulary by them), ~0.1–0.2 s a process. Callers run it while the encoder works (see
    :mod:`align.background`); without it, the first flag to ask pays it."""
    for lang in (src_lang, tgt_lang):
        frequent_words(lang)


def flag_alignment(
    alignment: Alignment,
    src_emb: np.ndarray | None = None,
    tgt_emb: np.ndarray | None = None,
    config: FlagConfig | None = None,
    encode: Callable[[list[str]], np.ndarray] | None = None,
) -> list[list[Flag]]:
    """Flags for every bead of ``alignment`` (one list per bead, same order as ``alignment.beads``).

    ``src_emb``/``tgt_emb`` are per-segment embeddings of the two documents (rows in segment-id
    order, as :meth:`Encoder.encode` returns them); without them the beads' own scores stand in for
    similarity. ``encode`` (the encoder that made them) lets a document too short for statistics have
    its merged beads' members tested on text encoded anew (see :func:`align.members.reencoded_members`).
    The result is what :attr:`Alignment.flags` holds; the caller stores it.
    """
    _check_embeddings(alignment, src_emb, tgt_emb)
    cfg = config or FlagConfig()
    beads = alignment.beads
    src_lang, tgt_lang = alignment.src.lang, alignment.tgt.lang
    src_texts = [alignment.src_text(b) for b in beads]
    tgt_texts = [alignment.tgt_text(b) for b in beads]
    flags: list[list[Flag]] = [[] for _ in beads]
    full = np.array([not b.is_empty_side for b in beads], bool)
    outliers = int(full.sum()) >= cfg.min_beads_for_outliers

    # Empty sides and length ratios.
    ls = np.array([len(t) for t in src_texts], float)
    lt = np.array([len(t) for t in tgt_texts], float)
    if language_script(src_lang) != language_script(tgt_lang):
        # a URL or a Latin name written alike on both sides is not translated: it says nothing of the length ratio
        carried = np.array([carried_chars(s, t) for s, t in zip(src_texts, tgt_texts, strict=True)], float)
        ls, lt = ls - carried, lt - carried
    log_ratio = np.log((lt + 1.0) / (ls + 1.0))
    # A title translated as a title keeps its own length conventions (telegraphic in Japanese and Korean): it
    # neither sets the document's usual ratio nor is measured against it.
    titles = headline_beads(alignment)
    ref = full & ~titles if (full & ~titles).sum() >= cfg.min_beads_for_outliers else full
    len_z = length_z(log_ratio, src_texts, tgt_texts, ref, cfg.length_min_sigma)
    if full.any():
        ratio0 = float(np.exp(np.median(log_ratio[ref])))
        min_chars = cfg.length_min_share * float(np.median(lt[ref]))
    else:
        ratio0, min_chars = 1.0, 0.0
    # How many target characters are missing (negative: extra) against the document's usual ratio.
    deficit = ls * ratio0 - lt
    # Similarity per bead: from embeddings when given, else the aligner's confidence.
    if src_emb is not None and tgt_emb is not None:
        sims = bead_similarities(beads, src_emb, tgt_emb)
        sim_source = "cosine similarity"
    else:
        sims = np.array([b.score for b in beads], float)
        sim_source = "alignment score"
    sim_mask = full & ~np.isnan(sims)
    sim_z = robust_z(np.nan_to_num(sims), sim_mask, cfg.similarity_min_sigma)
    sim_median = float(np.median(sims[sim_mask])) if sim_mask.any() else math.nan
    members = (
        member_stats(alignment, sims, log_ratio, full, cfg)
        if src_emb is not None and tgt_emb is not None and sim_mask.any()
        else None
    )

    untranslated, source_untranslated = untranslated_flags(
        src_texts, tgt_texts, [bool(b.src and b.tgt) for b in beads], src_lang, tgt_lang, cfg
    )
    # A target sentence left in the source language would make the source's ordinary words look like
    # names the target document knows (German nouns are capitalised): leave those out of its index.
    copied = {j for b, u in zip(beads, untranslated, strict=True) if is_copied(u) for j in b.tgt}
    tgt_kept = [t for j, t in enumerate(alignment.tgt.texts) if j not in copied]
    ents = EntityContext.of(alignment.src.texts, src_lang, tgt_kept, tgt_lang)

    moved = {(int(i), int(j)) for i, j in alignment.meta.get("moved", [])}  # type: ignore[attr-defined]
    # Whether the documents look like translations at all (measured by the aligner, see align.relatedness):
    # if not, every pair is suspect, however it compares with the document's other pairs.
    relation = Relatedness.from_meta(alignment.meta.get("relatedness"))
    unrelated = (
        f"the documents do not look like translations of each other: {relation.reason()}"
        if relation and relation.unrelated
        else None
    )
    prior = relation.prior if relation is not None and src_emb is not None else None
    for k, b in enumerate(beads):
        out = flags[k]
        if not src_texts[k].strip() and not tgt_texts[k].strip():
            # Blank lines (kept as their own beads under --presplit so ids stay line numbers) carry no
            # content: nothing can be missing or added, so no flag and no risk.
            continue
        if len(b.src) == 1 and len(b.tgt) == 1 and (b.src[0], b.tgt[0]) in moved:
            # Not an error in itself, but the reviewer should see that the order differs here.
            out.append(
                Flag(
                    "moved",
                    f"the target sentence (id {b.tgt[0]}) stands elsewhere in the translation, not at this point",
                    0.3,
                )
            )
        if not b.src and b.tgt:
            out.append(Flag("addition", "target sentence(s) with no source counterpart", 0.9))
            continue
        if b.src and not b.tgt:
            out.append(Flag("omission", "source sentence(s) with no target counterpart", 0.9))
            continue
        if not b.src and not b.tgt:
            continue
        # Text carried over verbatim (a language menu, a dateline, a list of names) was not translated, so
        # the document's translation length ratio says nothing about it.
        verbatim = src_texts[k].casefold().split() == tgt_texts[k].casefold().split()
        if outliers and not verbatim and not titles[k]:
            z = float(len_z[k])
            ratio = (lt[k] + 1) / (ls[k] + 1)
            if z <= -cfg.length_z and deficit[k] >= min_chars:
                out.append(
                    Flag("omission", f"target unusually short for this document (length ratio {ratio:.2f}, "
                         f"z = {z:.1f})", scaled_weight(z, cfg.length_z))
                )  # fmt: skip
            elif z >= cfg.length_z and -deficit[k] >= min_chars:
                out.append(
                    Flag("addition", f"target unusually long for this document (length ratio {ratio:.2f}, "
                         f"z = {z:.1f})", scaled_weight(z, cfg.length_z))
                )  # fmt: skip
            if members is not None and src_emb is not None and tgt_emb is not None and len(b.src) + len(b.tgt) > 2:
                out.extend(weak_members(b, src_emb, tgt_emb, members, cfg))
        if members is not None and src_emb is not None and tgt_emb is not None and len(b.src) + len(b.tgt) > 2:
            # No document statistics needed: runs on documents too short for the outlier flags too.
            have = {f.code for f in out}
            out.extend(f for f in absorbed_members(b, src_emb, tgt_emb, members, cfg) if f.code not in have)
        if unrelated is not None:
            out.append(Flag("low_similarity", unrelated, 0.8))
        elif prior is not None and not outliers and sim_mask[k] and sims[k] < prior:
            # too few beads for document statistics: the encoder's own figure for unrelated sentences decides
            sim, floor = apart(sims[k], prior)
            out.append(
                Flag("low_similarity", f"cosine similarity {sim}, below what translations reach with this model "
                     f"({floor})", 0.8)
            )  # fmt: skip
        elif outliers:
            zs = float(sim_z[k])
            if sim_mask[k] and zs <= -cfg.similarity_z:
                sim, median = apart(sims[k], sim_median)
                out.append(
                    Flag("low_similarity", f"{sim_source} {sim} against a document median of {median} "
                         f"(z = {zs:.1f})", scaled_weight(zs, cfg.similarity_z, base=0.4))
                )  # fmt: skip
            elif members is not None and src_emb is not None and tgt_emb is not None:
                crossed = crossed_members(b, src_emb, tgt_emb, members, cfg)
                if crossed is not None:
                    out.append(crossed)
        # A side left in the other side's language is read in that language: an English sentence copied into the
        # German file, read by German rules, lost the scale word of "951 thousand" and mismatched its own source.
        # (a source side is checked only where the target side was not flagged)
        s_read = tgt_lang if is_copied(source_untranslated[k]) else src_lang
        t_read = src_lang if is_copied(untranslated[k]) else tgt_lang
        found = (
            _found_quantities(alignment, src_texts[k], tgt_texts[k])  # what the aligner read already
            if (s_read, t_read) == (src_lang, tgt_lang)
            else (None, None)
        )
        q = quantities_differ(src_texts[k], s_read, tgt_texts[k], t_read, *found)
        if q.mismatch:
            parts = []
            if q.src_only:
                parts.append("source only: " + ", ".join(x.text for x in q.src_only))
            if q.tgt_only:
                parts.append("target only: " + ", ".join(x.text for x in q.tgt_only))
            # both sides having an unmatched number is the typical changed quantity: stronger evidence;
            # page and issue numbers differ between editions, so they alone are weak evidence
            refs = all(is_reference(x, src_texts[k]) for x in q.src_only) and all(
                is_reference(x, tgt_texts[k]) for x in q.tgt_only
            )
            # so are counts written out in words ("quatre hommes") or month names on one side only,
            # which translators add and drop freely
            wordy = all(x.kind == "word" or (x.kind == "month" and x.soft) for x in (*q.src_only, *q.tgt_only))
            if refs:
                w = 0.3
            elif q.src_only and q.tgt_only:
                w = 0.8
            else:
                w = 0.4 if wordy else 0.6
            out.append(Flag("number_mismatch", "; ".join(parts), w))
        e = ents.compare(src_texts[k], tgt_texts[k])
        if e.mismatch:
            parts = []
            if e.src_only:
                parts.append("source only: " + ", ".join(dict.fromkeys(x.text for x in e.src_only)))
            if e.tgt_only:
                parts.append("target only: " + ", ".join(dict.fromkeys(x.text for x in e.tgt_only)))
            w = 0.7 if e.src_only and e.tgt_only else 0.5
            out.append(Flag("entity_mismatch", "; ".join(parts), w))
        if untranslated[k] is not None:
            out.append(untranslated[k])
        elif (u := source_untranslated[k]) is not None and (
            # the same text on both sides (a language menu, a list of names) needs words of the language too
            not verbatim or has_function_word(src_texts[k], tgt_lang, src_lang)
        ):
            out.append(u)
    short = not outliers and not unrelated
    if short and encode is not None and members is not None and src_emb is not None and tgt_emb is not None:
        _reencoded_flags(alignment, flags, src_emb, tgt_emb, encode, cfg, src_texts, tgt_texts, members.sim_median)
    # a short document's own statistics say nothing: there the encoder's prior decides
    if members is not None and src_emb is not None and tgt_emb is not None and not unrelated and (outliers or prior):
        replaced_flags(alignment, flags, sims, src_emb, tgt_emb, members, cfg.similarity_z, None if outliers else prior,
                       moved)  # fmt: skip
    return flags


def _reencoded_flags(
    alignment: Alignment,
    flags: list[list[Flag]],
    src_emb: np.ndarray,
    tgt_emb: np.ndarray,
    encode: Callable[[list[str]], np.ndarray],
    cfg: FlagConfig,
    src_texts: list[str],
    tgt_texts: list[str],
    sim_median: float,
) -> None:
    """Omission or addition on a short document's merged bead whose member, left out of the text encoded anew,
    lets the rest match the other side better while alone it is nearer unrelated text than the document's pairs
    (``sim_median``: their usual similarity); or, a little more weakly, whose leaving out makes a quantity mismatch
    of the bead disappear (the member held the quantities the other side lacks)."""
    beads = alignment.beads
    merged = [
        k
        for k, b in enumerate(beads)
        if b.src and b.tgt and len(b.src) + len(b.tgt) > 2 and not {"omission", "addition"} & {f.code for f in flags[k]}
    ]
    src_lang, tgt_lang = alignment.src.lang, alignment.tgt.lang
    found = reencoded_members(alignment, merged, src_emb, tgt_emb, encode)
    unrelated = unrelated_level(alignment, src_emb, tgt_emb) if found else math.nan
    for m in found:
        codes = {f.code for f in flags[m.bead]}  # none is omission or addition: see ``merged``
        code, where, other = ("omission", "source", "target") if m.side == "src" else ("addition", "target", "source")
        why = f"the bead encoded without it matches the {other} better (cosine {m.gain:+.3f})"
        # the member alone is nearer this document pair's level of unrelated sentences than its translations'
        # (where the languages' sentences all look alike, a genuine member's removal gains a little too)
        apart = (m.own - unrelated) / max(sim_median - unrelated, 1e-3)
        if m.gain < cfg.member_reencoded_gain or not apart <= cfg.member_reencoded_apart:
            if m.gain < 0 or "number_mismatch" not in codes:
                continue
            doc = alignment.src if m.side == "src" else alignment.tgt
            rest = join_segments(doc, m.rest)
            s_text, t_text = (rest, tgt_texts[m.bead]) if m.side == "src" else (src_texts[m.bead], rest)
            if quantities_differ(s_text, src_lang, t_text, tgt_lang).mismatch:
                continue
            why = f"without it the quantities of the two sides agree, and the {other} matches the rest no worse"
        n = len(beads[m.bead].src if m.side == "src" else beads[m.bead].tgt)
        what = f"{where} sentence {m.position + 1} of {n} in this bead seems to have no counterpart"
        flags[m.bead].append(Flag(code, f"{what}: {why}", 0.5))


def risk_score(flags: Sequence[Flag]) -> float:
    """Probability-like risk of a bead from its flags: 1 − ∏(1 − weight) (independent evidence adds up,
    never past 1). No flags → 0."""
    p = 1.0
    for f in flags:
        p *= 1.0 - min(max(f.weight, 0.0), 1.0)
    return 1.0 - p


def risk_order(flags_per_bead: Sequence[Sequence[Flag]]) -> list[int]:
    """Bead indices, most likely error first (ties in document order); unflagged beads last."""
    risks = [risk_score(f) for f in flags_per_bead]
    return sorted(range(len(risks)), key=lambda i: (-risks[i], i))


def bead_has_flag(flags: Sequence[Flag], code: str) -> bool:
    """Whether a bead's flags include ``code`` (for filters)."""
    return any(f.code == code for f in flags)


__all__ = [
    "FLAG_CODES",
    "FlagConfig",
    "bead_has_flag",
    "flag_alignment",
    "risk_order",
    "risk_score",
    "robust_z",
    "untranslated_flag",
]
