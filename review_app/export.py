"""The export view: the review as CSV and as TMX."""

from __future__ import annotations

import re

import streamlit as st

from align.review_store import REVIEW_COLUMNS, ReviewStore


def export_view(store: ReviewStore, review_id: int) -> None:
    from align.exporters import sort_table, table_bytes

    info = store.review(review_id)
    stem = re.sub(r"[^\w.-]+", "_", info.name).strip("_")[:60] or "review"
    columns = ", ".join(f"`{c}`" for c in REVIEW_COLUMNS)
    st.markdown(
        f"**CSV**: one row per pair, the same file as `python -m align export` writes, with the review columns "
        f"{columns}. A pair with several errors lists them in each error column in the order they were added, "
        "separated by ` | ` (the 2nd category goes with the 2nd severity, comment, `error_reviewer` who added it, "
        "`error_span` such as `tgt:12-25`, offsets into the row's text, and `error_text`, the words it covers). "
        "Cells that a spreadsheet would run as a formula are prefixed with `'`."
    )
    excel = st.checkbox("Excel-friendly CSV (UTF-8 with BOM)", key="excel")
    table = sort_table(store.review_table(review_id), "document")  # as the command line writes it
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
    tmx, left_out = store.tmx_export(review_id)
    if tmx.empty and left_out:
        # The reason, not only the fact: the approved work is there, but none of it can be a translation unit.
        only = "the only approved pair has" if left_out == 1 else f"the only approved pairs ({left_out}) have"
        st.warning(
            f"Nothing to export as TMX: {only} an empty side (1-0 or 0-1), and a translation "
            "unit needs a source and a target. A post-edit written for a pair without a target puts it in."
        )
    elif left_out:
        st.warning(
            f"{left_out} approved pair{'s are' if left_out != 1 else ' is'} left out of the TMX: a side is empty "
            "(a translation unit needs both; a post-edit written for a pair without a target puts it in)."
        )
    elif tmx.empty:
        st.info("No pair with both sides is marked correct or post-edited yet, so there is nothing for a TMX.")
    if not tmx.empty:
        st.download_button(
            f"Download TMX ({len(tmx)} units)",
            table_bytes(tmx, "tmx"),
            file_name=f"{stem}.tmx",
            mime="application/x-tmx+xml",
            key="dl_tmx",
            on_click="ignore",
        )
    st.markdown("The same from a script:")
    st.code(f"python -m align export --db {store.display} --review {review_id} -o {stem}.csv", language="bash")
