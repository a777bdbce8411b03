"""Quality figures of one stored review: MQM penalty, post-edit metrics (HTER) and reference scores.

What the app's Quality view and ``python -m align quality`` both show and export. A bead counts as
evaluated when a reviewer marked it (correct or has errors) or post-edited it; the MQM penalty is
normalised by the source words of the evaluated beads, because unread beads say nothing about errors.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from align.errors import AlignError
from align.exporters import is_sink
from align.mqm import ERROR_CATEGORIES, SEVERITIES, MQMScore, mqm_score, source_words
from align.quality import PostEditReport, ReferenceReport, Scores, post_edit_scores, reference_report
from align.types import Document, join_segments

if TYPE_CHECKING:
    from align.encoders.base import Encoder
    from align.review_store import ReviewStore


@dataclass(frozen=True)
class PostEditBead:
    """One post-edited bead: its position, the machine translation, the post-edit and their scores."""

    bead: int
    mt: str
    post_edit: str
    scores: Scores


@dataclass(frozen=True)
class ReviewQuality:
    review_id: int
    review_name: str
    src_lang: str
    tgt_lang: str
    beads: int
    evaluated_beads: int
    #: Source words of the whole document (the MQM figure uses only the evaluated beads' words).
    document_source_words: int
    mqm: MQMScore
    #: None until a reviewer saved a post-edit.
    post_edit: PostEditReport | None
    post_edit_beads: list[PostEditBead]
    reference: ReferenceReport | None = None
    reference_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-ready data."""
        mqm = asdict(self.mqm) | {"document_source_words": self.document_source_words}
        out: dict[str, Any] = {
            "review": {
                "id": self.review_id,
                "name": self.review_name,
                "src_lang": self.src_lang,
                "tgt_lang": self.tgt_lang,
                "beads": self.beads,
                "evaluated_beads": self.evaluated_beads,
            },
            "mqm": mqm,
            "post_edit": None,
            "reference": None,
        }
        if self.post_edit is not None:
            doc = self.post_edit.document
            out["post_edit"] = {
                "beads": len(self.post_edit_beads),
                "edited_share": self.post_edit.edited_share,
                "hter": doc.ter,
                "bleu": doc.bleu,
                "chrf": doc.chrf,
                "signatures": doc.signatures,
                "sentence_signatures": self.post_edit_beads[0].scores.signatures,
                "per_bead": [
                    {
                        "bead": b.bead,
                        "bleu": b.scores.bleu,
                        "chrf": b.scores.chrf,
                        "ter": b.scores.ter,
                        "mt": b.mt,
                        "post_edit": b.post_edit,
                    }
                    for b in self.post_edit_beads
                ],
            }
        if self.reference is not None:
            s = self.reference.scores
            out["reference"] = {
                "name": self.reference_name,
                "segments": len(self.reference.segments),
                "bleu": s.bleu,
                "chrf": s.chrf,
                "ter": s.ter,
                "signatures": s.signatures,
            }
        return out

    def figures(self) -> pd.DataFrame:
        """Every figure as one row: section, bead (post-edited beads only), metric, value, signature."""
        rows: list[tuple[str, int | None, str, float, str]] = []
        m = self.mqm
        rows += [
            ("mqm", None, "per_thousand_words", m.per_thousand_words, ""),
            ("mqm", None, "penalty", m.penalty, ""),
            ("mqm", None, "source_words", m.source_words, ""),
            ("mqm", None, "document_source_words", self.document_source_words, ""),
            ("mqm", None, "evaluated_beads", self.evaluated_beads, ""),
        ]
        rows += [("mqm", None, f"weight:{k}", v, "") for k, v in m.weights.items()]
        rows += [("mqm", None, f"severity:{k}", n, "") for k, n in severity_counts(m).items()]
        rows += [("mqm", None, f"category:{k}", n, "") for k, n in category_counts(m).items()]
        if self.post_edit is not None:
            doc = self.post_edit.document
            rows += [
                ("post_edit", None, "hter", doc.ter, doc.signatures["ter"]),
                ("post_edit", None, "bleu", doc.bleu, doc.signatures["bleu"]),
                ("post_edit", None, "chrf", doc.chrf, doc.signatures["chrf"]),
                ("post_edit", None, "edited_share", self.post_edit.edited_share, ""),
            ]
            for b in self.post_edit_beads:
                sig = b.scores.signatures
                rows += [
                    ("post_edit_bead", b.bead, "ter", b.scores.ter, sig["ter"]),
                    ("post_edit_bead", b.bead, "bleu", b.scores.bleu, sig["bleu"]),
                    ("post_edit_bead", b.bead, "chrf", b.scores.chrf, sig["chrf"]),
                ]
        if self.reference is not None:
            s = self.reference.scores
            rows += [
                ("reference", None, "bleu", s.bleu, s.signatures["bleu"]),
                ("reference", None, "chrf", s.chrf, s.signatures["chrf"]),
                ("reference", None, "ter", s.ter, s.signatures["ter"]),
                ("reference", None, "segments", len(self.reference.segments), ""),
            ]
        frame = pd.DataFrame(rows, columns=["section", "bead", "metric", "value", "signature"])
        frame["bead"] = frame["bead"].astype("Int64")
        return frame

    def summary(self) -> list[str]:
        """The report as short text lines (what the command line prints)."""
        m = self.mqm
        weights = ", ".join(f"{k} {v:g}" for k, v in m.weights.items())
        lines = [
            f"review {self.review_id} ({self.review_name}), {self.src_lang}→{self.tgt_lang}: "
            f"{self.evaluated_beads}/{self.beads} beads evaluated",
            (
                f"MQM: {m.per_thousand_words:.2f} penalty points per 1,000 source words "
                f"({m.penalty:g} points over {m.source_words} source words evaluated, of "
                f"{self.document_source_words}; weights {weights})"
                if self.evaluated_beads
                else "MQM: no bead evaluated yet (mark beads correct or record errors first)"
            ),
            "  by severity: " + ", ".join(f"{k} {n}" for k, n in severity_counts(m).items()),
            "  by category: " + (", ".join(f"{k} {n}" for k, n in m.by_category.items()) or "no errors recorded"),
        ]
        if self.post_edit is None:
            lines.append("post-edit: no post-edits yet, so no HTER/BLEU/chrF against post-edits")
        else:
            d = self.post_edit.document
            lines += [
                f"post-edit ({len(self.post_edit_beads)} beads, {self.post_edit.edited_share:.0%} changed): "
                f"HTER {d.ter:.2f}  BLEU {d.bleu:.2f}  chrF {d.chrf:.2f}",
                *(f"  {k}: {sig}" for k, sig in d.signatures.items()),
            ]
        if self.reference is not None:
            s = self.reference.scores
            lines += [
                f"reference {self.reference_name} ({len(self.reference.segments)} joined segments): "
                f"BLEU {s.bleu:.2f}  chrF {s.chrf:.2f}  TER {s.ter:.2f}",
                *(f"  {k}: {sig}" for k, sig in s.signatures.items()),
            ]
        return lines


