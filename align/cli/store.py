"""``python -m align store``: the review database as a whole (copy it into another, e.g. SQLite → PostgreSQL)."""

from __future__ import annotations

import argparse
import sys

from align.cli.common import DB_HELP


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "store",
        help="the review database as a whole: copy it into another (SQLite file to PostgreSQL server)",
        description="The review database as a whole. " + DB_HELP.replace("review database: ", "A database is "),
    )
    store = p.add_subparsers(dest="store_command", required=True, metavar="ACTION")
    q = store.add_parser(
        "copy",
        help="copy every review, error, post-edit, undo history, review set and account into another database",
        description="Copy a review database into another, e.g. a one-person SQLite file into the team's "
        "PostgreSQL server: every table, with its ids and versions, so that exports, undo and logins work the same "
        "on the copy. One transaction on the destination; the row counts are checked before it commits, so a "
        "failure leaves the destination as it was. The source is only read (after being brought to this "
        "program's schema, as every command does).",
    )
    q.add_argument("source", metavar="SRC", help="the database to copy: a file or postgresql://USER@HOST/DB")
    q.add_argument("destination", metavar="DST", help="the database to copy into (made if it is a new file)")
    q.add_argument(
        "--replace",
        action="store_true",
        help="delete whatever DST holds first (without it, a DST that holds anything is refused)",
    )
    q.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    q.set_defaults(func=cmd_store_copy)


def cmd_store_copy(args: argparse.Namespace) -> int:
    from align.review_store.transfer import copy_store

    report = copy_store(args.source, args.destination, replace=args.replace)
    if not args.quiet:
        if report.replaced:
            print(f"deleted {sum(report.replaced.values())} rows that {report.destination} held", file=sys.stderr)
        for name, n in report.counts.items():
            print(f"{name}\t{n}", file=sys.stderr)
        print(
            f"copied {report.rows} rows in {len(report.counts)} tables from {report.source} to "
            f"{report.destination}; row counts checked",
            file=sys.stderr,
        )
    return 0
