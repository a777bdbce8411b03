"""The MQM-style error typology reviewers annotate with, and the penalty score it yields.

Categories follow the MQM core (accuracy, fluency, terminology, style, locale convention) at the
granularity translation reviewers actually use; weights are the usual minor 1 / major 5 /
critical 25, configurable per call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from align.types import Annotation

#: category code → human label. Codes are "dimension/subtype" so reports can roll up by dimension.
ERROR_CATEGORIES: dict[str, str] = {
    "accuracy/mistranslation": "Accuracy · mistranslation",
    "accuracy/omission": "Accuracy · omission",
    "accuracy/addition": "Accuracy · addition",
    "accuracy/untranslated": "Accuracy · untranslated",
    "fluency/grammar": "Fluency · grammar",
    "fluency/spelling": "Fluency · spelling",
    "fluency/punctuation": "Fluency · punctuation",
    "terminology": "Terminology",
    "style": "Style",
    "locale-convention": "Locale convention (numbers, dates, ...)",
    "other": "Other",
}

SEVERITIES: tuple[str, ...] = ("minor", "major", "critical")

DEFAULT_WEIGHTS: dict[str, float] = {"minor": 1.0, "major": 5.0, "critical": 25.0}


def dimension(category: str) -> str:
    """``"accuracy/omission"`` → ``"accuracy"``."""
    return category.split("/", 1)[0]


@dataclass(frozen=True)
class MQMScore:
    """Penalty points per 1,000 source words, with the counts behind them."""

    penalty: float
    per_thousand_words: float
    source_words: int
    by_category: dict[str, int]
    by_severity: dict[str, int]


def mqm_score(
    annotations: Iterable[Annotation], source_words: int, weights: Mapping[str, float] | None = None
) -> MQMScore:
    """Sum of severity weights over all annotations, normalised per 1,000 source words."""
    w = dict(DEFAULT_WEIGHTS if weights is None else weights)
    anns = list(annotations)
    unknown = {a.severity for a in anns} - set(w)
    if unknown:
        raise ValueError(f"no weight for severity {sorted(unknown)}; weights are given for {sorted(w)}")
    penalty = float(sum(w[a.severity] for a in anns))
    per_k = 1000.0 * penalty / source_words if source_words > 0 else 0.0
    return MQMScore(
        penalty=penalty,
        per_thousand_words=per_k,
        source_words=source_words,
        by_category=dict(Counter(a.category for a in anns)),
        by_severity=dict(Counter(a.severity for a in anns)),
    )
