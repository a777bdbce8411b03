"""Align Workbench: align two translations of a document with sentence embeddings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from align.errors import AlignError, InputError, ModelError

if TYPE_CHECKING:
    from align.readers import document_from_bytes, document_from_text, read_document
    from align.types import Alignment, Bead, Document, Segment

__version__ = "0.1.0"

#: Loaded on first use (PEP 562): the readers pull in language identification and CLDR's language data (~0.2 s),
#: which every ``align.*`` import paid, the model loader of a CLI run before it could start.
_LAZY = {
    "document_from_bytes": "align.readers",
    "document_from_text": "align.readers",
    "read_document": "align.readers",
    "Alignment": "align.types",
    "Bead": "align.types",
    "Document": "align.types",
    "Segment": "align.types",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'align' has no attribute {name!r}")


def __dir__() -> list[str]:
    # dir() and completion list the public names before their first use too (PEP 562)
    return sorted(set(globals()) | set(_LAZY))


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
