"""Monotonic many-to-many sentence alignment of two documents.

How it works (ideas from Vecalign, Thompson & Koehn 2019, and Bertalign, Liu & Zhu 2022):

1. Every segment is embedded once; that is the encoder floor, everything else must stay cheap.
2. Multi-segment blocks ("overlaps") get an *approximate* embedding: the normalised sum of their
   segments' embeddings, each weighted by a gentle power of its length so that short fragments
   (headings, captions) do not pull a block their way; bead size counts the same weights.
   Bertalign encodes every overlap of up to four sentences, which costs about ten times the floor.
3. A dynamic programme over the (source position, target position) lattice picks the monotonic
   sequence of beads with the best total score. Long documents are aligned in a band around a
   coarse path found recursively on downsampled documents (Vecalign's trick), so time and memory
   grow linearly with length; short ones get the full lattice.
4. Pass 2 encodes exactly only the blocks whose decision is uncertain (a many-to-many bead on the
   path that another way into its end point comes close to, or a close competitor of the chosen
   bead), blends each exact vector half-and-half with its approximate one (either alone does worse
   on Text+Berg dev) and re-runs the programme.
   The final path is not the best-scoring one but the one with the most expected right beads less a
   cost per bead, from forward–backward posteriors (minimum-Bayes-risk decoding, :func:`mbr_path`).
5. Content the translation moved (a caption set on another page, a reordered paragraph) is out of
   reach of any monotonic path, which leaves both ends without a counterpart; segments left so that
   are each other's best match pair up afterwards (:func:`pair_moved`), out of target order.

Bead scores combine the cosine similarity (less a per-segment baseline: how similar the segment is
to everything nearby, so generic segments do not attract), a length-ratio penalty learnt from the
document pair, a penalty for blocks that straddle a paragraph boundary and a bonus per quantity both
sides state (compared by value, so 3社 matches "tre") or name alike.
"""

from __future__ import annotations

from dataclasses import asdict
from types import ModuleType
from typing import TYPE_CHECKING

from align.aligning.config import AlignConfig
from align.aligning.pair import EncodedPair
from align.background import Background
from align.encoders.base import Encoder
from align.errors import AlignError
from align.types import Alignment, Document

if TYPE_CHECKING:
    from align.aligning.lexical import LexicalEvidence

# Only what runs before the encoder is imported here: the search's modules (align.aligning.encoded and what it
# imports) load in a thread while the encoder's native code runs. Imported before the first batch, they held
# the interpreter lock that the model's loading and the tokeniser need (with the rest of the start-up's reordering:
# 0.96x the wall time on Text+Berg test3).


def align_documents(
    src: Document, tgt: Document, encoder: Encoder, config: AlignConfig | None = None, *, progress: bool = False
) -> Alignment:
    """Align two documents → monotonic beads covering every segment id of both sides once, in order."""
    cfg = config or AlignConfig()
    if cfg.max_bead < 1 or cfg.max_bead_total < 2:
        raise AlignError(
            f"max_bead must be at least 1 and max_bead_total at least 2, not {cfg.max_bead}, {cfg.max_bead_total}"
        )
    # Empty segments (blank presplit lines) carry no evidence: they become 1-0/0-1 beads in place.
    s_ids = [s.id for s in src.segments if s.text.strip()]
    t_ids = [s.id for s in tgt.segments if s.text.strip()]
    s_texts = [src.segments[i].text.strip() for i in s_ids] if s_ids else []
    t_texts = [tgt.segments[i].text.strip() for i in t_ids] if t_ids else []
    n, m = len(s_texts), len(t_texts)
    meta: dict[str, object] = {"config": asdict(cfg), "segments": [n, m]}

    # The quantities and names need only the text: read them while the encoder's native code runs, and so do
    # the search's modules import (see align.aligning.encoded); not before the encoder is prepared, whose
    # tokeniser needs the interpreter lock (see Encoder.prepare).
    texts = s_texts + t_texts
    encoder.prepare(texts)
    lexical = (
        Background(lambda: _lexical_evidence(s_texts, t_texts, (src.lang, tgt.lang), cfg.lexical_max_share))
        if n and m and cfg.lexical_weight > 0
        else None
    )
    searching = Background(_search_module)
    singles = encoder.encode(texts, progress=progress, desc="embedding") if n + m else None
    return searching.result().align_encoded(
        EncodedPair(src, tgt, s_ids, t_ids, s_texts, t_texts, singles), encoder, cfg, meta, lexical, progress=progress
    )


def _lexical_evidence(
    s_texts: list[str], t_texts: list[str], langs: tuple[str, str], max_share: float
) -> LexicalEvidence:
    from align.aligning.lexical import lexical_evidence

    return lexical_evidence(s_texts, t_texts, langs, max_share)


def _search_module() -> ModuleType:
    import align.aligning.encoded

    return align.aligning.encoded


__all__ = ["AlignConfig", "align_documents"]
