"""``python -m align users``: the accounts of a review database (add, passwd, disable, enable, list, assign).

Whoever can write the database file is its administrator, so these commands ask for no login. A password is
read from a prompt (twice) or, with --password-stdin, as the first line of standard input; it is never echoed,
printed or put in an error message.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from align.cli.common import DB_HELP
from align.errors import AlignError


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "users",
        help="accounts for the review app: add, passwd, disable, enable, list, assign",
        description="Accounts of a review database. Once one account exists, the review app serves nothing "
        "without a login and credits every change to the logged-in account. Admins create, assign and delete "
        "reviews and export; reviewers see and edit only the reviews assigned to them.",
    )
    users = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    def db_arg(q: argparse.ArgumentParser) -> None:
        q.add_argument("--db", help=DB_HELP)

    def password_arg(q: argparse.ArgumentParser) -> None:
        q.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input instead of a prompt",
        )

    q = users.add_parser("add", help="add an account", description="Add an account (the first one turns logins on).")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--role", required=True, choices=["admin", "reviewer"])
    db_arg(q)
    password_arg(q)
    q.set_defaults(func=cmd_users_add)

    q = users.add_parser("passwd", help="set an account's password (ends its sessions)")
    q.add_argument("name", metavar="NAME")
    db_arg(q)
    password_arg(q)
    q.set_defaults(func=cmd_users_passwd)

    q = users.add_parser("disable", help="disable an account: no login, its sessions end; its work keeps its name")
    q.add_argument("name", metavar="NAME")
    db_arg(q)
    q.set_defaults(func=cmd_users_disable, disabled=True)

    q = users.add_parser("enable", help="enable a disabled account again")
    q.add_argument("name", metavar="NAME")
    db_arg(q)
    q.set_defaults(func=cmd_users_disable, disabled=False)

    q = users.add_parser("list", help="list the accounts with their role, state and assigned reviews")
    db_arg(q)
    q.set_defaults(func=cmd_users_list)

    q = users.add_parser("assign", help="assign reviews to an account ('-' as NAME: to nobody)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("reviews", nargs="+", type=int, metavar="REVIEW_ID")
    db_arg(q)
    q.set_defaults(func=cmd_users_assign)


def _store(args: argparse.Namespace, *, create: bool = False):  # type: ignore[no-untyped-def]
    from align.cli.review import existing_db
    from align.review_store import ReviewStore, default_db

    # A file must exist unless creating; a postgresql:// URL is checked by connecting.
    return ReviewStore((args.db or default_db()) if create else existing_db(args.db))


def read_password(args: argparse.Namespace) -> str:
    """The new password: stdin's first line (without its line break) or a prompt, typed twice."""
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if not sys.stdin.isatty():
        raise AlignError("no terminal to ask for the password on: pipe it in with --password-stdin")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise AlignError("the two passwords differ; nothing was changed")
    return first


def cmd_users_add(args: argparse.Namespace) -> int:
    from pathlib import Path

    from align.accounts import accounts_enabled, add_account, list_accounts
    from align.accounts.passwords import check_password_rules
    from align.accounts.users import check_name
    from align.review_store import ReviewStore, default_db
    from align.review_store.backends import is_url

    check_name(args.name)  # before asking for a password
    db = args.db or default_db()
    new = not is_url(db) and not Path(db).exists()
    if not new:  # a name that is taken is refused before the password is typed for nothing
        store = ReviewStore(db)
        taken = next((a for a in list_accounts(store) if a.name.lower() == args.name.lower()), None)
        if taken is not None:
            raise AlignError(f"there is already an account {taken.name!r} in {store.display}")
        store.close()
    password = read_password(args)
    check_password_rules(password)  # before a database file is made for nothing
    store = ReviewStore(db)
    first = not accounts_enabled(store)
    account = add_account(store, args.name, args.role, password)
    # Without --db and ALIGN_DB the account went into ./align-workbench.sqlite3, which may not be the server's.
    print(f"added {account.role} {account.name} to {store.display}", file=sys.stderr)
    if new:
        print(f"warning: {store.display} did not exist: a new review database was made", file=sys.stderr)
    if first:
        print("accounts are on: the review app now asks everyone to log in", file=sys.stderr)
        if not account.is_admin:
            print("warning: no admin yet: add one with 'python -m align users add NAME --role admin'", file=sys.stderr)
    return 0


def cmd_users_passwd(args: argparse.Namespace) -> int:
    from align.accounts import require_account, set_password

    store = _store(args)
    require_account(store, args.name)
    set_password(store, args.name, read_password(args))
    print(f"password of {args.name} changed; its sessions have ended", file=sys.stderr)
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    from align.accounts import set_disabled

    store = _store(args)
    set_disabled(store, args.name, args.disabled)
    print(f"{args.name} {'disabled' if args.disabled else 'enabled'}", file=sys.stderr)
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    from align.accounts import assignments, list_accounts
    from align.accounts.sessions import live_sessions

    store = _store(args)
    assigned = assignments(store)
    print("name\trole\tstate\treviews\tsessions")
    for a in list_accounts(store):
        reviews = ",".join(str(i) for i, name in sorted(assigned.items()) if name == a.name) or "-"
        state = "disabled" if a.disabled else "enabled"
        print(f"{a.name}\t{a.role}\t{state}\t{reviews}\t{live_sessions(store, a.name)}")
    return 0


def cmd_users_assign(args: argparse.Namespace) -> int:
    from align.accounts import assign_review

    store = _store(args)
    name = "" if args.name == "-" else args.name
    for review_id in args.reviews:
        store.review(review_id)  # the store's own "there is no review N" first
        assign_review(store, review_id, name)
    print(f"review(s) {', '.join(map(str, args.reviews))} assigned to {name or 'nobody'}", file=sys.stderr)
    return 0
