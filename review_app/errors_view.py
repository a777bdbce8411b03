"""The open bead's errors (each with its delete button) and the form that adds one."""

from __future__ import annotations

import streamlit as st

from align.mqm import ERROR_CATEGORIES, SEVERITIES
from align.review_store import ReviewStore
from align.types import Annotation, join_segments
from review_app.drafts import clear_error_draft, drawn
from review_app.state import flash, show_flash, write_bead
from review_app.undo import Step, bead_action, deleted_step, record

_SIDES = {"": "(no span)", "src": "source", "tgt": "target"}


def error_list(store: ReviewStore, row, anns, src_text: str, tgt_text: str, reviewer: str) -> None:  # type: ignore[no-untyped-def]
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
            help="delete this error (↶ Undo puts it back)",
            type="tertiary",  # no border or padding: fits the narrow column beside the error
            on_click=delete_error,
            args=(store, row, ann, reviewer),
        )
    if not anns:
        st.caption("No errors recorded. Mark the pair correct, or add an error.")
    show_flash("errors")


def delete_error(store: ReviewStore, row, ann: Annotation, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    """Delete one error at a click, and say what became of the bead: undo (Z) brings the error back."""
    version = write_bead(
        "errors", store, row.review_id, row.id, store.delete_annotation, ann.id, expected_version=row.version,
        reviewer=reviewer,
    )  # fmt: skip
    if version is None:
        return
    record(bead_action(f"deleting an error of bead {row.position}", row, version, deleted_step(ann, row.status)))  # type: ignore[arg-type]
    status = store.bead(row.id).status
    left = (
        f"bead {row.position} has no error left, so it is unreviewed again"
        if status == "unreviewed"
        else f"bead {row.position} still has errors"
    )
    name = ERROR_CATEGORIES.get(ann.category, ann.category)
    flash("ok", f"Error deleted ({name}): {left}. ↶ Undo (Z) puts it back.", "errors")


def error_form(store: ReviewStore, row, src_doc, tgt_doc, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    """Category, severity and span side in one row, span and comment in the next, beside the Add button."""
    with st.container(key="error_form"):
        a1, a2, a3 = st.columns([4, 2, 2])
        a1.selectbox("Category", list(ERROR_CATEGORIES), key="err_category", format_func=ERROR_CATEGORIES.__getitem__)
        a2.selectbox("Severity", list(SEVERITIES), key="err_severity", index=1)
        a3.selectbox("Span on", list(_SIDES), key="err_span_side", format_func=_SIDES.__getitem__)
        with st.container(horizontal=True, gap="small", vertical_alignment="bottom"):
            st.text_input(
                "Span text", key="err_span_text", help="select the words in the text above, or copy them here"
            )
            st.text_input("Comment", key="err_comment")
            st.button("Add error", key="add_error", on_click=add_error, args=(store, row, src_doc, tgt_doc, reviewer))
        drawn("err_span_side", "err_span_text", "err_comment")
        show_flash("form")


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
        "form", store, row.review_id, row.id, store.add_annotation, row.id, ann, expected_version=row.version,
        reviewer=reviewer,
    )  # fmt: skip
    if done is not None:
        ann_id, version = done  # type: ignore[misc]
        record(bead_action(f"an error on bead {row.position}", row, version, Step("added", (ann_id, row.status))))
        clear_error_draft(row.id)
        flash("ok", f"Error saved. Bead {row.position} is marked “has errors”.", "form")
