"""The similarity heat map around the open bead, with the chosen alignment drawn as boxes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from align.errors import AlignError
from align.review_store import ReviewStore
from review_app.navigation import bead_number
from review_app.state import get_encoder, go_to, md_escape


def heat_map(store: ReviewStore, review_id: int, frame: pd.DataFrame) -> None:
    import altair as alt

    from align.heatmap import heat_window
    from align.types import Bead

    info = store.review(review_id)
    src_doc, tgt_doc = store.documents(review_id)
    try:
        enc = get_encoder(info.model or "bundled")  # the encoder that aligned it: its vectors are cached
        src_vecs = enc.encode([t.strip() for t in src_doc.texts])
        tgt_vecs = enc.encode([t.strip() for t in tgt_doc.texts])
    except AlignError as exc:
        st.error(md_escape(f"No embeddings for the heat map: {exc}"))
        return
    beads = [
        Bead(tuple(a), tuple(b), float(c))
        for a, b, c in zip(frame["src_ids"], frame["tgt_ids"], frame["score"], strict=True)
    ]
    c1, c2 = st.columns(2)
    with c1:
        bead_number(len(frame))
    c2.number_input("Radius (beads around the current one)", 5, 60, 12, key="heat_radius")
    win = heat_window(src_vecs, tgt_vecs, beads, st.session_state["bead"], st.session_state["heat_radius"])
    st.caption(
        f"Beads {win.first_bead}–{win.last_bead}: source sentences down, target sentences across; "
        "darker = more similar. "
        "Boxes are the chosen alignment (the current bead in red). A bright cell outside the boxes "
        "means a sentence is probably paired with the wrong partner. Click a box to open its bead."
        + (
            f" Bead(s) {', '.join(map(str, win.moved))} pair a target sentence the translation moved elsewhere: "
            "no box here."
            if win.moved
            else ""
        )
    )
    cells = win.cells.assign(src1=win.cells["src"] + 1, tgt1=win.cells["tgt"] + 1)
    sim_domain = [float(cells["sim"].median()), float(cells["sim"].max())] if len(cells) else [0.0, 1.0]
    path = win.path.assign(current=win.path["bead"] == st.session_state["bead"])
    pick = alt.selection_point(fields=["bead"], on="click", name="pick")
    base = (
        alt.Chart(cells)
        .mark_rect()
        .encode(
            x=alt.X("tgt:Q", title="target sentence", scale=alt.Scale(zero=False, nice=False)),
            x2="tgt1:Q",
            y=alt.Y("src:Q", title="source sentence", scale=alt.Scale(zero=False, nice=False, reverse=True)),
            y2="src1:Q",
            # Most cells pair unrelated sentences and sit close together (0.75-0.85 for e5): the colours
            # span the window's median to its maximum, so the pale bulk sets off the partners.
            color=alt.Color(
                "sim:Q",
                scale=alt.Scale(scheme="blues", domain=sim_domain, clamp=True),
                title="similarity",
            ),
            tooltip=[
                "src",
                "tgt",
                "sim",
                alt.Tooltip("src_bead", title="bead of source"),
                alt.Tooltip("tgt_bead", title="bead of target"),
            ],
        )
    )
    boxes = (
        alt.Chart(path)
        .mark_rect(fillOpacity=0.05, strokeWidth=2)
        .encode(
            x="tgt0:Q",
            x2="tgt1:Q",
            y="src0:Q",
            y2="src1:Q",
            stroke=alt.condition("datum.current", alt.value("#d62728"), alt.value("#ff9900")),
            fill=alt.value("#ff9900"),
            tooltip=["bead", "kind", "score"],
        )
        .add_params(pick)
    )
    st.altair_chart((base + boxes).properties(height=460), width="stretch", on_select=_open_picked_bead, key="heat")


def _open_picked_bead() -> None:
    """A box was clicked: open its bead. A callback, so it runs before the page's widgets are drawn (opening
    it after the chart had drawn them raised StreamlitWidgetAlreadyInstantiatedError)."""
    picked = st.session_state["heat"].get("selection", {}).get("pick") or []
    if picked and "bead" in picked[0]:
        go_to(int(picked[0]["bead"]))
