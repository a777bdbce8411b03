"""Approving every bead the filters show in one action, and undoing that action.

For the bulk of a long review that needs no reading, e.g. all unflagged beads above a confidence:
filter them, check a few, approve the rest at once. Only unreviewed beads without errors are marked
(a bead holding an error is never correct). Undo (Z, like every other action) puts back exactly the
beads this action marked, unless someone changed one of them since.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from align.errors import AlignError
from align.review_store import ReviewStore
from review_app.state import flash, show_flash, unnamed
from review_app.undo import Action, record


def approvable(view: pd.DataFrame) -> pd.DataFrame:
    return view[(view["status"] == "unreviewed") & (view["n_errors"] == 0)]


def approve(store: ReviewStore, review_id: int, beads: list[tuple[int, int]], reviewer: str) -> None:
    """Mark ``beads`` ((id, version) as shown) correct; one changed meanwhile by someone else is left alone."""
    st.session_state["approve_pop"] = False  # close the popover: its message is for the page, not under it
    if unnamed("bulk"):
        return
    done, refused = [], 0
    for bead_id, version in beads:
        try:
            done.append((bead_id, store.set_status(bead_id, "correct", expected_version=version, reviewer=reviewer)))
        except AlignError:  # ConflictError too: changed since the screen showed it
            refused += 1
    if done:
        record(Action(label=f"approving {len(done)} beads", review_id=review_id, approved=tuple(done)))
    flash(
        "ok",
        f"{len(done)} beads marked correct; ↶ Undo (Z) puts them back."
        + (f" {refused} changed by someone else meanwhile were left as they are." if refused else ""),
        "bulk",
    )


def bulk_bar(store: ReviewStore, review_id: int, view: pd.DataFrame) -> None:
    """ "Approve the shown beads", behind a popover so one stray click does nothing; undone by ↶ Undo (Z)."""
    reviewer = st.session_state.get("reviewer", "")
    todo = approvable(view)
    with st.popover(
        f"✓ Approve {len(todo)}",
        help="mark the shown unreviewed beads correct",
        disabled=todo.empty,
        key="approve_pop",
        on_change="rerun",  # tracked, so that approving can close it
    ):
        st.caption(
            f"Marks the {len(todo)} unreviewed beads without errors that the filters show as correct, "
            "in one action you can undo."
        )
        st.button(
            f"Mark {len(todo)} beads correct",
            key="approve_view",
            type="primary",
            on_click=approve,
            args=(
                store,
                review_id,
                [(int(i), int(v)) for i, v in zip(todo["id"], todo["version"], strict=True)],
                reviewer,
            ),
        )
    show_flash("bulk")
