"""The quality view: MQM score, post-edit scores, and scores against an uploaded reference."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from align.errors import AlignError
from align.mqm import ERROR_CATEGORIES, SEVERITIES
from align.review_start import MAX_UPLOAD_BYTES, read_upload
from align.review_store import ReviewStore
from review_app.state import get_encoder, md_escape


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
    st.code(
        f"python -m align quality --db {store.display} --review {review_id} -o {stem}.quality.json", language="bash"
    )
