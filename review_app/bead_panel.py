"""The open bead: its texts and flags, the verdict, its errors, the error form and the post-edit."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from align.mqm import ERROR_CATEGORIES, SEVERITIES
from align.review_store import ConflictError, ReviewStore
from align.types import Annotation
from review_app.alignment_tools import alignment_tools
from review_app.drafts import clear_error_draft, load_drafts, pe_base, set_pe_base, unsaved_post_edit
from review_app.navigation import next_in
from review_app.state import STATUS_LABELS, flash, go_to, md_escape, show_flash, write


def text_box(label: str, text: str, lang: str) -> None:
    st.markdown(f"**{md_escape(label)}** · `{html.escape(lang)}`")
    with st.container(border=True):
        st.text(text if text else "(nothing: this side is empty)")


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

    score = "edited by hand" if pd.isna(row.score) else f"{row.score:.2f}"
    show_flash("panel")
    st.subheader(f"Bead {row.position} · {len(row.src)}-{len(row.tgt)} · score {score} · {STATUS_LABELS[row.status]}")
    st.caption(
        f"source sentences {' '.join(map(str, row.src)) or '-'} · target sentences {' '.join(map(str, row.tgt)) or '-'}"
        f" · version {row.version} · last change {md_escape(row.updated_at[:19])} by {md_escape(row.updated_by or '-')}"
    )
    for f in row.flags:
        with st.container(border=True):
            st.markdown(f":orange-badge[⚑ {md_escape(f.code)}]")
            st.text(f.message)
    c1, c2 = st.columns(2)
    with c1:
        text_box("Source", " ".join(src_doc.segments[i].text for i in row.src), src_doc.lang)
    with c2:
        text_box("Target", " ".join(tgt_doc.segments[i].text for i in row.tgt), tgt_doc.lang)

    st.markdown("**Verdict**")
    v1, v2, v3 = st.columns(3)
    v1.button(
        "✓ Correct, next",
        key="mark_correct",
        type="primary",
        on_click=mark_and_advance,
        args=(store, row.id, row.version, reviewer, next_in(view, cur)),
    )
    v2.button(
        "○ Back to unreviewed",
        key="mark_unreviewed",
        on_click=lambda: write(
            "verdict", store.set_status, row.id, "unreviewed", expected_version=row.version, reviewer=reviewer
        ),
    )
    v3.button(
        "✗ Has errors",
        key="mark_errors",
        on_click=lambda: write(
            "verdict", store.set_status, row.id, "has_errors", expected_version=row.version, reviewer=reviewer
        ),
    )
    show_flash("verdict")

    st.markdown("**Errors in this pair**")
    anns = store.annotations(row.id)
    if not anns:
        st.caption("None recorded. Add one below, or mark the pair correct.")
    for ann, note in anns:
        e1, e2 = st.columns([6, 1])
        with e1.container(border=True):
            side_text = " ".join(
                (src_doc if ann.span_side == "src" else tgt_doc).segments[i].text
                for i in (row.src if ann.span_side == "src" else row.tgt)
            )
            span = f" · on “{side_text[ann.span_start : ann.span_end]}”" if ann.span_side else ""
            st.text(
                f"{ERROR_CATEGORIES.get(ann.category, ann.category)} · {ann.severity}{span}\n"
                f"{ann.comment}\n— {ann.reviewer or 'anonymous'}, {ann.created_at[:19]}"
            )
            if note:
                st.text(f"⚠ {note}")
        e2.button(
            "Remove",
            key=f"del_{ann.id}",
            on_click=lambda a=ann.id: write(
                "errors", store.delete_annotation, a, expected_version=row.version, reviewer=reviewer
            ),
        )
    with st.container(border=True, key="error_form"):
        a1, a2 = st.columns(2)
        a1.selectbox("Category", list(ERROR_CATEGORIES), key="err_category", format_func=ERROR_CATEGORIES.__getitem__)
        a2.selectbox("Severity", list(SEVERITIES), key="err_severity", index=1)
        a3, a4 = st.columns([1, 3])
        a3.selectbox(
            "Span on",
            ["", "src", "tgt"],
            key="err_span_side",
            format_func=lambda v: {"": "(no span)", "src": "source", "tgt": "target"}[v],
        )
        a4.text_input("Span text (copy the words the error concerns)", key="err_span_text")
        st.text_area("Comment", key="err_comment", height=68)
        st.button(
            "Add error",
            key="add_error",
            on_click=add_error,
            args=(store, row, src_doc, tgt_doc, reviewer),
        )
        show_flash("errors")

    st.markdown("**Post-edit** (your corrected translation of this pair)")
    st.text_area("Post-edit", key="pe_text", label_visibility="collapsed", height=80)
    st.button("Save post-edit", key="save_pe", on_click=save_post_edit, args=(store, row.id, pe_version, reviewer))
    show_flash("post_edit")
    if unsaved_post_edit(row.id):
        st.caption("✎ The post-edit above is a draft: not saved yet.")
    # A toggle, not an expander: an expander's content is sent and drawn even when closed, and these
    # two dozen controls were a quarter of the page.
    if st.toggle("Fix the alignment of this pair", key="fix_open"):
        alignment_tools(store, row, reviewer, len(frame))


def save_post_edit(store: ReviewStore, bead_id: int, version: int, reviewer: str) -> None:
    s = st.session_state
    saved = write("post_edit", store.set_post_edit, bead_id, s["pe_text"], expected_version=version, reviewer=reviewer)
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


def mark_and_advance(store: ReviewStore, bead_id: int, version: int, reviewer: str, following: int | None) -> None:
    """Mark the bead correct and open ``following``, the next bead the filters show (if any)."""
    if write("verdict", store.set_status, bead_id, "correct", expected_version=version, reviewer=reviewer) is not None:
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
        flash("error", "Choose the side the span text is on (Span on: source or target), or clear the span.", "errors")
        return
    if side and fragment:
        doc, ids = (src_doc, row.src) if side == "src" else (tgt_doc, row.tgt)
        text = " ".join(doc.segments[i].text for i in ids)
        start = text.find(fragment)
        if start < 0:
            flash(
                "error",
                "The span text does not occur on that side of the pair; copy it exactly, or leave it empty.",
                "errors",
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
    if write("errors", store.add_annotation, row.id, ann, expected_version=row.version, reviewer=reviewer) is not None:
        clear_error_draft(row.id)
        flash("ok", "Error saved.", "errors")
