"""Accounts for a review team: users and roles, argon2 passwords, sessions, login lockout, permissions.

Plain functions over a :class:`~align.review_store.ReviewStore` (its tables are in the store's migrations);
the app's login view and ``python -m align users`` are thin layers over them.
"""

from __future__ import annotations

from align.accounts.access import (
    AccessDenied,
    GuardedStore,
    assign_review,
    assigned_to,
    assignments,
    check_admin,
    check_review,
    guard,
    may_open,
)
from align.accounts.lockout import DEFAULT_LOCKOUT, LockoutPolicy
from align.accounts.sessions import (
    DEFAULT_SESSIONS,
    LoginRefused,
    Session,
    SessionPolicy,
    login,
    logout,
    open_session,
    session_account,
)
from align.accounts.users import (
    ROLES,
    Account,
    accounts_enabled,
    add_account,
    get_account,
    list_accounts,
    require_account,
    set_disabled,
    set_password,
)

__all__ = [
    "DEFAULT_LOCKOUT",
    "DEFAULT_SESSIONS",
    "ROLES",
    "AccessDenied",
    "Account",
    "GuardedStore",
    "LockoutPolicy",
    "LoginRefused",
    "Session",
    "SessionPolicy",
    "accounts_enabled",
    "add_account",
    "assign_review",
    "assigned_to",
    "assignments",
    "check_admin",
    "check_review",
    "get_account",
    "guard",
    "list_accounts",
    "login",
    "logout",
    "may_open",
    "open_session",
    "require_account",
    "session_account",
    "set_disabled",
    "set_password",
]
