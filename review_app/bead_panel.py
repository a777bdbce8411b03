"""The open bead: its texts and flags, the verdict, its errors, the error form and the post-edit."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from align.mqm import ERROR_CATEGORIES, SEVERITIES
from align.review_store import ConflictError, ReviewStore
from align.types import Annotation, join_segments
from review_app.alignment_tools import alignment_tools
from review_app.bead_text import bead_text
from review_app.drafts import clear_error_draft, load_drafts, pe_base, set_pe_base, unsaved_post_edit
from review_app.navigation import navigation, next_in
from review_app.state import STATUS_LABELS, flash, go_to, md_escape, show_flash, write_bead

#: Verdict shortcuts (shown on the buttons): A approves and moves on, E marks errors and opens the form.
VERDICT_KEYS = {"mark_correct": "A", "mark_errors": "E"}


def _set_verdict(store: ReviewStore, row, reviewer: str, status: str) -> object:  # type: ignore[no-untyped-def]
    """Write the bead's verdict; None when it was refused (the message stands beside the buttons)."""
    return write_bead(
        "verdict",
        store,
        row.review_id,
        row.id,
        store.set_status,
        row.id,
        status,
        expected_version=row.version,
        reviewer=reviewer,
    )


def _mark_errors(store: ReviewStore, row, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    done = _set_verdict(store, row, reviewer, "has_errors")
    if done is not None:
        st.session_state["err_open"] = True  # the next thing to do is to say what the error is


def verdict_bar(store: ReviewStore, row, reviewer: str, following: int | None) -> None:  # type: ignore[no-untyped-def]
    """The verdict buttons, always first in the panel, so they stay in one place from bead to bead."""
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
            on_click=_mark_errors,
            args=(store, row, reviewer),
            shortcut=VERDICT_KEYS["mark_errors"],
        )
        st.button(
            "○ Unreviewed",
            key="mark_unreviewed",
            help="back to unreviewed",
            on_click=_set_verdict,
            args=(store, row, reviewer, "unreviewed"),
        )
    show_flash("verdict")


def bead_detail(store: ReviewStore, review_id: int, frame: pd.DataFrame, view: pd.DataFrame) -> None:
    """The open bead; "Correct, next" moves on within ``view``, the beads the filters show."""
    cur = min(st.session_state["bead"], len(frame) - 1)
    bead_id = int(frame["id"].iloc[cur])
    try:
        row = store.bead(bead_id)
    except ConflictError:
        st.rerun()
    src_doc, tgt_doc = store.documents(review_id)
    s = st.session_state
    reviewer = s.get("reviewer", "")
    load_drafts(row)
    pe_version = pe_base(row.id)[0]

    verdict_bar(store, row, reviewer, next_in(view, cur))
    navigation(store, review_id, frame, view)
    show_flash("panel")
    score = "edited by hand" if pd.isna(row.score) else f"score {row.score:.2f}"
    st.markdown(
        f"**Bead {row.position}** of {len(frame)} · {len(row.src)}-{len(row.tgt)} · {score} · "
        f"**{STATUS_LABELS[row.status]}**",
        help=f"source sentences {' '.join(map(str, row.src)) or '-'} · target sentences "
        f"{' '.join(map(str, row.tgt)) or '-'} · version {row.version} · last change "
        f"{md_escape(row.updated_at[:19])} by {md_escape(row.updated_by or '-')}",
    )
    for f in row.flags:
        with st.container(horizontal=True, gap="small", vertical_alignment="center"):
            st.markdown(f":orange-badge[⚑ {md_escape(f.code)}]", width="content")
            st.caption(md_escape(f.message))  # names words of the documents: every markdown character escaped
    src_text, tgt_text = join_segments(src_doc, row.src), join_segments(tgt_doc, row.tgt)
    anns = store.annotations(row.id)
    bead_text(row.id, src_text, tgt_text, (src_doc.lang, tgt_doc.lang), [a for a, _ in anns])
    for ann, note in anns:
        side_text = src_text if ann.span_side == "src" else tgt_text
        span = f" · on “{side_text[ann.span_start : ann.span_end]}”" if ann.span_side else ""
        e1, e2 = st.columns([20, 1], gap="small", vertical_alignment="center")
        e1.text(
            f"✗ {ERROR_CATEGORIES.get(ann.category, ann.category)} · {ann.severity}{span}"
            + (f" · {ann.comment}" if ann.comment else "")
            + f" — {ann.reviewer or 'anonymous'}, {ann.created_at[:16]}"
            + (f"\n⚠ {note}" if note else "")
        )
        e2.button(
            "✕",
            key=f"del_{ann.id}",
            help="remove this error",
            type="tertiary",  # no border or padding: fits the narrow column beside the error
            on_click=lambda a=ann.id: write_bead(
                "errors",
                store,
                row.review_id,
                row.id,
                store.delete_annotation,
                a,
                expected_version=row.version,
                reviewer=reviewer,
            ),
        )
    if not anns:
        st.caption("No errors recorded. Mark the pair correct, or add an error.")
    show_flash("errors")

    # Toggles, not expanders: an expander's content is sent and drawn even when closed. Each opens by
    # itself when the bead needs it (a draft, a stored post-edit, "Has errors").
    with st.container(horizontal=True, gap="medium"):
        err_open = st.toggle("Add an error", key="err_open")
        pe_open = st.toggle("Post-edit", key="pe_open")
        fix_open = st.toggle("Fix the alignment", key="fix_open")
    if err_open:
        error_form(store, row, src_doc, tgt_doc, reviewer)
    if pe_open:
        st.text_area("Post-edit (your corrected translation of this pair)", key="pe_text", height=80)
        st.button("Save post-edit", key="save_pe", on_click=save_post_edit, args=(store, row, pe_version, reviewer))
        if unsaved_post_edit(row.id):
            st.caption("✎ The post-edit above is a draft: not saved yet.")
    show_flash("post_edit")
    if fix_open:
        alignment_tools(store, row, reviewer, len(frame))


