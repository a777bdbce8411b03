"""Spelled-out numbers through text2num (the languages it reads), implied amounts, German number
compounds and Roman numerals. Other languages' number words: :mod:`.spelled`."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from align.numbers.homographs import homographs
from align.numbers.lexicon import COMPOUNDING, lexicon
from align.numbers.quantity import Quantity, round_value
from align.numbers.scales import scale_after
from align.numbers.wordforms import normalise

#: Languages whose spelled-out numbers text2num reads (tuned on free translations; the others use
#: the lexicon of :mod:`.lexicon`).
TEXT2NUM_LANGS = frozenset({"en", "fr", "es", "pt", "de", "nl", "da", "it"})

_WORD = re.compile(r"\w+|[^\w\s]")

#: Words that imply an amount without writing it ("depuis un siècle" for "seit hundert Jahren",
#: "beide" for "les deux"): soft quantities, matched but never reported.
_IMPLIED: dict[str, dict[str, float]] = {
    "de": {"jahrhundert": 100, "jahrhunderte": 100, "jahrhunderts": 100, "jahrhunderten": 100,
           "jahrzehnt": 10, "jahrzehnte": 10, "jahrzehnts": 10, "jahrzehnten": 10, "dutzend": 12,
           "beide": 2, "beiden": 2, "beider": 2, "beides": 2, "beidem": 2, "tausende": 1000, "tausenden": 1000,
           "hunderte": 100, "hunderten": 100, "paar": 2, "doppelt": 2, "doppelte": 2, "doppelten": 2},
    "fr": {"siècle": 100, "siècles": 100, "décennie": 10, "décennies": 10, "douzaine": 12, "douzaines": 12,
           "quinzaine": 15, "vingtaine": 20, "trentaine": 30, "centaine": 100, "centaines": 100,
           "millier": 1000, "milliers": 1000, "double": 2, "couple": 2, "paire": 2},
    "en": {"century": 100, "centuries": 100, "decade": 10, "decades": 10, "dozen": 12, "dozens": 12,
           "both": 2, "pair": 2, "couple": 2, "double": 2, "twice": 2, "triple": 3, "tripled": 3, "tens": 10,
           "hundreds": 100, "thousands": 1000, "centenary": 100, "centennial": 100, "millennium": 1000,
           "millennia": 1000, "millennial": 1000},
    "it": {"secolo": 100, "secoli": 100, "decennio": 10, "decenni": 10, "dozzina": 12, "entrambi": 2,
           "entrambe": 2, "ambedue": 2, "centinaia": 100, "migliaia": 1000, "doppio": 2, "coppia": 2},
    "es": {"siglo": 100, "siglos": 100, "década": 10, "décadas": 10, "docena": 12, "ambos": 2, "ambas": 2,
           "cientos": 100, "miles": 1000, "doble": 2, "par": 2},
    # native Korean day counts (a closed set, in no number data): "나흘 동안" is "for four days"
    "ko": {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "여드레": 8, "아흐레": 9,
           "열흘": 10},
}  # fmt: skip
#: Languages that write particles onto the word ("나흘간", "하루에"): an implied-amount word may begin a word.
_PARTICLES_WRITTEN_ON = frozenset({"ko"})
# German writes counts into compounds: Achttausender (a peak over 8000 m), zehntägig, viergipflig.
_DE_NUMBER_START = re.compile(
    r"(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreissig|dreißig|vierzig|fünfzig"
    r"|hundert|tausend)",
    re.IGNORECASE,
)
_DE_NOT_NUMBER = re.compile(r"^(?:acht(?:ung|en|et|e|sam|bar|los)|elfen|zweig|dreist|vierte?l|zehnte?l)", re.IGNORECASE)
#: Languages that write a count into a compound word ("viisivuotias", "ötvenéves", "femårig"), read
#: like German's: soft. Not Turkish, where a number word begins everyday inflected words ("altında", under);
#: not Thai, cut into words by a dictionary.
_NUMBER_COMPOUNDS = COMPOUNDING - TEXT2NUM_LANGS - {"tr", "th"}
#: Slavic languages write a count into a compound through a combining form of the numeral, mostly a case form or
#: its stem with a linking vowel: Polish "pięciokondygnacyjny" (five-storey, from "pięciu"), "dwuletni", Russian
#: "двухлетний", Czech "pětipatrová" ("pět" + i), Serbian "петоспратна" ("пет" + о). Read like German's: soft.
_SLAVIC = frozenset({"ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "mk"})
_LINKING_VOWELS = ("o", "i", "u", "о", "и", "е", "у")
#: Ukrainian and Belarusian write an apostrophe inside words ("п’ятиповерховий", five-storey).
_APOSTROPHE_WORD = r"\w+(?:['’ʼ]\w+)*"
_TAUSENDER = re.compile(r"^(\w+?tausend)er(?:n|s|innen|in)?$", re.IGNORECASE)
# Roman numerals of two or more letters standing alone ("camp III", "Gasherbrum VI", "Bd. XI").
_ROMAN_NUMERAL = re.compile(r"(?<![\w.'’-])(?=[IVXL]{2,})(X{0,3})(IX|IV|V?I{0,3})(?![\w'’-])")
_ROMAN_TENS = {"": 0, "X": 10, "XX": 20, "XXX": 30}
_ROMAN_UNITS = {"": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


# Plural scale words on their own ("milioni di dollari", "des millions", "hundreds of schools") name no amount
# (the implied-amount table reads some as soft: "hundreds" against "数百", which names none either).
_VAGUE_SCALE_WORDS = frozenset(
    [
        "tens",
        "hundreds",
        "thousands",
        "cientos",
        "miles",
        "millions",
        "billions",
        "trillions",
        "milioni",
        "miliardi",
        "bilioni",
        "millionen",
        "milliarden",
        "billionen",
        "milliards",
        "millones",
        "millardos",
        "billones",
        "milhões",
        "bilhões",
        "biliões",
        "miljoenen",
        "miljarden",
    ]
)


class _Tok:
    """The token protocol text2num's find_numbers expects."""

    __slots__ = ("t",)

    def __init__(self, t: str) -> None:
        self.t = t

    def text(self) -> str:
        return self.t

    def nt_separated(self, previous: _Tok) -> bool:
        return False

    def not_a_number_part(self) -> bool:
        return False


