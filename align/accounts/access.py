"""Who may do what: review assignment, permission checks, and a store that enforces them.

Roles: an admin may do everything; a reviewer sees and changes only the reviews assigned to them, and does
not create, delete or export reviews. The app hands every view a :class:`GuardedStore` for the logged-in
account instead of the store itself, so a review id from the address bar or from session state that is not
the account's is refused where the data is read, not only left out of a menu. The guard also credits every
write to the account, whatever reviewer name the caller passed.

Every write also checks, when it is made, that the session is still live and the account still enabled (and
reads the role and assignment again): the app runs a click's callback before its login gate, with the guard
the previous run built, so a check made only when the guard was built let a disabled reviewer's click through.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from align.accounts.sessions import session_account
from align.accounts.users import Account, accounts_enabled, get_account
from align.errors import AlignError
from align.review_store import ReviewInfo, ReviewStore, SetInfo


class AccessDenied(AlignError):
    """The account may not read or change this."""


def assigned_to(store: ReviewStore, review_id: int) -> str | None:
    """The account name the review is assigned to ('' = nobody), None when there is no such review."""
    rows = store._q("SELECT assigned_to FROM reviews WHERE id = ?", (review_id,))
    return rows[0]["assigned_to"] if rows else None


def assign_review(store: ReviewStore, review_id: int, name: str, *, require_account: bool = True) -> None:
    """Assign a review to the account ``name`` ('' = to nobody). With ``require_account`` (and accounts on) the
    name must be an enabled account; ``python -m align batch`` assigns names that may get accounts later."""
    if name and require_account and accounts_enabled(store):
        account = get_account(store, name)
        if account is None or account.disabled:
            raise AlignError(f"there is no enabled account {name!r} to assign review {review_id} to")
    with store._write() as db:
        if db.execute("SELECT 1 FROM reviews WHERE id = ?", (review_id,)).fetchone() is None:
            raise AlignError(f"there is no review {review_id} in {store.display}")
        db.execute("UPDATE reviews SET assigned_to = ? WHERE id = ?", (name, review_id))


def assignments(store: ReviewStore) -> dict[int, str]:
    """Every review's assignee ('' = nobody), by review id."""
    return {int(r["id"]): r["assigned_to"] for r in store._q("SELECT id, assigned_to FROM reviews")}


def may_open(store: ReviewStore, account: Account, review_id: int) -> bool:
    if account.disabled:
        return False
    return account.is_admin or assigned_to(store, review_id) == account.name


def check_review(store: ReviewStore, account: Account, review_id: int) -> None:
    """Refuse a review the account may not open; the same words whether it exists or not."""
    if not may_open(store, account, review_id):
        raise AccessDenied(f"you have no review {review_id}")


def check_admin(account: Account, what: str) -> None:
    if not account.is_admin or account.disabled:
        raise AccessDenied(f"only an admin may {what}")


def _review_of_bead(store: ReviewStore, bead_id: int) -> int | None:
    rows = store._q("SELECT review_id FROM beads WHERE id = ?", (bead_id,))
    return int(rows[0]["review_id"]) if rows else None


def _review_of_annotation(store: ReviewStore, annotation_id: int) -> int | None:
    rows = store._q(
        "SELECT b.review_id FROM annotations a JOIN beads b ON b.id = a.bead_id WHERE a.id = ?", (annotation_id,)
    )
    return int(rows[0]["review_id"]) if rows else None


def _set_reviews(store: ReviewStore, set_id: int) -> list[int]:
    return [int(r["id"]) for r in store._q("SELECT id FROM reviews WHERE set_id = ?", (set_id,))]


def may_open_set(store: ReviewStore, account: Account, set_id: int) -> bool:
    """A review set shows every version's review together: a reviewer needs all of them assigned."""
    if account.is_admin and not account.disabled:
        return True
    ids = _set_reviews(store, set_id)
    return bool(ids) and all(may_open(store, account, i) for i in ids)


# How the guard finds what a store method touches, from its first argument.
_BY_REVIEW = {
    "review", "revision", "documents", "beads", "alignment", "bead_frame", "last_edit", "undo",
    "review_annotations", "set_flags",
}  # fmt: skip
_BY_BEAD = {
    "bead",
    "set_status",
    "set_post_edit",
    "add_annotation",
    "restore_annotation",
    "annotations",
    "edit_alignment",
}
_BY_ANNOTATION = {"delete_annotation"}
_BY_SET = {"review_set", "set_revision", "set_alignment", "cell_reviews", "cell_statuses"}
#: Admin only: creating and deleting reviews, exports, settings.
_ADMIN = {
    "create_review": "create reviews", "delete_review": "delete reviews", "create_review_set": "create reviews",
    "delete_review_set": "delete reviews", "review_table": "export", "tmx_table": "export", "tmx_export": "export",
    "set_table": "export", "set_tmx_table": "export", "set_setting": "change settings",
}  # fmt: skip
#: Where the database is and what it is: no review data.
_PLAIN = {"path", "url", "display", "schema_version", "get_setting"}
#: The methods that change the database: each checks the session and the account again when it is called.
_WRITES = {
    "set_status", "set_post_edit", "add_annotation", "restore_annotation", "delete_annotation", "edit_alignment",
    "undo", "set_flags", *_ADMIN,
} - {"review_table", "tmx_table", "tmx_export", "set_table", "set_tmx_table"}  # fmt: skip


