"""What every view shares: the store and encoder, messages, guarded writes, and the open bead.

st.session_state holds UI state only; every write goes straight to the store.
"""

from __future__ import annotations

import argparse
import re
import sys
import threading

import pandas as pd
import streamlit as st

from align.errors import AlignError
from align.review_start import cached_encoder, reflag_review
from align.review_store import ConflictError, ReviewInfo, ReviewStore, default_db

PAGE_SIZE = 50
STATUS_LABELS = {"unreviewed": "○ unreviewed", "correct": "✓ correct", "has_errors": "✗ has errors"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Plain text for places that render markdown (labels, messages): every markdown character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def db_path() -> str:
    """The review database: --db after ``--`` (a file or a postgresql:// URL), else $ALIGN_DB, else the default."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.db or default_db()


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> ReviewStore:
    return ReviewStore(path)


@st.cache_resource(show_spinner=False)
def get_encoder(model: str):  # type: ignore[no-untyped-def]
    return cached_encoder(model)


def flash(kind: str, message: str, where: str = "page") -> None:
    """A message for the next run to show at ``where``: next to the action it is about (see :func:`show_flash`)."""
    st.session_state.setdefault("flash", {})[where] = (kind, message)


def show_flash(where: str = "page") -> None:
    """Show the message left for ``where``, if any; the page drops the ones no view showed at the end of its run."""
    kind, message = st.session_state.get("flash", {}).pop(where, (None, None))
    if kind == "error":
        st.error(md_escape(message), icon="⚠️")
    elif kind == "warning":
        st.warning(md_escape(message), icon="📝")
    elif kind == "ok":
        st.success(md_escape(message))


#: Where to type the name that every change is credited to (the sidebar's field, see sidebar.reviewer_name).
NAME_FIELD = "Your name (saved with every change)"


def unnamed(where: str) -> bool:
    """Whether this browser has no reviewer name yet; then the change is refused with a message at ``where``.

    Work saved with an empty name was credited to nobody (status_by and reviewer empty in the export, "someone" in
    another browser's conflict message). With accounts the login sets the name, so this only stops a nameless browser.
    """
    if str(st.session_state.get("reviewer", "")).strip():
        return False
    flash(
        "error",
        f"Not saved: type your name in the sidebar (“{NAME_FIELD}”) first; every change is credited to it.",
        where,
    )
    return True


def write(where: str, action, *args, **kwargs) -> object:  # type: ignore[no-untyped-def]
    """Run one store write; a conflict or a refused edit becomes a message at ``where`` instead of a crash.
    Nothing is written without a reviewer name (:func:`unnamed`)."""
    if unnamed(where):
        return None
    try:
        return action(*args, **kwargs)
    except ConflictError as exc:
        # The run after this one reads the bead again, so the screen already shows what is stored (the store's
        # "reload to see theirs" told a reviewer to reload a page that was no longer behind).
        flash("error", f"Not saved: {exc}. What is stored now is shown.", where)
    except AlignError as exc:
        flash("error", str(exc), where)
    return None


def reflag(store: ReviewStore, review_id: int) -> None:
    """Flag the edited alignment again (vectors come from the embedding cache), so badges match the new pairs."""
    try:
        reflag_review(store, review_id, get_encoder(store.review(review_id).model or "bundled"))
    except AlignError as exc:
        flash("error", f"The alignment was changed, but its flags could not be recomputed: {exc}")


def shown_score(score: float) -> float:
    """A confidence as the screens show it (two decimals): the score filter compares this, so a 0.9998 shown
    as 1.00 is inside "1.00 to 1.00"."""
    return round(float(score), 2)


def score_text(score: float, one_sided: bool = False) -> str:
    """The score as a cell shows it: "–" for a bead with an empty side (1-0, 0-1), whose confidence of 1.0
    only says the aligner was sure nothing matched it, not that a pairing is good; "edited" without a score."""
    if pd.isna(score):
        return "edited"
    return "–" if one_sided else f"{shown_score(score):.2f}"


def score_label(score: float, one_sided: bool = False) -> str:
    """The confidence as the panel names it: the aligner's, in the pairing, never a verdict on the translation."""
    if pd.isna(score):
        return "alignment edited by hand"
    return "alignment – (one side is empty)" if one_sided else f"alignment {shown_score(score):.2f}"


def risk_label(n_flags: int, risk: float) -> str:
    """The panel's word on the checks, beside the alignment score: a flagged bead reads as risky, in orange or
    red, however sure the alignment is; without flags a plain grey "no flags" (not a green all-clear)."""
    if not n_flags:
        return ":gray[no flags]"
    colour = "red" if risk >= 0.5 else "orange"
    return f":{colour}-badge[⚑ risky: {n_flags} flag{'s' if n_flags > 1 else ''}]"


#: The highest hue a flagged bead's cell may have (orange): a flag is never drawn as the all-clear green.
FLAGGED_HUE = 35


def risk_hue(risk: float, flagged: bool) -> int:
    """Hue for what the checks found: 120 (no objection) without flags; with any, orange at most, down to red
    as the risk (1 - product of 1 - weight) nears 1."""
    if not flagged:
        return 120
    return round(FLAGGED_HUE * (1 - max(0.0, min(1.0, float(risk)))))


def score_hue(score: float) -> int:
    """Hue for a confidence: 0 red … 120 green, steep where the aligner's doubt lies (0.6 is orange-red,
    0.8 yellow, 0.9 yellow-green, 1.0 green), since nearly all of its scores are above 0.5."""
    t = max(0.0, min(1.0, (float(score) - 0.3) / 0.7))
    return round(120 * t * t)


def score_css(score: float, one_sided: bool = False, risk: float = 0.0, flagged: bool = False) -> str:
    """The score cell's colour: the worse of the alignment confidence and the flags. A green "1.00" on a bead
    the checks flagged read as "fine" to reviewers, when the number only says the sentences belong together."""
    hue = risk_hue(risk, flagged)
    if pd.isna(score) or one_sided:  # no colour from good to doubtful where there is no pairing to judge
        return "background-color: #e0e0e0" if not flagged else f"background-color: hsl({hue}, 75%, 78%)"
    return f"background-color: hsl({min(score_hue(score), hue)}, 75%, 78%)"


@st.cache_resource(show_spinner=False, max_entries=16)
def _bead_frame(path: str, review_id: int, created_at: str, revision: int) -> pd.DataFrame:
    return get_store(path).bead_frame(review_id)


# The newest frame of each review, by (database, review id, created_at): (revision, frame). A write
# to one bead from this app turns the previous revision's frame into the next one by re-reading that
# bead alone, instead of every bead of the review (a 2,000-bead frame takes 110-160 ms to build).
_LATEST: dict[tuple[str, int, str], tuple[int, pd.DataFrame]] = {}
_LATEST_LOCK = threading.Lock()
#: The columns a write to one bead (verdict, error, post-edit) can change; the alignment stays as it was.
_BEAD_COLUMNS = ("status", "n_errors", "categories", "post_edit", "version", "updated_at", "updated_by")


def bead_frame(store: ReviewStore, info: ReviewInfo) -> pd.DataFrame:
    """The review's bead table, shared by all sessions and re-read only when the review changed.

    Every write bumps the review's revision, so (review, revision) names one state of it; created_at
    tells a new review from a deleted one whose id SQLite gave out again. ``info`` is this run's read
    of the review, so its revision is current. Callers must not modify the frame.
    """
    key = (store.url, info.id, info.created_at)
    with _LATEST_LOCK:
        latest = _LATEST.get(key)
    if latest is not None and latest[0] == info.revision:
        return latest[1]
    frame = _bead_frame(store.url, info.id, info.created_at, info.revision)
    with _LATEST_LOCK:
        _LATEST[key] = (info.revision, frame)
    return frame


def _patch_frame(store: ReviewStore, review_id: int, bead_id: int, before: int) -> None:
    """After one write to ``bead_id`` took the review from revision ``before`` to ``before + 1`` (nobody
    else wrote in between), derive the new frame from the old one and that bead's stored row."""
    with _LATEST_LOCK:
        found = [(k, v) for k, v in _LATEST.items() if k[:2] == (store.url, review_id) and v[0] == before]
    if not found:
        return
    key, (_, old) = found[0]
    row = store.bead(bead_id)
    annotations = [a for a, _ in store.annotations(bead_id)]
    values = {
        "status": row.status,
        "n_errors": len(annotations),
        "categories": " ".join(a.category for a in annotations),
        "post_edit": row.post_edit,
        "version": row.version,
        "updated_at": row.updated_at,
        "updated_by": row.updated_by,
    }
    frame = old.copy()  # the old frame may still be in use by another session's run
    where = frame.index[frame["id"] == bead_id]
    if len(where) != 1:
        return
    for column in _BEAD_COLUMNS:
        frame.at[where[0], column] = values[column]
    with _LATEST_LOCK:
        if _LATEST.get(key, (None,))[0] == before:
            _LATEST[key] = (before + 1, frame)


def write_bead(where: str, store: ReviewStore, review_id: int, bead_id: int, action, *args, **kwargs) -> object:  # type: ignore[no-untyped-def]
    """:func:`write` for a write that changes one bead's review state (verdict, error, post-edit): the
    next run's bead frame is the previous one with that bead re-read, when no one else wrote meanwhile."""
    before = store.revision(review_id)
    done = write(where, action, *args, **kwargs)
    if done is not None and store.revision(review_id) == before + 1:
        _patch_frame(store, review_id, bead_id, before)
    return done


def go_to(position: int) -> None:
    """Open the bead at ``position``. Only "bead" is set: the bead number box is set from it before it is
    drawn (a widget's value cannot change once it is drawn in a run, which crashed the heat-map click)."""
    st.session_state["bead"] = int(position)
    st.query_params["bead"] = str(int(position))  # a reload comes back here (see page.review_page)
