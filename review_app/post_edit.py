"""The open bead's post-edit: the box (it starts with the stored post-edit, or with the machine translation
to correct when there is none) and saving it.

A save never overwrites what someone else stored meanwhile without a word (the first save reports it, the
second replaces it knowingly), and never stores an empty post-edit: an empty box is a slip, not a text.
"""

from __future__ import annotations

import streamlit as st

from align.review_store import ReviewStore
from review_app.drafts import drawn, pe_base, pe_conflict, post_edit_draft, set_draft, unsaved_post_edit
from review_app.state import flash, show_flash, write_bead
from review_app.undo import Step, bead_action, record

PE_LABEL = "Post-edit (your corrected translation of this pair)"


def store_post_edit(  # type: ignore[no-untyped-def]
    store: ReviewStore, row, text: str, reviewer: str, where: str, *, refused: str = "Not saved", undoable: bool = True
) -> int | None:
    """Save ``text`` as ``row``'s post-edit; → the bead's new version, or None (the message, which starts with
    ``refused``, is at ``where``). ``undoable``: whether the save is an action of its own for undo (an explicit
    "Save post-edit"; otherwise it is part of another action, which never replaces a colleague's post-edit)."""
    if not text.strip():
        flash("error", f"{refused}: the post-edit box is empty. Type the corrected translation first.", where)
        return None
    who = pe_conflict(row.id)
    if who and not undoable:
        # A save refused for a colleague's post-edit is replaced by a second, explicit save only: "Correct, next"
        # saved the draft and overwrote theirs, saying "your post-edit was saved" (a team's session).
        flash(
            "error",
            f"{refused}: it would replace the post-edit {who} saved since you began yours. Save it with "
            '"Save post-edit" to replace theirs knowingly, or put their text back in the box.',
            where,
        )
        return None
    current = store.bead(row.id)
    base = pe_base(row.id)
    if current.post_edit != base:
        # Someone stored another post-edit since this box was filled: say so, keep this text, and base the
        # draft on theirs, so that saving again replaces it knowingly.
        who = current.post_edit_by or "someone"
        set_draft(row.id, _pe_base=current.post_edit, _pe_start=current.post_edit, pe_text=text, _pe_conflict=who)
        flash(
            "error",
            f"{refused}: bead {current.position}'s post-edit was changed by {who} at "
            f"{current.post_edit_at[:19]}; their post-edit is: {current.post_edit!r}. "
            "Your text is still in the box: save again to replace theirs.",
            where,
        )
        return None
    version = write_bead(
        where,
        store,
        row.review_id,
        row.id,
        store.set_post_edit,
        row.id,
        text,
        expected_version=current.version,
        reviewer=reviewer,
    )
    if version is not None:
        set_draft(row.id, _pe_base=text, _pe_start=text, pe_text=text, _pe_conflict="")  # saved: no draft any more
        if undoable:
            step = Step("post_edit", (current.post_edit,))
            record(bead_action(f"post-edit of bead {row.position}", row, version, step))
    return version  # type: ignore[return-value]


def save_unsaved_post_edit(store: ReviewStore, row, reviewer: str, where: str, refused: str) -> int | bool | None:  # type: ignore[no-untyped-def]
    """Save the bead's post-edit draft, if it has one, as part of another action (which undoes it with its
    own): → True when there is none, else as :func:`store_post_edit`."""
    text = post_edit_draft(row.id)
    if text is None:
        return True
    return store_post_edit(store, row, text, reviewer, where, refused=refused, undoable=False)


def _save_clicked(store: ReviewStore, row, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    if store_post_edit(store, row, st.session_state["pe_text"], reviewer, "post_edit") is not None:
        flash("ok", "Post-edit saved.", "post_edit")


def post_edit_box(store: ReviewStore, row, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    """The box and its Save button side by side, so both stay on screen below a long bead."""
    with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
        st.text_area(PE_LABEL, key="pe_text", height=76)
        st.button("Save post-edit", key="save_pe", on_click=_save_clicked, args=(store, row, reviewer))
    drawn("pe_text")
    if unsaved_post_edit(row.id):
        st.caption("✎ The post-edit above is a draft: not saved yet.")
    show_flash("post_edit")