def category_counts(mqm: MQMScore) -> dict[str, int]:
    """Errors per category, every category of the typology (zeros included) in its order; unknown ones last."""
    extra = {c: n for c, n in mqm.by_category.items() if c not in ERROR_CATEGORIES}
    return {c: mqm.by_category.get(c, 0) for c in ERROR_CATEGORIES} | extra


def severity_counts(mqm: MQMScore) -> dict[str, int]:
    """Errors per severity, minor → critical, zeros included."""
    return {s: mqm.by_severity.get(s, 0) for s in SEVERITIES}


def review_quality(
    store: ReviewStore,
    review_id: int,
    *,
    weights: Mapping[str, float] | None = None,
    reference: ReferenceReport | None = None,
    reference_name: str = "",
) -> ReviewQuality:
    """The review's MQM score and post-edit metrics (plus ``reference`` scores when given)."""
    info = store.review(review_id)
    src, tgt = store.documents(review_id)
    rows = store.beads(review_id)
    evaluated = [b for b in rows if b.status != "unreviewed" or b.post_edit.strip()]
    words = source_words("\n".join(join_segments(src, b.src) for b in evaluated), src.lang)
    mqm = mqm_score(store.review_annotations(review_id), words, weights)
    edited = [b for b in rows if b.post_edit.strip()]
    post_edit: PostEditReport | None = None
    per_bead: list[PostEditBead] = []
    if edited:
        mt = [join_segments(tgt, b.tgt) for b in edited]
        pe = [b.post_edit for b in edited]
        post_edit = post_edit_scores(mt, pe, tgt.lang)
        per_bead = [
            PostEditBead(b.position, h, r, s) for b, h, r, s in zip(edited, mt, pe, post_edit.per_bead, strict=True)
        ]
    return ReviewQuality(
        review_id=review_id,
        review_name=info.name,
        src_lang=src.lang,
        tgt_lang=tgt.lang,
        beads=len(rows),
        evaluated_beads=len(evaluated),
        document_source_words=source_words("\n".join(src.texts), src.lang),
        mqm=mqm,
        post_edit=post_edit,
        post_edit_beads=per_bead,
        reference=reference,
        reference_name=reference_name,
    )


def review_reference(store: ReviewStore, review_id: int, reference: Document, encoder: Encoder) -> ReferenceReport:
    """Scores of the review's target (as the machine translation) against a human ``reference`` document.

    ``encoder`` should be the model the review was aligned with: its vectors are in the cache.
    """
    if not reference.segments:
        raise AlignError(f"{reference.name}: the reference is empty")
    try:
        return reference_report(store.alignment(review_id), reference, encoder)
    except ValueError as exc:
        raise AlignError(str(exc)) from None


def quality_bytes(report: ReviewQuality, fmt: str) -> bytes:
    """The report as a ``"json"`` document or a ``"csv"`` table of :meth:`ReviewQuality.figures`."""
    if fmt == "json":
        return (json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "csv":
        from align.exporters import table_bytes

        return table_bytes(report.figures(), "csv")
    raise AlignError(f"unknown report format {fmt!r}; use json or csv")


def write_quality(report: ReviewQuality, path: str | os.PathLike[str]) -> None:
    """Write the report to a .json or .csv file (the extension picks the format), or JSON to a sink such as
    ``/dev/null`` (written in place, see :func:`align.exporters.is_sink`)."""
    p = Path(path)
    fmt = p.suffix.lower().lstrip(".")
    if fmt not in ("json", "csv") and is_sink(p):
        fmt = "json"
    if fmt not in ("json", "csv"):
        raise AlignError(f"{path}: the report is written as .json or .csv")
    if not p.parent.exists():
        raise AlignError(f"{path}: folder {p.parent} does not exist")
    p.write_bytes(quality_bytes(report, fmt))
