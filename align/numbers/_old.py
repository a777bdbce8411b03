"""Quantities in a sentence, normalised to values, so two translations can be compared by value.

Hand-written because no maintained library handles CJK units (万, 億, 兆) together with European
locale separators (1,600 / 1.600 / 1 600 / 1'600) and scale words (miliardi, Milliarden, billion);
spelled-out numbers in European languages come from ``text2num`` (MIT, offline).

A quantity carries the *set* of values it may denote: "1.600" in Italian is 1600, but machine
translations often keep the source's notation, so it may also be 1.6. Two quantities match when
their readings intersect, so equal-in-some-reading is never reported as a mismatch.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from align.langid import CJK_LANGS as _CJK_LANGS
from align.langid import base_language

#: Languages whose spelled-out numbers text2num reads.
_WORD_NUMBER_LANGS = frozenset({"en", "fr", "es", "pt", "de", "nl", "da", "it"})

# A digit run with inner separators; a plain space only joins when exactly three digits follow
# ("1 600"), so "in 2024 3 people" stays two numbers as often as the text allows.
_LITERAL = re.compile(r"\d+(?:(?:[.,'’]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
# Digits glued to Latin letters belong to a name or code (gpt-4o, A320, covid-19): entities, not quantities.
_LATIN_BEFORE = re.compile(r"[A-Za-z][-_]?$")
_LATIN_AFTER = re.compile(r"^[A-Za-z]")
_UNIT_AFTER = re.compile(
    r"^(?:km|cm|mm|m|kg|g|t|h|min|s|ml|l|kw|mw|gw|gb|mb|tb|ghz|mhz|hz|°|k|st|nd|rd|th|er|e|ème|eme|º|ª)\b",
    re.IGNORECASE,
)  # units, and ordinal suffixes (17th, 2e, 1er), which keep the number

_CJK_UNIT = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "萬": 10_000, "億": 10**8, "亿": 10**8, "兆": 10**12}
_CJK_DIGIT = {"〇": 0, "零": 0, "两": 2, "兩": 2} | {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
_CJK_NUMERAL = re.compile(r"[〇零一二两兩三四五六七八九十百千万萬億亿兆]+")
_CJK_UNITS_AFTER = re.compile(r"^\s*([千百万萬億亿兆]+)")
# Counters that make a run of kanji numerals a quantity (一方, 一般, 統一 are not).
_CJK_COUNTER = re.compile(
    r"^(?:人|名|年|か月|ヶ月|カ月|ケ月|箇月|月|日|つ|本|社|回|個|件|歳|倍|位|度|点|冊|台|枚|週|時|分|秒|円|元"
    r"|ドル|美元|割|%|か国|カ国|ヵ国|个|次|岁|天|号)"
)
_CJK_NOT_QUANTITY = frozenset({"十分", "二度と", "一時", "一日中", "一人ひとり"})

#: Scale words after a number, per language ("3,4 miliardi", "1.5 billion"); the long-scale languages
#: read "billion" as 10**12.
_SCALE_WORDS: dict[str, dict[str, float]] = {
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
_PERCENT_AFTER = re.compile(
    r"^\s*(?:%|％|per\s?cento|percento|prozent|pour\s?cent|por\s?ciento|per\s?cent|percent|procent)\b|^\s*%",
    re.IGNORECASE,
)
_UHR_AFTER = re.compile(r"^\s*(?:uhr|h)\b", re.IGNORECASE)

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
# "1 ½" becomes "1 1⁄2" under NFKC.
_FRACTION = re.compile(r"(?:(\d+)[ \u00a0]?)?(\d+)\u2044(\d+)")


@dataclass(frozen=True)
class Quantity:
    """A number found in a text: the values it may denote and where it was found."""

    text: str
    readings: frozenset[float]
    start: int
    end: int
    #: "number", "percent", "month" or "word" (spelled out).
    kind: str = "number"
    #: The most likely reading (the locale's); NaN when not given.
    value: float = float("nan")
    #: Implied rather than written as a number ("un siècle", "beide", "zehntägig", Roman "II",
    #: a repeated month name): it may match a number on the other side, but is never reported
    #: unmatched, because translators often leave such amounts implicit or write them another way.
    soft: bool = False

    @property
    def is_lone_one(self) -> bool:
        """A bare 1: articles (un, ein, a) and 一つ make it too unreliable to report when unmatched."""
        return self.readings == frozenset({1.0})

    @property
    def reportable(self) -> bool:
        """Whether an unmatched occurrence is evidence of a changed quantity."""
        return not self.soft and not self.is_lone_one


def _round(x: float) -> float:
    """Values compared to 9 significant digits: 3.4 × 10**9 computed two ways must be equal."""
    return float(f"{x:.9g}")


def literal_readings(raw: str, lang: str) -> list[float]:
    """Values a digit literal may denote, the locale's reading first.

    ``"1.600"`` (it) → [1600, 1.6]; ``"3,4"`` → [3.4]; ``"1,500"`` (ja) → [1500, 1.5];
    ``"1.600.000"`` → [1600000]; ``"1 600,5"`` → [1600.5].
    """
    s = raw.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    seps = [c for c in s if not c.isdigit()]
    if not seps:
        return [float(s)]
    kinds = set(seps)
    if len(kinds) > 1:  # "1.600,5" / "1,600.5" / "1 600,5": the last separator is the decimal one
        dec = seps[-1]
        head, _, tail = s.rpartition(dec)
        return [float(re.sub(r"\D", "", head) + "." + tail)]
    sep = seps[0]
    groups = re.split(r"[.,' ]", s)
    if sep in " '" or len(seps) > 1:  # spaces, apostrophes and repeated separators only group
        return [float("".join(groups))]
    whole, frac = groups
    if len(frac) != 3:
        return [float(f"{whole}.{frac}")]
    grouped, decimal = float(whole + frac), float(f"{whole}.{frac}")
    # A three-digit tail is ambiguous; the locale decides which reading comes first.
    comma_decimal = lang not in {"en", "ja", "zh", "ko"}
    if (sep == "," and comma_decimal) or (sep == "." and not comma_decimal):
        return [decimal, grouped]
    return [grouped, decimal]


def kanji_number(s: str) -> float | None:
    """Value of a run of CJK numerals: 三 → 3, 二十五 → 25, 千五百 → 1500, 一億二千万 → 120000000."""
    if not s or any(c not in _CJK_DIGIT and c not in _CJK_UNIT for c in s):
        return None
    if all(c in _CJK_DIGIT for c in s) and len(s) > 1:  # 二〇二四 digit by digit
        return float("".join(str(_CJK_DIGIT[c]) for c in s))
    total, section, digit = 0, 0, None
    for c in s:
        if c in _CJK_DIGIT:
            digit = _CJK_DIGIT[c]
            continue
        unit = _CJK_UNIT[c]
        if unit >= 10_000:
            section = (section + (digit or 0)) or 1
            total += section * unit
            section = 0
        else:
            section += (1 if digit is None else digit) * unit
        digit = None
    return float(total + section + (digit or 0))


def _cjk_multiplier(units: str) -> float:
    """千万 → 10**7, 億 → 10**8: consecutive units multiply."""
    m = 1.0
    for c in units:
        m *= _CJK_UNIT[c]
    return m


@lru_cache(maxsize=16)
def _scale_pattern(lang: str) -> re.Pattern[str] | None:
    words = _SCALE_WORDS.get(lang)
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


def extract_quantities(text: str, lang: str) -> list[Quantity]:
    """All quantities in ``text`` (written in ``lang``, ISO 639-1), in order of appearance.

    Offsets refer to the NFKC-normalised text (full-width digits become ASCII, which keeps
    lengths for everything a quantity contains).
    """
    lang = base_language(lang)
    t = unicodedata.normalize("NFKC", text)
    out: list[Quantity] = []
    covered = [False] * (len(t) + 1)

    def add(q: Quantity) -> None:
        out.append(q)
        for i in range(q.start, q.end):
            covered[i] = True

    for m in _FRACTION.finditer(t):
        whole, num, den = m.group(1), m.group(2), m.group(3)
        if float(den) == 0:
            continue
        v = _round(float(whole or 0) + float(num) / float(den))
        add(Quantity(m.group(), frozenset({v}), m.start(), m.end(), value=v))

    for m in _LITERAL.finditer(t):
        start, end = m.span()
        raw = m.group()
        if covered[start]:
            continue
        if _LATIN_BEFORE.search(t[max(0, start - 2) : start]):
            continue
        after = t[end:]
        if (
            _LATIN_AFTER.match(after)
            and not _UNIT_AFTER.match(after)
            and not (_scale_pattern(lang) or _NEVER).match(after)
        ):
            continue
        if start > 0 and t[start - 1] in "第" and lang in _CJK_LANGS:
            continue
        # "14.30 Uhr" is a time: hour and minute, as "14 h 30" and "14:30" are read.
        hm = re.fullmatch(r"(\d{1,2})[.,](\d{2})", raw)
        if hm and _UHR_AFTER.match(after):
            h, mi = float(hm.group(1)), float(hm.group(2))
            add(Quantity(hm.group(1), frozenset({h}), start, start + len(hm.group(1)), value=h))
            add(Quantity(hm.group(2), frozenset({mi}), end - 2, end, value=mi))
            continue
        readings = literal_readings(raw, lang)
        # "1952/53", "1954-55": the second year of a range written with two digits is also the full year.
        yr = re.search(r"((?:1[5-9]|20)\d\d)[/-]$", t[max(0, start - 5) : start])
        if yr and re.fullmatch(r"\d\d", raw):
            readings = [*readings, float(yr.group(1)[:2] + raw)]
        mult, kind = 1.0, "number"
        if lang in _CJK_LANGS or re.match(r"^\s*[千百万萬億亿兆]", after):
            um = _CJK_UNITS_AFTER.match(after)
            if um:
                mult = _cjk_multiplier(um.group(1))
                end += um.end()
                # 1万2千, 1億2,400万: further digits+unit groups with smaller units add to the first
                last = mult
                while more := re.match(r"^(\d{1,3}(?:,\d{3})+|\d+)([千百万萬]+)", t[end:]):
                    m2 = _cjk_multiplier(more.group(2))
                    if m2 >= last:
                        break
                    add_v = float(more.group(1).replace(",", "")) * m2
                    readings = [r + add_v / mult for r in readings]
                    end += more.end()
                    last = m2
        else:
            sp = _scale_pattern(lang) or _scale_pattern("en")
            sm = sp.match(after) if sp else None
            if sm:
                word = sm.group(1).lower()
                table = _SCALE_WORDS.get(lang) or _SCALE_WORDS["en"]
                mult = table.get(word, table.get(re.sub(r"\s+", " ", word), 1.0))
                end += sm.end()
        pm = _PERCENT_AFTER.match(t[end:])
        if pm:
            kind = "percent"
            end += pm.end()
        vals = [_round(r * mult) for r in readings]
        add(Quantity(t[start:end], frozenset(vals), start, end, kind, vals[0]))

    if lang in _CJK_LANGS:
        for m in _CJK_NUMERAL.finditer(t):
            start, end = m.span()
            if any(covered[start:end]):
                continue
            run = m.group()
            before, after = t[max(0, start - 1) : start], t[end:]
            if before in ("数", "第", "幾") or after.startswith(("数", "幾")) or run.startswith("数"):
                continue  # 数百万, 十数, 第一: vague amounts and ordinals
            if any((run + after).startswith(w) or (before + run).endswith(w) for w in _CJK_NOT_QUANTITY):
                continue
            if not _CJK_COUNTER.match(after) and not any(c in "万萬億亿兆" for c in run):
                continue
            v = kanji_number(run)
            if v is None:
                continue
            pm = _PERCENT_AFTER.match(after)
            add(Quantity(run, frozenset({_round(v)}), start, end, "percent" if pm else "word", _round(v)))
    else:
        for q in _word_numbers(t, lang, covered) + _month_names(t, lang, covered):
            add(q)
        out.extend(_implied_numbers(t, lang, covered))
    out.sort(key=lambda q: q.start)
    return out


_NEVER = re.compile(r"(?!)")


def _word_numbers(t: str, lang: str, covered: list[bool]) -> list[Quantity]:
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
        scale_words = _SCALE_WORDS.get(lang, {})
        if i > 0 and toks[i - 1].isdigit() and (words[0] in scale_words or words[0] in _VAGUE_SCALE_WORDS):
            continue  # "3 millions": the scale word was read with its digits
        v = _round(float(occ.value))
        out.append(Quantity(t[a:b], frozenset({v}), a, b, "word", v))
    return out


def _month_names(t: str, lang: str, covered: list[bool]) -> list[Quantity]:
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


def _implied_numbers(t: str, lang: str, covered: list[bool]) -> list[Quantity]:
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


# Page, issue and volume numbers ("S. 81", "p. 80", "n° 293"): editions of one text paginate apart.
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:s|p|pp|nr|no|vol|bd|fasc|chap|art|abs)\.|\b(?:seite|seiten|page|pages|pagina|heft|nr|bd)\b|n°|§)\s*"
    r"(?:\d+\s*[-–/]\s*)?$",
    re.IGNORECASE,
)


def is_reference(q: Quantity, text: str) -> bool:
    """Whether ``q`` numbers a page, an issue, a volume or a section of ``text`` (NFKC-normalised
    offsets, as :func:`extract_quantities` gives them) rather than counting something."""
    t = unicodedata.normalize("NFKC", text)
    return bool(_REFERENCE_BEFORE.search(t[max(0, q.start - 16) : q.start]))


@dataclass(frozen=True)
class QuantityComparison:
    """Which quantities of each side found no equal-valued counterpart on the other."""

    src_only: list[Quantity]
    tgt_only: list[Quantity]

    @property
    def mismatch(self) -> bool:
        return bool(self.src_only or self.tgt_only)


def compare_quantities(src: Sequence[Quantity], tgt: Sequence[Quantity]) -> QuantityComparison:
    """Match quantities one-to-one by shared reading (maximum bipartite matching; the lists are short).

    Lone 1s and soft quantities left unmatched are not reported (see :attr:`Quantity.reportable`).
    Firm quantities are matched first, so an implied amount never takes the partner of a written one.
    """
    match_of_tgt: dict[int, int] = {}
    tgt_order = sorted(range(len(tgt)), key=lambda j: tgt[j].soft)

    def augment(i: int, seen: set[int]) -> bool:
        for j in tgt_order:
            q = tgt[j]
            if j in seen or not (src[i].readings & q.readings):
                continue
            seen.add(j)
            if j not in match_of_tgt or augment(match_of_tgt[j], seen):
                match_of_tgt[j] = i
                return True
        return False

    for i in sorted(range(len(src)), key=lambda i: src[i].soft):
        augment(i, set())
    matched_src = set(match_of_tgt.values())
    return QuantityComparison(
        src_only=[q for i, q in enumerate(src) if i not in matched_src and q.reportable],
        tgt_only=[q for j, q in enumerate(tgt) if j not in match_of_tgt and q.reportable],
    )


def quantities_differ(src_text: str, src_lang: str, tgt_text: str, tgt_lang: str) -> QuantityComparison:
    """Compare the quantities of two texts by value (see :func:`compare_quantities`)."""
    return compare_quantities(extract_quantities(src_text, src_lang), extract_quantities(tgt_text, tgt_lang))
