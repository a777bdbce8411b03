"""Keys work again right after a dropdown is used, or Enter is pressed in a one-line box.

Streamlit's button shortcuts (J, N, L, ...) do not fire while the focus is in a field, and a selectbox keeps
the focus in its text input after an option is chosen, so the keys did nothing until a click on the page.
A small inline component (Streamlit's components v2, the same mechanism as the bead table) listens on the
page once: when an option of a single-choice select is picked (click, or Enter in its list), the select lets
go of the focus. A multiselect keeps it, as one usually picks several there. Enter in a one-line box (the Bead
and Page numbers, the search, the name) applies what was typed and lets go of the focus too: a reviewer who typed
a page number and Enter, then J, got nothing. A text area (the post-edit) keeps Enter for its new lines.
"""

from __future__ import annotations

import streamlit as st

_JS = """
export default function () {
  if (window.__alignFocusReturn) return;  // once per page, whichever run drew the component first
  window.__alignFocusReturn = true;
  const ONE_LINE = "[data-testid='stNumberInput'] input, [data-testid='stTextInput'] input";
  const release = () => setTimeout(() => {
    const el = document.activeElement;
    if (el && el !== document.body && (el.closest("[data-testid='stSelectbox']") || el.matches(ONE_LINE))) el.blur();
  }, 0);
  document.addEventListener("click", (e) => { if (e.target.closest("[role='option']")) release(); }, true);
  document.addEventListener("keydown", (e) => {
    const el = document.activeElement;
    // Enter in an open list picks an option; in a closed one it opens the list, which keeps the focus.
    const inSelect = el && el.closest("[data-testid='stSelectbox']");
    if (e.key === "Enter" && inSelect && el.getAttribute("aria-expanded") === "true") release();
    // Streamlit applies a box's value on Enter (its own handler runs after this one); the blur comes after it.
    else if (e.key === "Enter" && el && el.matches(ONE_LINE) && !e.isComposing) release();
  }, true);
}
"""
_component = st.components.v2.component("focus_return", js=_JS)


def focus_return() -> None:
    """Draw the listener (no visible element; its container is hidden by the page's CSS)."""
    with st.container(key="focus_return"):
        _component(key="focus_return_js")
