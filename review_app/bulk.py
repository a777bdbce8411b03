"""Approving every bead the filters show in one action, and undoing that action.

For the bulk of a long review that needs no reading, e.g. all unflagged beads above a confidence:
filter them, check a few, approve the rest at once. Only unreviewed beads without errors are marked
(a bead holding an error is never correct), and flagged ones only when asked for. Undo (Z, like every other
action) puts back exactly the beads this action marked, unless someone changed one of them since.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from align.errors import AlignError
from align.review_store import ReviewStore
from review_app.state import flash, unnamed
from review_app.undo import Action, record


def approvable(view: pd.DataFrame) -> pd.DataFrame:
    return view[(view["status"] == "unreviewed") & (view["n_errors"] == 0)]


def approve(store: ReviewStore, review_id: int, beads: list[tuple[int, int]], reviewer: str) -> None:
    """Mark ``beads`` ((id, version) as shown) correct; one changed meanwhile by someone else is left alone."""
    st.session_state["approve_pop"] = False  # close the popover: its message is for the page, not under it
    # Its messages go under the verdict buttons, as every action's: in the narrow column of the popover's button they
    # took five lines and pushed the Page and Bead boxes and the bead list down.
    if unnamed("verdict"):
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
        "verdict",
    )


def bulk_bar(store: ReviewStore, review_id: int, view: pd.DataFrame) -> None:
    """ "Approve the shown beads", behind a popover so one stray click does nothing; undone by ↶ Undo (Z).

    Flagged beads are left out unless asked for: a score filter of 0.90-1.00 with the flag filter on "any" marked
    145 beads with a number mismatch or an addition correct, unread (the score is the alignment's, not the
    translation's)."""
    reviewer = st.session_state.get("reviewer", "")
    todo = approvable(view)
    flagged = int(todo["flags"].map(len).gt(0).sum())
    only_unflagged = bool(st.session_state.get("approve_unflagged", True))
    chosen = todo[todo["flags"].map(len) == 0] if only_unflagged else todo
    # The label does not follow the checkbox inside: a popover whose label changes is a new one, closed.
    with st.popover(
        f"✓ Approve {len(todo) - flagged}" + (f" (+{flagged} ⚑)" if flagged else ""),
        help="mark the shown unreviewed beads correct",
        disabled=todo.empty,
        key="approve_pop",
        on_change="rerun",  # tracked, so that approving can close it
    ):
        st.caption(
            f"The filters show {len(todo)} unreviewed beads without errors, {flagged} of them flagged. "
            "Marks them correct in one action you can undo."
        )
        st.checkbox(
            f"Only the {len(todo) - flagged} without flags",
            value=True,
            key="approve_unflagged",
            help="a flagged bead has something the checks found (a number, a name, an omission): read it first",
        )
        st.button(
            f"Mark {len(chosen)} beads correct",
            key="approve_view",
            type="primary",
            disabled=chosen.empty,
            on_click=approve,
            args=(
                store,
                review_id,
                [(int(i), int(v)) for i, v in zip(chosen["id"], chosen["version"], strict=True)],
                reviewer,
            ),
        )
