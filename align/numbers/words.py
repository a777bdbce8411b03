"""Spelled-out numbers, scale words after digits, month names, implied amounts and Roman numerals."""

from __future__ import annotations

import re
from functools import lru_cache

from align.numbers.quantity import Quantity, round_value

#: Languages whose spelled-out numbers text2num reads.
_WORD_NUMBER_LANGS = frozenset({"en", "fr", "es", "pt", "de", "nl", "da", "it"})

#: Scale words after a number, per language ("3,4 miliardi", "1.5 billion"); the long-scale languages
#: read "billion" as 10**12.
SCALE_WORDS: dict[str, dict[str, float]] = {
    "en": {
        "thousand": 1e3,
        "million": 1e6,
        "millions": 1e6,
        "billion": 1e9,
        "billions": 1e9,
        "trillion": 1e12,
        "bn": 1e9,
        "mn": 1e6,
    },
    "it": {
        "mila": 1e3,
        "mille": 1e3,
        "milione": 1e6,
        "milioni": 1e6,
        "miliardo": 1e9,
        "miliardi": 1e9,
        "mld": 1e9,
        "mln": 1e6,
        "bilione": 1e12,
        "bilioni": 1e12,
    },
    "de": {
        "tausend": 1e3,
        "tsd": 1e3,
        "million": 1e6,
        "millionen": 1e6,
        "mio": 1e6,
        "milliarde": 1e9,
        "milliarden": 1e9,
        "mrd": 1e9,
        "billion": 1e12,
        "billionen": 1e12,
    },
    "fr": {
        "mille": 1e3,
        "million": 1e6,
        "millions": 1e6,
        "milliard": 1e9,
        "milliards": 1e9,
        "md": 1e9,
        "mds": 1e9,
        "billion": 1e12,
        "billions": 1e12,
    },
    "es": {
        "mil": 1e3,
        "millón": 1e6,
        "millon": 1e6,
        "millones": 1e6,
        "mil millones": 1e9,
        "millardo": 1e9,
        "millardos": 1e9,
        "billón": 1e12,
        "billones": 1e12,
    },
    "pt": {"mil": 1e3, "milhão": 1e6, "milhões": 1e6, "bilhão": 1e9, "bilhões": 1e9, "bilião": 1e12, "biliões": 1e12},
    "nl": {"duizend": 1e3, "miljoen": 1e6, "miljard": 1e9, "biljoen": 1e12},
}
_MONTHS: dict[str, dict[str, int]] = {
    "en": dict(
        january=1,
        february=2,
        march=3,
        april=4,
        june=6,
        july=7,
        august=8,
        september=9,
        october=10,
        november=11,
        december=12,
    ),
    "it": dict(
        gennaio=1,
        febbraio=2,
        marzo=3,
        aprile=4,
        maggio=5,
        giugno=6,
        luglio=7,
        agosto=8,
        settembre=9,
        ottobre=10,
        novembre=11,
        dicembre=12,
    ),
    "de": dict(
        januar=1,
        jänner=1,
        februar=2,
        märz=3,
        april=4,
        mai=5,
        juni=6,
        juli=7,
        august=8,
        september=9,
        oktober=10,
        november=11,
        dezember=12,
    ),
    "fr": dict(
        janvier=1,
        février=2,
        mars=3,
        avril=4,
        mai=5,
        juin=6,
        juillet=7,
        août=8,
        septembre=9,
        octobre=10,
        novembre=11,
        décembre=12,
    ),
    "es": dict(
        enero=1,
        febrero=2,
        marzo=3,
        abril=4,
        mayo=5,
        junio=6,
        julio=7,
        agosto=8,
        septiembre=9,
        setiembre=9,
        octubre=10,
        noviembre=11,
        diciembre=12,
    ),
}
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
           "both": 2, "pair": 2, "couple": 2, "double": 2, "twice": 2, "hundreds": 100, "thousands": 1000},
    "it": {"secolo": 100, "secoli": 100, "decennio": 10, "decenni": 10, "dozzina": 12, "entrambi": 2,
           "entrambe": 2, "ambedue": 2, "centinaia": 100, "migliaia": 1000, "doppio": 2, "coppia": 2},
    "es": {"siglo": 100, "siglos": 100, "década": 10, "décadas": 10, "docena": 12, "ambos": 2, "ambas": 2,
           "cientos": 100, "miles": 1000, "doble": 2, "par": 2},
}  # fmt: skip
# German writes counts into compounds: Achttausender (a peak over 8000 m), zehntägig, viergipflig.
_DE_NUMBER_START = re.compile(
    r"(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreissig|dreißig|vierzig|fünfzig"
    r"|hundert|tausend)",
    re.IGNORECASE,
)
_DE_NOT_NUMBER = re.compile(r"^(?:acht(?:ung|en|et|e|sam|bar|los)|elfen|zweig|dreist|vierte?l|zehnte?l)", re.IGNORECASE)
_TAUSENDER = re.compile(r"^(\w+?tausend)er(?:n|s|innen|in)?$", re.IGNORECASE)
# Roman numerals of two or more letters standing alone ("camp III", "Gasherbrum VI", "Bd. XI").
_ROMAN_NUMERAL = re.compile(r"(?<![\w.'’-])(?=[IVXL]{2,})(X{0,3})(IX|IV|V?I{0,3})(?![\w'’-])")
_ROMAN_TENS = {"": 0, "X": 10, "XX": 20, "XXX": 30}
_ROMAN_UNITS = {"": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}


