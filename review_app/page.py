"""The page: sidebar, header, the view switch, and the review view's parts in order."""

from __future__ import annotations

import hashlib

import streamlit as st

from align.review_start import CORPORA, ensure_seed_review
from align.review_store import ReviewStore
from review_app import jobs
from review_app.bead_panel import bead_detail
from review_app.drafts import end_run, keep_drafts
from review_app.export import export_view
from review_app.focus import focus_return
from review_app.heat_map import heat_map
from review_app.login import gate, may
from review_app.navigation import filters
from review_app.quality import quality_view
from review_app.sidebar import sidebar
from review_app.state import bead_frame, db_path, get_encoder, get_store, go_to, md_escape, show_flash
from review_app.table import bead_table
from review_app.versions_view import set_view, versions_sidebar

# Room for the review: less padding above the page and between elements than Streamlit's defaults, so
# that the table, the open bead, its flags, errors, verdict and navigation fit in 1280 x 720.
_COMPACT_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 3rem 1.5rem 1rem 1.5rem; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p { margin-bottom: 0; }
/* Streamlit pulls a markdown block up by the paragraph margin set to 0 above (-1rem): the next element was drawn
   over its last line (a flag's note over the bead's header, the export's notice over "TMX: ...", the filters
   against a review title on two lines). */
