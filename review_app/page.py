"""The page: sidebar, header, the view switch, and the review view's parts in order."""

from __future__ import annotations

import html

import streamlit as st

from align.errors import AlignError
from align.review_start import CORPORA, ensure_seed_review
from review_app.bead_panel import bead_detail
from review_app.export import export_view
from review_app.heat_map import heat_map
from review_app.navigation import filtered, filters_and_navigation
from review_app.quality import quality_view
from review_app.sidebar import sidebar
from review_app.state import bead_frame, db_path, get_encoder, get_store, go_to, md_escape, show_flash
from review_app.table import bead_table


def main() -> None:
    st.set_page_config(page_title="Align Workbench · review", page_icon="🔗", layout="wide")
    store = get_store(str(db_path()))
    review_id = sidebar(store)
    st.title("Align Workbench · review")
    if review_id is None:
        st.info("Aligning the sample article (Japanese ↔ Italian) for your first review…")
        bar = st.progress(0.0, text="Starting")
        try:
            rid = ensure_seed_review(store, get_encoder("bundled"), lambda f, msg: bar.progress(f, text=msg))
        except AlignError as exc:
            st.error(md_escape(f"Could not align the sample from {CORPORA}: {exc}"))
            return
        st.session_state["review"] = rid
        st.rerun()
    info = store.review(review_id)
    st.markdown(
        f"**{md_escape(info.name)}** · {md_escape(info.src_lang)} → {md_escape(info.tgt_lang)} · model "
        f"`{html.escape(info.model)}` · {info.reviewed}/{info.beads} pairs reviewed, {info.with_errors} with errors"
    )
    st.caption(
        "Each row pairs source sentences with the target sentences the aligner matched to them (a *bead*); "
        "the score colour is the aligner's confidence, red is doubtful. For each pair: mark it correct, or "
        "add the translation errors you find (category, severity, comment), optionally with a post-edit. "
        "If sentences are paired wrongly, fix the alignment. Everything is saved immediately."
    )
    show_flash()
    frame = bead_frame(store, info)
    if frame.empty:
        st.warning("This review has no pairs.")
        return
    if st.session_state.get("_review_shown") != review_id:
        st.session_state["_review_shown"] = review_id
        go_to(0)
    st.session_state["bead"] = min(st.session_state.get("bead", 0), len(frame) - 1)
    st.session_state.setdefault("bead_input", st.session_state["bead"])
    view = st.radio(
        "View",
        ["Review pairs", "Heat map", "Quality", "Export"],
        key="view",
        horizontal=True,
        label_visibility="collapsed",
    )
    if view == "Export":
        export_view(store, review_id)
        return
    if view == "Quality":
        quality_view(store, review_id)
        return
    filters_and_navigation(store, review_id, frame)
    if view == "Heat map":
        heat_map(store, review_id, frame)
    else:
        bead_table(frame, filtered(frame))
    st.divider()
    bead_detail(store, review_id, frame)