def word_numbers(t: str, lang: str, covered: list[bool]) -> list[Quantity]:
    """Spelled-out numbers ("otto anni", "vingt-trois") via text2num, ordinals as soft ordinals, bare scale
    words left out."""
    if lang not in TEXT2NUM_LANGS:
        return []
    from text_to_num import find_numbers

    spans = [(m.start(), m.end()) for m in _WORD.finditer(t)]
    toks = [t[a:b] for a, b in spans]
    out: list[Quantity] = []
    # A digit token stands in as "|" so text2num cannot join it to a number word ("1956 drei" is two).
    words_in = [_Tok("|" if x[:1].isdigit() else x) for x in toks]
    # threshold 2: a lone "un/uno/ein/one" is an article far more often than a count
    for occ in find_numbers(words_in, lang, 2):
        i, j = occ.start, occ.end
        a, b = spans[i][0], spans[j - 1][1]
        words = [w.lower() for w in toks[i:j]]
        if any(covered[a:b]) or any(w.isdigit() for w in words):
            continue
        if occ.is_ordinal:  # "second", "zweiten", "deuxième": soft, see .ordinals
            v = round_value(float(occ.value))
            out.append(Quantity(t[a:b], frozenset({v}), a, b, "ordinal", v, soft=True))
            continue
        if all(w in _VAGUE_SCALE_WORDS or w == "-" for w in words):
            continue  # "milioni di dollari": an amount without a number
        if words == ["milles"] and lang == "fr":
            continue  # "mille" as a number never takes an s: "50 milles" are miles
        if words == ["cento"] and i > 0 and toks[i - 1].lower() == "per":
            continue  # "84 per cento" is a percent sign, not a hundred
        first = lexicon(lang).lookup(words[0])
        if i > 0 and toks[i - 1].isdigit() and ((first and first.scale) or words[0] in _VAGUE_SCALE_WORDS):
            continue  # "3 millions": the scale word was read with its digits
        v = round_value(float(occ.value))
        # a lone number word that is mostly another word (Italian "sei", you are): matched, never reported
        soft = j == i + 1 and normalise(words[0], lang) in homographs(lang)
        # text2num knows the powers of a thousand only: Indian English "five lakh", "two crore" (CLDR's en-IN
        # scales, in the lexicon) were read as five and two
        scale = scale_after(t, b, lang)
        if scale is not None and not scale[2] and round(math.log10(scale[0])) % 3 and not any(covered[b : scale[1]]):
            v, b = round_value(v * scale[0]), scale[1]
            soft = False
        out.append(Quantity(t[a:b], frozenset({v}), a, b, "word", v, soft=soft))
    return out


