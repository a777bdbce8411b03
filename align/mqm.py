"""The MQM-style error typology reviewers annotate with, and the penalty score it yields.

Categories follow the MQM core (accuracy, fluency, terminology, style, locale convention) at the
granularity translation reviewers actually use; weights are the usual minor 1 / major 5 /
critical 25, configurable per call (:func:`parse_weights` reads ``"minor=1,major=5,critical=25"``).

The score is penalty points per 1,000 source words. Source words (:func:`source_words`) are counted
by one fixed convention, so scores of different languages stay comparable:

- space-separated languages: whitespace-separated tokens holding at least one letter or digit
  (punctuation alone is not a word; "3,4" and "dell'AGI" are one word each);
- Japanese, Chinese and Korean (``ja``, ``zh``, ``ko``): every Han, kana or Hangul character counts
  as 1 / 2.5 of a word (:data:`CJK_CHARS_PER_WORD`; the translation industry's usual
  character-to-word ratio for these languages), rounded once for the whole text, plus one word per
  run of other letters or digits in it ("OpenAI", "2024"). Counting characters keeps the figure
  independent of a tokenizer's dictionary version, which MeCab word counts are not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from align.langid import CJK_LANGS as _CJK_LANGS
from align.langid import base_language
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

#: Han, kana or Hangul characters per source word for ``ja``/``zh``/``ko`` (see the module docstring).
CJK_CHARS_PER_WORD = 2.5
# Han (with extension A and compatibility ideographs), hiragana, katakana (full and half width; not the
# ・ separator), Hangul.
_CJK_CHAR = re.compile(
    "[\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"
)
# A whitespace-separated token with at least one letter or digit.
_WORD = re.compile(r"\S*[^\W_]\S*")
# In CJK text: a run of letters/digits that are not CJK characters (Latin names, numbers).
_NON_CJK_RUN = re.compile(r"(?:(?![\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])[^\W_])+")


def source_words(text: str, lang: str) -> int:
    """Source words of ``text`` in language ``lang`` by the convention in the module docstring."""
    base = base_language(lang)
    if base not in _CJK_LANGS:
        return len(_WORD.findall(text))
    cjk = len(_CJK_CHAR.findall(text))
    return round(cjk / CJK_CHARS_PER_WORD) + len(_NON_CJK_RUN.findall(text))


def parse_weights(spec: str) -> dict[str, float]:
    """``"minor=1,major=5,critical=25"`` → severity weights; severities left out keep their default."""
    weights = dict(DEFAULT_WEIGHTS)
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep or name not in SEVERITIES:
            raise ValueError(f"bad weight {part!r}: write severity=number with severity one of {', '.join(SEVERITIES)}")
        try:
            weights[name] = float(value)
        except ValueError:
            raise ValueError(f"bad weight {part!r}: {value.strip()!r} is not a number") from None
        if not weights[name] >= 0:
            raise ValueError(f"bad weight {part!r}: weights must be 0 or more")
    return weights


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
    #: The severity weights the penalty was computed with.
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))


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
        weights=w,
    )
