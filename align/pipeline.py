"""The main job in one call: two documents → aligned, flagged beads.

The CLI and the app both run this, so what a reviewer sees in the browser is exactly what
``python -m align align`` writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from align.aligning import AlignConfig, align_documents
from align.background import Background
from align.encoders.base import Encoder
from align.types import Alignment, Document, Flag, SegmentEmbeddings

if TYPE_CHECKING:
    from align.flagging import FlagConfig

# align.flagging (and its name and number tables) is imported where it is used, in a thread while the encoder
# runs when flags are wanted: imported here, it loaded before the first batch, holding the interpreter lock.


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
    """Align ``src`` with ``tgt`` and, unless ``flags=False``, attach the per-bead error flags.

    Flagging reads the sentence vectors the aligner computed (:attr:`Alignment.embeddings`): every
    sentence is encoded once per call, whatever an embedding cache holds.
    """
    # Flagging's word lists load while the encoder works (see align.background), not in the first flag.
    preparing = Background(lambda: _prepare_flagging(src.lang, tgt.lang)) if flags else None
    alignment = align_documents(src, tgt, encoder, config, progress=progress)
    if preparing is not None:
        preparing.result()
        alignment.flags = flags_for(alignment, encoder, flag_config)
    return alignment


def segment_embeddings(alignment: Alignment, encoder: Encoder) -> SegmentEmbeddings:
    """Per-segment vectors for flagging: the aligner's own when the alignment carries them (same encoder),
    else encoded the way the aligner encodes (stripped text, blank segments zero), so that an
    embedding cache the aligner filled answers every sentence."""
    if alignment.embeddings is not None and alignment.embeddings.model == encoder.cache_id:
        return alignment.embeddings
    return SegmentEmbeddings(
        encode_segments(alignment.src.texts, encoder), encode_segments(alignment.tgt.texts, encoder), encoder.cache_id
    )


def encode_segments(texts: list[str], encoder: Encoder) -> np.ndarray:
    """One vector per segment, encoded as the aligner encodes them: stripped text, a zero row for a blank segment."""
    keep = [i for i, t in enumerate(texts) if t.strip()]
    out = np.zeros((len(texts), encoder.dim), np.float32)
    if keep:
        out[keep] = encoder.encode([texts[i].strip() for i in keep])
    return out


def flags_for(alignment: Alignment, encoder: Encoder, flag_config: FlagConfig | None = None) -> list[list[Flag]]:
    """Flags of every bead, from the alignment's sentence vectors (see :func:`segment_embeddings`)."""
    from align.flagging import flag_alignment

    emb = segment_embeddings(alignment, encoder)
    return flag_alignment(alignment, emb.src, emb.tgt, flag_config, encoder.encode)


def _prepare_flagging(src_lang: str, tgt_lang: str) -> None:
    from align.flagging import prepare_flagging

    prepare_flagging(src_lang, tgt_lang)
