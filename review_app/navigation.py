"""Filters over the bead table and the buttons that move between beads.

Every move stays within the beads the filters show: a reviewer working through the beads flagged
number_mismatch must not land on an unflagged one after "Correct, next" or ▶.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from align.mqm import ERROR_CATEGORIES
from align.review_store import ReviewStore
from review_app.state import STATUS_LABELS, flash, go_to, md_escape
from review_app.undo import last, undo_last

#: The Flag filter's choice for beads no check flagged (no flag code is written this way).
NO_FLAGS = "-"


def filtered(frame: pd.DataFrame) -> pd.DataFrame:
    s = st.session_state
    keep = pd.Series(True, index=frame.index)
    if s.get("f_status"):
        keep &= frame["status"].isin(s["f_status"])
    lo, hi = (round(x, 2) for x in s.get("f_score", (0.0, 1.0)))
    if (lo, hi) != (0.0, 1.0):
        # The scores as shown (two decimals): a 0.9998 the table shows as 1.00 is in "1.00 to 1.00".
        keep &= frame["score"].round(2).between(lo, hi) | frame["score"].isna()
    if s.get("f_category"):
        keep &= frame["categories"].str.contains(s["f_category"], regex=False)
    if s.get("f_flag") == NO_FLAGS:
        keep &= frame["flags"].map(len) == 0
    elif s.get("f_flag"):
        keep &= frame["flags"].map(lambda codes: s["f_flag"] in codes)
    if s.get("f_text"):
        needle = s["f_text"].lower()
        keep &= frame["src_text"].str.lower().str.contains(needle, regex=False) | frame[
            "tgt_text"
        ].str.lower().str.contains(needle, regex=False)
    return frame[keep]


def next_in(view: pd.DataFrame, cur: int) -> int | None:
    """The first bead of ``view`` after position ``cur`` (the open bead need not be in the view)."""
    after = view["bead"][view["bead"] > cur]
    return int(after.iloc[0]) if len(after) else None


def previous_in(view: pd.DataFrame, cur: int) -> int | None:
    before = view["bead"][view["bead"] < cur]
    return int(before.iloc[-1]) if len(before) else None


def next_unreviewed(view: pd.DataFrame, cur: int) -> int | None:
    """The next unreviewed bead of ``view`` after ``cur``, going round to the start."""
    todo = view[view["status"] == "unreviewed"]
    if todo.empty:
        return None
    after = todo["bead"][todo["bead"] > cur]
    return int(after.iloc[0]) if len(after) else int(todo["bead"].iloc[0])


def next_likely_error(view: pd.DataFrame, cur: int) -> int | None:
    """The unreviewed bead of ``view`` whose flags make an error most likely, other than ``cur``.

    In order of risk (then position): from the open bead, the next one in that order, going round to
    the riskiest; None when the open bead is the only one.
    """
    flagged = view[(view["risk"] > 0) & (view["status"] == "unreviewed")].sort_values(
        ["risk", "bead"], ascending=[False, True]
    )
    order = [int(b) for b in flagged["bead"]]
    if cur in order:
        order = order[order.index(cur) + 1 :] + order[: order.index(cur)]
    return order[0] if order else None


def _go_likely(target: int | None) -> None:
    if target is None:
        flash("ok", "No other unreviewed bead with a flag among the shown beads.", "navigation")
    else:
        go_to(target)


def _filter_changed() -> None:
    st.session_state["_filter_changed"] = True


def _open_within(view: pd.DataFrame) -> None:
    """After a filter changed, a bead it leaves out is not left open unsaid: the first bead it shows opens."""
    s = st.session_state
    if not s.pop("_filter_changed", False) or view.empty or s["bead"] in set(view["bead"]):
        return
    was, first = s["bead"], int(view["bead"].iloc[0])
    go_to(first)
    flash("ok", f"Bead {was} is not among the filtered beads: opened bead {first}, the first of them.", "navigation")


def _score_param(value: str) -> tuple[float, float] | None:
    """ "0.90-1.00" → (0.9, 1.0); None for anything else (a hand-edited address)."""
    try:
        lo, hi = (round(float(x), 2) for x in value.split("-"))
    except ValueError:
        return None
    return (lo, hi) if 0.0 <= lo <= hi <= 1.0 else None


def _filters_from_address(flag_codes: list[str]) -> None:
    """A new session (a reload, a shared link) starts with the filters its address names; values that are not
    choices of the filters are ignored."""
    s, params = st.session_state, st.query_params
    if s.get("_filters_read"):
        return
    s["_filters_read"] = True
    if text := params.get("q", ""):
        s["f_text"] = text
    if (flag := params.get("flag", "")) in (NO_FLAGS, *flag_codes):
        s["f_flag"] = flag
    if status := [x for x in params.get("status", "").split(",") if x in STATUS_LABELS]:
        s["f_status"] = status
    if score := _score_param(params.get("score", "")):
        s["f_score"] = score
    if (category := params.get("category", "")) in ERROR_CATEGORIES:
        s["f_category"] = category


def _filters_to_address() -> None:
    """The filters that narrow the view, in the address (?flag=-&score=0.90-1.00&status=unreviewed&q=…)."""
    s = st.session_state
    lo, hi = (round(x, 2) for x in s.get("f_score", (0.0, 1.0)))
    wanted = {
        "q": s.get("f_text", ""),
        "flag": s.get("f_flag", ""),
        "status": ",".join(s.get("f_status", [])),
        "score": f"{lo:.2f}-{hi:.2f}" if (lo, hi) != (0.0, 1.0) else "",
        "category": s.get("f_category", ""),
    }
    for name, value in wanted.items():
        if value and st.query_params.get(name) != value:
            st.query_params[name] = value
        elif not value and name in st.query_params:
            del st.query_params[name]


def filters(frame: pd.DataFrame) -> pd.DataFrame:
    """The filter widgets, in two rows above the bead list; → the beads they let through, in document order."""
    flag_codes = sorted({c for codes in frame["flags"] for c in codes})
    _filters_from_address(flag_codes)
    c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
    c1.text_input("Search text (either side)", key="f_text", placeholder="word or phrase", on_change=_filter_changed)
    c2.selectbox(
        "Flag",
        ["", NO_FLAGS, *flag_codes],
        key="f_flag",
        format_func=lambda c: {"": "any", NO_FLAGS: "no flags"}.get(c, c),
        on_change=_filter_changed,
    )
    c3, c4, c5 = st.columns([3, 2, 2], vertical_alignment="bottom")  # Status: room for a chip's whole label
    c3.multiselect(
        "Status",
        list(STATUS_LABELS),
        key="f_status",
        format_func=STATUS_LABELS.__getitem__,
        placeholder="any",
        on_change=_filter_changed,
    )
    c4.slider("Score", 0.0, 1.0, (0.0, 1.0), step=0.05, key="f_score", on_change=_filter_changed)
    c5.selectbox(
        "Error category",
        ["", *list(ERROR_CATEGORIES)],
        key="f_category",
        format_func=lambda c: ERROR_CATEGORIES.get(c, "any"),
        on_change=_filter_changed,
    )
    _filters_to_address()
    view = filtered(frame)
    _open_within(view)
    return view


def _go_to_typed() -> None:
    go_to(st.session_state["bead_input"])


def bead_number(n: int) -> None:
    """The open bead's number, to type another; it shows the open bead however that was opened."""
    st.session_state["bead_input"] = st.session_state["bead"]  # set before it is drawn, so never too late
    st.number_input("Bead", 0, max(n - 1, 0), key="bead_input", on_change=_go_to_typed)


