"""``python -m align sets``: the multi-version reviews (review sets) of a review database: list, delete.

Sets are made by ``python -m align batch`` and in the app, and exported by ``python -m align export --set``.
Deleting one deletes its versions' reviews with it; a set holding reviewers' work (verdicts, errors,
post-edits) is refused unless ``--force``, so a slip of the id loses nothing.
"""

from __future__ import annotations

import argparse
import sys

from align.cli.common import DB_HELP
from align.errors import AlignError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sets",
        help="multi-version reviews (review sets) in the review database: list, delete",
        description="The review sets of a review database: each is one review per version against the pivot.",
    )
    sets = p.add_subparsers(dest="sets_command", required=True, metavar="ACTION")

    q = sets.add_parser("list", help="list the review sets: id, name, versions (pivot), progress")
    q.add_argument("--db", help=DB_HELP)
    q.set_defaults(func=cmd_sets_list)

    q = sets.add_parser(
        "delete",
        help="delete a review set with its versions' reviews",
        description="Delete a review set with its versions' reviews (beads, verdicts, errors, post-edits, edit "
        "logs). A set holding reviewers' work is refused unless --force: export it first "
        "(python -m align export --set ID -o FILE).",
    )
    q.add_argument("set", metavar="SET", help="the set's id or name (as 'sets list' shows them)")
    q.add_argument("--force", action="store_true", help="delete it even though reviewers have work in it")
    q.add_argument("--db", help=DB_HELP)
    q.set_defaults(func=cmd_sets_delete)


def choose_set(store, wanted: str):  # type: ignore[no-untyped-def]
    """The one review set whose id or name is ``wanted``."""
    sets = store.list_review_sets()
    chosen = [s for s in sets if str(s.id) == wanted or s.name == wanted]
    if len(chosen) != 1:
        names = ", ".join(f"{s.id} ({s.name})" for s in sets) or "none"
        many = "several review sets match" if chosen else "no review set matches"
        raise AlignError(f"{many} {wanted!r}; review sets in {store.display}: {names}")
    return chosen[0]


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from align.cli.review import existing_db
    from align.review_store import ReviewStore

    return ReviewStore(existing_db(args.db))


def cmd_sets_list(args: argparse.Namespace) -> int:
    store = _store(args)
    print("id\tname\tversions\treviewed\twith_errors")
    for s in store.list_review_sets():
        versions = f"{', '.join(s.labels)} (pivot {s.labels[s.pivot]})"
        print(f"{s.id}\t{s.name}\t{versions}\t{s.reviewed}/{s.beads}\t{s.with_errors}")
    return 0


def cmd_sets_delete(args: argparse.Namespace) -> int:
    from align.review_store.versions import SetHoldsWork

    store = _store(args)
    info = choose_set(store, args.set)
    try:
        gone = store.delete_review_set(info.id, force=args.force)
    except SetHoldsWork as exc:  # its words end "then confirm the delete": here that is --force
        raise AlignError(f"{exc} with --force") from None
    n = len(gone.reviews)
    print(f"deleted review set {gone.id} ({gone.name}) and its {n} version review{'s' * (n != 1)}", file=sys.stderr)
    return 0
