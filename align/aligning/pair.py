"""What the aligner's encoding step hands to its search: the two documents and their sentence vectors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from align.types import Document


@dataclass
class EncodedPair:
    """Two documents with the vectors of their non-blank segments (blank presplit lines carry no evidence and
    are put back as 1-0/0-1 beads at the end).

    ``s_ids``/``t_ids``: the non-blank segments' ids; ``s_texts``/``t_texts``: their stripped texts, as encoded;
    ``singles``: their vectors, source rows then target rows (None when both sides are blank).
    """

    src: Document
    tgt: Document
    s_ids: list[int]
    t_ids: list[int]
    s_texts: list[str]
    t_texts: list[str]
    singles: np.ndarray | None
