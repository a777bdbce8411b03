"""The open bead: the verdict and navigation, its texts and flags, its errors, the error form and the post-edit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from align.review_store import ConflictError, ReviewStore
from align.types import join_segments
from review_app.alignment_tools import alignment_tools
from review_app.bead_text import bead_text
from review_app.drafts import load_drafts, unsaved_post_edit
from review_app.errors_view import error_form, error_list
from review_app.navigation import navigation, next_in
from review_app.post_edit import post_edit_box
from review_app.state import STATUS_LABELS, md_escape, risk_label, score_label, show_flash
from review_app.verdicts import verdict_bar


def _reserved(row, anns) -> int:  # type: ignore[no-untyped-def]
    """The panel's height besides the two texts, in px (measured in Chromium at 1280 x 720): the texts get the
    rest of the window, so the verdict, the errors, the error form and the post-edit stay on screen."""
    s = st.session_state
    messages = set(s.get("flash", {})) & {"verdict", "navigation", "panel", "errors", "form", "post_edit"}
    return (
        345
        + 48 * len(row.flags)
        + 30 * len(anns)
        + 48 * len(messages)
        + (150 if s.get("err_open") else 0)
        + (110 if s.get("pe_open") else 0)
        + (22 if unsaved_post_edit(row.id) else 0)
    )


def bead_detail(store: ReviewStore, review_id: int, frame: pd.DataFrame, view: pd.DataFrame) -> None:
    """The open bead; "Correct, next" moves on within ``view``, the beads the filters show."""
    if view.empty:
        # No verdict buttons (nor their keys): with a search matching nothing, A marked the bead still on screen,
        # which the filters did not show, and said "That was the last bead the filters show".
        show_flash("navigation")
        st.info("No bead matches the filters: change or clear them to go on reviewing.")
        return
    cur = min(st.session_state["bead"], len(frame) - 1)
    bead_id = int(frame["id"].iloc[cur])
    try:
        row = store.bead(bead_id)
    except ConflictError:
        st.rerun()
    src_doc, tgt_doc = store.documents(review_id)
    src_text, tgt_text = join_segments(src_doc, row.src), join_segments(tgt_doc, row.tgt)
    reviewer = st.session_state.get("reviewer", "")
    load_drafts(row, tgt_text)

    verdict_bar(store, row, reviewer, next_in(view, cur))
    navigation(store, review_id, frame, view)
    # Below the two button rows, the rest scrolls inside its own box (page.py's CSS bounds it by the window):
    # an open form, long texts, errors or a message never push the verdict and navigation rows out of place.
    with st.container(key="bead_body"):
        for where in ("verdict", "navigation", "panel"):  # messages about an action, right under its buttons
            show_flash(where)
        one_sided = not (row.src and row.tgt)
        st.markdown(
            f"**Bead {row.position}** of {len(frame)} · {len(row.src)}-{len(row.tgt)} · "
            f"{score_label(row.score, one_sided)} · {risk_label(len(row.flags), row.risk)} · "
            f"**{STATUS_LABELS[row.status]}**",
            help=f"source sentences {' '.join(map(str, row.src)) or '-'} · target sentences "
            f"{' '.join(map(str, row.tgt)) or '-'} · version {row.version} · last change "
            f"{md_escape(row.updated_at[:19])} by {md_escape(row.updated_by or '-')}",
        )
        for f in row.flags:
            # One line of text, badge and note together: a caption beside a badge in a row of its own was
            # drawn over the header line. The note names words of the documents: every markdown character
            # is escaped.
            st.markdown(f":orange-badge[⚑ {md_escape(f.code)}] :small[:gray[{md_escape(f.message)}]]")
        anns = store.annotations(row.id)
        bead_text(row.id, src_text, tgt_text, (src_doc.lang, tgt_doc.lang), [a for a, _ in anns], _reserved(row, anns))
        error_list(store, row, anns, src_text, tgt_text, reviewer)

        # Toggles, not expanders: an expander's content is sent and drawn even when closed. Each opens by
        # itself when the bead needs it (a draft, a stored post-edit, "Has errors").
        with st.container(horizontal=True, gap="medium"):
            err_open = st.toggle("Add an error", key="err_open")
            pe_open = st.toggle("Post-edit", key="pe_open")
            fix_open = st.toggle("Fix the alignment", key="fix_open")
        if err_open:
            error_form(store, row, src_doc, tgt_doc, reviewer)
        if pe_open:
            post_edit_box(store, row, reviewer)
        else:
            show_flash("post_edit")  # e.g. a post-edit saved by "Correct, next" on the bead before
        if fix_open:
            with st.container(key="fix_tools"):
                alignment_tools(store, row, reviewer, len(frame))
