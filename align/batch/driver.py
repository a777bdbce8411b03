"""A batch from start to end, on the driver: plan the groups, skip finished ones, send the rest to the workers,
commit each review (a pair) or review set (three or more versions of one article) as it comes back, and count.

Only the driver writes the database (SQLite is never written by two processes of the batch at once), one
group per transaction as it finishes (a review set with all its versions' reviews in one): an interrupted batch
keeps every review and set it made, and a re-run skips them (:mod:`.ledger`).
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from align.accounts import assign_review
from align.batch.ledger import Ledger
from align.batch.plan import Group, assign_round_robin, group_key
from align.batch.runner import RayOptions, RayPool
from align.batch.work import Job, Outcome, Timings
from align.embedding_cache import EmbeddingCache
from align.encoders.base import Encoder
from align.errors import InputError
from align.review_start import review_name, store_review
from align.review_store import ReviewStore
from align.types import Document

#: Told one line for stderr: progress, a failure, a skip.
Say = Callable[[str], None]


@dataclass(frozen=True)
class ReadOptions:
    """How the documents are read (as ``python -m align align`` reads them)."""

    presplit: bool = False
    encoding: str | None = None


@dataclass
class Summary:
    """What a batch did. ``failed`` holds one line per failed document or group."""

    created: list[int] = field(default_factory=list)
    #: Review sets made for groups of three or more versions (their versions' reviews are not in ``created``).
    sets: list[int] = field(default_factory=list)
    already_done: int = 0
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    unpaired: list[str] = field(default_factory=list)
    #: Seconds by step, added up over the groups made in this run (see :class:`align.batch.work.Timings`).
    timings: Timings = field(default_factory=Timings)
    #: Planning: reading, and in folder mode encoding and grouping the documents.
    plan_seconds: float = 0.0
    wall_seconds: float = 0.0
    sentences: int = 0
    #: Groups dealt with so far (made, found done, skipped or failed), for the progress lines.
    settled: int = 0
    workers: int = 0
    device: str = ""

    @property
    def ok(self) -> bool:
        return not self.failed

    def line(self) -> str:
        n = len(self.created)
        rate = f", {60 * n / self.wall_seconds:.1f} pairs/min" if n and self.wall_seconds else ""
        parts = [f"{n} review(s) created"]
        if self.sets:
            parts.append(f"{len(self.sets)} review set(s) created")
        parts.append(f"{self.already_done} already done")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.unpaired:
            parts.append(f"{len(self.unpaired)} unpaired")
        parts.append(f"{len(self.failed)} failed")
        return f"batch: {', '.join(parts)}; {self.wall_seconds:.1f} s on {self.workers} worker(s){rate}"


def read_group(group: Group, options: ReadOptions) -> tuple[list[Document], list[str]]:
    """The group's documents, and one failure line per document that cannot be read (then no documents)."""
    from align.readers import read_document

    if group.documents:
        return list(group.documents), []
    docs, failures = [], []
    for spec in group.docs:
        try:
            docs.append(read_document(spec.path, spec.lang, presplit=options.presplit, encoding=options.encoding))
        except InputError as exc:
            failures.append(f"{group.label}: {exc}")
        except (OSError, UnicodeError, ValueError, MemoryError, RecursionError) as exc:
            failures.append(f"{group.label}: {spec.path}: cannot read ({type(exc).__name__}: {exc})")
    return (docs if not failures else []), failures


def plan_folder(
    files: Sequence[str], pool: RayPool, options: ReadOptions, say: Say, cache: EmbeddingCache | None
) -> tuple[list[Group], list[str], list[str], dict[str, np.ndarray]]:
    """Read a folder's documents and group them by article (:func:`align.versions.group_documents`, its
    sentences encoded on the workers and kept in ``cache``). → groups, failed documents (one line each),
    documents alone, and each document's vectors by name (sent with its group: not encoded twice)."""
    from align.batch.plan import groups_from_grouping
    from align.readers import read_document
    from align.versions import group_documents

    docs: list[Document] = []
    failed: list[str] = []
    for f in files:
        try:
            docs.append(read_document(f, presplit=options.presplit, encoding=options.encoding))
        except InputError as exc:
            failed.append(str(exc))
        except (OSError, UnicodeError, ValueError, MemoryError, RecursionError) as exc:
            failed.append(f"{f}: cannot read ({type(exc).__name__}: {exc})")
    for line in failed:
        say(f"failed: {line}")
    if len(docs) < 2:
        return [], failed, [d.name for d in docs], {}
    say(f"grouping {len(docs)} documents by article")
    model, dim = pool.model()
    cache = cache or EmbeddingCache(":memory:")
    missing = [d for d in docs if not cache.get(model, d.texts, dim)[1].all()]
    for d, v in zip(missing, pool.encode_documents(missing) if missing else [], strict=True):
        cache.put(model, d.texts, v)
    grouped = group_documents(docs, _Precomputed(model, dim, cache))
    groups, alone = groups_from_grouping(docs, [g.group for g in grouped])
    vectors = {d.name: cache.get(model, d.texts, dim)[0] for d in docs}
    return groups, failed, [d.name for d in alone], vectors