def error_form(store: ReviewStore, row, src_doc, tgt_doc, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    with st.container(border=True, key="error_form"):
        a1, a2, a3 = st.columns([3, 2, 2])
        a1.selectbox("Category", list(ERROR_CATEGORIES), key="err_category", format_func=ERROR_CATEGORIES.__getitem__)
        a2.selectbox("Severity", list(SEVERITIES), key="err_severity", index=1)
        a3.selectbox(
            "Span on",
            ["", "src", "tgt"],
            key="err_span_side",
            format_func=lambda v: {"": "(no span)", "src": "source", "tgt": "target"}[v],
        )
        st.text_input("Span text (copy the words the error concerns)", key="err_span_text")
        st.text_area("Comment", key="err_comment", height=68)
        st.button("Add error", key="add_error", on_click=add_error, args=(store, row, src_doc, tgt_doc, reviewer))
        show_flash("form")


def save_post_edit(store: ReviewStore, row, version: int, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    """Save the post-edit box; ``version``: the stored version its draft started from."""
    s = st.session_state
    bead_id = row.id
    saved = write_bead(
        "post_edit",
        store,
        row.review_id,
        bead_id,
        store.set_post_edit,
        bead_id,
        s["pe_text"],
        expected_version=version,
        reviewer=reviewer,
    )
    if saved is None:
        # Rebase the draft on what is stored now: the next save replaces it knowingly.
        current = store.bead(bead_id)
        set_pe_base(bead_id, current.version, current.post_edit)
        flash(
            "error",
            f"Not saved: this pair was changed by {current.updated_by or 'someone'} at "
            f"{current.updated_at[:19]}; their post-edit is: {current.post_edit!r}. "
            "Your text is still in the box: save again to replace theirs.",
            "post_edit",
        )
    else:
        set_pe_base(bead_id, saved, s["pe_text"])
        flash("ok", "Post-edit saved.", "post_edit")


def mark_and_advance(store: ReviewStore, row, reviewer: str, following: int | None) -> None:  # type: ignore[no-untyped-def]
    """Mark the bead correct and open ``following``, the next bead the filters show (if any)."""
    done = _set_verdict(store, row, reviewer, "correct")
    if done is not None:
        if following is None:
            flash("ok", "Marked correct. That was the last bead the filters show.", "verdict")
        else:
            go_to(following)


def add_error(store: ReviewStore, row, src_doc, tgt_doc, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    s = st.session_state
    side, fragment = s.get("err_span_side") or None, s.get("err_span_text", "")
    start = end = None
    if fragment and not side:
        # Saving the error without the span the reviewer typed would lose it without a word.
        flash("error", "Choose the side the span text is on (Span on: source or target), or clear the span.", "form")
        return
    if side and fragment:
        doc, ids = (src_doc, row.src) if side == "src" else (tgt_doc, row.tgt)
        text = join_segments(doc, ids)
        pick = s.get("_span_pick")
        if pick is not None and pick[:2] == (row.id, side) and text[pick[2] : pick[3]] == fragment:
            start = pick[2]  # selected in the text: that occurrence, not the first
        else:
            start = text.find(fragment)
        if start < 0:
            flash(
                "error",
                "The span text does not occur on that side of the pair; copy it exactly, or leave it empty.",
                "form",
            )
            return
        end = start + len(fragment)
    elif not fragment:
        side = None
    ann = Annotation(
        category=s["err_category"],
        severity=s["err_severity"],
        comment=s.get("err_comment", ""),
        span_side=side,
        span_start=start,
        span_end=end,
    )
    done = write_bead(
        "form",
        store,
        row.review_id,
        row.id,
        store.add_annotation,
        row.id,
        ann,
        expected_version=row.version,
        reviewer=reviewer,
    )
    if done is not None:
        clear_error_draft(row.id)
        flash("ok", "Error saved.", "form")
