"""The verdict buttons: correct (and on to the next bead), has errors, back to unreviewed."""

from __future__ import annotations

import streamlit as st

from align.review_store import ReviewStore
from review_app.navigation import undo_button
from review_app.post_edit import save_unsaved_post_edit
from review_app.state import flash, go_to, write_bead
from review_app.undo import Step, bead_action, record

#: Verdict shortcuts (shown on the buttons): A approves and moves on, E opens the error form.
VERDICT_KEYS = {"mark_correct": "A", "mark_errors": "E"}
_NAMES = {"correct": "correct", "has_errors": "has errors", "unreviewed": "unreviewed"}


def set_verdict(store: ReviewStore, row, reviewer: str, status: str, version: int | None = None) -> int | None:  # type: ignore[no-untyped-def]
    """Write the bead's verdict; → its new version, or None when it was refused (the message stands beside
    the buttons). ``version``: the bead's version to expect, when this action wrote to it already."""
    done = write_bead(
        "verdict",
        store,
        row.review_id,
        row.id,
        store.set_status,
        row.id,
        status,
        expected_version=row.version if version is None else version,
        reviewer=reviewer,
    )
    return done  # type: ignore[return-value]


def _mark(store: ReviewStore, row, reviewer: str, status: str) -> None:  # type: ignore[no-untyped-def]
    done = set_verdict(store, row, reviewer, status)
    if done is not None:
        record(bead_action(f"{_NAMES[status]} on bead {row.position}", row, done, Step("status", (row.status,))))


def _open_error_form() -> None:
    """ "Has errors" says what comes next: the error form. The bead is marked when an error is saved, so a
    bead is never "has errors" without an error that says which."""
    st.session_state["err_open"] = True
    flash("ok", "Say what the error is below: the pair is marked “has errors” when you add it.", "verdict")


def mark_and_advance(store: ReviewStore, row, reviewer: str, following: int | None) -> None:  # type: ignore[no-untyped-def]
    """Mark the bead correct and open ``following``, the next bead the filters show (if any).

    An unsaved post-edit of the bead is saved first, since that is what an approved pair exports (the TMX
    takes the post-edit); when it cannot be saved, the bead is not marked and the message says why.
    """
    saved = save_unsaved_post_edit(store, row, reviewer, "verdict", "Not marked correct, your post-edit is not saved")
    if saved is None:
        return
    steps = [] if saved is True else [Step("post_edit", (row.post_edit,))]
    done = set_verdict(store, row, reviewer, "correct", None if saved is True else saved)
    if done is None:
        if steps:  # the post-edit is saved, the verdict refused: the post-edit alone is undoable
            record(bead_action(f"post-edit of bead {row.position}", row, saved, *steps))
        return
    steps.append(Step("status", (row.status,)))
    what = "post-edit saved and " if len(steps) == 2 else ""
    record(bead_action(f"{what}correct on bead {row.position}", row, done, *steps))
    if len(steps) == 2:
        flash("ok", f"Bead {row.position}: your post-edit was saved and the pair marked correct.", "verdict")
    if following is None:
        flash("ok", "Marked correct. That was the last bead the filters show.", "verdict")
    else:
        go_to(following)


def verdict_bar(store: ReviewStore, row, reviewer: str, following: int | None) -> None:  # type: ignore[no-untyped-def]
    """The verdict buttons and undo, always first in the panel, so they stay in one place from bead to bead."""
    with st.container(horizontal=True, gap="small", key="verdict_bar"):
        st.button(
            "✓ Correct, next",
            key="mark_correct",
            type="primary",
            on_click=mark_and_advance,
            args=(store, row, reviewer, following),
            shortcut=VERDICT_KEYS["mark_correct"],
        )
        st.button(
            "✗ Has errors",
            key="mark_errors",
            help="open the error form; the pair is marked when the error is added",
            on_click=_open_error_form,
            shortcut=VERDICT_KEYS["mark_errors"],
        )
        st.button(
            "○ Unreviewed",
            key="mark_unreviewed",
            help="back to unreviewed",
            on_click=_mark,
            args=(store, row, reviewer, "unreviewed"),
        )
        undo_button(row.review_id, store)