class _Precomputed(Encoder):
    """The sentence vectors the workers encoded, for the grouping on the driver: answers from the cache and
    never loads a model."""

    def __init__(self, model: str, dim: int, cache: EmbeddingCache) -> None:
        self._model, self.name, self.dim, self.cache = model, model, dim, cache

    @property
    def cache_id(self) -> str:
        return self._model

    def _embed(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - encode() is overridden
        raise NotImplementedError

    def encode(self, texts: Sequence[str], *, progress: bool = False, desc: str = "encoding") -> np.ndarray:
        vecs, found = self.cache.get(self._model, texts, self.dim)
        if not found.all():  # the documents were all encoded above: a miss is a bug, not a reason to encode here
            raise RuntimeError(f"{int((~found).sum())} sentence(s) to group were not encoded by the workers")
        return vecs


def _jobs(
    groups: Sequence[Group],
    options: ReadOptions,
    ledger: Ledger,
    summary: Summary,
    say: Say,
    vectors: dict[str, np.ndarray],
    keys: dict[str, Group],
    total: int,
) -> Iterator[Job]:
    """The jobs still to do, read as the workers ask for them; finished and unreadable groups are counted and
    said here (a finished one as a progress line of its own, so that a re-run's count starts at 1)."""
    for group in groups:
        try:
            key = group_key(group, presplit=options.presplit, encoding=options.encoding)
        except OSError as exc:
            line = f"{group.label}: {exc.filename or group.files}: cannot read ({exc.strerror or exc})"
            summary.failed.append(line)
            summary.settled += 1
            say(f"failed: {line}")
            continue
        review_id = ledger.done(key)
        if review_id is not None:
            summary.already_done += 1
            summary.settled += 1
            what = "review" if group.is_pair else "review set"
            say(f"[{summary.settled}/{total}] {group.label}: already done ({what} {review_id}), skipped")
            continue
        docs, failures = read_group(group, options)
        for line in failures:
            summary.failed.append(line)
            say(f"failed: {line}")
        if not docs:
            summary.settled += 1
            continue
        keys[key] = group
        yield Job(key, group.label, docs, [vectors.get(d.name) for d in docs] if vectors else [])


def run_batch(
    groups: Sequence[Group] | None,
    store: ReviewStore,
    options: RayOptions,
    *,
    read: ReadOptions = ReadOptions(),
    files: Sequence[str] = (),
    say: Say = lambda _line: None,
    cache: EmbeddingCache | None = None,
    assign: Sequence[str] = (),
    on_commit: Callable[[int, Outcome], None] | None = None,
) -> Summary:
    """Run a batch: ``groups`` (from a manifest), or, when None, the documents ``files`` grouped by article.
    One review per pair, or one review set per group of three or more versions (the first the pivot), committed
    as it comes back, assigned to the ``assign`` reviewers in turn where the manifest names none (the review's
    assigned_to, see :mod:`align.accounts`, every version's review of a set; also in its meta); ``say`` gets
    progress and failures, one line each; ``on_commit(review or set id, outcome)`` is called after each commit."""
    start = time.perf_counter()
    summary = Summary()
    ledger = Ledger(store)
    with RayPool(options) as pool:
        summary.workers, summary.device = len(pool.actors), pool.device
        say(f"{summary.workers} worker(s): {summary.device}")
        vectors: dict[str, np.ndarray] = {}
        if groups is None:
            groups, failed, summary.unpaired, vectors = plan_folder(files, pool, read, say, cache)
            summary.failed.extend(failed)
            for name in summary.unpaired:
                say(f"unpaired: {name}: no other version of its article among the documents")
        groups = assign_round_robin(groups, assign)
        summary.plan_seconds = time.perf_counter() - start
        total = len(groups)
        keys: dict[str, Group] = {}
        for outcome in pool.run(_jobs(groups, read, ledger, summary, say, vectors, keys, total)):
            # The group's writes, its progress line and on_commit go together: a stop waits for them.
            with _signals_deferred():
                group = keys.pop(outcome.key)
                summary.settled += 1
                if not outcome.ok:
                    line = f"{group.label} ({group.files}): {outcome.error}"
                    summary.failed.append(line)
                    say(f"failed: {line}")
                    continue
                summary.sentences += outcome.sentences
                if outcome.multi is not None:
                    made = _commit_set(store, ledger, group, outcome)
                    summary.sets.append(made)
                    flagged = sum(1 for row in outcome.multi.flags for cell in row if cell)
                    what = (
                        f"review set {made}, {len(outcome.multi.labels)} versions, {len(outcome.multi.rows)} rows "
                        f"({flagged} cells flagged)"
                    )
                else:
                    assert outcome.alignment is not None
                    made = _commit(store, ledger, group, outcome)
                    summary.created.append(made)
                    flagged = sum(1 for f in outcome.alignment.flags if f)
                    what = f"review {made}, {len(outcome.alignment.beads)} beads ({flagged} flagged)"
                _add(summary.timings, outcome.timings)
                say(f"[{summary.settled}/{total}] {group.label}: {what}, {outcome.timings.total:.1f} s")
                if on_commit is not None:
                    on_commit(made, outcome)
    summary.wall_seconds = time.perf_counter() - start
    return summary


#: The signals that stop a batch (Ctrl-C, kill): they wait while a group is settled.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done, then act as they would have: a group's writes (its
    review or set, the assignment, the ledger entry) are several transactions, and a stop between them left a
    review without its assignee. Only the main thread can handle signals; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    before = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    for s in STOP_SIGNALS:
        if before[s] is not None:  # None: a handler not set from Python (Ray's C++ one), left alone
            signal.signal(s, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        for s, handler in before.items():
            if handler is not None:
                signal.signal(s, handler)
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)  # now, to the handler that was there (raising, ignoring or default)


