"""Accounts: who may log in to the review app, with which role.

Accounts are on as soon as one exists in the database (disabled ones count): from then on the app serves
nothing without a login, and every change is credited to the logged-in account. Without any, the app is the
single-user workbench it always was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from align.accounts.passwords import hash_password
from align.errors import AlignError
from align.review_store import ReviewStore, now

#: admin: creates, assigns and deletes reviews, manages users, exports; reviewer: the reviews assigned to them.
ROLES: tuple[str, ...] = ("admin", "reviewer")
_NAME = re.compile(r"[\w.@-]{1,64}")


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    disabled: bool
    created_at: str
    updated_at: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def _account(row: object) -> Account:
    r = row  # a sqlite3.Row (or any mapping by column name)
    return Account(
        name=r["name"],  # type: ignore[index]
        role=r["role"],  # type: ignore[index]
        disabled=bool(r["disabled"]),  # type: ignore[index]
        created_at=r["created_at"],  # type: ignore[index]
        updated_at=r["updated_at"],  # type: ignore[index]
    )


def accounts_enabled(store: ReviewStore) -> bool:
    """True once the database holds an account: logins are required from then on."""
    return bool(store._q("SELECT 1 FROM accounts LIMIT 1"))


def check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise AlignError(f"{name!r} is not a valid account name: 1-64 letters, digits, '.', '_', '-' or '@', no spaces")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AlignError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def get_account(store: ReviewStore, name: str) -> Account | None:
    rows = store._q("SELECT name, role, disabled, created_at, updated_at FROM accounts WHERE name = ?", (name,))
    return _account(rows[0]) if rows else None


def require_account(store: ReviewStore, name: str) -> Account:
    account = get_account(store, name)
    if account is None:
        raise AlignError(f"there is no account {name!r} in {store.display}")
    return account


def list_accounts(store: ReviewStore) -> list[Account]:
    rows = store._q("SELECT name, role, disabled, created_at, updated_at FROM accounts ORDER BY name")
    return [_account(r) for r in rows]


def add_account(store: ReviewStore, name: str, role: str, password: str) -> Account:
    """A new account; names are unique ignoring letter case (Anna and anna would be one person to a team)."""
    check_name(name)
    check_role(role)
    hashed = hash_password(password)  # before the transaction: ~50 ms that need not hold the write lock
    stamp = now()
    with store._write() as db:
        taken = db.execute("SELECT name FROM accounts WHERE LOWER(name) = LOWER(?)", (name,)).fetchone()
        if taken is not None:
            raise AlignError(f"there is already an account {taken['name']!r}")
        db.execute(
            "INSERT INTO accounts (name, role, password_hash, disabled, created_at, updated_at) "
            "VALUES (?, ?, ?, 0, ?, ?)",
            (name, role, hashed, stamp, stamp),
        )
    return require_account(store, name)


def set_password(store: ReviewStore, name: str, password: str) -> None:
    """A new password; every session of the account ends (whoever knew the old one is logged out)."""
    hashed = hash_password(password)
    with store._write() as db:
        # A SELECT, not the UPDATE's rowcount: the store's connection on other back ends gives none.
        if db.execute("SELECT 1 FROM accounts WHERE name = ?", (name,)).fetchone() is None:
            raise AlignError(f"there is no account {name!r} in {store.display}")
        db.execute("UPDATE accounts SET password_hash = ?, updated_at = ? WHERE name = ?", (hashed, now(), name))
        db.execute("DELETE FROM sessions WHERE account = ?", (name,))


def set_disabled(store: ReviewStore, name: str, disabled: bool = True) -> None:
    """Disable (or enable again) an account. A disabled account cannot log in and its sessions end at once;
    its name stays on the work it did. The last enabled admin cannot be disabled: nobody could manage the team."""
    with store._write() as db:
        row = db.execute("SELECT role, disabled FROM accounts WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise AlignError(f"there is no account {name!r} in {store.display}")
        if disabled and row["role"] == "admin" and not row["disabled"]:
            admins = db.execute("SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND disabled = 0").fetchone()[0]
            if admins <= 1:
                raise AlignError(f"{name!r} is the last enabled admin: add or enable another admin first")
        db.execute(
            "UPDATE accounts SET disabled = ?, updated_at = ? WHERE name = ?", (1 if disabled else 0, now(), name)
        )
        if disabled:
            db.execute("DELETE FROM sessions WHERE account = ?", (name,))


def password_hash(store: ReviewStore, name: str) -> str | None:
    """The stored hash of an enabled account, None for an unknown or disabled one (for login only)."""
    rows = store._q("SELECT password_hash FROM accounts WHERE name = ? AND disabled = 0", (name,))
    return rows[0]["password_hash"] if rows else None


def replace_hash(store: ReviewStore, name: str, old_hash: str, new_hash: str) -> None:
    """Store a rehash made at login, unless the password changed meanwhile."""
    with store._write() as db:
        db.execute(
            "UPDATE accounts SET password_hash = ? WHERE name = ? AND password_hash = ?", (new_hash, name, old_hash)
        )
