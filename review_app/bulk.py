"""Approving every bead the filters show in one action, and undoing that action.

For the bulk of a long review that needs no reading, e.g. all unflagged beads above a confidence:
filter them, check a few, approve the rest at once. Only unreviewed beads without errors are marked
(a bead holding an error is never correct). The undo puts back exactly the beads this action marked,
unless someone changed one of them since; it lasts for this browser session.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from align.errors import AlignError
from align.review_store import ReviewStore
from review_app.state import flash, show_flash


def approvable(view: pd.DataFrame) -> pd.DataFrame:
    return view[(view["status"] == "unreviewed") & (view["n_errors"] == 0)]


def approve(store: ReviewStore, beads: list[tuple[int, int]], reviewer: str) -> None:
    """Mark ``beads`` ((id, version) as shown) correct; one changed meanwhile by someone else is left alone."""
    done, refused = [], 0
    for bead_id, version in beads:
        try:
            done.append((bead_id, store.set_status(bead_id, "correct", expected_version=version, reviewer=reviewer)))
        except AlignError:  # ConflictError too: changed since the screen showed it
            refused += 1
    st.session_state["_approved"] = done
    flash(
        "ok",
        f"{len(done)} beads marked correct."
        + (f" {refused} changed by someone else meanwhile were left as they are." if refused else ""),
        "bulk",
    )


def undo_approval(store: ReviewStore, reviewer: str) -> None:
    done = st.session_state.pop("_approved", [])
    back, kept = 0, 0
    for bead_id, version in done:
        try:
            store.set_status(bead_id, "unreviewed", expected_version=version, reviewer=reviewer)
            back += 1
        except AlignError:
            kept += 1
    flash(
        "ok",
        f"{back} beads back to unreviewed." + (f" {kept} changed since were left as they are." if kept else ""),
        "bulk",
    )


def bulk_bar(store: ReviewStore, view: pd.DataFrame) -> None:
    """ "Approve the shown beads" (behind a popover, so one stray click does nothing) and its undo."""
    reviewer = st.session_state.get("reviewer", "")
    todo = approvable(view)
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        with st.popover(f"✓ Approve {len(todo)}", help="mark the shown unreviewed beads correct", disabled=todo.empty):
            st.caption(
                f"Marks the {len(todo)} unreviewed beads without errors that the filters show as correct, "
                "in one action you can undo."
            )
            st.button(
                f"Mark {len(todo)} beads correct",
                key="approve_view",
                type="primary",
                on_click=approve,
                args=(store, [(int(i), int(v)) for i, v in zip(todo["id"], todo["version"], strict=True)], reviewer),
            )
        done = st.session_state.get("_approved")
        if done:
            st.button(
                f"↶ Undo approving {len(done)}", key="undo_approve", on_click=undo_approval, args=(store, reviewer)
            )
    show_flash("bulk")