#: Decades named by their tens ("the seventies", "the nineteen-seventies"); the years they may be, as Chinese 70年代
#: is read (see :func:`.cjk.century_decades`). "In her seventies" is an age: its 70 matches 七十多岁.
_DECADE_WORDS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        r"\b(?:(?P<c>nineteen|twenty)[- ]?)?"
        r"(?P<d>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
        re.IGNORECASE,
    ),
}
_DECADE_TENS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70}
_DECADE_TENS |= {"eighties": 80, "nineties": 90}
_CENTURY_WORDS = {"nineteen": 1900, "twenty": 2000}


def decade_words(t: str, lang: str) -> list[Quantity]:
    """Decades written in words, soft and of kind "decade": a translation may leave one out, but two decades left
    unmatched on both sides disagree (see :func:`.compare.compare_quantities`)."""
    pattern = _DECADE_WORDS.get(lang)
    if pattern is None:
        return []
    out: list[Quantity] = []
    for m in pattern.finditer(t):
        d = float(_DECADE_TENS[m.group("d").lower()])
        c = m.group("c")
        years = [_CENTURY_WORDS[c.lower()] + d] if c else [1900 + d, 2000 + d]
        value = years[0] if c else d  # as .cjk.century_decades gives it: the aligner's shared-number key
        out.append(Quantity(m.group(), frozenset({d, *years}), m.start(), m.end(), "decade", value, soft=True))
    return out


#: Implied-amount words that are units a number counts: "two decades" is twenty years, "zwei Dutzend" 24.
_UNIT_NOUNS = frozenset(
    w
    for table in _IMPLIED.values()
    for w, v in table.items()
    if re.match(r"(?:centur|decad|dozen|jahrhundert|jahrzehnt|dutzend|siècle|décenni|douzaine|secol|decenni|dozzin"
                r"|siglo|década|docena)", w)
)  # fmt: skip
_BETWEEN_UNIT = re.compile(r"[ \u00a0-]+")


def counted_units(t: str, found: list[Quantity]) -> list[Quantity]:
    """``found`` with each number directly before a unit noun of the implied-amount table read also as the
    amount it makes: "the past two decades" is 2 and 20, so it matches 过去的20年 as well as "zwei Jahrzehnte"."""
    units = {q.start: q for q in found if q.soft and q.kind == "word" and q.text.lower() in _UNIT_NOUNS}
    if not units:
        return found
    out = []
    for q in found:
        gap = _BETWEEN_UNIT.match(t, q.end)
        unit = units.get(gap.end()) if gap is not None else None
        if unit is None or q.soft or q.kind not in ("number", "word"):
            out.append(q)
            continue
        more = {round_value(r * unit.value) for r in q.readings}
        out.append(Quantity(q.text, q.readings | more, q.start, q.end, q.kind, q.value, q.soft))
    return out


#: "half a million", "half a dozen": the amount is half the word's.
_HALF_BEFORE: dict[str, re.Pattern[str]] = {"en": re.compile(r"\bhalf[ \u00a0-]an?[ \u00a0-]$", re.IGNORECASE)}


def halved(t: str, found: list[Quantity], lang: str) -> list[Quantity]:
    """``found`` with a number word after "half a" read as half its value too: "Half a million Chinese" is
    500,000 (50万人), and still a million where a translation says "a million" loosely."""
    pattern = _HALF_BEFORE.get(lang)
    if pattern is None:
        return found
    out = []
    for q in found:
        if q.kind == "word" and pattern.search(t, max(0, q.start - 10), q.start):
            q = Quantity(q.text, q.readings | {round_value(r / 2) for r in q.readings}, q.start, q.end, q.kind,
                         q.value, q.soft)  # fmt: skip
        out.append(q)
    return out