def _commit(store: ReviewStore, ledger: Ledger, group: Group, outcome: Outcome) -> int:
    """Store the group's review (its key and assignee in its meta), timed, and index it in the ledger."""
    alignment = outcome.alignment
    assert alignment is not None
    t0 = time.perf_counter()
    alignment.meta["batch"] = _batch_meta(group, outcome)
    name = group.name or review_name(alignment.src, alignment.tgt)
    if not group.name and not group.documents:
        # A manifest's group label leads the name: a batch's files are often all called en.txt and de.txt.
        name = f"{group.label}: {name}"
    ledger.begin(outcome.key)
    review_id = store_review(store, alignment, name=name)
    if group.reviewer:
        # The review's assignee, as the app's accounts read it (a name that has no account yet may get one later).
        assign_review(store, review_id, group.reviewer, require_account=False)
    ledger.record(outcome.key, review_id)
    outcome.timings.store = time.perf_counter() - t0
    return review_id


def _commit_set(store: ReviewStore, ledger: Ledger, group: Group, outcome: Outcome) -> int:
    """Store the group's review set (one transaction: every version's review and the set; its key and assignee
    in the set's alignment meta), timed, assign every version's review, and index the set in the ledger."""
    multi = outcome.multi
    assert multi is not None
    t0 = time.perf_counter()
    multi.meta["batch"] = _batch_meta(group, outcome)
    pivot = multi.pivot_document
    name = group.name or f"{Path(pivot.name).name} ({pivot.lang}) + {len(multi.labels) - 1} versions"
    if not group.name and not group.documents:
        name = f"{group.label}: {name}"  # as for a pair: a manifest's label leads
    ledger.begin(outcome.key)
    set_id = store.create_review_set(multi, name)
    if group.reviewer:
        for review_id in store.review_set(set_id).reviews.values():
            assign_review(store, review_id, group.reviewer, require_account=False)
    ledger.record_set(outcome.key, set_id)
    outcome.timings.store = time.perf_counter() - t0
    return set_id


def _batch_meta(group: Group, outcome: Outcome) -> dict[str, object]:
    return {
        "key": outcome.key,
        "group": group.label,
        "files": [str(Path(d.path)) for d in group.docs],
        "assigned_to": group.reviewer,
    }


def _add(total: Timings, t: Timings) -> None:
    total.encode += t.encode
    total.align += t.align
    total.flag += t.flag
    total.store += t.store
