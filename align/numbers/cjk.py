"""CJK numerals and units: 三, 二十五, 千五百, 一億二千万, and units after digits (34億, 1万2千, 1,200만, 34억).

The digit and unit characters come from CLDR's rule-based spellings of ja, zh, zh_Hant and ko
(financial forms such as 壱 and 萬 included); the value of a run is computed here.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Counters that make a run of kanji numerals a quantity (一方, 一般, 統一, 四川 are not): ja and zh
#: measure words, a closed class of the grammar.
CJK_COUNTER = re.compile(
    r"(?:人|名|年|か月|ヶ月|カ月|ケ月|箇月|月|日|つ|本|社|回|個|件|歳|倍|位|度|点|冊|台|枚|週|時|分|秒|円|元"
    r"|ドル|美元|割|%|か国|カ国|ヵ国|个|個|次|岁|天|号|层|層|階|座|家|条|條|项|項|种|種|所|张|張|辆|輛|架|艘|部"
    r"|篇|首|场|場|届|轮|輪|季|周|小时|小時|分钟|公里|米|吨|噸|亩|畝|块|塊|间|間|栋|棟|轩|軒|杯|头|頭|匹|羽"
    r"|只|隻|机|機|基|章|话|話|曲|局|期|代|世纪|世紀|国|國|省|城|队|隊|组|組|批|份|名|遍|趟|项|居室|室|厅|廳"
    r"|支(?![持付出援撑])|枝|类|類|处(?!理)|處(?!理))"
)  # 两居室, 三室一厅: a two-bedroom, three rooms and a hall. 两支乐队, 三支笔: 支 counts bands, teams, troops and
# pens (no installed package lists Chinese counters); not in 支持 'support', 支付 'pay', 支出 'spend', 支援, 支撑,
# which follow 一 in 统一支付 'unified payment'; 枝 is its spelling for flowers and branches (三枝玫瑰); 两类学者 'two
# groups of scholars', 两处弱点 'two weaknesses' (not 处理 'handle', after 统一 'unified')
CJK_NOT_QUANTITY = frozenset(
    {"十分", "二度と", "一時", "一日中", "一人ひとり", "万一", "一部", "一代", "百分点", "百分比", "百分之", "百分率"}
    | {"一成不变", "一成不變", "四周", "四处", "四處"}  # 'unchanging', 'all around': no tenth, no four weeks, no
    # four places (四处活动 'move about')
    # 'binary relation', 'dualism', 'monism', 'dual (urban-rural) structure': no yuan
    | {"二元关系", "二元關係", "二元论", "二元論", "一元论", "一元論", "二元结构", "二元結構"}
)  # 百分点 is a percentage point, 百分之五 five per cent: 百 there is no hundred
#: Idioms (chengyu) with a numeral that counts nothing: 货比三家 'shop around' (compare three shops). Hand-written: no
#: idiom list is among the data this project installs, and these are a closed set of fixed phrases; a numeral
#: anywhere inside one is not read.
CJK_IDIOMS = frozenset({"货比三家", "貨比三家"})
#: A demonstrative before a numeral (这两个因素 'these two factors', 该三位 'the three') points back at things the text
#: has named or counted already: translators add such counts where English says "both", "they" or "these teams".
CJK_DEMONSTRATIVES = ("这", "這", "那", "该", "該", "此")
#: 两人, 二人, 两位, 两者: 'the two (of them)', a pronoun for two people or things named before ('fell in love' is
#: 不久两人坠入爱河, 'its directors' 该片的两位导演). 两名 and 两个 count afresh and stay firm.
CJK_PAIR_PRONOUNS = ("两人", "兩人", "二人", "两位", "兩位", "两者", "兩者", "二者")
#: 三至六个月 'three to six months': the first number of a range counts what the second does.
CJK_RANGE = ("至", "到")
#: 一是…，二是… 'first…, second…' (English often "One, … Two, …"): an enumeration, read as a soft ordinal.
CJK_ENUMERATION_AFTER = "是"
#: What may stand before it: the start, or punctuation (after NFKC, which makes ，；：（ ASCII).
CJK_CLAUSE_START = ("", ",", "。", ";", ":", "、", "\n", " ", "(", "“", '"')
#: Chinese writes a percentage before its number: 百分之五十 is 50 %.
CJK_PERCENT_BEFORE = "百分之"
_ENGINES = ("ja", "zh", "zh_Hant", "ko")
#: 七成 is seven tenths (70 %): 成 counts tenths after a numeral.
CJK_TENTHS = "成"
#: A word before or after a numeral that makes it vague: 几十 (dozens), 几百 (hundreds).
CJK_VAGUE = ("几",)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int]]:
    """Digit characters and unit characters (十 百 千 万 億 兆, 拾 萬, 십 백 천 만 억 조) with their values.

    Read from the cache folder after the first process (:mod:`align.datacache`): loading four CLDR rule sets
    took 0.05 s of every run, whatever its languages (digits are read before the language is asked)."""
    from align.datacache import cached_data, package_version, source_digest

    key = (package_version("unicode-rbnf"), source_digest(__file__))
    digits, units = cached_data("cjk-numerals", key, _spell_tables)
    return digits, units


def _spell_tables() -> tuple[dict[str, int], dict[str, int]]:
    from unicode_rbnf import RbnfEngine

    digits: dict[str, int] = {}
    units: dict[str, int] = {}
    for code in _ENGINES:
        engine = RbnfEngine.for_language(code)
        spell = {
            n: [t for name, t in engine.format_number(n).text_by_ruleset.items() if _cardinal(name, code)]
            for n in (*range(10), 10, 100, 1000, 10**4, 10**8, 10**12)
        }
        if code != "ko":  # Hangul digits (일, 이, 삼) are everyday syllables; Korean writes digits
            for n in range(10):
                digits.update({t: n for t in spell[n] if len(t) == 1})
        ones = {t for t in spell[1] if len(t) == 1}
        for n in (10, 100, 1000, 10**4, 10**8, 10**12):
            for t in spell[n]:
                unit = t[1:] if t[:1] in ones and len(t) > 1 else t
                if len(unit) == 1:
                    units.setdefault(unit, n)
    return digits, units


def _cardinal(name: str, code: str) -> bool:
    if "year" in name or "days" in name or "ordinal" in name:
        return False
    return code != "ko" or "sinokorean" in name or "financial" in name


@lru_cache(maxsize=1)
def cjk_unit_names() -> tuple[str, ...]:
    """CLDR's names of measurement units written after a number in zh, zh_Hant and ja (三英尺, 两公斤, 5
    毫克, 3キロメートル), longest first: the counters of measures. Only names of two or more Han or kana
    characters: single ones (点, 里, 金, 光) are everyday words, and those starting with a numeral (千克,
    十年) would be read into the number before them."""
    from align.datacache import cached_data, package_version, source_digest

    key = (package_version("babel"), source_digest(__file__))
    return tuple(cached_data("cldr-cjk-units", key, _read_unit_names))


def _read_unit_names() -> list[str]:
    from babel import Locale

    numerals = {**_tables()[0], **_tables()[1]}
    names: set[str] = set()
    for code in ("zh", "zh_Hant", "ja"):
        for unit in Locale.parse(code)._data["unit_patterns"].values():
            for width in ("long", "short", "narrow"):
                for pattern in unit.get(width, {}).values():
                    if not isinstance(pattern, str) or not pattern.startswith("{0}"):
                        continue
                    name = pattern[3:].strip()
                    if name in _NOT_UNIT_NAMES:
                        continue
                    if len(name) >= 2 and name[0] not in numerals and all(_han_or_kana(c) for c in name):
                        names.add(name)
    return sorted(names, key=lambda n: (-len(n), n))


@lru_cache(maxsize=1)
def cjk_prefixed_unit_names() -> tuple[str, ...]:
    """CLDR's zh, zh_Hant and ja unit names that begin with a unit numeral, a metric prefix written with it: 千比特
    (kilobit), 千瓦 (kilowatt), 兆字节 (megabyte), 百万像素 (megapixel). In "100千比特" the 千 is the unit's prefix,
    not a thousand multiplying the digits (see :func:`prefixed_unit_at`)."""
    from align.datacache import cached_data, package_version, source_digest

    key = (package_version("babel"), source_digest(__file__))
    return tuple(cached_data("cldr-cjk-prefixed-units", key, _read_prefixed_unit_names))


def _read_prefixed_unit_names() -> list[str]:
    from babel import Locale

    units = _tables()[1]
    names: set[str] = set()
    for code in ("zh", "zh_Hant", "ja"):
        for unit in Locale.parse(code)._data["unit_patterns"].values():
            for width in ("long", "short", "narrow"):
                for pattern in unit.get(width, {}).values():
                    if isinstance(pattern, str) and pattern.startswith("{0}"):
                        name = pattern[3:].strip()
                        # 十年 (a decade) counts years: no prefix
                        if len(name) >= 2 and units.get(name[0], 0) >= 100 and all(_han_or_kana(c) for c in name):
                            names.add(name)
    return sorted(names, key=lambda n: (-len(n), n))


def prefixed_unit_at(t: str, start: int, end: int) -> int | None:
    """Where in ``t[start:end]`` (a run of unit numerals) a unit name with a numeral prefix begins (千比特), or None."""
    names = cjk_prefixed_unit_names()
    for p in range(start, end):
        if t.startswith(names, p):
            return p
    return None


#: CLDR's 'portion' (比例) is the everyday word 'ratio, proportion', no unit after a count.
_NOT_UNIT_NAMES = frozenset({"比例"})


def _han_or_kana(c: str) -> bool:
    return "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff"


def cjk_counted(after: str) -> bool:
    """Whether ``after`` starts with a counter (人, 个, 层) or a unit of measure (英尺, 公斤)."""
    return CJK_COUNTER.match(after) is not None or after.startswith(cjk_unit_names())


def cjk_digits() -> dict[str, int]:
    """Numeral characters 0–9 (〇 零 一 … 九, 两, 壱 弐 …)."""
    return _tables()[0]


def cjk_units() -> dict[str, int]:
    """Unit characters (十 百 千 万 萬 億 亿 兆, 拾 佰 仟, 십 백 천 만 억 조)."""
    return _tables()[1]


@lru_cache(maxsize=1)
def cjk_numeral_pattern() -> re.Pattern[str]:
    """A run of Han numeral characters (digits and units, Hangul left out)."""
    chars = "".join(c for c in {**cjk_digits(), **cjk_units()} if not _hangul(c))
    return re.compile(f"[{re.escape(chars)}]+")


@lru_cache(maxsize=4)
def units_after(lang: str) -> re.Pattern[str]:
    """Units written after digits: 34億, 1万2千; in Korean 34억, 1,200만, 3억 5천만."""
    units = "".join(c for c in cjk_units() if _hangul(c) == (lang == "ko") and cjk_units()[c] >= 100)
    return re.compile(rf"[ \u00a0]?([{re.escape(units)}]+)")


def _hangul(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


def kanji_number(s: str) -> float | None:
    """Value of a run of CJK numerals: 三 → 3, 二十五 → 25, 千五百 → 1500, 一億二千万 → 120000000."""
    digits, units = _tables()
    if not s or any(c not in digits and c not in units for c in s):
        return None
    if all(c in digits for c in s) and len(s) > 1:  # 二〇二四 digit by digit
        return float("".join(str(digits[c]) for c in s))
    total, section, digit = 0, 0, None
    for c in s:
        if c in digits:
            digit = digits[c]
            continue
        unit = units[c]
        if unit >= 10_000:
            section = (section + (digit or 0)) or 1
            total += section * unit
            section = 0
        else:
            section += (1 if digit is None else digit) * unit
        digit = None
    return float(total + section + (digit or 0))


def cjk_multiplier(chars: str) -> float:
    """千万 → 10**7, 億 → 10**8, 천만 → 10**7: consecutive units multiply."""
    m = 1.0
    for c in chars:
        m *= cjk_units()[c]
    return m


#: 世纪 (zh), 世紀 (ja, zh_Hant): century.
_CENTURY = "(?:世纪|世紀)"
#: 上世纪 'last century', 本世纪 'this century': the 20th and the 21st for the texts this tool reads.
_RELATIVE_CENTURY = {"上": 20, "本": 21}


@lru_cache(maxsize=1)
def _century_decade() -> re.Pattern[str]:
    """[century 世纪] decade 年代 (20世纪70年代, 上世纪七十年代, 70年代), or a century alone (二十世纪)."""
    han = cjk_numeral_pattern().pattern[:-1]  # one numeral character class, without its +
    number = rf"\d{{1,2}}|{han}{{1,4}}"
    century = rf"(?:(?P<c>{number})|(?P<rel>[上本])个?){_CENTURY}"
    # not the tail of a longer number: 1970年代 is 1970, not 70年代
    head = rf"(?<![0-9{han[1:-1]}])"
    return re.compile(rf"{head}(?:(?:{century})?(?:(?P<d>\d0|{han}{{1,3}})年代)|(?P<alone>{number}){_CENTURY})")


def _small_number(s: str) -> float | None:
    return float(s) if s.isdigit() else kanji_number(s)


def century_decades(t: str) -> list[tuple[int, int, frozenset[float], float, str]]:
    """Decades and centuries in a Han text, as (start, end, readings, value, kind); read before any digit or
    numeral in them, since neither counts anything.

    70年代 and 七十年代 are the seventies of a century the text leaves to the reader (70, 1970 or 2070);
    20世纪70年代, 二十世纪七十年代 and 上世纪七十年代 the 1970s (the 20 a century, not an amount), read also as
    70 for "the seventies". A century alone (二十世纪, 20世纪) is an ordinal: the 20th. Decades are of kind "decade"
    (see :func:`.compare.compare_quantities`).
    """
    out: list[tuple[int, int, frozenset[float], float, str]] = []
    for m in _century_decade().finditer(t):
        if m.group("alone") is not None:
            c = _small_number(m.group("alone"))
            if c is not None and 1 <= c <= 21:
                out.append((m.start(), m.end(), frozenset({c}), c, "ordinal"))
            continue
        d = _small_number(m.group("d"))
        if d is None or d % 10 or not 0 <= d <= 90:
            continue  # 三年代 is no decade
        if m.group("c") is not None:
            c = _small_number(m.group("c"))
            if c is None or not 1 <= c <= 21:
                continue
            years = [(c - 1) * 100 + d]
        elif m.group("rel") is not None:
            years = [(_RELATIVE_CENTURY[m.group("rel")] - 1) * 100 + d]
        else:
            years = [1900 + d, 2000 + d]
        out.append((m.start(), m.end(), frozenset({d, *years}), d if len(years) > 1 else years[0], "decade"))
    return out
