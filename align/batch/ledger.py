"""Which groups of a batch are finished: the resume logic.

A group is finished when its review is in the database. The review carries its group's key in its meta
(``meta["batch"]["key"]``), written in the same transaction as the review. The store's settings table holds
an index, ``batch:<key>``: before the review is written, ``pending:<highest review id then>``; after, the
review's id. A re-run finds finished groups by the index without reading reviews; a crash between the two
writes leaves a pending entry, and the review (if it was written) is then found among the few made since,
by its key: a re-run never makes a second review for a group, and never skips one that has none.
"""

from __future__ import annotations

from align.review_store import ReviewStore

_PREFIX = "batch:"
_PENDING = "pending:"


class Ledger:
    """The finished groups of the batches stored in ``store``."""

    def __init__(self, store: ReviewStore) -> None:
        self.store = store
        self._ids: set[int] = {info.id for info in store.list_reviews()}

    def done(self, key: str) -> int | None:
        """The review made for the group ``key``, or None if it has none (any more: a deleted review's group
        is done again)."""
        value = self.store.get_setting(_PREFIX + key)
        if value.isdigit():
            return int(value) if int(value) in self._ids else None
        if value.startswith(_PENDING):
            since = int(value[len(_PENDING) :] or 0)
            for review_id in sorted(i for i in self._ids if i > since):
                batch = self.store.alignment(review_id).meta.get("batch")
                if isinstance(batch, dict) and batch.get("key") == key:
                    self.record(key, review_id)
                    return review_id
        return None

    def begin(self, key: str) -> None:
        """Say that the group ``key``'s review is about to be written."""
        self.store.set_setting(_PREFIX + key, f"{_PENDING}{max(self._ids, default=0)}")

    def record(self, key: str, review_id: int) -> None:
        """Index the review just made for the group ``key``."""
        self.store.set_setting(_PREFIX + key, str(review_id))
        self._ids.add(review_id)
