"""Aligner settings (:class:`AlignConfig`), each chosen on the development sets."""

from __future__ import annotations

from dataclasses import dataclass

NEG = -1e18  # "impossible" that stays finite, so sums never produce NaN


@dataclass(frozen=True)
class AlignConfig:
    """Every knob of the aligner; the defaults are tuned on the Text+Berg dev document."""

    #: Most segments on one side of a bead.
    max_bead: int = 5
    #: Most segments in a bead, both sides together (1-5, 2-4 and 3-3 yes, 2-5 no with 6).
    max_bead_total: int = 6
    #: Score of a 1-0/0-1 bead (per segment left without counterpart).
    skip: float = -0.1
    #: Similarity weight grows with bead size (summed segment weights) as (size/2)**size_exponent.
    size_exponent: float = 0.6
    #: Segment weight (chars / median chars) ** char_weight, used for block vectors and bead size:
    #: short fragments (headings, captions) carry little evidence and should not dominate a merge.
    char_weight: float = 0.25
    #: Penalty per segment beyond two in a bead.
    extra_segment_penalty: float = 0.03
    #: Weight of the squared log length ratio (chars, corrected by the document's overall ratio).
    length_weight: float = 0.25
    #: Spread of log length ratios (robust sd over 1-1 beads) that ``length_weight`` is meant for (Text+Berg
    #: dev's, as the first pass measures it); the weight is rescaled by (this / the document pair's own
    #: spread)² after a first pass, so a language pair whose lengths vary more (zh–en: 0.22) trusts them
    #: less. 0: no rescaling.
    length_sd: float = 0.16
    #: Penalty for a block that straddles a paragraph boundary (per boundary crossed).
    paragraph_penalty: float = 0.05
    #: Bonus per quantity value or name a bead's two sides share (see :meth:`Scorer._lexical`).
    lexical_weight: float = 0.2
    #: A word both documents spell alike counts as a name in at most this share of each side's segments
    #: (0: no names, quantities only).
    lexical_max_share: float = 0.05
    #: Subtract each segment's mean similarity to its neighbourhood (margin-style normalisation).
    baseline: bool = False
    #: Lattices with at most this many cells (about 90 segments a side) are searched whole; larger ones in a band
    #: around a coarse path (``band``). Banded from 8,000 rather than 400,000 cells, the search and its tables cost
    #: ~3-5x less on a 150-300-sentence document, and strict F1 is unchanged on every set (Text+Berg dev, test0-6,
    #: zh-en aca/mag/pol; the same at 2,000).
    full_cells: int = 8_000
    #: Half-width (segments) of the band around the projected coarse path.
    band: int = 24
    #: Pass 2: encode uncertain multi-segment blocks exactly and re-align.
    refine: bool = True
    #: Weight of the exact vector when blended with the approximate one (see :func:`apply_exact`).
    exact_mix: float = 0.5
    #: A competing bead within this score margin of the chosen one is refined too.
    refine_margin: float = 0.08
    #: A many-to-many bead of the path is refined only when the best path into its end point through another
    #: last bead scores within this of it (None: always): a merge that nothing comes close to stays merged
    #: whatever its exact vector says. Chosen on the dev sets: pass 2 encodes about half as much (Text+Berg dev
    #: 0.39 → 0.20 of the documents' characters, pol 0.45 → 0.38) and strict F1 holds (dev 0.926 → 0.930,
    #: pol 0.978 → 0.978).
    refine_path_margin: float | None = 0.2
    #: Cap on the characters pass 2 may encode, as a fraction of both documents' characters.
    refine_budget: float = 0.45
    #: Pass 2 encodes with the encoder's :meth:`~align.encoders.base.Encoder.block_encoder` (the bundled model
    #: on ONNX Runtime: its int8 graph, ~1.6× less CPU) instead of the sentence encoder itself. Off: on the dev
    #: sets it costs strict F1 (Text+Berg dev 0.926 → 0.923, pol 0.978 → 0.974) and it loses two decisions the
    #: fp32 blocks get right (tests/test_aligning.py: a sentence given twice, names spelt alike).
    fast_blocks: bool = False
    #: Pair segments the monotonic path left alone when they match each other (moved content).
    moved: bool = True
    #: Bead confidence is the bead's probability over all paths weighted by exp(score / this)
    #: (see :func:`bead_posteriors`); calibrated on the dev sets.
    confidence_temperature: float = 0.04
    #: Minimum-Bayes-risk decoding (see :func:`mbr_path`): the final path maximises the sum over its beads
    #: of (posterior − this) instead of the total score. None: the best-scoring path. Chosen on the dev sets
    #: with ``mbr_temperature`` (Text+Berg dev 0.928 → 0.926, pol 0.968 → 0.978).
    mbr_cost: float | None = 0.2
    #: Temperature of the posteriors MBR decoding weighs (None: ``confidence_temperature``, which stays the
    #: confidence's: at 0.06 pol's Brier score is 0.051 against 0.032).
    mbr_temperature: float | None = 0.06
