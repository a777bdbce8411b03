"""Scrolling the version set's grid to a row: Streamlit's data grid has no call for it.

Back from a cell's review, or with a row typed in the "Row" box, the grid stayed at its top: row 140 of a long
article was a long scroll away, and the reviewer lost their place. A small inline component (components v2, as the
bead table) finds the grid's scrolling element once it is drawn and brings the row into view.
"""

from __future__ import annotations

import streamlit as st

_JS = """
export default function (component) {
  const { data } = component;
  const deadline = Date.now() + 5000;
  const scroll = () => {
    const scroller = document.querySelector(`.st-key-${data.grid} .dvn-scroller`);
    const tall = scroller && scroller.scrollHeight > scroller.clientHeight;
    if (!tall) {  // not drawn yet (the grid comes after a rerun's first frames), or all rows fit: nothing to do
      if (Date.now() < deadline) setTimeout(scroll, 100);
      return;
    }
    const top = data.header + data.row * data.height;
    const view = scroller.clientHeight - data.header;
    if (top - data.header < scroller.scrollTop || top + data.height > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = Math.max(0, top - data.header - Math.max(0, (view - data.height) / 3));
    }
  };
  scroll();
}
"""
_component = st.components.v2.component("grid_scroll", js=_JS)
#: The grid's header row in pixels (Streamlit's data grid draws it 35 px high).
HEADER_PX = 35


def scroll_grid_to(grid: str, row: int | None, row_height: int) -> None:
    """Bring ``row`` of the data grid in the container keyed ``grid`` into view (no visible element); None: not now.

    Drawn on every run, empty when there is nothing to do: an element drawn on some runs only moves every later one
    to a new place in the page, which Streamlit draws anew (the delete panel below the grid folded shut when its
    box was ticked)."""
    st.html("<style>.st-key-grid_scroll { display: none; }</style>")
    with st.container(key="grid_scroll"):
        if row is not None:
            data = {"grid": grid, "row": int(row), "height": row_height, "header": HEADER_PX}
            _component(data=data, key="grid_scroll_js")
