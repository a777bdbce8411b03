"""Where the number lexicon's words come from: for a language, numbers that cover every word a spelled-out
quantity uses (0–100, the hundreds, the thousands and the scales with a few counts before them) are spelled by
num2words, AI4Bharat's indic_numtowords and the CLDR rule-based number formats (``unicode_rbnf``, every cardinal
ruleset: genders and, where CLDR has them, cases such as Russian "пяти" or Finnish "viidellä"); Mongolian, which no
data source spells, by :mod:`.mongolian`. :mod:`.lexicon` learns the words' meanings from these spellings."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: num2words and CLDR codes for languages they file under another code.
_ALIASES = {
    "nb": ("no",),
    "nn": ("nn", "no"),
    "kk": ("kz", "kk"),
    "fil": ("fil", "tl"),
    "tl": ("fil", "tl"),
    "iw": ("he",),
}

SCALES = (10, 100, 1000, 10**4, 10**5, 10**6, 10**7, 10**9, 10**12)
COUNTS = (*range(1, 12), 21)
#: Case and gender forms num2words spells for some languages (CLDR has them for Russian and Polish).
_NUM2WORDS_FORMS: dict[str, list[dict[str, object]]] = {
    "uk": [
        {"case": c, "gender": g}
        for c in ("nominative", "genitive", "dative", "accusative", "instrumental", "locative")
        for g in ("masculine", "feminine")
    ],
    "be": [{"gender": g} for g in ("m", "f", "n")],
    "sr": [{"feminine": f} for f in (False, True)],
}
NUMBERS = sorted(
    {*range(101), *range(100, 1000, 100), *range(1000, 10_000, 1000), *(k * s for s in SCALES for k in COUNTS)}
    | {101, 105, 110, 115, 121, 1001, 1005, 1010, 1100, 1105, 2021}  # the joiners: "một trăm lẻ năm"
    | {k * s + 5 for s in (1000, 10**6) for k in (2, 3, 11, 21)}  # scale forms before more: "ألفاً و خمسة"
    | {125, 150, 175, 225, 250, 275, 350, 450}  # fraction counts: "डेढ़ सौ" 150, "ساڑھے تین سو" 350
)
#: AI4Bharat's indic_numtowords: the languages it spells with its own rules (its others are digit tables).
_INDIC_LANGS = frozenset({"as", "bn", "gu", "hi", "ml", "mr", "or", "pa", "ta", "te", "kn", "ur"})


def _codes(lang: str, available: Iterable[str]) -> list[str]:
    wanted = _ALIASES.get(lang, (lang,))
    return [c for c in sorted(available) if c.replace("-", "_").split("_")[0] in wanted]


@dataclass(frozen=True)
class Spellings:
    """How the data spells numbers in one language. Read only: shared between callers."""

    #: the cardinal spellings of :data:`NUMBERS`
    cardinals: dict[int, set[str]]
    #: the ordinal spellings of 1–100, every gender and case the data has ("второму", "toisesta", "الثانية")
    ordinals: dict[int, set[str]]
    #: those of num2words alone, which spells some languages' ordinals as cardinals (Thai "สอง", Vietnamese
    #: "hai", Hebrew "שני"): words also read as cardinals, and the lexicon makes those soft
    num2words_ordinals: frozenset[str]


@lru_cache(maxsize=8)
def spellings(lang: str) -> Spellings:
    """Cardinal and ordinal spellings of ``lang`` from num2words and CLDR.

    Spelling some 300 numbers takes 0.1–0.2 s a language, more than aligning a short document: they are
    spelled once per installed version of the two libraries (and of this module) and kept in the cache
    folder (see :mod:`align.datacache`)."""
    from align.datacache import cached_data, package_version, source_digest

    key = (
        lang,
        package_version("num2words"),
        package_version("unicode-rbnf"),
        package_version("indic-numtowords"),
        source_digest(__file__, _MONGOLIAN),
    )
    cardinals, ordinals, n2w_ordinals = cached_data("spellings", key, lambda: _spell(lang))
    return Spellings(cardinals, ordinals, frozenset(n2w_ordinals))


_MONGOLIAN = str(Path(__file__).with_name("mongolian.py"))


def _spell(lang: str) -> tuple[dict[int, set[str]], dict[int, set[str]], frozenset[str]]:
    """What :func:`spellings` holds, computed."""
    import num2words
    from unicode_rbnf import FormatPurpose, RbnfEngine

    cardinals: dict[int, set[str]] = {n: set() for n in NUMBERS}
    ordinals: dict[int, set[str]] = {n: set() for n in range(1, 101)}
    n2w_ordinals: set[str] = set()
    # Korean native numerals stop at 99; above, Korean writes digits with units (1,200만), see .cjk
    numbers = [n for n in NUMBERS if n < 100] if lang == "ko" else NUMBERS
    for code in _codes(lang, num2words.CONVERTER_CLASSES):
        for n in numbers:
            try:
                cardinals[n].add(num2words.num2words(n, lang=code))
                for kwargs in _NUM2WORDS_FORMS.get(code, []):
                    cardinals[n].add(num2words.num2words(n, lang=code, **kwargs))
                if 0 < n <= 100:
                    ordinals[n].add(text := num2words.num2words(n, lang=code, to="ordinal"))
                    n2w_ordinals.add(text)
            except Exception:
                continue
    if lang in _INDIC_LANGS:
        from indic_numtowords import num2words as indic_num2words

        for n in numbers:
            try:  # variations: "डेढ़ सौ" beside "एक सौ पचास"
                cardinals[n].update(indic_num2words(n, lang=lang, variations=True))
            except Exception:  # it spells up to crores (10**7), not ارب (10**9): those come from CLDR
                continue
    if lang == "mn":  # in neither num2words nor CLDR: spelled by .mongolian
        from align.numbers.mongolian import mongolian_cardinals, mongolian_ordinals

        for n in numbers:
            cardinals[n].update(mongolian_cardinals(n))
        for n in ordinals:
            ordinals[n].update(mongolian_ordinals(n))
    for code in _codes(lang, RbnfEngine.get_supported_languages()):
        engine = RbnfEngine.for_language(code)
        for n in numbers:
            try:
                by_ruleset = engine.format_number(n).text_by_ruleset
            except Exception:
                continue
            cardinals[n].update(text for name, text in by_ruleset.items() if _cardinal_ruleset(name, lang))
            if 0 < n <= 100:
                try:  # the ordinal rulesets answer only when asked for ordinals
                    ordinal = engine.format_number(n, purpose=FormatPurpose.ORDINAL).text_by_ruleset
                except Exception:
                    continue
                ordinals[n].update(text for name, text in ordinal.items() if "ordinal" in name)
    if lang == "lo":
        cardinals = {
            n: {t for text in texts if (t := _thai_in_lao(text)) is not None} for n, texts in cardinals.items()
        }
        ordinals = {n: {t for text in texts if (t := _thai_in_lao(text)) is not None} for n, texts in ordinals.items()}
    return cardinals, ordinals, frozenset(n2w_ordinals)


#: Thai and Lao letters sit at the same places of their Unicode blocks (U+0E00, U+0E80): พ U+0E1E is ພ U+0E9E.
_THAI_TO_LAO = 0x80
#: The words of the data the place-by-place spelling gets wrong, corrected by hand: Thai ร and ย sit where Lao
#: has ຣ and ຢ, but Lao spells the hundred ຮ້ອຍ (no Lao text writes ຣ້ອຢ); the ordinal marker ที่ (ທີສອງ, second) is
#: written without the tone mark in Lao, where ທີ່ is "that, at".
_LAO_SPELLING = {"ຣ້ອຢ": "ຮ້ອຍ", "ທີ່": "ທີ"}


def _thai_in_lao(text: str) -> str | None:
    """A Lao spelling of CLDR's with its Thai-script words written in Lao letters, or None where one has no Lao form.

    CLDR's Lao spell-out rules (ICU 72 and unicode_rbnf alike) write the scale words in Thai script, ร้อย, พัน,
    หมื่น, แสน, ล้าน, which never occur in Lao text, so "ຫ້າຮ້ອຍ" (500) was not read. They are the same words in
    both languages, and Lao spells the others letter for letter at the same place of its block (พัน → ພັນ,
    แสน → ແສນ, ล้าน → ລ້ານ, as CLDR's Lao compact number formats write them; หมื่น → ຫມື່ນ, which NFKC makes of
    ໝື່ນ); ร้อย and the ordinal marker ที่ are corrected (:data:`_LAO_SPELLING`). A word that maps onto a letter
    modern Lao does not use (Thai zero ศูนย์ onto a Pali or Sanskrit letter, Lao has ສູນ) is no Lao word: the spelling
    is dropped."""
    words = []
    for word in text.split("\u200b"):  # CLDR separates the words of a spelling with a zero-width space
        if any("\u0e00" <= c <= "\u0e7f" for c in word):
            lao = "".join(chr(ord(c) + _THAI_TO_LAO) if "\u0e00" <= c <= "\u0e7f" else c for c in word)
            names = [unicodedata.name(c, "") for c in lao]
            if not all(n.startswith("LAO ") and "PALI" not in n and "SANSKRIT" not in n for n in names):
                return None
            word = _LAO_SPELLING.get(lao, lao)
        words.append(word)
    return "\u200b".join(words)


def _cardinal_ruleset(name: str, lang: str) -> bool:
    if not name.startswith(("spellout-cardinal", "spellout-numbering")):
        return False
    if any(x in name for x in ("year", "days", "plural")):  # Finnish "tuhannet" is "thousands", not 1000
        return False
    if lang == "ko":  # Sino-Korean digits (일, 이, 삼, 사) are everyday words; only native numerals are safe
        return "native" in name
    return True
