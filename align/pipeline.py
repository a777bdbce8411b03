"""The main job in one call: two documents → aligned, flagged beads.

The CLI and the app both run this, so what a reviewer sees in the browser is exactly what
``python -m align align`` writes.
"""

from __future__ import annotations

from align.aligning import AlignConfig, align_documents
from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders.base import Encoder
from align.flagging import FlagConfig, flag_alignment
from align.types import Alignment, Document


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
        src_emb = encoder.encode(src.texts)
        tgt_emb = encoder.encode(tgt.texts)
        alignment.flags = flag_alignment(alignment, src_emb, tgt_emb, flag_config)
    return alignment
