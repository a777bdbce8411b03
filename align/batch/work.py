"""One worker's share of a batch, without Ray: the encoder it loads once, encoding several groups' sentences in
one call, and aligning and flagging one pair or the versions of one article. :mod:`.runner` runs this on Ray
actors; the results go back to the driver, which alone writes the database.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders.base import Encoder, WrappedEncoder
from align.types import Alignment, Document
from align.versions.types import MultiAlignment


@dataclass
class Timings:
    """Seconds spent on one group, by step. ``encode`` is the encoder's own time (its share of a batch
    encoded ahead for several groups, plus what the aligner encoded on demand); ``align`` and ``flag`` are
    the aligner's and the flagging's time less their encoding; ``store`` the driver's database write."""

    encode: float = 0.0
    align: float = 0.0
    flag: float = 0.0
    store: float = 0.0

    @property
    def total(self) -> float:
        return self.encode + self.align + self.flag + self.store


@dataclass
class Job:
    """What a worker gets for one group: the ledger key, a label for messages, the documents read by the
    driver (workers need no access to the files), and any sentence vectors already computed for them."""

    key: str
    label: str
    documents: list[Document]
    vectors: list[np.ndarray | None] = field(default_factory=list)

    @property
    def files(self) -> str:
        return ", ".join(d.name for d in self.documents)


@dataclass
class Outcome:
    """A worker's answer for one job: the flagged alignment (a pair) or multi-version alignment (three or more
    versions, ``multi``), or the reason it failed (both None)."""

    key: str
    label: str
    alignment: Alignment | None
    error: str
    timings: Timings
    sentences: int
    multi: MultiAlignment | None = None

    @property
    def ok(self) -> bool:
        return self.alignment is not None or self.multi is not None


class TimedEncoder(WrappedEncoder):
    """An encoder that adds up the seconds its inner encoder spends embedding (the encoding share of a job)."""

    def __init__(self, inner: Encoder, adds_to: TimedEncoder | None = None) -> None:
        super().__init__(inner)
        self.seconds = 0.0
        self._total = adds_to or self  # the aligner's block encoder counts into its sentence encoder's time

    def _around(self, inner: Encoder) -> Encoder:
        return TimedEncoder(inner, adds_to=self._total)

    def encode(self, texts: Sequence[str], *, progress: bool = False, desc: str = "encoding") -> np.ndarray:
        t0 = time.perf_counter()
        try:
            return self.inner.encode(texts, progress=progress, desc=desc)
        finally:
            self._total.seconds += time.perf_counter() - t0


def worker_encoder(model: str | None, threads: int) -> Encoder:
    """The encoder a worker loads once. The bundled model on a CPU runs ONNX Runtime with ``threads`` threads
    (one worker per core must not start one thread per core each); with a GPU (CUDA, which Ray makes
    visible to a worker given a GPU share) the registry picks torch on the GPU."""
    from align.encoders import DEFAULT_MODEL, get_encoder, gpu_available

    if (model or DEFAULT_MODEL) == "bundled" and not gpu_available():
        try:
            from align.encoders.e5_onnx import E5OnnxEncoder

            return E5OnnxEncoder(threads=threads)
        except Exception:  # any runtime failure: the registry's fallbacks decide and say why
            pass
    encoder = get_encoder(model)
    try:
        import torch

        if not gpu_available():
            torch.set_num_threads(threads)
    except ImportError:
        pass
    return encoder


def _aligner_texts(doc: Document) -> list[str]:
    """The texts the aligner encodes for ``doc`` (stripped, blank segments left out): the cache keys."""
    return [t.strip() for t in doc.texts if t.strip()]


