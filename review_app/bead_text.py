"""The open bead's source and target, side by side, with its error spans highlighted; selecting words in
either text picks them as the span of a new error (the error form opens with that side and text).

A small inline component, like the bead table: st.text cannot highlight or report a selection. All
document text is HTML-escaped before it gets there.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import streamlit as st

from align.types import Annotation
from review_app.drafts import set_draft
from review_app.spans import marked_html, side_spans

_CSS = """
.bead-text { display: flex; gap: 0.75rem; }
.bead-text .col { flex: 1; min-width: 0; }
.bead-text .label { font-size: 0.875rem; font-weight: 600; margin-bottom: 0.2rem; }
.bead-text .label span { font-weight: 400; color: #808495; }
.bead-text .text {
  border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; padding: 0.45rem 0.7rem;
  white-space: pre-wrap; overflow-wrap: anywhere; overflow-y: auto; cursor: text;
  font-size: 0.95rem; line-height: 1.45;
}
.bead-text .empty { color: #808495; font-style: italic; }
.bead-text mark { background: rgba(255, 193, 7, 0.35); border-bottom: 2px solid #f9a825; padding: 0; }
"""
_JS = """
const SCRIPTS = ["Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar"];
const UNSPACED = new RegExp("[" + SCRIPTS.map((n) => "\\\\p{Script=" + n + "}").join("") + "]", "u");

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".bead-text");
  if (!root) {
    root = document.createElement("div");
    root.className = "bead-text";
    parentElement.appendChild(root);
  }
  root.innerHTML = data.html;
  // Offsets count characters of the text as shown (the marks add none), like the stored spans.
  const offset = (box, node, off) => {
    const r = document.createRange();
    r.setStart(box, 0);
    r.setEnd(node, off);
    return r.toString().length;
  };
  root.querySelectorAll(".text[data-side]").forEach((box) => {
    box.onmouseup = () => {
      const where = parentElement.getRootNode();
      const sel = (where.getSelection ? where.getSelection() : null) || window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      const range = sel.getRangeAt(0);
      if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
      let start = offset(box, range.startContainer, range.startOffset);
      let end = offset(box, range.endContainer, range.endOffset);
      const text = box.textContent;
      while (start < end && /\\s/.test(text[start])) start++;
      while (end > start && /\\s/.test(text[end - 1])) end--;
      // Whole words where words are spaced: a selection that cuts into a word takes all of it. Scripts
      // written without spaces (Chinese, Japanese, Thai) keep the characters selected.
      const word = (c) => c !== undefined && /[\\p{L}\\p{N}\\p{M}'’-]/u.test(c) && !UNSPACED.test(c);
      if (end > start) {
        while (start > 0 && word(text[start - 1]) && word(text[start])) start--;
        while (end < text.length && word(text[end]) && word(text[end - 1])) end++;
      }
      if (end > start) setTriggerValue("span", { bead: data.bead, side: box.dataset.side, start, end });
    };
  });
}
"""
_component = st.components.v2.component("bead_text", css=_CSS, js=_JS)


def _side_html(label: str, lang: str, side: str, text: str, annotations: Sequence[Annotation], style: str) -> str:
    head = f'<div class="label">{html.escape(label)} <span>· {html.escape(lang)}</span></div>'
    if not text:
        return f'{head}<div class="text empty">(nothing: this side is empty)</div>'
    body = marked_html(text, side_spans(annotations, side))
    return f'{head}<div class="text" data-side="{side}" style="{style}">{body}</div>'


def bead_text_html(
    src: str, tgt: str, langs: tuple[str, str], annotations: Sequence[Annotation], reserved_px: int = 380
) -> str:
    """``reserved_px``: the height the rest of the panel needs; a long text scrolls inside its box rather
    than push the error form or the post-edit below the window."""
    style = f"max-height: max(4.5rem, min(40vh, calc(100vh - {int(reserved_px)}px)))"
    return (
        f'<div class="col">{_side_html("Source", langs[0], "src", src, annotations, style)}</div>'
        f'<div class="col">{_side_html("Target", langs[1], "tgt", tgt, annotations, style)}</div>'
    )


def bead_text(
    bead_id: int,
    src: str,
    tgt: str,
    langs: tuple[str, str],
    annotations: Sequence[Annotation],
    reserved_px: int,
) -> None:
    """Draw the two texts; a selection in one of them becomes the error form's span."""

    def picked() -> None:
        pick = st.session_state["bead_text"].get("span") or {}
        if pick.get("bead") != bead_id or pick.get("side") not in ("src", "tgt"):
            return
        text = src if pick["side"] == "src" else tgt
        start, end = int(pick["start"]), int(pick["end"])
        if not 0 <= start < end <= len(text):
            return
        s = st.session_state
        set_draft(bead_id, err_span_side=pick["side"], err_span_text=text[start:end])
        s["_span_pick"] = (bead_id, pick["side"], start, end)  # the exact place, if the words occur twice
        s["err_open"] = True

    _component(
        data={"html": bead_text_html(src, tgt, langs, annotations, reserved_px), "bead": bead_id},
        key="bead_text",
        on_span_change=picked,
    )
