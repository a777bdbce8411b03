"""Undo for this reviewer's own actions, latest first: verdicts, errors added or deleted, post-edits, alignment
edits and approving the shown beads.

Each action is kept with what undoing it needs and the bead version it left behind, per reviewer and review,
by the server process (not in the database): a reload of the page (a new browser session, same reviewer)
can still undo the last actions, and one reviewer's history never holds another's actions. (A browser
without a name saves nothing, so it has nothing to undo.) Undoing writes the previous state back only while
what it writes back is as the action left it: the verdict, or the post-edit, not changed since that
version, an added error still there. When someone else changed it since, the undo is refused with a
message and their change stays; a change of another field meanwhile (an error added while one undoes a
post-edit) does not block it. So "Z" can never undo another reviewer's work, only this reviewer's.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from align.errors import AlignError
from align.review_store import BeadRow, ConflictError, ReviewStore
from align.review_store.schema import FIELDS
from align.types import Annotation
from review_app.state import db_path, flash, go_to, reflag, unnamed

#: How many actions a reviewer can undo on a review (older ones are forgotten).
DEPTH = 50


@dataclass(frozen=True)
class Step:
    """One write to undo. ``kind``: "status" (data: the status before), "post_edit" (the text before),
    "added" (the annotation id, and the status before it), "deleted" (the annotation, and the status before)."""

    kind: str
    data: tuple[Any, ...]


@dataclass(frozen=True)
class Action:
    """An action of this reviewer: on one bead (``steps`` in the order they were done, ``version`` the bead's
    version after the last), or an alignment edit (``edit_id``), or a bulk approval (``approved``)."""

    label: str
    review_id: int
    bead_id: int | None = None
    version: int = 0
    steps: tuple[Step, ...] = ()
    edit_id: int | None = None
    #: (bead id, version) of the beads an alignment edit replaced: its undo gives them back one version on.
    replaced: tuple[tuple[int, int], ...] = ()
    approved: tuple[tuple[int, int], ...] = ()


@st.cache_resource(show_spinner=False)
def _histories() -> tuple[threading.Lock, dict[tuple[str, str, int], list[Action]]]:
    """Every named reviewer's actions by (database, reviewer, review id): held by the server, so a reload (a new
    session) finds them; the lock keeps two browsers of one reviewer from taking the same action twice."""
    return threading.Lock(), {}


def _stack(review_id: int) -> list[Action]:
    """This reviewer's actions on ``review_id``, oldest first (call it holding the lock)."""
    name = str(st.session_state.get("reviewer", "")).strip()
    if not name:
        return st.session_state.setdefault("_undo", {}).setdefault(review_id, [])
    return _histories()[1].setdefault((db_path(), name, review_id), [])


def record(action: Action) -> None:
    lock, _ = _histories()
    with lock:
        stack = _stack(action.review_id)
        stack.append(action)
        del stack[:-DEPTH]


def last(review_id: int) -> Action | None:
    """This reviewer's latest action on ``review_id`` still to undo."""
    lock, _ = _histories()
    with lock:
        stack = _stack(review_id)
        return stack[-1] if stack else None


def _take_last(review_id: int) -> Action | None:
    """Take this reviewer's latest action off the history: undone or not, a refused undo must not block older ones."""
    lock, _ = _histories()
    with lock:
        stack = _stack(review_id)
        return stack.pop() if stack else None


def _changed_since(current: BeadRow, field: str, version: int) -> None:
    """:class:`ConflictError` if someone changed ``field`` ("status", "post_edit") of the bead after ``version``."""
    if getattr(current, f"{field}_version") > version:
        who, at = getattr(current, f"{field}_by") or "someone", getattr(current, f"{field}_at")
        raise ConflictError(
            f"bead {current.position}'s {FIELDS[field]} was changed by {who} at {at[:19]} after your change, "
            "so undoing yours would overwrite theirs; what is stored now is shown"
        )


def _check_bead(store: ReviewStore, action: Action) -> None:
    """Refuse the undo, before anything is written, when one of its steps would undo someone else's work: only
    the field a step writes back counts (an error added to the bead meanwhile does not block undoing a
    post-edit, a post-edit changed meanwhile does)."""
    assert action.bead_id is not None
    current = store.bead(action.bead_id)  # ConflictError when the bead is gone (the alignment was edited)
    for step in action.steps:
        if step.kind in ("status", "post_edit"):
            _changed_since(current, step.kind, action.version)
        elif step.kind == "added":
            # The error must still be there as it was added: on this bead (an error has no other change).
            if step.data[0] not in {a.id for a, _ in store.annotations(current.id)}:
                raise ConflictError(f"the error added to bead {current.position} was deleted since")
        elif step.kind == "deleted":  # bringing the error back makes the bead "has_errors": a verdict given since
            _changed_since(current, "status", action.version)  # would be overwritten (the store checks it too)


