"""The forms number words are compared in: words of a text (Thai cut by PyThaiNLP), normalised spelling variants,
and the forms a word takes in text that the number data does not spell (Hebrew and Arabic clitics, Arabic case
endings, Tagalog linkers, Georgian case endings)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import regex

#: Hebrew and Arabic write the conjunction, article and prepositions onto the next word ("ושלושה",
#: "وخمسة"): up to two of these leading letters are tried off when a word is not found. Amharic writes its
#: prepositions be- "in, by", le- "for", ke- "from" and ye- "of" as a syllable onto the word ("ከሦስት" from three,
#: "ለአምስት" for five); no data source spells numbers with them.
_CLITICS = {"ar": "وفبلك", "he": "והבלמשכ", "fa": "و", "ur": "", "am": "በለከየ"}

WORD = regex.compile(r"\w+(?:['’ʼ]\w+)*")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_MEDIAL_GHUNNA = re.compile("\u06ba(?=\\w)")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه"})


def _ethiopic_homophones() -> dict[int, int]:
    """Amharic writes one sound with several letter series, the old spelling kept in some words only: ሠ for ሰ
    (num2words "ሦስት", texts also "ሶስት", 3; "ሠላሳ"/"ሰላሳ", 30), ሐ and ኀ for ሀ, ዐ for አ, ፀ for ጸ; and the first
    and fourth orders of ሀ and አ alike ("ሃያ"/"ሀያ", 20). Each series is one block of eight code points in the
    same order of vowels, so a series maps onto the other by offset. No data source normalises these (the
    number data spells one form only); this is the usual Amharic text normalisation."""
    table = {}
    for old, new in ((0x1220, 0x1230), (0x1210, 0x1200), (0x1280, 0x1200), (0x12D0, 0x12A0), (0x1340, 0x1338)):
        table |= {old + k: new + k for k in range(7)}
    return table | {0x1203: 0x1200, 0x12A3: 0x12A0}


_AMHARIC_LETTERS = _ethiopic_homophones()


def normalise(word: str, lang: str) -> str:
    """The form words are compared in: case-folded, one apostrophe, and the spelling variants that
    carry no difference in number (Greek accents, Arabic vowel marks and alef forms, Hindi
    chandrabindu for anusvara, Hebrew points, Russian ё, Filipino stress accents: CLDR spells "tatló",
    "milyón", texts write "tatlo", "milyon")."""
    w = unicodedata.normalize("NFKC", word).casefold().replace("’", "'").replace("ʼ", "'")
    if lang in ("el", "he", "fil", "tl"):
        w = "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
        w = unicodedata.normalize("NFC", w)
    elif lang in ("ar", "fa", "ur", "ps"):
        w = _ARABIC_MARKS.sub("", w).translate(_ARABIC_LETTERS).replace("مائ", "مئ")  # مائة and مئة: a hundred
        if lang == "ur":  # noon ghunna inside a word is a spelling of noon (the data writes "پاںچ" and "پانچ")
            w = _MEDIAL_GHUNNA.sub("ن", w)
    elif lang in ("hi", "mr", "ne"):  # and the nukta, which texts often leave out: "हजार" is "हज़ार"
        w = w.replace("\u0901", "\u0902").replace("\u093c", "")
    elif lang == "ru":  # ё is written as е more often than not, in the data too ("трех", "трёх")
        w = w.replace("ё", "е")
    elif lang == "am":
        w = w.translate(_AMHARIC_LETTERS)
    return w


def word_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Where the words of ``text`` are; Thai, written without spaces, is cut by PyThaiNLP's dictionary."""
    if lang == "th":
        from pythainlp.tokenize import word_tokenize

        spans, pos = [], 0
        for tok in word_tokenize(text, engine="newmm", keep_whitespace=True):
            if WORD.fullmatch(tok):
                spans.append((pos, pos + len(tok)))
            pos += len(tok)
        return spans
    return [m.span() for m in WORD.finditer(text)]


def words_of(text: str, lang: str) -> list[str]:
    """The normalised words of ``text``."""
    return [normalise(text[a:b], lang) for a, b in word_spans(text, lang)]


def without_clitics(w: str, lang: str) -> Iterator[str]:
    yield w
    letters = _CLITICS.get(lang, "")
    if not letters:  # most languages: nothing written onto words
        return
    if lang == "ar" and w.startswith("ال") and len(w) > 4:
        yield w[2:]
    for k in (1, 2):
        if len(w) - k >= 2 and all(c in letters for c in w[:k]):
            yield w[k:]
            if lang == "ar" and w[k:].startswith("ال") and len(w) - k > 4:
                yield w[k + 2 :]


def case_endings(w: str, lang: str) -> Iterator[str]:
    """``w``, without a Tagalog linker or contracted "at" ("libo't isa", 1001), and for Arabic its other case
    endings: the data spells nominatives ("عشرون", "ألفان"), texts also write the accusative and genitive
    ("عشرين", "ألفين") and the construct ("ألفا")."""
    yield w
    if lang in ("fil", "tl") and len(w) > 3 and w.endswith("'t"):
        yield w[:-2]  # "libo't" is "libo at", a thousand and
    if lang in ("fil", "tl") and len(w) > 4 and w.endswith("ng"):
        # Tagalog's linker: -ng after a vowel ("tatlong" before a noun), -g after n ("milyong")
        yield from (w[:-2], w[:-1])
    if lang == "ka" and len(w) >= 2:
        # Georgian drops the nominative -ი of a consonant stem before a noun and writes case endings
        # on the stem: "2 მილიონ დოლარს", "ორ ხიდს", "ათასს" (the data spells "მილიონი", "ორი", "ათასი")
        for end in ("", "ის", "ით", "ად", "ს", "მა"):
            stem = w[: len(w) - len(end)] if w.endswith(end) else ""
            if len(stem) >= 2:
                yield from ((stem + "ი", stem) if stem[-1] not in _KA_VOWELS else (stem,))
    if lang == "ar" and len(w) > 4:
        for end in ("ين", "ون", "ان"):
            if w.endswith(end):
                stem = w[:-2]
                yield from (stem + e for e in ("ون", "ان", "ين", "ا") if e != end)
        if w.endswith("ا"):
            yield from (w[:-1] + e for e in ("ان", "ين"))


_KA_VOWELS = "აეიოუ"