def implied_numbers(t: str, lang: str, covered: list[bool]) -> list[Quantity]:
    """Soft quantities (see :attr:`Quantity.soft`): implied-amount words, German number compounds
    (a "-tausender" too) and Roman numerals."""
    out: list[Quantity] = []
    table = _IMPLIED.get(lang, {})
    for m in re.finditer(_APOSTROPHE_WORD if lang in _SLAVIC else r"\w+", t):
        a, b = m.span()
        if any(covered[a:b]):
            continue
        w = m.group().lower()
        if w not in table and lang in _PARTICLES_WRITTEN_ON:
            w = next((w[:k] for k in (3, 2) if w[:k] in table), w)
        if w in table:
            v = float(table[w])
            out.append(Quantity(m.group(), frozenset({v}), a, b, "word", v, soft=True))
        elif lang == "de" and _DE_NUMBER_START.match(w) and not _DE_NOT_NUMBER.match(w):
            q = _german_compound(m.group(), a, b)
            if q is not None:
                out.append(q)
        elif (v := _compound_count(w, lang)) is not None:
            out.append(Quantity(m.group(), frozenset({v}), a, b, "word", v, soft=True))
    for m in _ROMAN_NUMERAL.finditer(t):
        a, b = m.span()
        if b > a and not any(covered[a:b]):
            v = float(_ROMAN_TENS[m.group(1)] + _ROMAN_UNITS[m.group(2)])
            out.append(Quantity(m.group(), frozenset({v}), a, b, "number", v, soft=True))
    return out


def _compound_count(word: str, lang: str) -> float | None:
    """The count a compound word begins with, in the languages that write one in (see ``_NUMBER_COMPOUNDS`` and
    ``_SLAVIC``; German has its own reading)."""
    if lang in _NUMBER_COMPOUNDS:
        return _compound_number(word, lang)
    if lang in _SLAVIC:
        return _slavic_compound(word, lang)
    return None


@lru_cache(maxsize=65_536)
def _compound_number(word: str, lang: str) -> float | None:
    """The number word a compound begins with ("viisivuotiaiden": viisi, five-year-olds'), when at least
    three letters follow it; number words of four letters or more only ("hatalmas" is no six)."""
    lex = lexicon(lang)
    for k in range(len(word) - 3, 3, -1):
        e = lex.entries.get(word[:k])
        if e is not None and e.value is not None and not e.connector:
            return round_value(e.value)
    return None


@lru_cache(maxsize=32)
def _combining_forms(lang: str) -> dict[str, float]:
    """Combining form → value for a Slavic language, from its number words (see ``_SLAVIC``): each form itself
    ("пяти", "dwu", "trzy"), with its last letter replaced by a linking vowel ("pięciu" → "pięcio", "два" → "дву"),
    or with one added ("pět" → "pěti"). Three letters at least."""
    out: dict[str, float] = {}
    for w, e in lexicon(lang).entries.items():
        if e.value is None or e.connector or e.value != int(e.value) or not 1 <= e.value <= 1000:
            continue
        for f in (w, *(w[:-1] + v for v in _LINKING_VOWELS), *(w + v for v in _LINKING_VOWELS)):
            # "сто"/"sto" (100) begins too many words ("столица", capital; "student", "сторона")
            if len(f) >= (4 if e.value == 100 else 3):
                out.setdefault(f, float(e.value))
    return out


@lru_cache(maxsize=65_536)
def _slavic_compound(word: str, lang: str) -> float | None:
    """The count a Slavic compound begins with (see ``_SLAVIC``), when four letters or more follow it. The word is
    compared in the lexicon's form (one apostrophe: "п’ятиповерховий"; Russian ё as е: "трёхэтажный")."""
    forms = _combining_forms(lang)
    word = lexicon(lang).norm(word)
    for k in range(len(word) - 4, 2, -1):
        v = forms.get(word[:k])
        if v is not None:
            return v
    return None


@lru_cache(maxsize=4096)
def _german_number_prefix(word: str) -> tuple[float, int] | None:
    """Value and length of the longest spelled-out number a German word starts with, when letters
    follow it (zehntägige → 10, 4; viergipfligen → 4, 4)."""
    from text_to_num import text2num

    for n in range(len(word) - 2, 2, -1):
        try:
            return float(text2num(word[:n], "de")), n
        except ValueError:
            continue
    return None


def _german_compound(word: str, a: int, b: int) -> Quantity | None:
    low = word.lower()
    tm = _TAUSENDER.match(low)
    if tm:  # Achttausender, Siebentausendern: a peak of that class, written "8000" in French
        from text_to_num import text2num

        try:
            v = float(text2num(tm.group(1), "de"))
        except ValueError:
            return None
        # soft: the noun names a mountain, not an amount; a translation says "un sommet himalayen" as often as
        # "un 8000", so it matches an 8000 there and is never reported alone
        return Quantity(word, frozenset({v}), a, b, "word", v, soft=True)
    got = _german_number_prefix(low)
    if got is None:
        return None
    v, _ = got
    return Quantity(word, frozenset({v}), a, b, "word", v, soft=True)
