"""Which groups of a batch are finished: the resume logic.

A group is finished when its review (a pair) or its review set (three or more versions) is in the database. The
review carries its group's key in its meta (``meta["batch"]["key"]``), a review set in the meta of the alignment
it was made from (:meth:`ReviewStore.set_meta`), written in the same transaction as the review or the set. The
store's settings table holds an index, ``batch:<key>``: before the review or set is written,
``pending:<highest review id then>:<highest set id then>``; after, the review's id, or ``set:<id>``. A re-run
finds finished groups by the index without reading reviews; a crash between the two writes leaves a pending
entry, and the review or set (if it was written) is then found among the few made since, by its key: a re-run
never makes a second review for a group, and never skips one that has none.
"""

from __future__ import annotations

from align.review_store import ReviewStore

_PREFIX = "batch:"
_PENDING = "pending:"
_SET = "set:"


class Ledger:
    """The finished groups of the batches stored in ``store``."""

    def __init__(self, store: ReviewStore) -> None:
        self.store = store
        self._ids: set[int] = {info.id for info in store.list_reviews()}
        self._sets: set[int] = {info.id for info in store.list_review_sets()}

    def done(self, key: str) -> int | None:
        """The review (or review set) made for the group ``key``, or None if it has none (any more: a deleted
        review's or set's group is done again)."""
        value = self.store.get_setting(_PREFIX + key)
        if value.isdigit():
            return int(value) if int(value) in self._ids else None
        if value.startswith(_SET):
            set_id = int(value[len(_SET) :])
            return set_id if set_id in self._sets else None
        if value.startswith(_PENDING):
            # "pending:R" (older ledgers) or "pending:R:S": the highest review and set ids before the write.
            since, _, sets_since = value[len(_PENDING) :].partition(":")
            for review_id in sorted(i for i in self._ids if i > int(since or 0)):
                batch = self.store.alignment(review_id).meta.get("batch")
                if isinstance(batch, dict) and batch.get("key") == key:
                    self.record(key, review_id)
                    return review_id
            for set_id in sorted(i for i in self._sets if i > int(sets_since or 0)):
                batch = self.store.set_meta(set_id).get("batch")
                if isinstance(batch, dict) and batch.get("key") == key:
                    self.record_set(key, set_id)
                    return set_id
        return None

    def begin(self, key: str) -> None:
        """Say that the group ``key``'s review or review set is about to be written."""
        self.store.set_setting(_PREFIX + key, f"{_PENDING}{max(self._ids, default=0)}:{max(self._sets, default=0)}")

    def record(self, key: str, review_id: int) -> None:
        """Index the review just made for the group ``key``."""
        self.store.set_setting(_PREFIX + key, str(review_id))
        self._ids.add(review_id)

    def record_set(self, key: str, set_id: int) -> None:
        """Index the review set just made for the group ``key`` (its versions' reviews are the set's, not the
        group's: deleting one of them does not make the group to do again)."""
        self.store.set_setting(_PREFIX + key, f"{_SET}{set_id}")
        self._sets.add(set_id)