class GuardedStore:
    """A :class:`ReviewStore` as one account may use it. Anything not listed above is refused (a new store
    method stays closed to accounts until someone decides who may call it).

    ``token``: the session the account logged in with; each write refuses once it has ended (logged out, expired,
    a new password, the account disabled). Without one, each write reads the account again and refuses it when
    disabled or gone. ``on_denied`` is called with every refusal before it is raised (the app turns it into a
    message instead of a traceback)."""

    def __init__(
        self,
        store: ReviewStore,
        account: Account,
        *,
        token: str | None = None,
        on_denied: Callable[[AccessDenied], None] | None = None,
    ) -> None:
        self._store = store
        self.account = account
        self._token = token
        self._on_denied = on_denied

    def list_reviews(self) -> list[ReviewInfo]:
        reviews = self._store.list_reviews()
        if self.account.is_admin:
            return reviews
        mine = {i for i, name in assignments(self._store).items() if name == self.account.name}
        return [r for r in reviews if r.id in mine]

    def list_review_sets(self) -> list[SetInfo]:
        return [s for s in self._store.list_review_sets() if may_open_set(self._store, self.account, s.id)]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self._method(name)

    def _denied(self, exc: AccessDenied) -> None:
        """A refusal of a call (not of a method nobody may call, which is a bug in the caller)."""
        if self._on_denied is not None:
            self._on_denied(exc)

    def _live_account(self) -> Account:
        """The account as it is now, for a write: refused when the session ended or the account was disabled."""
        if self._token is not None:
            now = session_account(self._store, self._token)
            if now is None:
                gone = get_account(self._store, self.account.name)
                if gone is None or gone.disabled:
                    raise AccessDenied("your account has been disabled")
                raise AccessDenied("your session has ended (logged out, expired or a new password): log in again")
        else:
            now = get_account(self._store, self.account.name)
            if now is None or now.disabled:
                raise AccessDenied("your account has been disabled")
        if now.name != self.account.name:
            raise AccessDenied("this session belongs to another account: log in again")
        return now

    def _method(self, name: str) -> Any:
        target = getattr(self._store, name)
        if name in _PLAIN:
            return target
        if name in _ADMIN:
            if name in _WRITES:
                return self._checked_write(name, self._credited(target))
            check_admin(self.account, _ADMIN[name])
            return self._credited(target)
        check: Callable[[Any, Account | None], None]
        if name in _BY_REVIEW:
            check = self._check_review
        elif name in _BY_BEAD:
            check = self._check_bead
        elif name in _BY_ANNOTATION:
            check = self._check_annotation
        elif name in _BY_SET:
            check = self._check_set
        else:
            raise AccessDenied(f"{name} is not open to logged-in accounts")
        credited = self._credited(target)
        if name in _WRITES:
            return self._checked_write(name, credited, check)

        @wraps(target)
        def guarded(first: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                check(first, None)
            except AccessDenied as exc:
                self._denied(exc)
                raise
            return credited(first, *args, **kwargs)

        return guarded

    def _checked_write(
        self, name: str, method: Callable[..., Any], check: Callable[[Any, Account | None], None] | None = None
    ) -> Callable[..., Any]:
        """``method`` checking, when called, the session, the account's role and (``check``) what it touches."""

        @wraps(method)
        def checked(*args: Any, **kwargs: Any) -> Any:
            try:
                account = self._live_account()
                if check is None:
                    check_admin(account, _ADMIN[name])
                else:
                    check(args[0] if args else next(iter(kwargs.values())), account)
            except AccessDenied as exc:
                self._denied(exc)
                raise
            return method(*args, **kwargs)

        return checked

    def _credited(self, method: Callable[..., Any]) -> Callable[..., Any]:
        """The method with ``reviewer`` set to the account's name where it takes one."""
        if "reviewer" not in inspect.signature(method).parameters:
            return method

        @wraps(method)
        def credited(*args: Any, **kwargs: Any) -> Any:
            kwargs["reviewer"] = self.account.name
            return method(*args, **kwargs)

        return credited

    def _check_review(self, review_id: Any, account: Account | None = None) -> None:
        check_review(self._store, account or self.account, int(review_id))

    def _check_bead(self, bead_id: Any, account: Account | None = None) -> None:
        review_id = _review_of_bead(self._store, int(bead_id))
        if review_id is not None:  # a bead that is gone: the store itself says so (a ConflictError)
            check_review(self._store, account or self.account, review_id)

    def _check_annotation(self, annotation_id: Any, account: Account | None = None) -> None:
        review_id = _review_of_annotation(self._store, int(annotation_id))
        if review_id is not None:
            check_review(self._store, account or self.account, review_id)

    def _check_set(self, set_id: Any, account: Account | None = None) -> None:
        if not may_open_set(self._store, account or self.account, int(set_id)):
            raise AccessDenied(f"you have no review set {set_id}")


def guard(
    store: ReviewStore,
    account: Account,
    *,
    token: str | None = None,
    on_denied: Callable[[AccessDenied], None] | None = None,
) -> ReviewStore:
    """The store as ``account`` may use it (typed as the store: the views take either); see :class:`GuardedStore`."""
    return cast(ReviewStore, GuardedStore(store, account, token=token, on_denied=on_denied))
