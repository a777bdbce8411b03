"""The main job in one call: two documents → aligned, flagged beads.

The CLI and the app both run this, so what a reviewer sees in the browser is exactly what
``python -m align align`` writes.
"""

from __future__ import annotations

from align.aligning import AlignConfig, align_documents
from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders.base import Encoder
from align.flagging import FlagConfig, flag_alignment
from align.types import Alignment, Document, Flag


def align_and_flag(
    src: Document,
    tgt: Document,
    encoder: Encoder,
    config: AlignConfig | None = None,
    *,
    flags: bool = True,
    flag_config: FlagConfig | None = None,
    progress: bool = False,
) -> Alignment:
    """Align ``src`` with ``tgt`` and, unless ``flags=False``, attach the per-bead error flags."""
    if not isinstance(encoder, CachedEncoder):
        # Flagging needs the same sentence embeddings the aligner computed: keep them for this call.
        encoder = CachedEncoder(encoder, EmbeddingCache(":memory:"))
    alignment = align_documents(src, tgt, encoder, config, progress=progress)
    if flags:
        alignment.flags = flags_for(alignment, encoder, flag_config)
    return alignment


def flags_for(alignment: Alignment, encoder: Encoder, flag_config: FlagConfig | None = None) -> list[list[Flag]]:
    """Flags of every bead, from the sentence embeddings of ``encoder`` (cheap when they are cached)."""
    src_emb = encoder.encode(alignment.src.texts)
    tgt_emb = encoder.encode(alignment.tgt.texts)
    return flag_alignment(alignment, src_emb, tgt_emb, flag_config)
