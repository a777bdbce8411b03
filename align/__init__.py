"""Align Workbench: align two translations of a document with sentence embeddings."""

from align.errors import AlignError, InputError, ModelError
from align.readers import document_from_bytes, document_from_text, read_document
from align.types import Alignment, Bead, Document, Segment

__version__ = "0.1.0"

__all__ = [
    "AlignError",
    "Alignment",
    "Bead",
    "Document",
    "InputError",
    "ModelError",
    "Segment",
    "document_from_bytes",
    "document_from_text",
    "read_document",
]
