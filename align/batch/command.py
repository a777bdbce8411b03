"""``python -m align batch``: the command line of :mod:`align.batch` (argument parsing and messages only)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from align.cli.common import DB_HELP
from align.errors import InputError


def add_parser(sub: argparse._SubParsersAction, common: object) -> None:  # type: ignore[type-arg]
    """Register ``batch`` on the CLI's subcommands; ``common`` adds the shared model/reading options."""
    p = sub.add_parser(
        "batch",
        help="align many documents into reviews (one per pair, a review set per 3+ versions) on Ray workers",
        description="Align a folder of documents, or the groups a manifest lists, and create one review per pair "
        "in the review database (then: python -m align export --db DB --review N), or one multi-version review "
        "set per group of three or more versions (export --set N). A folder's documents are grouped by article "
        "(as 'group' does): two versions make a pair, three or more a set, the first file in name order being "
        "the source or pivot. A manifest (.csv: columns group, file[, lang, reviewer, name], one row per "
        'document; .jsonl: one object per group, {"files": [...], "langs": [...], "reviewer": "...", "name": '
        '"..."}) says exactly which files go together, the first being the source (or pivot). A re-run skips '
        "the groups already done; progress, "
        "failures (one line per document) and a summary go to stderr; the exit status is 1 if any failed.",
    )
    p.add_argument("source", metavar="FOLDER_OR_MANIFEST", help="a folder of documents, or a .csv/.jsonl manifest")
    p.add_argument("--db", help=DB_HELP)
    p.add_argument(
        "--ray-address",
        help="run on an existing Ray cluster: 'auto' or HOST:6379 from a node of it, ray://HOST:10001 from "
        "elsewhere (needs pip install 'ray[client]'); default: a local Ray instance for this run. The align "
        "package must be installed on every node",
    )
    p.add_argument(
        "--workers",
        type=int,
        help="workers, each loading the model once (default: one per CPU core of the machine or cluster)",
    )
    p.add_argument(
        "--assign",
        nargs="+",
        metavar="REVIEWER",
        default=[],
        help="assign the reviews to these reviewers in turn (a manifest's reviewer column wins)",
    )
    p.add_argument(
        "--groups-per-batch",
        type=int,
        default=8,
        help="groups a worker encodes together before aligning them (default 8; larger fills a GPU better)",
    )
    common(p)  # type: ignore[operator]
    p.set_defaults(func=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    from align.batch.driver import ReadOptions, run_batch
    from align.batch.plan import MANIFEST_FORMATS, read_manifest
    from align.batch.runner import RayOptions
    from align.cli.common import encodings, open_cache
    from align.cli.corpus import corpus_files
    from align.review_store import ReviewStore, default_db

    source = Path(args.source)
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers must be at least 1, not {args.workers}")
    if args.groups_per_batch < 1:
        raise InputError(f"--groups-per-batch must be at least 1, not {args.groups_per_batch}")
    encoding, tgt_encoding = encodings(args.encoding)
    if encoding != tgt_encoding:
        raise InputError("--encoding takes one encoding for all files in a batch")
    groups, files = None, []
    if source.is_dir():
        files = corpus_files([str(source)])
    elif source.suffix.lower() in MANIFEST_FORMATS or source.exists():
        groups = read_manifest(source)
    else:
        raise InputError(f"{source}: no such folder or manifest")

    def say(line: str) -> None:
        if not args.quiet or line.startswith(("failed:", "skipped:")):
            print(line, file=sys.stderr, flush=True)

    store = ReviewStore(args.db or default_db())
    _warn_unknown_reviewers(store, [*args.assign, *(g.reviewer for g in groups or [] if g.reviewer)])
    cache = open_cache(args)  # an unusable default cache: a warning, the batch runs without it
    options = RayOptions(args.ray_address, args.workers, args.model, args.groups_per_batch)
    read = ReadOptions(args.presplit, encoding)
    stored: list[int] = []
    received: list[int] = []
    try:
        with _stop_on_signals(received):
            summary = run_batch(
                groups,
                store,
                options,
                read=read,
                files=files,
                say=say,
                cache=cache,
                assign=args.assign,
                on_commit=lambda made, _outcome: stored.append(made),
            )
    except KeyboardInterrupt:  # _Stopped, or another on the way out (Ray's shutdown, its processes killed too)
        signum = received[0] if received else signal.SIGINT
        name = signal.Signals(signum).name
        print(
            f"interrupted ({name}): {len(stored)} group(s) finished and stored in this run, nothing finished is "
            "lost; re-run the same command to do the rest",
            file=sys.stderr,
        )
        return 128 + signum
    print(summary.line(), file=sys.stderr)
    if summary.unpaired:  # exit 0 (nothing failed), but documents without a review must not go unnoticed
        n = len(summary.unpaired)
        print(
            f"warning: {n} document{'s' * (n != 1)} unpaired: no review was made for {'them' if n != 1 else 'it'} "
            "(see the 'unpaired:' lines; pair them in a manifest to align them anyway)",
            file=sys.stderr,
        )
    return 0 if summary.ok else 1


class _Stopped(KeyboardInterrupt):
    """SIGINT or SIGTERM during a batch (a KeyboardInterrupt, so that nothing on the way swallows it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stop_on_signals(received: list[int]) -> Iterator[None]:
    """Ctrl-C and kill stop the batch, at once, between groups (the driver holds them back while a group is
    written). Installed whatever the process inherited: a batch started in the background by a shell without
    job control (``cmd &`` in a script) ignores SIGINT from the start, and `kill -INT` did nothing; Ray's own
    SIGTERM handling printed a C++ stack trace instead of one line (the pool gives this one back after
    ray.init). ``received`` gets each signal's number."""

    from align.batch.driver import STOP_SIGNALS  # imported by the command already (kept off the CLI's start-up)

    def stop(signum: int, _frame: object) -> None:
        received.append(signum)
        raise _Stopped(signum)

    before = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    for s in before:
        signal.signal(s, stop)
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)


def _warn_unknown_reviewers(store, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    """With accounts on, a reviewer name without an enabled account is most likely a typo: the reviews would wait
    for an account nobody means to add (the assignment itself stays: accounts may come later)."""
    from align.accounts import accounts_enabled, get_account

    if not names or not accounts_enabled(store):
        return
    for name in dict.fromkeys(names):
        account = get_account(store, name)
        if account is None or account.disabled:
            what = "no account" if account is None else "a disabled account"
            print(
                f"warning: reviewer {name!r} has {what} in {store.display}: its reviews are assigned to the name, "
                f"and nobody sees them until an admin runs 'python -m align users add {name} --role reviewer' "
                "(or enables it)",
                file=sys.stderr,
            )
