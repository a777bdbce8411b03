"""The bead table: one page of beads, source and target side by side; a click on a row opens it."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from review_app.state import PAGE_SIZE, STATUS_LABELS, go_to, score_css

# The bead table is plain HTML in a small inline component rather than st.dataframe: the data grid
# is a heavy canvas widget that took about a second of the first screen to load and draw, while a
# table of 50 rows is instant, wraps long sentences instead of cutting them, and still reports a
# click on a row back to Python. All document text is HTML-escaped before it gets there.
_TABLE_CSS = """
.beads {
  position: relative; max-height: 620px; overflow-y: auto;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
}
table { border-collapse: collapse; width: 100%; font-family: inherit; font-size: 0.875rem; }
th { position: sticky; top: 0; background: #f7f7f9; text-align: left; font-weight: 600; z-index: 1; }
th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid rgba(49, 51, 63, 0.1); vertical-align: top; }
td.num { text-align: right; white-space: nowrap; width: 1%; }
td.side { width: 40%; white-space: pre-wrap; overflow-wrap: anywhere; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: rgba(255, 75, 75, 0.06); }
tbody tr.current { outline: 2px solid #ff4b4b; outline-offset: -2px; }
.para { color: #9a9aa6; }
"""
_TABLE_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".beads");
  if (!root) {
    root = document.createElement("div");
    root.className = "beads";
    parentElement.appendChild(root);
  }
  root.innerHTML = data.html;
  const open = (row) => setTriggerValue("open", Number(row.dataset.bead));
  root.querySelectorAll("tbody tr").forEach((row) => {
    row.onclick = () => open(row);
    row.onkeydown = (e) => { if (e.key === "Enter") open(row); };
  });
  // Bring the open bead's row into view inside the table only: scrollIntoView would also scroll
  // the page, away from the panel the reviewer is working in, after every action.
  const current = root.querySelector("tr.current");
  if (current) {
    const head = root.querySelector("thead").offsetHeight;
    const top = current.offsetTop, bottom = top + current.offsetHeight;
    if (top < root.scrollTop + head || bottom > root.scrollTop + root.clientHeight) {
      root.scrollTop = Math.max(0, top - head - root.clientHeight / 3);
    }
  }
}
"""
_bead_table_component = st.components.v2.component("bead_table", css=_TABLE_CSS, js=_TABLE_JS)


def bead_table_html(page: pd.DataFrame, current: int) -> str:
    """The page of beads as an HTML table; every piece of document text is escaped."""

    def side(texts: pd.Series, para: pd.Series) -> list[str]:
        mark = '<span class="para" title="new paragraph">¶ </span>'
        return [
            (mark if p and b > 0 else "") + html.escape(t) for t, p, b in zip(texts, para, page["bead"], strict=True)
        ]

    rows = []
    for bead, score, status, n_err, flags, src, tgt in zip(
        page["bead"],
        page["score"],
        page["status"].map(STATUS_LABELS),
        page["n_errors"],
        page["flags"].map(" ".join),
        side(page["src_text"], page["src_para"]),
        side(page["tgt_text"], page["tgt_para"]),
        strict=True,
    ):
        shown = "edited" if pd.isna(score) else f"{score:.2f}"
        mark = ' class="current"' if bead == current else ""
        rows.append(
            f'<tr data-bead="{int(bead)}" tabindex="0"{mark}>'
            f'<td class="num">{int(bead)}</td><td class="num" style="{score_css(score)}">{shown}</td>'
            f'<td class="num">{html.escape(status)}</td><td class="num">{int(n_err)}</td><td>{html.escape(flags)}</td>'
            f'<td class="side">{src}</td><td class="side">{tgt}</td></tr>'
        )
    head = "".join(f"<th>{h}</th>" for h in ("bead", "score", "status", "errors", "flags", "source", "target"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def bead_table(frame: pd.DataFrame, view: pd.DataFrame) -> None:
    """One page of beads, source and target side by side; ¶ marks a paragraph start."""
    cur = st.session_state["bead"]
    pages = max(1, -(-len(view) // PAGE_SIZE))
    where = view.index[view["bead"] == cur]
    default_page = int(view.index.get_loc(where[0]) // PAGE_SIZE) + 1 if len(where) else 1
    if st.session_state.get("_page_for") != (cur, len(view)):
        st.session_state["page"] = min(default_page, pages)
        st.session_state["_page_for"] = (cur, len(view))
    c1, c2 = st.columns([1, 5])
    c1.number_input(f"Page (of {pages})", 1, pages, key="page")
    c2.caption(f"{len(view)} of {len(frame)} beads match the filters. Click a row to open that bead below.")
    page = view.iloc[(st.session_state["page"] - 1) * PAGE_SIZE : st.session_state["page"] * PAGE_SIZE]
    _bead_table_component(
        data={"html": bead_table_html(page, cur)},
        key="bead_table",
        on_open_change=_open_clicked_bead,
    )


def _open_clicked_bead() -> None:
    """A row of the bead table was clicked: open that bead (a callback, so before widgets are drawn)."""
    clicked = st.session_state["bead_table"].get("open")
    if clicked is not None:
        go_to(int(clicked))
