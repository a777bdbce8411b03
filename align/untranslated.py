"""The ``untranslated`` flag: a segment left in the other side's language, or in a third one.

Language identification alone is not enough evidence: names read as any language, so text in the source
language needs a CJK side, a function word of that language, or that language's own script.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from align.entities import word_zipf
from align.langid import CJK_LANGS, detect_language, language_batch, language_probability, language_script, script_share
from align.types import Flag

if TYPE_CHECKING:
    from align.flagging import FlagConfig

#: Languages a segment may be taken for when checking "neither expected language".
_OTHER_LANGS = ("en", "de", "fr", "it", "es", "pt", "nl", "ja", "zh", "ko", "ru")
_CJK = CJK_LANGS
#: Weight of an "untranslated" flag for a target in the source language (a third language weighs less).
COPIED_WEIGHT = 0.9


def is_copied(flag: Flag | None) -> bool:
    """Whether ``flag`` says a side is in the other side's language (not in a third one)."""
    return flag is not None and flag.weight == COPIED_WEIGHT


#: Beads whose texts are identified in one batch (:func:`~align.langid.language_batch`): memory stays small.
_BATCH_BEADS = 4096


def _letters(text: str) -> int:
    return sum(2 if "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" else 1 for c in text if c.isalpha())


_WORD = re.compile(r"[^\W\d_]+")
#: Zipf frequency of a language's function words (der, und, le, et: 6 and above); names stay far below.
_FUNCTION_WORD_ZIPF = 5.5


def has_function_word(text: str, lang: str, other: str) -> bool:
    """Whether ``text`` has a very frequent word of ``lang`` that is rarer in ``other``: a list of
    names ("Nanga Parbat , Cho Oyu , Gasherbrum") reads as any language and is no untranslated text."""
    for w in {m.group().lower() for m in _WORD.finditer(text)}:
        z = word_zipf(w, lang)
        if z >= _FUNCTION_WORD_ZIPF and z > word_zipf(w, other):
            return True
    return False


def untranslated_flag(src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, cfg: FlagConfig) -> Flag | None:
    """The target is in the source language, or confidently in a third one. Short segments (names,
    dates, URLs) are left alone: language identification means nothing on them.

    Text in the source language needs evidence beyond names, which read as any language: a CJK side, a
    function word of the source language, or the source's own script where the target language is written
    in another and the source's is not Latin (every document has names in Latin letters; a Thai sentence
    in an English translation, without spaces to find its function words by, is untranslated)."""
    if _letters(tgt_text) < cfg.untranslated_min_letters or src_lang == tgt_lang:
        return None
    got = detect_language(tgt_text, [src_lang, tgt_lang])
    own_script = language_script(src_lang) not in ("Latn", language_script(tgt_lang))
    cjk = src_lang in _CJK or tgt_lang in _CJK
    cands = sorted({src_lang, tgt_lang, *_OTHER_LANGS} - _CJK)
    # Told apart from the two expected languages only, a third one reads as the closer of them (French in an en→pl
    # pair as English, "a" its English word): where more languages name a third one, it gets that flag or none.
    # A target declared Chinese, Japanese or Korean and not in their scripts is flagged as before, on the model's
    # pick between the two; it is named as the likeliest of more languages (French given as zh-TW read as English).
    latin = tgt_lang in _CJK and max(script_share(tgt_text, x) for x in (src_lang, tgt_lang) if x in _CJK) < 0.5
    other = detect_language(tgt_text, cands) if got == src_lang and (latin or not cjk) else None
    if latin and other not in (None, src_lang):
        return _third_language_flag(other, src_lang, tgt_lang)
    if (
        got == src_lang
        and other in (None, src_lang, tgt_lang)
        and (
            cjk
            or (own_script and script_share(tgt_text, src_lang) >= 0.5)
            or has_function_word(tgt_text, src_lang, tgt_lang)
        )
    ):
        return Flag(
            "untranslated", f"target text looks like {src_lang} (the source language), not {tgt_lang}", COPIED_WEIGHT
        )
    if cjk:
        return None  # script rules settled it; a third Latin language is not told apart from names here
    other = other or detect_language(tgt_text, cands)
    if other not in (src_lang, tgt_lang) and language_probability(tgt_text, other, cands) >= cfg.other_language_prob:
        return _third_language_flag(other, src_lang, tgt_lang)
    return None


def _third_language_flag(lang: str, src_lang: str, tgt_lang: str) -> Flag:
    return Flag("untranslated", f"target text looks like {lang}, neither {src_lang} nor {tgt_lang}", 0.6)


def source_untranslated_flag(
    src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, cfg: FlagConfig
) -> Flag | None:
    """The source segment is in the target language: a sentence the source document itself kept in the
    translation's language (an X→en pair whose X file left an English sentence, the English file's twin). The
    same evidence as :func:`untranslated_flag`, sides swapped; a third language is named only for a source declared
    Chinese, Japanese or Korean and written in another script (it is not looked for otherwise)."""
    flag = untranslated_flag(tgt_text, src_text, tgt_lang, src_lang, cfg)
    if flag is not None and not is_copied(flag) and src_lang in _CJK:
        # French given as zh-TW: flagged as before, now named fr (was 'en (the target language)')
        return Flag("untranslated", flag.message.replace("target text", "source text", 1), flag.weight)
    if not is_copied(flag):
        return None
    return Flag(
        "untranslated", f"source text looks like {tgt_lang} (the target language), not {src_lang}", COPIED_WEIGHT
    )


def untranslated_flags(
    src_texts: list[str], tgt_texts: list[str], both: list[bool], src_lang: str, tgt_lang: str, cfg: FlagConfig
) -> tuple[list[Flag | None], list[Flag | None]]:
    """For each bead (its source and target text, whether it has both sides): (:func:`untranslated_flag`,
    :func:`source_untranslated_flag` where the first is None), the texts identified a batch of beads at a time."""
    target: list[Flag | None] = []
    source: list[Flag | None] = []
    langs = {src_lang, tgt_lang, *_OTHER_LANGS}
    for c0 in range(0, len(both), _BATCH_BEADS):
        c1 = c0 + _BATCH_BEADS
        with language_batch(src_texts[c0:c1] + tgt_texts[c0:c1], langs):
            for s, t, ok in zip(src_texts[c0:c1], tgt_texts[c0:c1], both[c0:c1], strict=True):
                u = untranslated_flag(s, t, src_lang, tgt_lang, cfg) if ok else None
                target.append(u)
                source.append(source_untranslated_flag(s, t, src_lang, tgt_lang, cfg) if ok and u is None else None)
    return target, source
