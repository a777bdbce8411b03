"""The sidebar: the reviewer's name, the reviews with their progress, and the new-review form."""

from __future__ import annotations

import streamlit as st

from align.errors import AlignError
from align.review_start import (
    MAX_UPLOAD_BYTES,
    corpus_files,
    read_corpus_pair,
    read_upload,
    review_name,
    start_review,
)
from align.review_store import ReviewStore
from review_app import jobs
from review_app.login import account_box, assignment_box, may
from review_app.state import NAME_FIELD, flash, get_encoder, md_escape
from review_app.versions_view import review_box_in_set


def sidebar(store: ReviewStore) -> int | None:
    with st.sidebar:
        if not account_box(store):  # with accounts, the account is the reviewer: no name to type
            reviewer_name()
        st.subheader("Reviews")
        reviews = store.list_reviews()
        if not reviews:
            return None
        ids = [r.id for r in reviews]
        labels = {r.id: f"{r.name} — {r.reviewed}/{r.beads} reviewed, {r.with_errors} with errors" for r in reviews}
        if "_open_review" in st.session_state:
            st.session_state["review"] = st.session_state.pop("_open_review")
        elif "review" not in st.session_state:  # a reload opens the review the address names (?review=ID)
            st.session_state["review"] = _int_param("review")
            _say_why_not_opened(store, st.session_state["review"], ids, labels)
        if st.session_state.get("review") not in ids:
            st.session_state["review"] = ids[0]
        if not review_box_in_set(store, ids, labels):  # a version set's grid is shown: no pair's review is open
            st.selectbox("Open review", ids, key="review", format_func=labels.__getitem__)
        assignment_box(store, int(st.session_state["review"]))
        for r in reviews:
            # The text of a progress bar is markdown: a file name must not turn bold or into a link. The whole name,
            # wrapped: two long names cut at the sidebar's width could not be told apart.
            st.progress(r.progress, text=md_escape(f"{r.name}: {r.progress:.0%}"))
        # The form is drawn only on request: it is a dozen widgets that every page load would
        # otherwise send and render before the review itself.
        if may("create"):  # reviewers do not start reviews (the store refuses them too)
            if st.session_state.get("new_open"):
                st.subheader("New review")
                new_review_form(store)
                st.button("Cancel", key="new_cancel", on_click=st.session_state.update, kwargs={"new_open": False})
            else:
                st.button(
                    "Start a new review…",
                    key="new_open_btn",
                    on_click=st.session_state.update,
                    kwargs={"new_open": True},
                )
        if may("create"):  # the server's file or URL is for whoever runs it, not for a reviewer with an account
            where = str(store.path.resolve()) if store.path else store.display  # a file, or the server's URL
            st.caption(f"Database (every action is saved here at once): {md_escape(where)}")
        return int(st.session_state["review"])


def _say_why_not_opened(store: ReviewStore, wanted: int | None, ids: list[int], labels: dict[int, str]) -> None:
    """An address naming a review that does not exist, or (accounts) is not the reviewer's, opened another one
    without a word, the address rewritten: say so, and which review is shown instead."""
    if wanted is None or wanted in ids:
        return
    raw = getattr(store, "_store", store)  # with accounts: is the review there at all, or only not theirs?
    exists = any(r.id == wanted for r in raw.list_reviews())
    why = "is not assigned to you" if exists else "does not exist"
    flash("error", f"Review {wanted} {why}; shown instead: {labels[ids[0]]}.")


def reviewer_name() -> None:
    st.subheader("Reviewer")
    if "reviewer" not in st.session_state:
        st.session_state["reviewer"] = st.query_params.get("reviewer", "")
    st.text_input(
        NAME_FIELD,
        key="reviewer",
        on_change=_remember_reviewer,
    )
    st.caption("Kept in this page's address (?reviewer=…): reload or bookmark it; other browsers have their own.")


def _int_param(name: str) -> int | None:
    value = st.query_params.get(name, "")
    return int(value) if value.isdigit() else None


def _remember_reviewer() -> None:
    """The name belongs to this browser, not to the database: two reviewers in two browsers keep their own
    (one value in the database let the second overwrite the first, whose later changes were credited to them)."""
    name = st.session_state["reviewer"].strip()
    if name:
        st.query_params["reviewer"] = name
    else:
        st.query_params.pop("reviewer", None)


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
    st.checkbox(
        "One segment per line",
        key="new_presplit",
        help="The documents are already split: each line is one segment, kept as it is (the command line's "
        "--presplit). Off: the text is split into sentences.",
    )
    s = st.session_state
    running = jobs.running()  # this browser is aligning: a second start would align them twice
    if running:
        st.caption("Aligning the documents (see the main area): wait for it to finish before starting another.")
    if st.button("Align and start review", key="new_go", type="primary", disabled=running):
        if running:  # refused here too: a click that reached the server before the button was drawn disabled
            st.warning("An alignment is running already: wait for it to finish.")
            return
        presplit = bool(s.get("new_presplit"))
        try:
            if source == "corpora/ folder":
                src, tgt = read_corpus_pair(
                    s["new_src"], s["new_tgt"], s["new_src_lang"] or None, s["new_tgt_lang"] or None, presplit=presplit
                )
            else:
                up_s, up_t = s.get("new_src_up"), s.get("new_tgt_up")
                if up_s is None or up_t is None:
                    raise AlignError("choose both files first")
                src = read_upload(up_s.getvalue(), up_s.name, s["new_src_lang"] or None, presplit=presplit)
                tgt = read_upload(up_t.getvalue(), up_t.name, s["new_tgt_lang"] or None, presplit=presplit)
            encoder = get_encoder(s["new_model"] or "bundled")  # a model that cannot be loaded is refused here
        except AlignError as exc:
            st.error(md_escape(str(exc)))
            return
        reviewer = s.get("reviewer", "")

        def work(report: jobs.Progress) -> int:
            return start_review(store, src, tgt, encoder=encoder, reviewer=reviewer, on_progress=report)

        # In the background (review_app.jobs): a click anywhere while it ran threw a page-bound alignment away.
        jobs.follow(jobs.start(f"Aligning {review_name(src, tgt)}", "review", work))
        st.rerun()  # the button drawn disabled, the progress in the main area
