"""The encoder interface: texts in, L2-normalised float32 embeddings out.

Every strategy (the bundled C engine, the bundled model on torch, any sentence-transformers model)
subclasses :class:`Encoder` and implements :meth:`_embed`; batching, progress and the shape/dtype
contract live here once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

from align.invisible import visible
from align.progress import advance, bar

#: Told (texts done, texts in this call, desc, share of the call's characters done) as an encoder call starts and
#: after each of its batches. The share is the one to time by: batches go shortest texts first, so the first half of
#: the texts is far less than half of the work.
BatchProgress = Callable[[int, int, str, float], None]
_on_batch: ContextVar[BatchProgress | None] = ContextVar("align_encoder_progress", default=None)


@contextmanager
def reporting(callback: BatchProgress) -> Iterator[None]:
    """Report every batch that any encoder embeds within this block (in this thread) to ``callback``.

    Progress for a caller that cannot pass a flag down to the encoder, such as the app's progress bar
    around the whole aligner: the batches stay exactly those of a plain call.
    """
    token = _on_batch.set(callback)
    try:
        yield
    finally:
        _on_batch.reset(token)


class Encoder(ABC):
    """Turns texts into unit-length vectors whose dot product is their cosine similarity."""

    #: Name the encoder was asked for (registry name, hub name or local path).
    name: str = ""
    #: Embedding width.
    dim: int = 0
    #: Texts per call to :meth:`_embed`; bounded so a progress bar moves and memory stays flat.
    batch_size: int = 64
    #: The cosine unrelated sentences reach with this model (None: unknown), for documents too short to tell
    #: a translation from an unrelated text by their own pairs (see :mod:`align.relatedness`).
    unrelated_cosine: float | None = None

    @property
    def cache_id(self) -> str:
        """Identifies the vectors this encoder produces (model, prompt, runtime); the cache key."""
        return self.name

    def block_encoder(self) -> Encoder:
        """The encoder for the aligner's second pass (multi-sentence blocks): the same model, possibly faster
        at a small cost in precision, since the aligner blends those vectors half-and-half with approximations
        of them. By default this encoder itself."""
        return self

    def prepare(self, texts: Sequence[str]) -> None:
        """Get ready to encode ``texts`` (:meth:`encode` does it anyway; by default there is nothing to do). A caller
        that starts other Python work alongside the encoding calls this first: the bundled model's tokeniser is
        built for the texts' characters in Python, and threads started before it would hold the interpreter lock
        it needs (on a short document that build took 0.27 s alone, 0.46 s beside three busy threads)."""
        return None

    def _costs(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's share of the work, by which :meth:`encode` sorts texts into batches and reports progress:
        characters here; a runtime that pads its batches gives its own lengths (tokens)."""
        return np.array([len(t) for t in texts], dtype=np.int64)

    @abstractmethod
    def _embed(self, texts: list[str]) -> np.ndarray:
        """Embed one batch; returns (len(texts), dim) float32 rows (need not be normalised)."""

    def encode(self, texts: Sequence[str], *, progress: bool = False, desc: str = "encoding") -> np.ndarray:
        """Embed ``texts`` → (n, dim) float32, each row L2-normalised."""
        n = len(texts)
        out = np.empty((n, self.dim), dtype=np.float32)
        if n == 0:
            return out
        # a zero-width space inside a word would reach the model as a space, cutting the word in two
        texts = [visible(t) for t in texts]
        # Length-sorted batches waste less padding in the runtimes that pad (torch, ONNX).
        lengths = self._costs(texts)
        order = np.argsort(lengths, kind="stable")
        report = _on_batch.get()
        work = np.cumsum(lengths[order] + 1)  # + 1: an empty text still costs a pass
        if report:
            report(0, n, desc, 0.0)
        with bar(progress, total=n, desc=desc, unit="seg") as shown:
            for lo in range(0, n, self.batch_size):
                idx = order[lo : lo + self.batch_size]
                out[idx] = self._embed([texts[i] for i in idx])
                share = float(work[lo + len(idx) - 1] / work[-1])
                advance(shown, len(idx), share)  # shortest first: by items alone, the time left reads low
                if report:
                    report(lo + len(idx), n, desc, share)
        # In place, in chunks: a 600,000-sentence encode would otherwise hold two more copies at once.
        for lo in range(0, n, 65536):
            out[lo : lo + 65536] = normalize_rows(out[lo : lo + 65536])
        return out


class WrappedEncoder(Encoder):
    """An encoder that adds something around another one (a cache, a timer): it answers for the inner encoder,
    so whatever an encoder tells about its vectors (name, width, cache id, the cosine of unrelated sentences)
    is the inner one's. Subclasses override :meth:`encode`."""

    def __init__(self, inner: Encoder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.batch_size = inner.batch_size
        self.unrelated_cosine = inner.unrelated_cosine

    @property
    def cache_id(self) -> str:
        return self.inner.cache_id

    def block_encoder(self) -> Encoder:
        inner = self.inner.block_encoder()
        return self if inner is self.inner else self._around(inner)

    def _around(self, inner: Encoder) -> Encoder:
        """This wrapper's behaviour (caching, timing) around another encoder; by default none."""
        return inner

    def prepare(self, texts: Sequence[str]) -> None:
        self.inner.prepare(texts)

    def _embed(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - encode() is overridden
        return self.inner._embed(texts)


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """L2-normalise rows; zero rows stay zero instead of becoming NaN."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)