#: Keyboard shortcuts (Streamlit's own, shown on the buttons; they do not fire while typing in a field).
KEYS = {"prev": "K", "next": "J", "next_unreviewed": "N", "next_flagged": "L", "undo": "Z"}


def navigation(store: ReviewStore, review_id: int, frame: pd.DataFrame, view: pd.DataFrame) -> None:
    """◀ ▶, next unreviewed and next likely error, in one row; the moves stay within ``view``."""
    cur = st.session_state["bead"]
    prev, nxt = previous_in(view, cur), next_in(view, cur)
    todo, likely = next_unreviewed(view, cur), next_likely_error(view, cur)
    with st.container(horizontal=True, gap="small", vertical_alignment="center", key="nav_bar"):
        st.button(
            "◀",
            key="prev",
            help="previous bead (of the filtered ones)",
            on_click=go_to,
            args=(prev,),
            disabled=prev is None,
            shortcut=KEYS["prev"],
        )
        st.button(
            "▶",
            key="next",
            help="next bead (of the filtered ones)",
            on_click=go_to,
            args=(nxt,),
            disabled=nxt is None,
            shortcut=KEYS["next"],
        )
        st.button(
            "Next unreviewed",
            key="next_unreviewed",
            on_click=go_to,
            args=(todo,),
            disabled=todo is None,
            shortcut=KEYS["next_unreviewed"],
        )
        st.button(
            "Next likely error",
            key="next_flagged",
            help="the unreviewed bead (of the filtered ones) whose flags make an error most likely",
            on_click=_go_likely,
            args=(likely,),  # enabled with none: the key must say so rather than do nothing
            shortcut=KEYS["next_flagged"],
        )


def undo_button(review_id: int, store: ReviewStore) -> None:
    """↶ Undo (Z): this browser's own last action; drawn in the verdict row, where it stays put."""
    action = last(review_id)
    st.button(
        "↶ Undo",
        key="undo",
        help=f"undo your last action: {md_escape(action.label)}" if action else "nothing of yours to undo",
        on_click=undo_last,
        args=(store, review_id),
        shortcut=KEYS["undo"],  # enabled with nothing to undo: Z must say so rather than do nothing
    )