@lru_cache(maxsize=16)
def scale_pattern(lang: str) -> re.Pattern[str] | None:
    words = SCALE_WORDS.get(lang)
    if not words:
        return None
    alts = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"^[ \u00a0]*(?:di\s+|de\s+)?({alts})\b\.?", re.IGNORECASE)


# Plural scale words on their own ("milioni di dollari", "des millions") name no amount.
_VAGUE_SCALE_WORDS = frozenset(
    [
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
    """Spelled-out numbers ("otto anni", "vingt-trois") via text2num, ordinals and bare scale words left out."""
    if lang not in _WORD_NUMBER_LANGS:
        return []
    from text_to_num import find_numbers

    spans = [(m.start(), m.end()) for m in _WORD.finditer(t)]
    toks = [t[a:b] for a, b in spans]
    out: list[Quantity] = []
    # A digit token stands in as "|" so text2num cannot join it to a number word ("1956 drei" is two).
    words_in = [_Tok("|" if x[:1].isdigit() else x) for x in toks]
    # threshold 2: a lone "un/uno/ein/one" is an article far more often than a count
    for occ in find_numbers(words_in, lang, 2):
        if occ.is_ordinal:
            continue
        i, j = occ.start, occ.end
        a, b = spans[i][0], spans[j - 1][1]
        words = [w.lower() for w in toks[i:j]]
        if any(covered[a:b]) or any(w.isdigit() for w in words):
            continue
        if all(w in _VAGUE_SCALE_WORDS or w == "-" for w in words):
            continue  # "milioni di dollari": an amount without a number
        if words == ["milles"] and lang == "fr":
            continue  # "mille" as a number never takes an s: "50 milles" are miles
        if words == ["cento"] and i > 0 and toks[i - 1].lower() == "per":
            continue  # "84 per cento" is a percent sign, not a hundred
        scale_words = SCALE_WORDS.get(lang, {})
        if i > 0 and toks[i - 1].isdigit() and (words[0] in scale_words or words[0] in _VAGUE_SCALE_WORDS):
            continue  # "3 millions": the scale word was read with its digits
        v = round_value(float(occ.value))
        out.append(Quantity(t[a:b], frozenset({v}), a, b, "word", v))
    return out


def month_names(t: str, lang: str, covered: list[bool]) -> list[Quantity]:
    """Month names as their number, so "maggio" matches 5月. English "May" only next to a number."""
    table = _MONTHS.get(lang)
    if not table:
        return []
    out: list[Quantity] = []
    for m in re.finditer(r"\w+", t):
        w = m.group().lower()
        month = table.get(w)
        if month is None and lang == "en" and m.group() == "May":
            near = t[max(0, m.start() - 4) : m.end() + 3]
            month = 5 if re.search(r"\d|\bin May", near) else None
        if month is None or any(covered[m.start() : m.end()]):
            continue
        # "am 10. Juli ... am 11. Juli" is often "le 10 juillet ... le 11": a repeated month is implied.
        again = any(q.value == month for q in out)
        out.append(Quantity(m.group(), frozenset({float(month)}), m.start(), m.end(), "month", float(month), again))
    return out


def implied_numbers(t: str, lang: str, covered: list[bool]) -> list[Quantity]:
    """Soft quantities (see :attr:`Quantity.soft`): implied-amount words, German number compounds
    (a "-tausender" is a firm thousand count) and Roman numerals."""
    out: list[Quantity] = []
    table = _IMPLIED.get(lang, {})
    for m in re.finditer(r"\w+", t):
        a, b = m.span()
        if any(covered[a:b]):
            continue
        w = m.group().lower()
        if w in table:
            v = float(table[w])
            out.append(Quantity(m.group(), frozenset({v}), a, b, "word", v, soft=True))
        elif lang == "de" and _DE_NUMBER_START.match(w) and not _DE_NOT_NUMBER.match(w):
            q = _german_compound(m.group(), a, b)
            if q is not None:
                out.append(q)
    for m in _ROMAN_NUMERAL.finditer(t):
        a, b = m.span()
        if b > a and not any(covered[a:b]):
            v = float(_ROMAN_TENS[m.group(1)] + _ROMAN_UNITS[m.group(2)])
            out.append(Quantity(m.group(), frozenset({v}), a, b, "number", v, soft=True))
    return out


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
        return Quantity(word, frozenset({v}), a, b, "word", v)
    got = _german_number_prefix(low)
    if got is None:
        return None
    v, _ = got
    return Quantity(word, frozenset({v}), a, b, "word", v, soft=True)
