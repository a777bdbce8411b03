"""Language identification, offline (py3langid ships its model), with script rules first.

Script rules settle the cases a character-n-gram model gets wrong on short or mixed text:
any kana means Japanese, Hangul means Korean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

#: Languages written without spaces between words (sentence ends, word counts, tokenisers differ).
CJK_LANGS = frozenset({"ja", "zh", "ko"})


def base_language(code: str) -> str:
    """``"ja-JP"`` / ``"zh_TW"`` / ``"IT"`` → ``"ja"`` / ``"zh"`` / ``"it"``."""
    return (code or "").lower().split("-")[0].split("_")[0]


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=8)
def _identifier(langs: tuple[str, ...] | None):  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if langs:
        ident.set_languages(list(langs))
    return ident


def detect_language(text: str, candidates: Iterable[str] | None = None) -> str:
    """ISO 639-1 code of ``text``'s language; ``candidates`` restricts the answer."""
    cands = tuple(sorted(candidates)) if candidates else None
    sample = text[:20000]
    kana, hangul, han = len(_KANA.findall(sample)), len(_HANGUL.findall(sample)), len(_HAN.findall(sample))
    letters = sum(ch.isalpha() for ch in sample) or 1
    if (kana + hangul + han) / letters > 0.2 and (cands is None or {"ja", "ko", "zh"} & set(cands)):
        if kana > 0.02 * (kana + han) and (cands is None or "ja" in cands):
            return "ja"
        if hangul > han and (cands is None or "ko" in cands):
            return "ko"
        if cands is None or "zh" in cands:
            return "zh"
    lang, _prob = _identifier(cands).classify(sample)
    return str(lang)


def language_probability(text: str, lang: str, candidates: Iterable[str]) -> float:
    """Probability that ``text`` is in ``lang`` when it must be one of ``candidates``."""
    ranked = dict(_identifier(tuple(sorted(candidates))).rank(text))
    return float(ranked.get(lang, 0.0))
