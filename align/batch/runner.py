"""The batch's workers on Ray: one actor per worker, each loading the encoder once.

Ray runs locally by default (a fresh local instance with one worker per core, shut down at the end) or joins
an existing cluster (``address``). An actor takes groups a few at a time: it first encodes all their sentences
in one call (full, length-sorted batches: what a GPU needs), then aligns and flags each group and returns it as
soon as it is done, so the driver commits every group as it finishes. Workers never touch the database.

Where the cluster has GPUs, each actor gets an equal share of them and Ray makes them visible to it; the
bundled model then runs on torch's CUDA path in fp16 (measured on an H200: README, Batch alignment).
"""

from __future__ import annotations

import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from align.batch.work import Job, Outcome, Timings, Worker, worker_encoder
from align.errors import AlignError
from align.types import Document


@dataclass(frozen=True)
class RayOptions:
    #: An existing cluster (``auto``, ``ray://host:10001``, ``host:6379``); None: a local instance for this run.
    address: str | None = None
    #: Actors; None: one per CPU of the cluster (locally: per core this process may use). Fewer workers than
    #: CPUs: each gets an equal number of CPUs and encodes on that many threads.
    workers: int | None = None
    #: Encoder name (None: the bundled model).
    model: str | None = None
    #: Groups an actor encodes together before aligning them.
    groups_per_batch: int = 8


class _Actor:
    """The Ray actor's body: a :class:`Worker` built in the worker process."""

    def __init__(self, model: str | None, threads: int) -> None:
        self.worker = Worker(worker_encoder(model, threads))

    def model(self) -> tuple[str, int]:
        return self.worker.timed.cache_id, self.worker.timed.dim

    def device(self) -> str:
        inner = self.worker.timed.inner
        return f"{inner.name} on {getattr(inner, 'device', 'cpu')}"

    def encode_documents(self, *docs: Document) -> list[np.ndarray]:
        return self.worker.encode_documents(docs)

    def prepare(self, *jobs: Job) -> int:
        return self.worker.prepare(jobs)

    def run(self, job: Job) -> Outcome:
        return self.worker.run(job)


def _local_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class RayPool:
    """Actors on Ray for one batch; a context manager that leaves Ray as it found it."""

    def __init__(self, options: RayOptions) -> None:
        self.options = options
        self._started = False
        self.actors: list[Any] = []
        self.device = ""

    def __enter__(self) -> RayPool:
        import ray

        opts = self.options
        if opts.workers is not None and opts.workers < 1:
            raise AlignError(f"--workers must be at least 1, not {opts.workers}")
        if not ray.is_initialized():
            # ray.init takes SIGTERM over twice: a Python handler (sys.exit), then its C++ core's, which prints a
            # stack trace of several lines and exits (or aborts) without the caller's cleanup. The handler the
            # process had goes back once Ray is up (the CLI's: one line, and the group being written is kept).
            sigterm = (
                signal.getsignal(signal.SIGTERM) if threading.current_thread() is threading.main_thread() else None
            )
            try:
                if opts.address:
                    ray.init(address=opts.address, log_to_driver=False, logging_level="ERROR")
                else:
                    cpus = max(opts.workers or 0, _local_cores())
                    ray.init(num_cpus=cpus, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
            except (ConnectionError, ValueError) as exc:  # ValueError: ray:// without the ray[client] extra
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise AlignError(f"--ray-address {opts.address}: cannot connect to a Ray cluster: {first}") from None
            finally:
                if sigterm is not None:
                    signal.signal(signal.SIGTERM, sigterm)
            self._started = True
        try:
            resources = ray.cluster_resources()
            cpus = int(resources.get("CPU", 1))
            workers = opts.workers or max(1, cpus)
            gpus = float(resources.get("GPU", 0))
            # The CPUs shared out (fewer workers than CPUs: each encodes on several threads, and Ray places
            # them where they have those CPUs); more workers than CPUs: a share each, so that every one starts.
            cpu_share: float = float(cpus // workers) if workers <= cpus else cpus / workers
            gpu_share = min(1.0, gpus / workers) if gpus else 0.0
            threads = max(1, int(cpu_share))
            actor = ray.remote(num_cpus=cpu_share, num_gpus=gpu_share, max_restarts=1)(_Actor)
            self.actors = [actor.remote(opts.model, threads) for _ in range(workers)]
            # Loading the model is where a bad --model fails: once, as one error, before any group is sent.
            self.device = ray.get(self.actors[0].device.remote())
            ray.get([a.model.remote() for a in self.actors[1:]])
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        import ray

        for a in self.actors:
            ray.kill(a)
        self.actors = []
        if self._started:
            ray.shutdown()
            self._started = False

    def model(self) -> tuple[str, int]:
        """The workers' encoder: its cache id (whose vectors) and width."""
        import ray

        model, dim = ray.get(self.actors[0].model.remote())
        return str(model), int(dim)

    def encode_documents(self, docs: Sequence[Document]) -> list[np.ndarray]:
        """Every document's segment vectors, the documents shared out over the actors."""
        import ray

        n = len(self.actors)
        share = [list(range(k, len(docs), n)) for k in range(n)]
        refs = [
            a.encode_documents.remote(*(docs[i] for i in idx)) for a, idx in zip(self.actors, share, strict=True) if idx
        ]
        out: list[np.ndarray] = [np.zeros((0, 0), np.float32)] * len(docs)
        for idx, vecs in zip((s for s in share if s), ray.get(refs), strict=True):
            for i, v in zip(idx, vecs, strict=True):
                out[i] = v
        return out

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Align every job; each outcome is yielded as soon as its actor returns it. Jobs are read from
        ``jobs`` only as actors need them, so the driver reads documents as it goes. A job whose actor died
        comes back as a failed outcome."""
        import ray

        pending = iter(jobs)
        size = max(1, self.options.groups_per_batch)
        queued: dict[int, deque[tuple[Any, Job]]] = {k: deque() for k in range(len(self.actors))}
        owner: dict[Any, tuple[int, Job]] = {}
        exhausted = False

        def feed(k: int) -> None:
            nonlocal exhausted
            # The next batch goes in while the actor still works on the last one, so it never waits for the
            # driver; ``prepare`` runs before the batch's ``run`` calls (an actor runs calls in order).
            if exhausted or len(queued[k]) > size // 2:
                return
            batch: list[Job] = []
            for job in pending:
                batch.append(job)
                if len(batch) == size:
                    break
            if len(batch) < size:
                exhausted = True
            if not batch:
                return
            refs = [ray.put(job) for job in batch]
            self.actors[k].prepare.remote(*refs)
            for ref, job in zip(refs, batch, strict=True):
                out = self.actors[k].run.remote(ref)
                queued[k].append((out, job))
                owner[out] = (k, job)

        for k in range(len(self.actors)):
            feed(k)
        while owner:
            ready, _ = ray.wait(list(owner), num_returns=1)
            ref = ready[0]
            k, job = owner.pop(ref)
            queued[k] = deque((r, j) for r, j in queued[k] if r != ref)
            try:
                outcome: Outcome = ray.get(ref)
            except ray.exceptions.RayError as exc:
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                outcome = Outcome(job.key, job.label, None, f"worker failed: {reason}", Timings(), 0)
            feed(k)
            yield outcome
