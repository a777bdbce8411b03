"""The bead table: one page of beads, source and target side by side; a click on a row opens it."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from align.review_store import ReviewStore
from align.types import Annotation
from review_app.bulk import bulk_bar
from review_app.navigation import bead_number
from review_app.spans import marked_html, side_spans
from review_app.state import PAGE_SIZE, STATUS_LABELS, go_to, risk_hue, score_css, score_text

# The bead table is plain HTML in a small inline component rather than st.dataframe: the data grid
# is a heavy canvas widget that took about a second of the first screen to load and draw, while a
# table of 50 rows is instant, wraps long sentences instead of cutting them, and still reports a
# click on a row back to Python. All document text is HTML-escaped before it gets there.
_TABLE_CSS = """
.beads {
  position: relative; height: calc(100vh - 370px); min-height: 300px; overflow-y: auto;
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;
}
table { border-collapse: collapse; width: 100%; font-family: inherit; font-size: 0.8rem; line-height: 1.35; }
th { position: sticky; top: 0; background: #f7f7f9; text-align: left; font-weight: 600; z-index: 1; }
th, td { padding: 0.25rem 0.4rem; border-bottom: 1px solid rgba(49, 51, 63, 0.1); vertical-align: top; }
td.num { text-align: right; white-space: nowrap; width: 1%; }
td.side { width: 45%; white-space: pre-wrap; overflow-wrap: anywhere; }
mark { background: rgba(255, 193, 7, 0.35); border-bottom: 2px solid #f9a825; padding: 0; }
.flag { color: #9a3412; font-weight: 600; padding: 0 0.2rem; border-radius: 0.25rem; white-space: nowrap; }
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
  const open = (row) => setTriggerValue("open", Number(row.dataset.bead));
  const bind = (row) => {
    row.onclick = () => open(row);
    row.onkeydown = (e) => { if (e.key === "Enter") open(row); };
  };
  // After "correct, next" two rows differ (the verdict, the open bead): only those are replaced. Setting the
  // whole table's HTML again made the browser parse, style and lay out all of its rows after every action.
  const rows = data.rows, before = root.__rows, body = root.querySelector("tbody");
  const same = before && body && root.__head === data.head && before.length === rows.length
    && before.every((r, i) => r[0] === rows[i][0]);
  if (same) {
    rows.forEach((r, i) => {
      if (before[i][1] === r[1]) return;
      const t = document.createElement("template");
      t.innerHTML = r[1];
      const row = t.content.firstElementChild;
      bind(row);
      body.children[i].replaceWith(row);
    });
  } else {
    root.innerHTML = data.head + "<tbody>" + rows.map((r) => r[1]).join("") + "</tbody></table>";
    root.querySelectorAll("tbody tr").forEach(bind);
  }
  root.__rows = rows;
  root.__head = data.head;
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


STATUS_MARKS = {"unreviewed": "○", "correct": "✓", "has_errors": "✗"}


def bead_table_parts(
    page: pd.DataFrame, current: int, spans: dict[int, list[Annotation]] | None = None
) -> tuple[str, list[tuple[int, str]]]:
    """The page of beads as HTML: the table's start with its header, and (bead, its row) for each bead; every
    piece of document text is escaped. ``spans``: bead id → its errors, whose spans are highlighted in the text."""
    spans = spans or {}

    def side(name: str) -> list[str]:
        mark = '<span class="para" title="new paragraph">¶ </span>'
        return [
            (mark if para and bead > 0 else "") + marked_html(text, side_spans(spans.get(bead_id, []), name))
            for text, para, bead, bead_id in zip(
                page[f"{name}_text"], page[f"{name}_para"], page["bead"], page["id"], strict=True
            )
        ]

    rows = []
    one_sided = [not (a and b) for a, b in zip(page["src_ids"], page["tgt_ids"], strict=True)]
    for bead, score, lone, status, n_err, flags, risk, post_edit, src, tgt in zip(
        page["bead"],
        page["score"],
        one_sided,
        page["status"],
        page["n_errors"],
        page["flags"],
        page["risk"],
        page["post_edit"],
        side("src"),
        side("tgt"),
        strict=True,
    ):
        shown = score_text(score, lone)
        mark = ' class="current"' if bead == current else ""
        names = html.escape(", ".join(flags))
        # A flagged bead is marked as risky in its own cell, with how many checks objected: the alignment
        # score beside it (often 1.00) says nothing about the translation.
        flag = (
            f'<span class="flag" style="background-color: hsl({risk_hue(risk, True)}, 85%, 85%)" '
            f'title="flagged: {names}; check the translation">⚑{len(flags) if len(flags) > 1 else ""}</span>'
            if flags
            else ""
        )
        # The list shows the machine translation: ✎ says where a post-edit replaces it (in the TMX, for one).
        status_title = STATUS_LABELS[status] + (" · post-edited" if post_edit else "")
        hint = f"alignment confidence {shown}" + (f"; flagged ({names}): check the translation" if flags else "")
        rows.append(
            (
                int(bead),
                f'<tr data-bead="{int(bead)}" tabindex="0"{mark}>'
                f'<td class="num">{int(bead)}</td><td class="num" style="{score_css(score, lone, risk, bool(flags))}" '
                f'title="{hint}">{shown}</td>'
                f'<td class="num" title="{html.escape(status_title)}">{STATUS_MARKS[status]}'
                f"{f' {int(n_err)}' if n_err else ''}{' ✎' if post_edit else ''}</td><td>{flag}</td>"
                f'<td class="side">{src}</td><td class="side">{tgt}</td></tr>',
            )
        )
    head = "".join(
        f'<th title="{t}">{h}</th>'
        for h, t in (
            ("bead", "bead number"),
            (
                "align.",
                "alignment confidence: how sure the aligner is that these sentences belong together, not whether "
                "the translation is right; the colour turns orange or red when checks flagged the pair",
            ),
            ("status", "○ unreviewed, ✓ correct, ✗ has errors (and how many)"),
            ("flags", "⚑: checks found something (⚑3: three checks), orange to red by risk; hover for which"),
            ("source", ""),
            ("target", ""),
        )
    )
    return f"<table><thead><tr>{head}</tr></thead>", rows


def bead_table_html(page: pd.DataFrame, current: int, spans: dict[int, list[Annotation]] | None = None) -> str:
    """The page of beads as one HTML table (what the component draws from :func:`bead_table_parts`)."""
    start, rows = bead_table_parts(page, current, spans)
    return f"{start}<tbody>{''.join(row for _, row in rows)}</tbody></table>"


def bead_table(store: ReviewStore, review_id: int, frame: pd.DataFrame, view: pd.DataFrame) -> None:
    """One page of beads, source and target side by side; ¶ marks a paragraph start; error spans highlighted."""
    cur = st.session_state["bead"]
    pages = max(1, -(-len(view) // PAGE_SIZE))
    where = view.index[view["bead"] == cur]
    default_page = int(view.index.get_loc(where[0]) // PAGE_SIZE) + 1 if len(where) else 1
    if st.session_state.get("_page_for") != (cur, len(view)):
        st.session_state["page"] = min(default_page, pages)
        st.session_state["_page_for"] = (cur, len(view))
    c1, c2, c3 = st.columns([1, 1, 2], vertical_alignment="bottom")
    c1.number_input(f"Page (of {pages})", 1, pages, key="page")
    with c2:
        bead_number(len(frame))
    with c3:
        st.caption(f"{len(view)} of {len(frame)} beads match the filters")
        bulk_bar(store, review_id, view)
    page = view.iloc[(st.session_state["page"] - 1) * PAGE_SIZE : st.session_state["page"] * PAGE_SIZE]
    with_errors = page.loc[page["n_errors"] > 0, "id"]
    spans = {int(i): [a for a, _ in store.annotations(int(i))] for i in with_errors}
    _bead_table_component(
        data=dict(zip(("head", "rows"), bead_table_parts(page, cur, spans), strict=True)),
        key="bead_table",
        on_open_change=_open_clicked_bead,
    )


def _open_clicked_bead() -> None:
    """A row of the bead table was clicked: open that bead (a callback, so before widgets are drawn)."""
    clicked = st.session_state["bead_table"].get("open")
    if clicked is not None:
        go_to(int(clicked))
