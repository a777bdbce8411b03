"""Filters over the bead table and the buttons that move between beads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from align.mqm import ERROR_CATEGORIES
from align.review_store import ReviewStore
from review_app.state import STATUS_LABELS, go_to, undo_edit


def filtered(frame: pd.DataFrame) -> pd.DataFrame:
    s = st.session_state
    keep = pd.Series(True, index=frame.index)
    if s.get("f_status"):
        keep &= frame["status"].isin(s["f_status"])
    lo, hi = s.get("f_score", (0.0, 1.0))
    if (lo, hi) != (0.0, 1.0):
        keep &= frame["score"].between(lo, hi) | frame["score"].isna()
    if s.get("f_category"):
        keep &= frame["categories"].str.contains(s["f_category"], regex=False)
    if s.get("f_flag"):
        keep &= frame["flags"].map(lambda codes: s["f_flag"] in codes)
    if s.get("f_text"):
        needle = s["f_text"].lower()
        keep &= frame["src_text"].str.lower().str.contains(needle, regex=False) | frame[
            "tgt_text"
        ].str.lower().str.contains(needle, regex=False)
    return frame[keep]


def filters_and_navigation(store: ReviewStore, review_id: int, frame: pd.DataFrame) -> None:
    c1, c2, c3, c4, c5 = st.columns([3, 2, 2, 2, 2])
    c1.text_input("Search text (either side)", key="f_text", placeholder="word or phrase")
    c2.multiselect("Status", list(STATUS_LABELS), key="f_status", format_func=STATUS_LABELS.__getitem__)
    c3.slider("Score", 0.0, 1.0, (0.0, 1.0), step=0.05, key="f_score")
    c4.selectbox(
        "Error category",
        ["", *list(ERROR_CATEGORIES)],
        key="f_category",
        format_func=lambda c: ERROR_CATEGORIES.get(c, "any"),
    )
    flag_codes = sorted({c for codes in frame["flags"] for c in codes})
    c5.selectbox("Flag", ["", *flag_codes], key="f_flag", format_func=lambda c: c or "any")

    n = len(frame)
    cur = st.session_state["bead"]
    b1, b2, b3, b4, b5, b6 = st.columns([2, 1, 1, 2, 2, 2])
    b1.number_input("Bead", 0, max(n - 1, 0), key="bead_input", on_change=lambda: go_to(st.session_state["bead_input"]))
    b2.button("◀", key="prev", help="previous bead", on_click=go_to, args=(max(cur - 1, 0),), disabled=cur == 0)
    b3.button("▶", key="next", help="next bead", on_click=go_to, args=(min(cur + 1, n - 1),), disabled=cur >= n - 1)
    after = frame[frame["bead"] > cur]
    todo = pd.concat([after, frame[frame["bead"] <= cur]])
    nxt = todo[todo["status"] == "unreviewed"]
    b4.button(
        "Next unreviewed",
        key="next_unreviewed",
        on_click=go_to,
        args=(int(nxt["bead"].iloc[0]) if len(nxt) else cur,),
        disabled=nxt.empty,
    )
    flagged = frame[(frame["risk"] > 0) & (frame["status"] == "unreviewed")].sort_values(
        ["risk", "bead"], ascending=[False, True]
    )
    b5.button(
        "Next likely error",
        key="next_flagged",
        help="the unreviewed bead whose flags make an error most likely",
        on_click=go_to,
        args=(int(flagged["bead"].iloc[0]) if len(flagged) else cur,),
        disabled=flagged.empty,
    )
    last = store.last_edit(review_id)
    if last is not None:
        b6.button(
            f"↶ Undo {last.op}",
            key="undo",
            help=f"undo the last alignment edit: {last.label}",
            on_click=undo_edit,
            args=(store, review_id, last.id),
        )


# The bead table is plain HTML in a small inline component rather than st.dataframe: the data grid
