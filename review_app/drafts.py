"""Unsaved input belongs to the bead it was typed on.

The error form and the post-edit box are one set of widgets that every bead reuses. What is typed
in them is kept per bead (in ``_drafts``, bead id → widget key → value) and put back when that bead
is opened again, so a comment typed on bead 62 is never saved on bead 63, and a post-edit draft left
behind is kept, with a word, instead of being thrown away.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from review_app.state import flash

#: The error form's draft fields and their empty values; the post-edit box ("pe_text") starts from the stored text.
FORM_DEFAULTS = {"err_comment": "", "err_span_side": "", "err_span_text": ""}
DRAFT_KEYS = (*FORM_DEFAULTS, "pe_text")


def _drafts() -> dict[int, dict[str, Any]]:
    return st.session_state.setdefault("_drafts", {})


def keep_drafts() -> None:
    """At the start of every run: file what the widgets hold under the bead they were drawn for.

    Their state holds what was typed up to this run (values typed just before a click on ▶ arrive
    with the click); Streamlit drops it at the end of a run that does not draw them (another view).
    """
    s = st.session_state
    bead_id = s.get("_panel_bead")
    if bead_id is not None:
        _drafts().setdefault(bead_id, {}).update({k: s[k] for k in DRAFT_KEYS if k in s})


def unsaved_post_edit(bead_id: int) -> bool:
    """Whether the bead's post-edit box holds text that differs from the stored text it started from."""
    draft = _drafts().get(bead_id, {})
    return "pe_text" in draft and "_pe_base" in draft and draft["pe_text"] != draft["_pe_base"][1]


def pe_base(bead_id: int) -> tuple[int, str]:
    """(version, post-edit) of the stored bead that the post-edit draft is based on."""
    return _drafts()[bead_id]["_pe_base"]


def set_pe_base(bead_id: int, version: int, post_edit: str) -> None:
    _drafts().setdefault(bead_id, {})["_pe_base"] = (version, post_edit)


def clear_error_draft(bead_id: int) -> None:
    """After an error is saved: an empty form for the next one (called from a callback, before drawing)."""
    s = st.session_state
    for key in ("err_comment", "err_span_text"):
        s[key] = FORM_DEFAULTS[key]
        _drafts().setdefault(bead_id, {})[key] = FORM_DEFAULTS[key]


def load_drafts(row) -> None:  # type: ignore[no-untyped-def]
    """Before the panel's widgets are drawn: they show ``row``'s own drafts (or empty fields)."""
    s = st.session_state
    previous = s.get("_panel_bead")
    if previous != row.id:
        if previous is not None and unsaved_post_edit(previous):
            flash(
                "warning",
                f"Your post-edit of bead {s.get('_panel_position', '?')} is not saved: it is kept as a draft "
                "there; open that bead again to save it.",
                "panel",
            )
        s["_panel_bead"], s["_panel_position"] = row.id, row.position
        s["split_src"], s["split_tgt"] = len(row.src) // 2, len(row.tgt) // 2
    draft = _drafts().setdefault(row.id, {})
    if previous != row.id:
        # The forms open by themselves where there is something in them; elsewhere they stay out of the way.
        s["err_open"] = any(draft.get(k) for k in ("err_comment", "err_span_text"))
        s["pe_open"] = bool(row.post_edit) or unsaved_post_edit(row.id)
    draft.setdefault("_pe_base", (row.version, row.post_edit))
    for key, empty in FORM_DEFAULTS.items():
        if previous != row.id or key not in s:
            s[key] = draft.get(key, empty)
    if previous != row.id or "pe_text" not in s:
        s["pe_text"] = draft.get("pe_text", row.post_edit)
    # The post-edit box holds a draft based on one stored version. When someone else saves a newer
    # version, an untouched box follows it; a box with an unsaved draft keeps its old base, so saving
    # it reports the conflict instead of silently replacing their text (or silently dropping yours).
    version, text = draft["_pe_base"]
    if version != row.version and s["pe_text"] == text:
        draft["_pe_base"] = (row.version, row.post_edit)
        s["pe_text"] = row.post_edit
    draft["pe_text"] = s["pe_text"]