def _undo_bead(store: ReviewStore, action: Action, reviewer: str) -> None:
    assert action.bead_id is not None
    bead_id = action.bead_id
    _check_bead(store, action)
    #: field → the version at which this undo wrote it: a later step of the same undo expects that one.
    mine: dict[str, int] = {}

    def expected(field: str) -> int:
        return mine.get(field, action.version)

    def wrote(version: int) -> None:
        current = store.bead(bead_id)
        mine.update({f: version for f in FIELDS if getattr(current, f"{f}_version") == version})

    for step in reversed(action.steps):
        if step.kind == "status":
            wrote(store.set_status(bead_id, step.data[0], expected_version=expected("status"), reviewer=reviewer))
        elif step.kind == "post_edit":
            wrote(store.set_post_edit(bead_id, step.data[0], expected_version=expected("post_edit"), reviewer=reviewer))
        elif step.kind == "added":
            ann_id, status_before = step.data
            wrote(store.delete_annotation(ann_id, reviewer=reviewer))
            # A bead still holding others' errors stays "has_errors" (the store's rule), whatever it was before.
            if store.bead(bead_id).status != status_before and not store.annotations(bead_id):
                wrote(store.set_status(bead_id, status_before, expected_version=expected("status"), reviewer=reviewer))
        elif step.kind == "deleted":
            ann, status_before = step.data
            # The same error (id, author, span, time) and the bead's status as before; refused if its verdict
            # changed since the delete.
            _, version = store.restore_annotation(bead_id, ann, expected_version=expected("status"), reviewer=reviewer)
            wrote(version)
            if status_before != "has_errors":  # cannot happen while it held the error; kept for old rows
                wrote(store.set_status(bead_id, status_before, expected_version=expected("status"), reviewer=reviewer))


def _undo_approval(store: ReviewStore, action: Action, reviewer: str) -> str:
    back, kept = 0, 0
    for bead_id, version in action.approved:
        try:
            store.set_status(bead_id, "unreviewed", expected_version=version, reviewer=reviewer)
            back += 1
        except AlignError:  # changed since (by someone else, or the alignment was edited)
            kept += 1
    return f"{back} beads back to unreviewed." + (f" {kept} changed since were left as they are." if kept else "")


def _after_alignment_undo(action: Action) -> None:
    """The beads the undone edit had replaced are back, one version on: older actions on them stay undoable."""
    bumped = dict(action.replaced)
    lock, _ = _histories()
    with lock:
        stack = _stack(action.review_id)
        for k, other in enumerate(stack):
            if other.bead_id in bumped and other.version == bumped[other.bead_id]:
                stack[k] = replace(other, version=other.version + 1)


def undo_last(store: ReviewStore, review_id: int) -> None:
    """Undo this reviewer's latest action on the review and open the bead it was on (a button callback)."""
    if unnamed("navigation"):
        return
    action = _take_last(review_id)
    if action is None:  # said, not silent: the last "Undone: ..." stayed on screen and read as done again
        flash("ok", "Nothing of yours left to undo on this review.", "navigation")
        return
    reviewer = st.session_state.get("reviewer", "")
    try:
        if action.edit_id is not None:
            info = store.undo(review_id, expected_edit=action.edit_id, reviewer=reviewer)
            _after_alignment_undo(action)
            reflag(store, review_id)
            go_to(info.start)
            message = f"Undone: {action.label}."
        elif action.approved:
            message = _undo_approval(store, action, reviewer)
        else:
            _undo_bead(store, action, reviewer)
            go_to(store.bead(action.bead_id).position)  # type: ignore[arg-type]
            message = f"Undone: {action.label}."
    except AlignError as exc:  # ConflictError too
        flash("error", f"Not undone ({action.label}): {exc}", "navigation")
        return
    flash("ok", message, "navigation")


def bead_action(label: str, row, version: int, *steps: Step) -> Action:  # type: ignore[no-untyped-def]
    return Action(label=label, review_id=row.review_id, bead_id=row.id, version=version, steps=steps)


def deleted_step(ann: Annotation, status_before: str) -> Step:
    return Step("deleted", (ann, status_before))
