"""Unsaved input belongs to the bead it was typed on.

The error form and the post-edit box are one set of widgets that every bead reuses. What is typed
in them is kept per bead (bead id → field → value; per reviewer, by the server, so a reload finds it
again, and in the review store, so a server restart does too) and put back when that bead is opened
again, so a comment typed on bead 62 is never saved on bead 63, and a post-edit draft left behind is
kept, with a word, instead of being thrown away.

Only what a widget drawn in the last run holds is ever filed as a draft: a widget that was not drawn
(its form closed, another view) has no value of the reviewer's, and Streamlit may hand back an empty
or stale one for it. Filing that once turned a saved post-edit into an empty "draft" that one click
on "Save post-edit" then stored. A post-edit draft is only a draft while it differs from the text
the box started with (the stored post-edit, or the machine translation when there is none).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from align.errors import AlignError
from review_app.state import db_path, flash, get_store

#: The error form's draft fields and their empty values; the post-edit box ("pe_text") starts from the stored text.
FORM_DEFAULTS = {"err_comment": "", "err_span_side": "", "err_span_text": ""}
DRAFT_KEYS = (*FORM_DEFAULTS, "pe_text")


@st.cache_resource(show_spinner=False)
def _kept() -> dict[tuple[str, str], tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]]:
    """The drafts of every named reviewer, by (database, reviewer): held by the server process, not by one
    browser session, so a reload (a new session) finds them again (the session's own were lost with it); with
    what the store holds of each (bead id → fields), so that only a change is written."""
    return {}


def _reviewer() -> str:
    return str(st.session_state.get("reviewer", "")).strip()


def _drafts() -> dict[int, dict[str, Any]]:
    """This reviewer's drafts, bead id → field → value. Without a name (nothing can be saved then) they
    are this session's own: another nameless browser must not see them. A named reviewer's are read from
    the store the first time after a server start."""
    name = _reviewer()
    if not name:
        return st.session_state.setdefault("_drafts", {})
    key = (db_path(), name)
    kept = _kept()
    if key not in kept:
        stored = get_store(key[0]).drafts(name)
        kept[key] = ({b: dict(f) for b, f in stored.items()}, stored)
    return kept[key][0]


def _typed(draft: dict[str, Any]) -> dict[str, str]:
    """What of a draft was typed and is unsaved: the error form when a comment or span text is in it (the span's
    side alone stays chosen from one error to the next: no work of its own), and a post-edit unlike the text
    its box started from (with that text and the stored post-edit it was based on)."""
    typed_error = any(draft.get(k) for k in ("err_comment", "err_span_text"))
    fields = {k: draft[k] for k in FORM_DEFAULTS if typed_error and draft.get(k)}
    if "pe_text" in draft and draft["pe_text"] != draft.get("_pe_start"):
        fields.update({k: draft[k] for k in ("pe_text", "_pe_base", "_pe_start", "_pe_conflict") if k in draft})
    return fields


def _store_draft(bead_id: int) -> None:
    """Write the bead's draft to the review store when it changed (dropped there once nothing typed is left), so
    a server restart loses nothing. Opening a bead without a draft writes nothing: only typed work is kept."""
    name = _reviewer()
    if not name:
        return
    key = (db_path(), name)
    _drafts()  # read from the store first, if this server has not yet
    drafts, stored = _kept()[key]
    draft = drafts.get(bead_id, {})
    fields = _typed(draft)
    if fields == stored.get(bead_id, {}):
        return
    # A bead an alignment edit replaced has no draft to keep; a failure to write is no reason to stop the page
    # (the draft is still held here), so it is said, not raised.
    try:
        get_store(key[0]).save_draft(bead_id, name, fields)  # False (bead gone): nothing to try again either
    except AlignError as exc:
        flash("error", f"Your unsaved input could not be kept in the database: {exc}", "panel")
        return
    if fields:
        stored[bead_id] = fields
    else:
        stored.pop(bead_id, None)


def drawn(*keys: str) -> None:
    """Record that the widgets ``keys`` are drawn in this run: the next run files their values as drafts."""
    st.session_state.setdefault("_drawn", set()).update(keys)


def keep_drafts() -> None:
    """At the start of every run: file what the widgets drawn in the last complete run hold under their bead.

    Their state holds what was typed up to this run (values typed just before a click on ▶ arrive
    with the click). The record of drawn widgets is renewed by every complete run (:func:`load_drafts`
    starts it, :func:`end_run` empties it when the panel was not drawn); a run cut short by the next
    click leaves it as it was, so what was typed is filed again rather than lost.
    """
    s = st.session_state
    shown = s.get("_drawn", set())
    bead_id = s.get("_panel_bead")
    if bead_id is None:
        return
    draft = _drafts().setdefault(bead_id, {})
    draft.update({k: s[k] for k in shown if k in s})
    if "pe_text" in draft and draft["pe_text"] == draft.get("_pe_start"):
        forget_post_edit(bead_id)  # the box holds what it started with: nothing unsaved
    _store_draft(bead_id)


def set_draft(bead_id: int, **values: str) -> None:
    """Set draft fields of ``bead_id`` from a callback (before the widgets are drawn): the widgets show them.
    ``_pe_base`` and ``_pe_start`` set what a post-edit draft is compared with."""
    _drafts().setdefault(bead_id, {}).update(values)
    if st.session_state.get("_panel_bead") == bead_id:
        st.session_state.update({k: v for k, v in values.items() if k in DRAFT_KEYS})
    _store_draft(bead_id)


def unsaved_post_edit(bead_id: int) -> bool:
    """Whether the bead's post-edit box holds text that differs from the text it started with."""
    draft = _drafts().get(bead_id, {})
    return "pe_text" in draft and draft["pe_text"] != draft.get("_pe_start")


def post_edit_draft(bead_id: int) -> str | None:
    """The bead's unsaved post-edit, if it has one; from a callback too, which runs before the drafts are
    filed: then the box's text as typed up to the click is in its widget state, not yet in the draft."""
    s, draft = st.session_state, _drafts().get(bead_id, {})
    if s.get("_panel_bead") == bead_id and "pe_text" in s.get("_drawn", ()) and "pe_text" in s:
        return s["pe_text"] if s["pe_text"] != draft.get("_pe_start") else None
    return draft["pe_text"] if unsaved_post_edit(bead_id) else None


def pe_base(bead_id: int) -> str:
    """The stored post-edit the bead's post-edit box started from ('' when there was none)."""
    return _drafts().get(bead_id, {}).get("_pe_base", "")


def pe_conflict(bead_id: int) -> str:
    """Who stored a post-edit over the one the bead's draft started from, once a save of the draft was refused for
    it ('' when none): only an explicit save replaces theirs."""
    return str(_drafts().get(bead_id, {}).get("_pe_conflict", ""))


def forget_post_edit(bead_id: int) -> None:
    """The post-edit was saved (or given up): the box follows the stored text again."""
    draft = _drafts().get(bead_id, {})
    for key in ("pe_text", "_pe_base", "_pe_start", "_pe_conflict"):
        draft.pop(key, None)
    _store_draft(bead_id)


def clear_error_draft(bead_id: int) -> None:
    """After an error is saved: an empty form for the next one (called from a callback, before drawing)."""
    set_draft(bead_id, err_comment=FORM_DEFAULTS["err_comment"], err_span_text=FORM_DEFAULTS["err_span_text"])


def load_drafts(row, mt_text: str) -> None:  # type: ignore[no-untyped-def]
    """Before the panel's widgets are drawn: they show ``row``'s own drafts, or its stored post-edit (the
    machine translation ``mt_text`` when it has none) and an empty error form."""
    s = st.session_state
    s["_drawn"], s["_panel_drawn"] = set(), True  # the widgets drawn from here on are this run's
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
    start = row.post_edit or mt_text
    if not unsaved_post_edit(row.id):
        # No draft: the box shows what is stored now, whoever stored it (a merge, an undo, another reviewer).
        forget_post_edit(row.id)
        draft["_pe_base"], draft["_pe_start"] = row.post_edit, start
    if previous != row.id:
        # The forms open by themselves where there is something in them; elsewhere they stay out of the way.
        s["err_open"] = any(draft.get(k) for k in ("err_comment", "err_span_text"))
        s["pe_open"] = bool(row.post_edit) or unsaved_post_edit(row.id)
    # Every run, not only on a new bead: a widget that was not drawn last run has no state worth keeping.
    for key, empty in FORM_DEFAULTS.items():
        s[key] = draft.get(key, empty)
    s["pe_text"] = draft.get("pe_text", start)


def end_run() -> None:
    """At the end of a complete run: when it did not draw the panel, none of its widgets hold a draft."""
    if not st.session_state.pop("_panel_drawn", False):
        st.session_state["_drawn"] = set()
