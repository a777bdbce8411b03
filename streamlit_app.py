"""Align Workbench review app: `streamlit run streamlit_app.py [-- --db reviews.sqlite3]`.

A thin layer over the library: alignment comes from align.review_start, every write goes straight
to align.review_store (st.session_state holds UI state only), exports use align.exporters.

Document text, comments and names are only ever shown through st.text, dataframe cells or
html.escape: never as markdown or raw HTML, so markup inside a document cannot render or run.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

from align.editing import detach_sentence, merge_with_next, merge_with_previous, move_sentence, split_bead
from align.errors import AlignError
from align.mqm import ERROR_CATEGORIES, SEVERITIES
from align.review_start import (
    CORPORA,
    MAX_UPLOAD_BYTES,
    cached_encoder,
    corpus_files,
    ensure_seed_review,
    read_corpus_pair,
    read_upload,
    reflag_review,
    start_review,
)
from align.review_store import ConflictError, ReviewInfo, ReviewStore, default_db_path
from align.types import Annotation

PAGE_SIZE = 50
STATUS_LABELS = {"unreviewed": "○ unreviewed", "correct": "✓ correct", "has_errors": "✗ has errors"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Plain text for places that render markdown (labels, messages): every markdown character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def db_path() -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--db")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.db) if args.db else default_db_path()


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> ReviewStore:
    return ReviewStore(path)


@st.cache_resource(show_spinner=False)
def get_encoder(model: str):  # type: ignore[no-untyped-def]
    return cached_encoder(model)


def flash(kind: str, message: str) -> None:
    st.session_state["flash"] = (kind, message)


def show_flash() -> None:
    kind, message = st.session_state.pop("flash", (None, None))
    if kind == "error":
        st.error(md_escape(message), icon="⚠️")
    elif kind == "ok":
        st.success(md_escape(message))


def write(action, *args, **kwargs) -> object:  # type: ignore[no-untyped-def]
    """Run one store write; a conflict or a refused edit becomes a message instead of a crash."""
    try:
        return action(*args, **kwargs)
    except ConflictError as exc:
        flash("error", f"Not saved: {exc}")
    except AlignError as exc:
        flash("error", str(exc))
    return None


def reflag(store: ReviewStore, review_id: int) -> None:
    """Flag the edited alignment again (vectors come from the embedding cache), so badges match the new pairs."""
    try:
        reflag_review(store, review_id, get_encoder(store.review(review_id).model or "bundled"))
    except AlignError as exc:
        flash("error", f"The alignment was changed, but its flags could not be recomputed: {exc}")


def undo_edit(store: ReviewStore, review_id: int, edit_id: int) -> None:
    if write(store.undo, review_id, expected_edit=edit_id, reviewer=st.session_state.get("reviewer", "")) is not None:
        reflag(store, review_id)


def score_css(score: float) -> str:
    if pd.isna(score):
        return "background-color: #e0e0e0"
    hue = int(120 * max(0.0, min(1.0, float(score))))  # red (0) → green (1)
    return f"background-color: hsl({hue}, 70%, 80%)"


# -- data ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, max_entries=16)
def _bead_frame(path: str, review_id: int, created_at: str, revision: int) -> pd.DataFrame:
    return get_store(path).bead_frame(review_id)


def bead_frame(store: ReviewStore, info: ReviewInfo) -> pd.DataFrame:
    """The review's bead table, shared by all sessions and re-read only when the review changed.

    Every write bumps the review's revision, so (review, revision) names one state of it; created_at
    tells a new review from a deleted one whose id SQLite gave out again. ``info`` is this run's read
    of the review, so its revision is current. Callers must not modify the frame.
    """
    return _bead_frame(str(store.path), info.id, info.created_at, info.revision)


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


def go_to(position: int) -> None:
    st.session_state["bead"] = int(position)
    st.session_state["bead_input"] = int(position)


# -- sidebar: reviewer, reviews, new review -----------------------------------------------------


def sidebar(store: ReviewStore) -> int | None:
    with st.sidebar:
        st.subheader("Reviewer")
        if "reviewer" not in st.session_state:
            st.session_state["reviewer"] = store.get_setting("reviewer")
        st.text_input(
            "Your name (saved with every change)",
            key="reviewer",
            on_change=lambda: store.set_setting("reviewer", st.session_state["reviewer"]),
        )
        st.subheader("Reviews")
        reviews = store.list_reviews()
        if not reviews:
            return None
        ids = [r.id for r in reviews]
        labels = {r.id: f"{r.name} — {r.reviewed}/{r.beads} reviewed, {r.with_errors} with errors" for r in reviews}
        if "_open_review" in st.session_state:
            st.session_state["review"] = st.session_state.pop("_open_review")
        if st.session_state.get("review") not in ids:
            st.session_state["review"] = ids[0]
        st.selectbox("Open review", ids, key="review", format_func=labels.__getitem__)
        for r in reviews:
            st.progress(r.progress, text=f"{r.name[:40]}: {r.progress:.0%}")
        # The form is drawn only on request: it is a dozen widgets that every page load would
        # otherwise send and render before the review itself.
        if st.session_state.get("new_open"):
            st.subheader("New review")
            new_review_form(store)
            st.button("Cancel", key="new_cancel", on_click=st.session_state.update, kwargs={"new_open": False})
        else:
            st.button(
                "Start a new review…", key="new_open_btn", on_click=st.session_state.update, kwargs={"new_open": True}
            )
        st.caption(f"Database (every action is saved here at once): {md_escape(str(store.path.resolve()))}")
        return int(st.session_state["review"])


def new_review_form(store: ReviewStore) -> None:
    files = corpus_files()
    source = st.radio("Documents from", ["corpora/ folder", "upload two files"], key="new_from", horizontal=True)
    if source == "corpora/ folder":
        st.selectbox("Source document", files, key="new_src")
        st.selectbox("Target document", files, key="new_tgt", index=min(1, len(files) - 1))
    else:
        limit = f"plain text, up to {MAX_UPLOAD_BYTES // 2**20} MiB each"
        st.file_uploader(f"Source document ({limit})", key="new_src_up")
        st.file_uploader(f"Target document ({limit})", key="new_tgt_up")
    st.text_input("Source language (empty: detect)", key="new_src_lang", max_chars=8)
    st.text_input("Target language (empty: detect)", key="new_tgt_lang", max_chars=8)
    st.text_input("Model", value="bundled", key="new_model", help="bundled = multilingual-e5-small, no download")
    if st.button("Align and start review", key="new_go", type="primary"):
        s = st.session_state
        try:
            if source == "corpora/ folder":
                src, tgt = read_corpus_pair(
                    s["new_src"], s["new_tgt"], s["new_src_lang"] or None, s["new_tgt_lang"] or None
                )
            else:
                up_s, up_t = s.get("new_src_up"), s.get("new_tgt_up")
                if up_s is None or up_t is None:
                    raise AlignError("choose both files first")
                src = read_upload(up_s.getvalue(), up_s.name, s["new_src_lang"] or None)
                tgt = read_upload(up_t.getvalue(), up_t.name, s["new_tgt_lang"] or None)
            bar = st.progress(0.0, text="Starting")
            rid = start_review(
                store,
                src,
                tgt,
                encoder=get_encoder(s["new_model"] or "bundled"),
                reviewer=s.get("reviewer", ""),
                on_progress=lambda f, msg: bar.progress(f, text=msg),
            )
        except AlignError as exc:
            st.error(md_escape(str(exc)))
            return
        # The review selectbox above is already drawn in this run: open the new review on the next.
        st.session_state["_open_review"] = rid
        st.session_state["new_open"] = False
        st.rerun()


# -- review view --------------------------------------------------------------------------------


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


def text_box(label: str, text: str, lang: str) -> None:
    st.markdown(f"**{md_escape(label)}** · `{html.escape(lang)}`")
    with st.container(border=True):
        st.text(text if text else "(nothing: this side is empty)")


def bead_detail(store: ReviewStore, review_id: int, frame: pd.DataFrame) -> None:
    cur = min(st.session_state["bead"], len(frame) - 1)
    bead_id = int(frame["id"].iloc[cur])
    try:
        row = store.bead(bead_id)
    except ConflictError:
        st.rerun()
    src_doc, tgt_doc = store.documents(review_id)
    s = st.session_state
    reviewer = s.get("reviewer", "")
    # The post-edit box holds a draft based on one stored version. When someone else saves a newer
    # version, an untouched box follows it; a box with an unsaved draft keeps its old base, so saving
    # it reports the conflict instead of silently replacing their text (or silently dropping yours).
    base = s.get("_pe_base")
    if base is None or base[0] != row.id:
        s["_pe_base"] = (row.id, row.version, row.post_edit)
        s["pe_text"] = row.post_edit
        s["split_src"], s["split_tgt"] = len(row.src) // 2, len(row.tgt) // 2
    elif base[1] != row.version and s.get("pe_text", "") == base[2]:
        s["_pe_base"] = (row.id, row.version, row.post_edit)
        s["pe_text"] = row.post_edit
    pe_version = s["_pe_base"][1]

    score = "edited by hand" if pd.isna(row.score) else f"{row.score:.2f}"
    st.subheader(f"Bead {row.position} · {len(row.src)}-{len(row.tgt)} · score {score} · {STATUS_LABELS[row.status]}")
    st.caption(
        f"source sentences {' '.join(map(str, row.src)) or '-'} · target sentences {' '.join(map(str, row.tgt)) or '-'}"
        f" · version {row.version} · last change {md_escape(row.updated_at[:19])} by {md_escape(row.updated_by or '-')}"
    )
    for f in row.flags:
        with st.container(border=True):
            st.markdown(f":orange-badge[⚑ {md_escape(f.code)}]")
            st.text(f.message)
    c1, c2 = st.columns(2)
    with c1:
        text_box("Source", " ".join(src_doc.segments[i].text for i in row.src), src_doc.lang)
    with c2:
        text_box("Target", " ".join(tgt_doc.segments[i].text for i in row.tgt), tgt_doc.lang)

    st.markdown("**Verdict**")
    v1, v2, v3 = st.columns(3)
    v1.button(
        "✓ Correct, next",
        key="mark_correct",
        type="primary",
        on_click=mark_and_advance,
        args=(store, row.id, row.version, reviewer, frame, cur),
    )
    v2.button(
        "○ Back to unreviewed",
        key="mark_unreviewed",
        on_click=lambda: write(store.set_status, row.id, "unreviewed", expected_version=row.version, reviewer=reviewer),
    )
    v3.button(
        "✗ Has errors",
        key="mark_errors",
        on_click=lambda: write(store.set_status, row.id, "has_errors", expected_version=row.version, reviewer=reviewer),
    )

    st.markdown("**Errors in this pair**")
    anns = store.annotations(row.id)
    if not anns:
        st.caption("None recorded. Add one below, or mark the pair correct.")
    for ann, note in anns:
        e1, e2 = st.columns([6, 1])
        with e1.container(border=True):
            side_text = " ".join(
                (src_doc if ann.span_side == "src" else tgt_doc).segments[i].text
                for i in (row.src if ann.span_side == "src" else row.tgt)
            )
            span = f" · on “{side_text[ann.span_start : ann.span_end]}”" if ann.span_side else ""
            st.text(
                f"{ERROR_CATEGORIES.get(ann.category, ann.category)} · {ann.severity}{span}\n"
                f"{ann.comment}\n— {ann.reviewer or 'anonymous'}, {ann.created_at[:19]}"
            )
            if note:
                st.text(f"⚠ {note}")
        e2.button(
            "Remove",
            key=f"del_{ann.id}",
            on_click=lambda a=ann.id: write(
                store.delete_annotation, a, expected_version=row.version, reviewer=reviewer
            ),
        )
    with st.container(border=True):
        a1, a2 = st.columns(2)
        a1.selectbox("Category", list(ERROR_CATEGORIES), key="err_category", format_func=ERROR_CATEGORIES.__getitem__)
        a2.selectbox("Severity", list(SEVERITIES), key="err_severity", index=1)
        a3, a4 = st.columns([1, 3])
        a3.selectbox(
            "Span on",
            ["", "src", "tgt"],
            key="err_span_side",
            format_func=lambda v: {"": "(no span)", "src": "source", "tgt": "target"}[v],
        )
        a4.text_input("Span text (copy the words the error concerns)", key="err_span_text")
        st.text_area("Comment", key="err_comment", height=68)
        st.button(
            "Add error",
            key="add_error",
            on_click=add_error,
            args=(store, row, src_doc, tgt_doc, reviewer),
        )

    st.markdown("**Post-edit** (your corrected translation of this pair)")
    st.text_area("Post-edit", key="pe_text", label_visibility="collapsed", height=80)
    st.button("Save post-edit", key="save_pe", on_click=save_post_edit, args=(store, row.id, pe_version, reviewer))
    # A toggle, not an expander: an expander's content is sent and drawn even when closed, and these
    # two dozen controls were a quarter of the page.
    if st.toggle("Fix the alignment of this pair", key="fix_open"):
        alignment_tools(store, row, reviewer, len(frame))


def save_post_edit(store: ReviewStore, bead_id: int, version: int, reviewer: str) -> None:
    s = st.session_state
    saved = write(store.set_post_edit, bead_id, s["pe_text"], expected_version=version, reviewer=reviewer)
    if saved is None:
        # Rebase the draft on what is stored now: the next save replaces it knowingly.
        current = store.bead(bead_id)
        s["_pe_base"] = (bead_id, current.version, current.post_edit)
        flash(
            "error",
            f"Not saved: this pair was changed by {current.updated_by or 'someone'} at "
            f"{current.updated_at[:19]}; their post-edit is: {current.post_edit!r}. "
            "Your text is still in the box: save again to replace theirs.",
        )
    else:
        s["_pe_base"] = (bead_id, saved, s["pe_text"])
        flash("ok", "Post-edit saved.")


def mark_and_advance(
    store: ReviewStore, bead_id: int, version: int, reviewer: str, frame: pd.DataFrame, cur: int
) -> None:
    if write(store.set_status, bead_id, "correct", expected_version=version, reviewer=reviewer) is not None:
        go_to(min(cur + 1, len(frame) - 1))


def add_error(store: ReviewStore, row, src_doc, tgt_doc, reviewer: str) -> None:  # type: ignore[no-untyped-def]
    s = st.session_state
    side, fragment = s.get("err_span_side") or None, s.get("err_span_text", "")
    start = end = None
    if side and fragment:
        doc, ids = (src_doc, row.src) if side == "src" else (tgt_doc, row.tgt)
        text = " ".join(doc.segments[i].text for i in ids)
        start = text.find(fragment)
        if start < 0:
            flash("error", "The span text does not occur on that side of the pair; copy it exactly, or leave it empty.")
            return
        end = start + len(fragment)
    elif not fragment:
        side = None
    ann = Annotation(
        category=s["err_category"],
        severity=s["err_severity"],
        comment=s.get("err_comment", ""),
        span_side=side,
        span_start=start,
        span_end=end,
    )
    if write(store.add_annotation, row.id, ann, expected_version=row.version, reviewer=reviewer) is not None:
        s["err_comment"] = ""
        s["err_span_text"] = ""
        flash("ok", "Error saved.")


def alignment_tools(store: ReviewStore, row, reviewer: str, n: int) -> None:  # type: ignore[no-untyped-def]
    st.caption(
        "Changes keep every error: the ones on a changed pair move to the pair that keeps its first "
        "sentences, with a note. The flags are recomputed for the new pairs. Undo is at the top of the page."
    )

    def edit(op, *args) -> None:  # type: ignore[no-untyped-def]
        done = write(store.edit_alignment, row.id, op, *args, expected_version=row.version, reviewer=reviewer)
        if done is not None:
            reflag(store, row.review_id)
            go_to(done.primary(row.position))

    m1, m2 = st.columns(2)
    m1.button(
        "Merge with previous", key="merge_prev", on_click=edit, args=(merge_with_previous,), disabled=row.position == 0
    )
    m2.button(
        "Merge with next", key="merge_next", on_click=edit, args=(merge_with_next,), disabled=row.position >= n - 1
    )
    s1, s2, s3 = st.columns([2, 2, 2])
    s1.number_input("Split after source sentence no.", 0, len(row.src), key="split_src")
    s2.number_input("… and target sentence no.", 0, len(row.tgt), key="split_tgt")
    s3.button(
        "Split",
        key="split",
        on_click=lambda: edit(split_bead, st.session_state["split_src"], st.session_state["split_tgt"]),
    )
    for side, name in (("src", "source"), ("tgt", "target")):
        ids = getattr(row, side)
        c1, c2, c3, c4 = st.columns(4)
        c1.button(
            f"First {name} → previous pair",
            key=f"move_{side}_prev",
            on_click=edit,
            args=(move_sentence, side, "previous"),
            disabled=not ids or row.position == 0,
        )
        c2.button(
            f"Last {name} → next pair",
            key=f"move_{side}_next",
            on_click=edit,
            args=(move_sentence, side, "next"),
            disabled=not ids or row.position >= n - 1,
        )
        c3.button(
            f"Detach first {name}",
            key=f"detach_{side}_first",
            on_click=edit,
            args=(detach_sentence, side, "first"),
            disabled=not ids,
        )
        c4.button(
            f"Detach last {name}",
            key=f"detach_{side}_last",
            on_click=edit,
            args=(detach_sentence, side, "last"),
            disabled=not ids,
        )


# -- heat map -----------------------------------------------------------------------------------


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
    st.number_input("Radius (beads around the current one)", 5, 60, 15, key="heat_radius")
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
            color=alt.Color("sim:Q", scale=alt.Scale(scheme="blues"), title="similarity"),
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
    event = st.altair_chart((base + boxes).properties(height=520), width="stretch", on_select="rerun", key="heat")
    picked = (event or {}).get("selection", {}).get("pick") or []
    if picked and "bead" in picked[0] and int(picked[0]["bead"]) != st.session_state["bead"]:
        go_to(int(picked[0]["bead"]))
        st.rerun()


# -- quality ------------------------------------------------------------------------------------


def reference_upload(store: ReviewStore, review_id: int):  # type: ignore[no-untyped-def]
    """The uploaded reference translation aligned and scored; → (ReferenceReport, file name) or (None, "")."""
    from align.review_quality import review_reference

    info = store.review(review_id)
    up = st.file_uploader(
        f"Reference translation into {info.tgt_lang} (plain text, up to {MAX_UPLOAD_BYTES // 2**20} MiB)",
        key="ref_up",
        help="A human translation of the same source document. It is aligned to the source like the review, and "
        "the machine translation is scored against it segment group by segment group.",
    )
    presplit = st.checkbox("The reference has one segment per line", key="ref_presplit")
    if up is None:
        return None, ""
    data = up.getvalue()
    beads = tuple((b.src, b.tgt) for b in store.beads(review_id))
    # Aligning the reference takes seconds: keep the result while the file and the review's pairs stay the same.
    key = (review_id, up.name, hash(data), presplit, hash(beads))
    cached = st.session_state.get("_reference")
    if cached is None or cached[0] != key:
        try:
            ref_doc = read_upload(data, up.name, info.tgt_lang, presplit=presplit)
            with st.spinner("Aligning the reference to the source…"):
                report = review_reference(store, review_id, ref_doc, get_encoder(info.model or "bundled"))
        except AlignError as exc:
            st.error(md_escape(str(exc)))
            return None, ""
        cached = (key, report)
        st.session_state["_reference"] = cached
    return cached[1], up.name


def quality_view(store: ReviewStore, review_id: int) -> None:
    import altair as alt

    from align.mqm import CJK_CHARS_PER_WORD, DEFAULT_WEIGHTS
    from align.review_quality import category_counts, quality_bytes, review_quality, severity_counts

    st.markdown(
        "**MQM score**: error penalty points per 1,000 source words of the evaluated pairs (marked correct, "
        "marked with errors, or post-edited); each error counts its severity's weight. Source words: words "
        f"between spaces; for Japanese, Chinese and Korean one word per {CJK_CHARS_PER_WORD:g} characters."
    )
    cols = st.columns(len(SEVERITIES))
    weights = {
        sev: float(col.number_input(f"Weight: {sev}", 0.0, 1000.0, DEFAULT_WEIGHTS[sev], step=1.0, key=f"w_{sev}"))
        for sev, col in zip(SEVERITIES, cols, strict=True)
    }
    with st.expander("Reference translation: score the translation against a human one"):
        reference, ref_name = reference_upload(store, review_id)
    report = review_quality(store, review_id, weights=weights, reference=reference, reference_name=ref_name)
    m = report.mqm
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("MQM penalty per 1,000 source words", f"{m.per_thousand_words:.2f}")
    c2.metric("Penalty points", f"{m.penalty:g}")
    c3.metric("Source words evaluated", f"{m.source_words} of {report.document_source_words}")
    c4.metric("Pairs evaluated", f"{report.evaluated_beads} of {report.beads}")
    if not report.evaluated_beads:
        st.info("No pair is evaluated yet: mark pairs correct or record errors, and the score appears here.")
    cats = pd.DataFrame(
        [(ERROR_CATEGORIES.get(c, c), n) for c, n in category_counts(m).items()], columns=["category", "errors"]
    )
    sevs = pd.DataFrame(list(severity_counts(m).items()), columns=["severity", "errors"])
    g1, g2 = st.columns([3, 2])
    g1.altair_chart(
        alt.Chart(cats)
        .mark_bar()
        .encode(
            x=alt.X("errors:Q", title="errors", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y(
                "category:N", sort=list(cats["category"]), title=None, axis=alt.Axis(labelOverlap=False, labelLimit=260)
            ),
            tooltip=["category", "errors"],
        )
        .properties(title="Errors by category", height=300),
        width="stretch",
    )
    g2.altair_chart(
        alt.Chart(sevs)
        .mark_bar()
        .encode(
            x=alt.X("severity:N", sort=list(SEVERITIES), title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("errors:Q", title="errors", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color("severity:N", sort=list(SEVERITIES), scale=alt.Scale(scheme="orangered"), legend=None),
            tooltip=["severity", "errors"],
        )
        .properties(title="Errors by severity", height=300),
        width="stretch",
    )

    st.markdown(
        "**Post-edits**: the translation as aligned against the reviewers' post-edits. HTER is the edit rate "
        "(TER, lower is better); BLEU and chrF are 0–100, higher is better."
    )
    pe = report.post_edit
    if pe is None:
        st.info("No post-edits yet: save a post-edit on a pair and its HTER, BLEU and chrF appear here.")
    else:
        p1, p2, p3, p4 = st.columns(4)
        p1.metric("HTER (document)", f"{pe.hter:.2f}")
        p2.metric("BLEU (document)", f"{pe.document.bleu:.2f}")
        p3.metric("chrF (document)", f"{pe.document.chrf:.2f}")
        p4.metric("Post-edited pairs changed", f"{pe.edited_share:.0%} of {len(report.post_edit_beads)}")
        st.dataframe(
            pd.DataFrame(
                {
                    "bead": [b.bead for b in report.post_edit_beads],
                    "HTER": [b.scores.ter for b in report.post_edit_beads],
                    "BLEU": [b.scores.bleu for b in report.post_edit_beads],
                    "chrF": [b.scores.chrf for b in report.post_edit_beads],
                    "translation": [b.mt for b in report.post_edit_beads],
                    "post-edit": [b.post_edit for b in report.post_edit_beads],
                }
            ),
            hide_index=True,
            width="stretch",
            key="pe_table",
            column_config={
                "HTER": st.column_config.NumberColumn(format="%.2f"),
                "BLEU": st.column_config.NumberColumn(format="%.2f"),
                "chrF": st.column_config.NumberColumn(format="%.2f"),
            },
        )
        st.caption("sacrebleu signatures (document figures; per-pair BLEU uses effective order):")
        st.code(
            "\n".join(f"{k}: {v}" for k, v in pe.document.signatures.items())
            + f"\nsentence bleu: {report.post_edit_beads[0].scores.signatures['bleu']}",
            language=None,
        )

    if reference is not None:
        s = reference.scores
        st.markdown("**Against the reference translation** (corpus scores over the joined segment groups)")
        r1, r2, r3, r4 = st.columns(4)
        r1.metric("BLEU", f"{s.bleu:.2f}")
        r2.metric("chrF", f"{s.chrf:.2f}")
        r3.metric("TER", f"{s.ter:.2f}")
        r4.metric("Segment groups", str(len(reference.segments)))
        st.code("\n".join(f"{k}: {v}" for k, v in s.signatures.items()), language=None)
        worst = pd.DataFrame(
            {
                "chrF": reference.chrf,
                "translation": reference.mt_texts,
                "reference": reference.ref_texts,
                "source sentences": [" ".join(map(str, g.src)) for g in reference.segments],
            }
        ).sort_values("chrF", kind="stable")
        st.caption("Segment groups, lowest chrF first:")
        st.dataframe(worst.head(200), hide_index=True, width="stretch", key="ref_table")

    info = store.review(review_id)
    stem = re.sub(r"[^\w.-]+", "_", info.name).strip("_")[:60] or "review"
    d1, d2 = st.columns(2)
    d1.download_button(
        "Download quality report (JSON)",
        quality_bytes(report, "json"),
        file_name=f"{stem}.quality.json",
        mime="application/json",
        key="dl_quality_json",
        on_click="ignore",
    )
    d2.download_button(
        "Download quality figures (CSV)",
        quality_bytes(report, "csv"),
        file_name=f"{stem}.quality.csv",
        mime="text/csv",
        key="dl_quality_csv",
        on_click="ignore",
    )
    st.markdown("The same from a script:")
    st.code(f"python -m align quality --db {store.path} --review {review_id} -o {stem}.quality.json", language="bash")


# -- export -------------------------------------------------------------------------------------


def export_view(store: ReviewStore, review_id: int) -> None:
    from align.exporters import table_bytes

    info = store.review(review_id)
    stem = re.sub(r"[^\w.-]+", "_", info.name).strip("_")[:60] or "review"
    st.markdown(
        "**CSV**: one row per pair with the review columns `status`, `error_category`, `severity`, `comment`, "
        "`post_edit`, `reviewer`, `updated_at`. A pair with several errors lists them in order, separated by "
        "` | ` (the 2nd category goes with the 2nd severity and 2nd comment). Cells that a spreadsheet would "
        "run as a formula are prefixed with `'`."
    )
    excel = st.checkbox("Excel-friendly CSV (UTF-8 with BOM)", key="excel")
    table = store.review_table(review_id)
    st.download_button(
        "Download CSV",
        table_bytes(table, "csv", excel=excel),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key="dl_csv",
        on_click="ignore",
    )
    st.markdown(
        "**TMX**: the pairs marked correct, and post-edited pairs with the post-edit as target, "
        "for a translation memory."
    )
    tmx = store.tmx_table(review_id)
    if tmx.empty:
        st.info("No pair is marked correct or post-edited yet, so there is nothing for a TMX.")
    else:
        st.download_button(
            f"Download TMX ({len(tmx)} units)",
            table_bytes(tmx, "tmx"),
            file_name=f"{stem}.tmx",
            mime="application/x-tmx+xml",
            key="dl_tmx",
            on_click="ignore",
        )
    st.markdown("The same from a script:")
    st.code(f"python -m align export --db {store.path} --review {review_id} -o {stem}.csv", language="bash")


# -- page ---------------------------------------------------------------------------------------


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


main()
