"""Any sentence-transformers model, named by hub id or local folder (LaBSE, paraphrase-multilingual-*,
multilingual-e5-*, ...)."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from align.encoders.base import Encoder
from align.errors import ModelError


def _default_prompt(name: str, configured: dict[str, str]) -> str:
    """The model's own convention: its configured prompt, else e5's "passage: ", else nothing."""
    for key in ("passage", "document", "query"):
        if key in configured:
            return configured[key]
    return "passage: " if "e5" in Path(name).name.lower() else ""


def _hub_reachable(endpoint: str, timeout: float = 3.0) -> bool:
    """Whether the model hub answers at all. Without this check, a machine with no route to it
    spends about a minute and a half in the hub client's retries before it gives up."""
    url = urlparse(endpoint)
    try:
        with socket.create_connection((url.hostname or "", url.port or 443), timeout=timeout):
            return True
    except OSError:
        return False


class SentenceTransformerEncoder(Encoder):
    batch_size = 32

    def __init__(
        self, name: str, device: str | None = None, prompt: str | None = None, *, folder: Path | None = None
    ) -> None:
        """``folder``: where the model named ``name`` is (an installed package's); else ``name`` is a folder or a
        hub name."""
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelError(f"model {name!r} needs the 'sentence-transformers' package: {exc}") from exc
        local = folder if folder is not None else Path(name).expanduser()
        if local.exists() and not local.is_dir():
            raise ModelError(f"model path {name!r} is a file; give the model's folder")
        import huggingface_hub.constants

        # The hub client's own reading of HF_HUB_OFFLINE (it accepts "1", "true", ...), taken at its import.
        offline = bool(huggingface_hub.constants.HF_HUB_OFFLINE)
        # With no route to the hub, only a local folder or a model already in the Hugging Face cache loads.
        cached_only = not local.is_dir() and (offline or not _hub_reachable(huggingface_hub.constants.ENDPOINT))
        try:
            self._model = SentenceTransformer(
                str(local) if local.is_dir() else name, device=device, local_files_only=cached_only
            )
        except Exception as exc:  # the library raises OSError, ValueError, HTTP errors, ...
            if offline:
                hint = " (HF_HUB_OFFLINE=1: only local folders and cached models load)"
            elif cached_only:
                hint = " (the model hub cannot be reached: only local folders and cached models load)"
            else:
                hint = ""
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot load model {name!r}{hint}: {first}") from exc
        self.name = name
        # sentence-transformers 6 renamed the accessor; keep working with older releases.
        dim_of = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dim_of() or 0)
        self.prompt = prompt if prompt is not None else _default_prompt(name, dict(self._model.prompts or {}))

    @property
    def cache_id(self) -> str:
        return f"st/{self.name}/{self.prompt}"

    def _embed(self, texts: list[str]) -> np.ndarray:
        emb = self._model.encode(
            texts,
            prompt=self.prompt or None,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(emb, dtype=np.float32)
