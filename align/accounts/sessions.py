"""Logins and sessions.

A login checks the lockout first (a locked account or client is refused without looking at the password),
then the password; a failure is counted, a success opens a session. A session is a random token the browser
keeps; the database holds only its SHA-256, with an absolute expiry and an idle timeout.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from align.accounts import lockout, users
from align.accounts.lockout import DEFAULT_LOCKOUT, LockoutPolicy, parse, stamp, utcnow
from align.accounts.passwords import needs_rehash, verify_password
from align.errors import AlignError
from align.review_store import ReviewStore


@dataclass(frozen=True)
class SessionPolicy:
    #: A session ends this long after the login, however busy ...
    lifetime: timedelta = timedelta(hours=12)
    #: ... or after this long without use.
    idle: timedelta = timedelta(hours=2)
    #: last_seen_at is written at most this often (a write per page run would cost an fsync each).
    touch_every: timedelta = timedelta(minutes=1)


DEFAULT_SESSIONS = SessionPolicy()


class LoginRefused(AlignError):
    """A login that did not succeed; ``retry_after`` > 0 when the account or client is locked for that long."""

    def __init__(self, message: str, retry_after: timedelta = timedelta(0)) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Session:
    token: str  # the secret the browser keeps; never stored
    account: users.Account
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _wait_text(delay: timedelta) -> str:
    seconds = max(1, round(delay.total_seconds()))
    return f"{seconds} s" if seconds < 120 else f"{round(seconds / 60)} min"


def login(
    store: ReviewStore,
    name: str,
    password: str,
    client: str,
    *,
    at: datetime | None = None,
    lockout_policy: LockoutPolicy = DEFAULT_LOCKOUT,
    session_policy: SessionPolicy = DEFAULT_SESSIONS,
) -> Session:
    """Check ``name`` and ``password`` from ``client`` (an address); → a new session, or :class:`LoginRefused`.

    The refusal does not say whether the name exists, and an unknown name costs the same argon2 time."""
    at = at or utcnow()
    name = name.strip()
    scopes = {
        lockout.account_scope(name): lockout_policy.account_free,
        lockout.client_scope(client): lockout_policy.client_free,
    }
    wait = lockout.locked_for(store, list(scopes), at)
    if wait > timedelta(0):
        raise LoginRefused(f"too many failed logins: try again in {_wait_text(wait)}", wait)
    stored = users.password_hash(store, name)
    if not verify_password(stored, password):
        delay = lockout.record_failure(store, scopes, at, lockout_policy)
        message = "wrong name or password"
        if delay > timedelta(0):
            message += f"; too many failed logins: try again in {_wait_text(delay)}"
        raise LoginRefused(message, delay)
    assert stored is not None
    lockout.clear(store, lockout.account_scope(name))
    if needs_rehash(stored):
        users.replace_hash(store, name, stored, users.hash_password(password))
    account = users.require_account(store, name)
    return open_session(store, account, at=at, policy=session_policy)


def open_session(
    store: ReviewStore, account: users.Account, *, at: datetime | None = None, policy: SessionPolicy = DEFAULT_SESSIONS
) -> Session:
    at = at or utcnow()
    token = secrets.token_urlsafe(32)
    expires = at + policy.lifetime
    with store._write() as db:
        # Expired sessions of anyone are swept here: logins are rare, sessions few.
        db.execute("DELETE FROM sessions WHERE expires_at <= ?", (stamp(at),))
        db.execute(
            "INSERT INTO sessions (token_hash, account, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
            (token_hash(token), account.name, stamp(at), stamp(expires), stamp(at)),
        )
    return Session(token=token, account=account, expires_at=expires)


def session_account(
    store: ReviewStore, token: str, *, at: datetime | None = None, policy: SessionPolicy = DEFAULT_SESSIONS
) -> users.Account | None:
    """The account of a live session, or None: unknown token, expired, idle too long, or account disabled.
    A dead session is deleted, so the same token never comes back to life."""
    if not token:
        return None
    at = at or utcnow()
    key = token_hash(token)
    rows = store._q(
        "SELECT s.account, s.expires_at, s.last_seen_at, a.disabled FROM sessions s "
        "JOIN accounts a ON a.name = s.account WHERE s.token_hash = ?",
        (key,),
    )
    if not rows:
        return None
    row = rows[0]
    seen = parse(row["last_seen_at"])
    if parse(row["expires_at"]) <= at or at - seen >= policy.idle or row["disabled"]:
        logout(store, token)
        return None
    if at - seen >= policy.touch_every:
        with store._write() as db:
            db.execute("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", (stamp(at), key))
    return users.get_account(store, row["account"])


def logout(store: ReviewStore, token: str) -> None:
    with store._write() as db:
        db.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))


def live_sessions(store: ReviewStore, name: str, *, at: datetime | None = None) -> int:
    at = at or utcnow()
    rows = store._q("SELECT COUNT(*) AS n FROM sessions WHERE account = ? AND expires_at > ?", (name, stamp(at)))
    return int(rows[0]["n"])