[data-testid="stMain"] [data-testid="stMarkdownContainer"] { margin-bottom: 0 !important; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { line-height: 1.3; }
section[data-testid="stSidebar"] { width: 250px !important; min-width: 250px !important; }
/* In that narrow sidebar the "Open review" list wraps long review names instead of cutting them (its list is drawn
   outside the sidebar, so it is found by its label). */
[role="listbox"][aria-label="Open review"] [role="option"] { height: auto; }
[role="listbox"][aria-label="Open review"] [role="option"] > div {
  height: auto; white-space: normal; overflow-wrap: anywhere; text-overflow: clip;
}
[data-testid="stSidebar"] [data-testid="stProgress"] p { overflow-wrap: anywhere; }
.st-key-focus_return { display: none; }
/* The review's title on one line at 1280 px where its name allows: on two it needed 16 px that the table and the
   open bead do not have (it was drawn over the filters instead, before markdown blocks got their real height). */
.st-key-review_title p { font-size: 0.9rem; }
/* The alignment tools' labels wrap in their narrow columns instead of being cut ("Detach first so…"). */
.st-key-fix_tools button { height: auto; }
.st-key-fix_tools button * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
/* The Status filter's choices whole: its chips wrap onto more lines in the box instead of being cut to "○ u…" and
   scrolled sideways out of sight (its column is the widest of its row for the same reason: navigation.filters). */
.st-key-f_status [data-testid="stMultiSelectTagsContainer"] {
  flex-wrap: wrap; height: auto; max-height: none; overflow: visible; flex: 1 1 0; min-width: 0; width: auto;
}
.st-key-f_status div:has(> [data-testid="stMultiSelectTagsContainer"]) { height: auto; max-height: none; }
/* No "clear all" beside them (each chip has its ×): its room let a chip's label be whole at 1280 px; the chips
   pushed it and the list's arrow out over the Score slider. */
.st-key-f_status div:has(> [data-testid="stMultiSelectTagsContainer"]) > button:not(:last-child) { display: none; }
.st-key-f_status [data-testid="stMultiSelectTagsContainer"] span:has(> button) { max-width: none; }
.st-key-f_status [data-testid="stMultiSelectTagsContainer"] span:has(> button) > span {
  overflow: visible; text-overflow: clip;
}
/* The open bead below its verdict and navigation rows: bounded by the window, scrolling inside itself. */
.st-key-bead_body { max-height: calc(100vh - 215px); overflow-y: auto; overflow-x: hidden; flex-wrap: nowrap; }
</style>
"""


#: Characters of a review's name in the title line.
TITLE_CHARS = 70


def compact_page() -> None:
    st.html(_COMPACT_CSS)
    focus_return()


def main() -> None:
    st.set_page_config(page_title="Align Workbench · review", page_icon="🔗", layout="wide")
    keep_drafts()  # first: what was typed reaches the server with this run, before any view changes
    review_page()
    end_run()
    # A message is for the run right after its action; one that no view showed must not turn up later. Only
    # a run that got to the end drops them: one cut short by the next (a click while it ran) never drew them.
    st.session_state.pop("flash", None)


def seed_review(store: ReviewStore) -> None:
    """A fresh database: the sample review is aligned for the first review, once however many browsers open it (one
    background job per database), and opened when it is ready."""
    show_flash()  # what the last action said (a deleted set's message, when it took the last reviews with it)
    job_id = "seed-" + hashlib.sha1(str(db_path()).encode()).hexdigest()[:10]
    job = jobs.get(job_id)
    if job is not None and job.error is not None:
        st.error(md_escape(f"Could not align the sample from {CORPORA}: {job.error}"))
        st.button("Try again", on_click=jobs.forget, args=(job_id,))
        return
    encoder = get_encoder("bundled")
    job = jobs.start(
        "Aligning the sample article (Japanese ↔ Italian) for your first review",
        "review",
        lambda report: ensure_seed_review(store, encoder, report),
        job_id=job_id,
        # Nothing to go on reviewing yet (the default note offered it on a new user's first screen).
        note="Runs on the server, once for every browser: your first review opens by itself when it is ready.",
    )
    if job.error is None:
        jobs.follow(job)
        jobs.progress_view()


def review_page() -> None:
    store = gate(get_store(str(db_path())))  # with accounts: the login form, or the store as the account may use it
    if store is None:
        return
    review_id = sidebar(store)
    set_id = versions_sidebar(store)
    compact_page()
    jobs.progress_view()  # an alignment this browser started, running in the background
    if set_id is not None:
        set_view(store, set_id)
        return
    if review_id is None and not may("create"):
        st.info("No review is assigned to you yet: an admin assigns them.")
        return
    if review_id is None:
        seed_review(store)
        return
    info = store.review(review_id)
    # The title gets the room the view switch does not need: at 1280 px a half width put it on two lines.
    head, switch = st.columns([3, 2], vertical_alignment="center")
    # A long name is cut here (whole in the tooltip and the sidebar): in full it took five lines at 1440 px and
    # pushed the view switch and the review down.
    name = info.name if len(info.name) <= TITLE_CHARS else info.name[: TITLE_CHARS - 1] + "…"
    head.container(key="review_title").markdown(
        f"**{md_escape(name)}** · {md_escape(info.src_lang)} → {md_escape(info.tgt_lang)} · "
        f"{info.reviewed}/{info.beads} reviewed, {info.with_errors} with errors",
        help=f"{md_escape(info.name)}. Model {md_escape(info.model)}. Each row pairs source sentences with the "
        "target sentences the "
        "aligner matched to them (a *bead*); "
        "the score colour is the aligner's confidence, red is doubtful. For each pair: mark it correct, or "
        "add the translation errors you find (category, severity, comment), optionally with a post-edit. "
        "If sentences are paired wrongly, fix the alignment. Everything is saved immediately. "
        "Keys: A correct and next, E has errors, J/K next/previous, N next unreviewed, L next likely error, Z undo.",
    )
    view = switch.radio(
        "View",
        ["Review pairs", "Heat map", "Quality", "Export"] if may("export") else ["Review pairs", "Heat map", "Quality"],
        key="view",
        horizontal=True,
        label_visibility="collapsed",
    )
    show_flash()
    frame = bead_frame(store, info)
    if frame.empty:
        st.warning("This review has no pairs.")
        return
    s = st.session_state
    if s.get("_review_shown") != review_id:
        # A reload (a new session) comes back to the review and bead its address names; another review opens
        # at its first bead.
        first_here = "_review_shown" not in s and st.query_params.get("review") == str(review_id)
        s["_review_shown"] = review_id
        bead = st.query_params.get("bead", "")
        go_to(int(bead) if first_here and bead.isdigit() else 0)
    s["bead"] = min(s.get("bead", 0), len(frame) - 1)
    # The open review and bead are kept in the address (?review=ID&bead=N), as the reviewer's name is.
    if st.query_params.get("review") != str(review_id) or st.query_params.get("bead") != str(s["bead"]):
        st.query_params.update({"review": str(review_id), "bead": str(s["bead"])})
    if view == "Export":
        export_view(store, review_id)
        return
    if view == "Quality":
        quality_view(store, review_id)
        return
    # The beads (filters, then table or heat map) beside the open bead: the panel, its verdict buttons
    # first, stays on screen while the list scrolls inside its own box.
    left, right = st.columns([8, 11], gap="medium")
    with left:
        shown = filters(frame)
        if view == "Heat map":
            heat_map(store, review_id, frame)
        else:
            bead_table(store, review_id, frame, shown)
    with right:
        bead_detail(store, review_id, frame, shown)
