"""CJK numerals and units: 三, 二十五, 千五百, 一億二千万, and units after digits (34億, 1万2千)."""

from __future__ import annotations

import re

CJK_UNIT = {"十": 10, "百": 100, "千": 1_000, "万": 10_000, "萬": 10_000, "億": 10**8, "亿": 10**8, "兆": 10**12}
CJK_DIGIT = {"〇": 0, "零": 0, "两": 2, "兩": 2} | {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
CJK_NUMERAL = re.compile(r"[〇零一二两兩三四五六七八九十百千万萬億亿兆]+")
CJK_UNITS_AFTER = re.compile(r"^\s*([千百万萬億亿兆]+)")
# Counters that make a run of kanji numerals a quantity (一方, 一般, 統一 are not).
CJK_COUNTER = re.compile(
    r"^(?:人|名|年|か月|ヶ月|カ月|ケ月|箇月|月|日|つ|本|社|回|個|件|歳|倍|位|度|点|冊|台|枚|週|時|分|秒|円|元"
    r"|ドル|美元|割|%|か国|カ国|ヵ国|个|次|岁|天|号)"
)
CJK_NOT_QUANTITY = frozenset({"十分", "二度と", "一時", "一日中", "一人ひとり"})


def kanji_number(s: str) -> float | None:
    """Value of a run of CJK numerals: 三 → 3, 二十五 → 25, 千五百 → 1500, 一億二千万 → 120000000."""
    if not s or any(c not in CJK_DIGIT and c not in CJK_UNIT for c in s):
        return None
    if all(c in CJK_DIGIT for c in s) and len(s) > 1:  # 二〇二四 digit by digit
        return float("".join(str(CJK_DIGIT[c]) for c in s))
    total, section, digit = 0, 0, None
    for c in s:
        if c in CJK_DIGIT:
            digit = CJK_DIGIT[c]
            continue
        unit = CJK_UNIT[c]
        if unit >= 10_000:
            section = (section + (digit or 0)) or 1
            total += section * unit
            section = 0
        else:
            section += (1 if digit is None else digit) * unit
        digit = None
    return float(total + section + (digit or 0))


def cjk_multiplier(units: str) -> float:
    """千万 → 10**7, 億 → 10**8: consecutive units multiply."""
    m = 1.0
    for c in units:
        m *= CJK_UNIT[c]
    return m
