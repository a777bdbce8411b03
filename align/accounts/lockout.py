"""Failed logins, counted in the database so that a lockout holds across server processes and restarts.

Two counters take each failure: the account name tried (a guesser spread over many clients) and the client
(one client trying many names). Below a free number of failures nothing happens; from there each failure
locks that counter for twice as long as the one before, up to a ceiling. Failures are forgotten after a
quiet hour, and a successful login clears its account's counter (not the client's: a guesser with one
account of their own must not reset the count of their guesses at others).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from align.review_store import ReviewStore


@dataclass(frozen=True)
class LockoutPolicy:
    #: Failures of one account name, then of one client, that cost nothing.
    account_free: int = 5
    client_free: int = 20
    #: The first lock, doubled by each further failure, and the longest.
    base_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(minutes=15)
    #: A counter that saw no failure for this long starts again from 0.
    forget_after: timedelta = timedelta(hours=1)


DEFAULT_LOCKOUT = LockoutPolicy()


def stamp(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def account_scope(name: str) -> str:
    # Case-folded: account names are unique ignoring case, so "Anna" and "anna" are one target.
    return f"account:{name.casefold()}"


def client_scope(client: str) -> str:
    return f"client:{client}"


def delay_after(failures: int, free: int, policy: LockoutPolicy) -> timedelta:
    """How long a counter is locked after its ``failures``-th failure in a row."""
    if failures < free:
        return timedelta(0)
    # Capped exponent: 2 ** 60 seconds would overflow timedelta long before it mattered.
    return min(policy.base_delay * 2 ** min(failures - free, 30), policy.max_delay)


def locked_for(store: ReviewStore, scopes: list[str], at: datetime) -> timedelta:
    """How much longer the most locked of ``scopes`` stays locked (0: none is)."""
    marks = ",".join("?" for _ in scopes)
    rows = store._q(f"SELECT locked_until FROM login_failures WHERE scope IN ({marks})", scopes)
    ends = [parse(r["locked_until"]) for r in rows if r["locked_until"]]
    return max([end - at for end in ends if end > at], default=timedelta(0))


def record_failure(store: ReviewStore, scopes: dict[str, int], at: datetime, policy: LockoutPolicy) -> timedelta:
    """Count one failure on each scope (``{scope: its free failures}``); → the longest lock it set."""
    longest = timedelta(0)
    with store._write() as db:
        for scope, free in scopes.items():
            row = db.execute("SELECT failures, last_at FROM login_failures WHERE scope = ?", (scope,)).fetchone()
            failures = 0 if row is None or at - parse(row["last_at"]) > policy.forget_after else int(row["failures"])
            failures += 1
            delay = delay_after(failures, free, policy)
            until = stamp(at + delay) if delay else ""
            longest = max(longest, delay)
            if row is None:
                db.execute(
                    "INSERT INTO login_failures (scope, failures, last_at, locked_until) VALUES (?, ?, ?, ?)",
                    (scope, failures, stamp(at), until),
                )
            else:
                db.execute(
                    "UPDATE login_failures SET failures = ?, last_at = ?, locked_until = ? WHERE scope = ?",
                    (failures, stamp(at), until, scope),
                )
    return longest


def clear(store: ReviewStore, scope: str) -> None:
    with store._write() as db:
        db.execute("DELETE FROM login_failures WHERE scope = ?", (scope,))


def failures(store: ReviewStore, scope: str) -> int:
    rows = store._q("SELECT failures FROM login_failures WHERE scope = ?", (scope,))
    return int(rows[0]["failures"]) if rows else 0