class Worker:
    """A loaded encoder and an in-memory cache of the sentence vectors of the groups it was given ahead."""

    def __init__(self, encoder: Encoder) -> None:
        self.timed = TimedEncoder(encoder)
        self._cache = EmbeddingCache(":memory:")
        self.encoder = CachedEncoder(self.timed, self._cache)
        #: Encoding seconds per sentence of the last batch encoded ahead (each job is charged its share).
        self._ahead_rate = 0.0

    def encode_documents(self, docs: Sequence[Document]) -> list[np.ndarray]:
        """Each document's segment vectors (one row per segment, as :func:`align.pipeline.encode_segments`),
        all documents' sentences encoded in one call: full, length-sorted batches."""
        texts = [t for d in docs for t in d.texts]
        keep = [i for i, t in enumerate(texts) if t.strip()]
        out = np.zeros((len(texts), self.timed.dim), np.float32)
        if keep:
            out[keep] = self.timed.encode([texts[i].strip() for i in keep])
        bounds = np.cumsum([0, *(len(d) for d in docs)])
        return [out[bounds[i] : bounds[i + 1]] for i in range(len(docs))]

    def prepare(self, jobs: Sequence[Job]) -> int:
        """Fill the cache for ``jobs`` (a fresh cache: memory stays that of one batch): vectors the driver
        sent are stored, every other sentence is encoded in one call. → sentences encoded."""
        self._cache.close()
        self._cache = EmbeddingCache(":memory:")
        self.encoder = CachedEncoder(self.timed, self._cache)
        todo: list[str] = []
        for job in jobs:
            for i, doc in enumerate(job.documents):
                vecs = job.vectors[i] if i < len(job.vectors) else None
                if vecs is not None and len(vecs) == len(doc):
                    rows = [(t.strip(), v) for t, v in zip(doc.texts, vecs, strict=True) if t.strip()]
                    if rows:
                        self._cache.put(self.timed.cache_id, [t for t, _ in rows], np.stack([v for _, v in rows]))
                else:
                    todo.extend(_aligner_texts(doc))
        todo = list(dict.fromkeys(todo))
        before = self.timed.seconds
        if todo:
            self.encoder.encode(todo)
        self._ahead_rate = (self.timed.seconds - before) / max(len(todo), 1)
        return len(todo)

    def run(self, job: Job) -> Outcome:
        """Align and flag the job's pair (exactly as :func:`align.pipeline.align_and_flag`), or its versions
        (exactly as :func:`align.versions.align_versions`, the first document the pivot), timing each step.
        Any failure is the job's outcome, not the worker's end."""
        from align.aligning import align_documents
        from align.pipeline import flags_for
        from align.versions import align_versions, flag_versions

        n = sum(len(d) for d in job.documents)
        timings = Timings()
        # Charged as encoded ahead: the sentences the cache holds from prepare() (those sent with the job cost 0).
        ahead = sum(1 for v in job.vectors if v is not None)
        timings.encode = self._ahead_rate * n if not ahead else 0.0
        alignment: Alignment | None = None
        multi: MultiAlignment | None = None
        try:
            t0, e0 = time.perf_counter(), self.timed.seconds
            if len(job.documents) == 2:
                alignment = align_documents(*job.documents, self.encoder)
            else:
                multi = align_versions(job.documents, self.encoder, flags=False)
            t1, e1 = time.perf_counter(), self.timed.seconds
            if alignment is not None:
                alignment.flags = flags_for(alignment, self.encoder)
            elif multi is not None:
                multi.flags = flag_versions(multi, self.encoder)
            t2, e2 = time.perf_counter(), self.timed.seconds
        except Exception as exc:  # reported for this group; the batch goes on
            return Outcome(job.key, job.label, None, f"{type(exc).__name__}: {exc}", timings, n)
        timings.encode += (e1 - e0) + (e2 - e1)
        timings.align = (t1 - t0) - (e1 - e0)
        timings.flag = (t2 - t1) - (e2 - e1)
        # The driver stores beads and flags, not vectors nor the quantities flagging read: keep the answer small.
        if multi is not None:
            for pair in multi.pairs:
                if pair is not None:
                    pair.embeddings = None
                    pair.quantities = None
            return Outcome(job.key, job.label, None, "", timings, n, multi=multi)
        assert alignment is not None
        alignment.embeddings = None
        alignment.quantities = None
        return Outcome(job.key, job.label, alignment, "", timings, n)
