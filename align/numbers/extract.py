"""Quantities in a sentence, normalised to values (see :mod:`align.numbers`)."""

from __future__ import annotations

import re

from align.langid import base_language
from align.numbers.cjk import (
    CJK_CLAUSE_START,
    CJK_DEMONSTRATIVES,
    CJK_ENUMERATION_AFTER,
    CJK_IDIOMS,
    CJK_NOT_QUANTITY,
    CJK_PAIR_PRONOUNS,
    CJK_PERCENT_BEFORE,
    CJK_RANGE,
    CJK_TENTHS,
    CJK_VAGUE,
    century_decades,
    cjk_counted,
    cjk_digits,
    cjk_multiplier,
    cjk_numeral_pattern,
    cjk_units,
    kanji_number,
    prefixed_unit_at,
    units_after,
)
from align.numbers.clock import (
    clock_readings,
    day_period_after,
    day_period_before,
    full_hour_minutes,
    minutes_quantity,
    split_hour_minute,
)
from align.numbers.decimal_words import decimal_word_numbers
from align.numbers.digits import (
    FRACTION,
    LATIN_AFTER,
    LATIN_BEFORE,
    LITERAL,
    PERCENT_AFTER,
    UHR_AFTER,
    UNIT_AFTER,
    literal_readings,
    normalised,
)
from align.numbers.lexicon import lexicon
from align.numbers.months import digit_months, month_names
from align.numbers.ordinals import (
    HAN_ORDINAL_BEFORE,
    mark_ordinals,
    ordinal_after,
    ordinal_prefix_before,
    ordinal_word_quantities,
)
from align.numbers.quantity import Quantity, round_value, single
from align.numbers.scales import scale_after, scale_before
from align.numbers.spelled import spelled_numbers
from align.numbers.unitnames import unit_name_quantities
from align.numbers.weekdays import weekday_spans
from align.numbers.wordforms import without_clitics, word_spans
from align.numbers.words import TEXT2NUM_LANGS, counted_units, decade_words, halved, implied_numbers, word_numbers

#: Languages written in Han characters, read by :mod:`.cjk` (Korean words go through the lexicon).
_HAN_LANGS = frozenset({"ja", "zh", "yue"})
_UNIT_LANGS = _HAN_LANGS | {"ko"}
_MORE_CJK = re.compile(r"[ \u00a0]?(\d{1,3}(?:,\d{3})+|\d+)(?![.,]?\d)")
#: Languages whose years are written in the Buddhist era (BE = CE + 543) as often as not: a four-digit
#: number in that era's recent centuries may be a year of either.
_BUDDHIST_ERA = frozenset({"th", "lo"})
_BE_YEAR = re.compile(r"2[45]\d\d")
_BE_OFFSET = 543
#: A year written with two digits after an apostrophe: "Dogme '95", "the class of ’68".
_YEAR_APOSTROPHE = re.compile(r"(?:^|[\s(])['’]$")
#: A decimal written without its 0: ".5mg", "(.25)".
_LEADING_POINT = re.compile(r"(?:^|[\s(])\.$")
#: 10多亿, 20余万: 'more than' between a number and its unit.
_APPROX_BEFORE_UNIT = ("多", "余", "餘")
_DATE_AFTER = re.compile(r"[ \u00a0]?[年년月월日일]")
#: 4月, 4월 (a month), not 4个月, 4か月, 4개월 (four months).
_MONTH_AFTER = re.compile(r"[ \u00a0]?[月월]")
_WORD_AFTER = re.compile(r"[ \u00a0]?(\w+)")


def extract_quantities(text: str, lang: str) -> list[Quantity]:
    """All quantities in ``text`` (written in ``lang``, ISO 639-1), in order of appearance.

    Offsets refer to the NFKC-normalised text with every script's digits as ASCII digits (full-width
    and Arabic-Indic digits alike keep their one character, so lengths are kept).
    """
    lang = base_language(lang)
    t = normalised(text)
    out: list[Quantity] = []
    covered = [False] * (len(t) + 1)

    def add(q: Quantity) -> None:
        out.append(q)
        for i in range(q.start, q.end):
            covered[i] = True

    spans = word_spans(t, lang) if lang not in _HAN_LANGS else []
    for a, b in weekday_spans(t, spans, lang):  # 周二, thứ Ba, יום שלישי: day names, never amounts
        covered[a:b] = [True] * (b - a)

    for q in decade_words(t, lang):  # "the (nineteen-)seventies": before "nineteen" is read as 19
        add(q)
    if lang in _HAN_LANGS:
        # 70年代, 上世纪七十年代, 20世纪70年代: decades and centuries, whose numbers count nothing; soft, since "the
        # seventies" has no number to match (see .cjk.century_decades)
        for a, b, readings, value, kind in century_decades(t):
            add(Quantity(t[a:b], readings, a, b, kind, value, soft=True))

    for m in FRACTION.finditer(t):
        whole, num, den = m.group(1), m.group(2), m.group(3)
        if float(den) == 0:
            continue
        add(single(m.group(), float(whole or 0) + float(num) / float(den), m.start(), m.end()))

    if lang not in _HAN_LANGS:  # before the digits alone are read
        for q in decimal_word_numbers(t, lang, covered):  # "၅ ဒသမ ၄": 5.4, not 5, a tenth and 4
            add(q)
        for q in digit_months(t, lang, covered):  # "tháng 4": April, not a count of 4
            add(q)

    for m in LITERAL.finditer(t):
        q = _literal(t, m, lang, covered)
        for part in q:
            add(part)

    if lang in _HAN_LANGS:
        for q in _kanji_numbers(t, covered):
            add(q)
    else:
        for q in month_names(t, spans, lang, covered):
            add(q)
        for q in unit_name_quantities(t, spans, lang, covered):  # "долоо хоног", a week: no 7 (see .unitnames)
            add(q)
        for q in ordinal_word_quantities(t, spans, lang, covered, phrases_only=True):
            add(q)
        if lang in TEXT2NUM_LANGS:
            found = word_numbers(t, lang, covered)
        else:
            lex = lexicon(lang)
            found = spelled_numbers(t, spans, lang, lex, covered) if lex else []
        for q in found:
            add(q)
        for q in ordinal_word_quantities(t, spans, lang, covered):
            add(q)
        out.extend(implied_numbers(t, lang, covered))
        out.sort(key=lambda q: q.start)
        out = halved(t, counted_units(t, out), lang)  # "two decades": 2 and 20; "half a million": 500,000
        out = mark_ordinals(t, out, lang)
    out.sort(key=lambda q: q.start)
    return out


def _literal(t: str, m: re.Match[str], lang: str, covered: list[bool]) -> list[Quantity]:
    """The quantity a digit literal makes with what follows it (scale, CJK units, percent sign)."""
    start, end = m.span()
    raw = m.group()
    if covered[start]:
        return []
    if LATIN_BEFORE.search(t, max(0, start - 2), start):
        a = ordinal_prefix_before(t, start, lang)  # "ke-18": the 18th (id, ms), not a name like "covid-19"
        if a is None:
            return []
        vals = [round_value(r) for r in literal_readings(raw, lang)]
        return [Quantity(t[a:end], frozenset(vals), a, end, "ordinal", vals[0], soft=True)]
    after = t[end : end + 40]
    if full_hour_minutes(t, start, raw):
        return [single(raw, 0.0, start, end, soft=True)]  # "21:00", "9:00 a.m.": soft, "21 Uhr" writes no minutes
    if (clock := _clock_time(t, start, end, raw, lang)) is not None:
        return clock  # before the name check: "6pm" is a time, not a code like "A320"
    scale = scale_after(t, end, lang) if lang not in _UNIT_LANGS else None
    if LATIN_AFTER.match(after) and not UNIT_AFTER.match(after) and scale is None:
        return []  # gpt-4o, A320: part of a name
    # 第2, 제2, 2つ目, 2番目, 2번째: an ordinal (see .ordinals)
    ordinal_end = ordinal_after(t, end, lang)
    if (start > 0 and t[start - 1] == HAN_ORDINAL_BEFORE.get(lang)) or ordinal_end is not None:
        a, b = (start - 1 if ordinal_end is None else start), ordinal_end or end
        vals = [round_value(r) for r in literal_readings(raw, lang)]
        return [Quantity(t[a:b], frozenset(vals), a, b, "ordinal", vals[0], soft=True)]
    # "14.30 Uhr" is a time: hour and minute, as "14 h 30" and "14:30" are read.
    hm = re.fullmatch(r"(\d{1,2})[.,](\d{2})", raw)
    if hm and UHR_AFTER.match(after):
        return [
            single(hm.group(1), float(hm.group(1)), start, start + len(hm.group(1))),
            minutes_quantity(hm.group(2), end),
        ]
    readings = literal_readings(raw, lang)
    # "1952/53", "1954-55": the second year of a range written with two digits is also the full year.
    yr = re.search(r"((?:1[5-9]|20)\d\d)[/-]$", t[max(0, start - 5) : start])
    if yr and re.fullmatch(r"\d\d", raw):
        readings = [*readings, float(yr.group(1)[:2] + raw)]
    if lang in _BUDDHIST_ERA and _BE_YEAR.fullmatch(raw):
        readings = [*readings, float(raw) - _BE_OFFSET]  # 2564 is 2021: Thai years count from the Buddha
    before = t[max(0, start - 2) : start]
    if re.fullmatch(r"\d\d", raw) and _YEAR_APOSTROPHE.search(before):
        readings = [*readings, 1900.0 + float(raw), 2000.0 + float(raw)]  # "Dogme '95": 1995
    elif raw.isdigit() and _LEADING_POINT.search(before):
        readings = [*readings, float("0." + raw)]  # "(5 mg and .5mg)": 0.5
    mult, kind, also_plain = 1.0, "number", False
    added = 0.0  # further groups, in units (integers: exact, where dividing by the multiplier is not)
    um = units_after("ko" if lang == "ko" else "ja").match(t, end)
    if um is None and lang in _HAN_LANGS and t[end : end + 1] in _APPROX_BEFORE_UNIT:
        um = units_after("ja").match(t, end + 1)  # 10多亿 'over a billion', 20余万: the unit still multiplies
    if um is None and lang not in _UNIT_LANGS:
        um = units_after("ja").match(t, end)  # 34億 quoted in a European text
    if um is not None and any(t.startswith(w, um.start(1)) for w in CJK_NOT_QUANTITY):
        um = None  # 0.25百分点: percentage points, not 25
    prefixed = prefixed_unit_at(t, um.start(1), um.end(1)) if um is not None else None
    also_prefixed = 1.0  # "100千比特": 100 kilobits, or 100,000 bits; the 千 is the unit's prefix, not a thousand
    if um is not None and prefixed is not None:
        also_prefixed = cjk_units()[t[prefixed]]
        mult = cjk_multiplier(t[um.start(1) : prefixed]) if prefixed > um.start(1) else 1.0
        end = prefixed if prefixed > um.start(1) else end
    elif um is not None:
        mult = cjk_multiplier(um.group(1))
        end = um.end()
        # 1万2千, 1億2,400万, 3억 5천만: further digits+unit groups with smaller units add to the first
        last = mult
        while more := _MORE_CJK.match(t, end):
            units = units_after(lang if lang == "ko" else "ja").match(t, more.end())
            if units is None or units.start() != more.end() or units.group().startswith(" "):
                # 3万8000人, 3만 8,000명: a last group without a unit, below the unit before it, adds too
                # (not a year or a date: "3만 2024년"; spaced apart only in Korean, which spaces its groups)
                tail = float(more.group(1).replace(",", ""))
                spaced = more.group()[0] != more.group(1)[0]
                if (
                    units is None
                    and last >= 10_000
                    and tail < last
                    and (lang == "ko" or not spaced)
                    and not _DATE_AFTER.match(t, more.end())
                ):
                    added += tail
                    end = more.end()
                break
            m2 = cjk_multiplier(units.group(1))
            if m2 >= last:
                break
            add_v = float(more.group(1).replace(",", "")) * m2
            added += add_v
            end = units.end()
            last = m2
    elif scale is not None:
        mult, end, also_plain = scale
    elif lang not in _UNIT_LANGS and (before := scale_before(t, start, lang)) is not None:
        mult, start = before  # Swahili "milioni 3.5": the scale word comes first
    pm = PERCENT_AFTER.match(t[end : end + 20])
    if pm:
        kind = "percent"
        end += pm.end()
    elif lang not in _UNIT_LANGS and (per := _per_hundred_after(t, end, lang)) is not None:
        kind, end = "percent", per
    month = _MONTH_AFTER.match(t, end) if lang in _UNIT_LANGS and mult == 1.0 and kind == "number" else None
    if month is not None and raw.isdigit() and 1 <= int(raw) <= 12:
        # 4月, 4월: a month's name, written, so firm; of kind "month" so that it meets "April" or "März" first
        # and a changed month is reported with both sides (see .compare._unmatched)
        return [single(t[start : month.end()], float(raw), start, month.end(), "month")]
    vals = [round_value(r * mult + added) for r in readings]
    if also_prefixed != 1.0:
        vals += [round_value(r * mult * also_prefixed) for r in readings]
    if also_plain:  # "5K": 5000, or 5 km
        vals += [round_value(r) for r in readings]
    return [Quantity(t[start:end], frozenset(vals), start, end, kind, vals[0])]


def _per_hundred_after(t: str, end: int, lang: str) -> int | None:
    """Where "per hundred" written as the hundred with a preposition's clitic ends, right after a number: Amharic
    "62 በመቶ" (በ + መቶ), Arabic "62 بالمائة", the language's percent; None when no such word follows. Read as a
    hundred, every Amharic percentage was "number_mismatch: target only: በመቶ" against "62 percent"."""
    m = _WORD_AFTER.match(t, end)
    if m is None or len(list(without_clitics(m.group(1), lang))) < 2:
        return None  # most languages write nothing onto words: no lexicon to build
    lex = lexicon(lang)
    bare = list(without_clitics(lex.norm(m.group(1)), lang))[1:] if lex else []
    return m.end() if any((e := lex.entries.get(b)) is not None and e.value == 100 for b in bare) else None


def _clock_time(t: str, start: int, end: int, raw: str, lang: str) -> list[Quantity] | None:
    """A 12-hour clock's hour ("6 p.m.", "6.30pm", "午後6時"), read as written and on the 24-hour clock (18), so
    "à 18 h" matches it; its minutes apart, as "14.30 Uhr" is read. None when no day period goes with it."""
    after = day_period_after(t, end, lang)
    period = after[0] if after is not None else day_period_before(t, start, lang)
    if period is None:
        return None
    hm = split_hour_minute(raw) if after is not None else None
    hour = hm[0] if hm is not None else raw
    if not re.fullmatch(r"\d{1,2}", hour):
        return None
    vals = [round_value(v) for v in clock_readings(float(hour), period)]
    out = [Quantity(hour, frozenset(vals), start, start + len(hour), "number", vals[0])]
    if hm is not None:
        out.append(minutes_quantity(hm[1], end))
    return out


def _kanji_numbers(t: str, covered: list[bool]) -> list[Quantity]:
    """Runs of Han numerals with a counter after them (三人, 五层) or a large unit in them (一億)."""
    out = _han_fractions(t, covered)
    big = {c for c, v in cjk_units().items() if v >= 10_000}
    digits = cjk_digits()
    for m in cjk_numeral_pattern().finditer(t):
        start, end = m.span()
        if any(covered[start:end]):
            continue
        run = m.group()
        prefix = 1.0  # 三千瓦: three kilowatts (or 3,000 watts), the 千 a prefix of the unit (see .cjk)
        if (p := prefixed_unit_at(t, start, end)) is not None:
            if p == start:
                continue  # 千比特 alone: kilobits, no amount
            prefix, end, run = float(cjk_units()[t[p]]), p, t[start:p]
        before, after = t[max(0, start - 1) : start], t[end : end + 8]
        if before in ("数", "幾") or after.startswith(("数", "幾")) or run.startswith("数"):
            continue  # 数百万, 十数: vague amounts
        # 几十, 几百名: vague too, but read, to match 'hundreds of workers' (never reported alone)
        vague = before in CJK_VAGUE or after.startswith(CJK_VAGUE)
        if len(run) == 2 and all(c in digits for c in run) and digits[run[1]] == digits[run[0]] + 1 > 1:
            # 一两天 'a day or two', 三四个 'three or four': two neighbouring digits are either, never 12 or 34
            pair = frozenset({float(digits[run[0]]), float(digits[run[1]])})
            out.append(Quantity(run, pair, start, end, "word", float(digits[run[1]]), soft=True))
            continue
        if any((run + after).startswith(w) or (before + run).endswith(w) for w in CJK_NOT_QUANTITY):
            continue
        if _in_phrase(t, start, end, CJK_IDIOMS):
            continue
        ordinal_end = ordinal_after(t, end, "ja")
        if len(run) == 1 and after.startswith(CJK_ENUMERATION_AFTER) and before in CJK_CLAUSE_START:
            ordinal_end = end  # 二是赋予农民更多财产权利 'Two, endowing farmers...': an enumeration's item
        if before == "第" or ordinal_end is not None:  # 第二, 二つ目, 三番目: ordinals (see .ordinals)
            v = kanji_number(run)
            a, b = (start - 1 if before == "第" else start), ordinal_end or end
            if v is not None:
                out.append(Quantity(t[a:b], frozenset({v}), a, b, "ordinal", v, soft=True))
            continue
        if after.startswith("分之"):
            continue  # 三分之一: a fraction (a third), not three minutes (see _han_fractions)
        # 百分之五十: 50 %; not 三百分之一 (a three-hundredth)
        percent = t.endswith(CJK_PERCENT_BEFORE, 0, start) and not (
            start > 3 and cjk_numeral_pattern().fullmatch(t, start - 4, start - 3)
        )
        # 五千多年, 三十余人: an approximator (more than) may stand between the number and its counter.
        approx = after[:1] in ("多", "余", "餘", "来")
        counted = cjk_counted(after[1:] if approx else after) or prefix != 1.0
        if not counted and after.startswith(CJK_RANGE) and (nxt := cjk_numeral_pattern().match(t, end + 1)):
            counted = cjk_counted(t[nxt.end() : nxt.end() + 8])  # 三至六个月: the range's counter counts both
        # A lone 万/億 without a digit is no amount (万众一心 'all as one', 亿万 'countless').
        scaled = any(c in big for c in run) and len(run) > 1
        v = kanji_number(run)
        # 六大经营宗旨 'six core values', 七大地区 'seven major regions': a numeral before 大 (major) counts
        # what follows, but nothing says which word is counted: read, and matched, never reported alone.
        major = after.startswith("大")
        if v is not None and after.startswith(CJK_TENTHS) and 1 <= v <= 10 and len(run) == 1:
            # 七成 is 70 %; but 成 also begins words (这一成绩 'this result', 八成 'most likely'): matched, never
            # reported alone
            a, b = start, end + len(CJK_TENTHS)
            out.append(single(t[a:b], v * 10, a, b, "percent", soft=True))
            continue
        # 这两个因素 'these two factors', 两人 'the two of them': a count the text has given, or a pronoun; matched,
        # never reported alone (translators add and drop them, see .cjk.CJK_DEMONSTRATIVES)
        anaphoric = before in CJK_DEMONSTRATIVES or t.startswith(CJK_PAIR_PRONOUNS, start)
        if v is None or not (percent or counted or scaled or major or anaphoric or len(run) > 1):
            continue
        # A composed numeral with no counter (十八大, the 18th congress) is a number, but without the counter
        # nothing says it is a count of the sentence: it matches the other side, never reported alone. Nor are
        # units without a digit (亿万富翁 'billionaire', 千百万人 'millions of people', 千万 'tens of
        # millions'), vague as 'thousands' is; 十万 (100,000) is exact.
        digitless = len(run) > 1 and not any(c in digits for c in run) and not run.startswith("十")
        soft = vague or approx or digitless or anaphoric or not (percent or counted or scaled)
        if percent:
            a = start - len(CJK_PERCENT_BEFORE)
            out.append(single(t[a:end], v, a, end, "percent"))
            continue
        if after.startswith("月") and 1 <= v <= 12 and len(run) <= 2:  # 二月: February, a month's name
            # with its 月, so that a note reads "target only: 四月" (a changed month, see .compare._reported)
            out.append(single(t[start : end + 1], v, start, end + 1, "month", soft=True))
            continue
        if prefix != 1.0:
            out.append(Quantity(run, frozenset({v, round_value(v * prefix)}), start, end, "word", v, soft=soft))
            continue
        out.append(single(run, v, start, end, "percent" if PERCENT_AFTER.match(after) else "word", soft=soft))
    return out


def _in_phrase(t: str, start: int, end: int, phrases: frozenset[str]) -> bool:
    """Whether ``t[start:end]`` lies inside one of ``phrases`` written in ``t``."""
    for w in phrases:
        for a in range(max(0, end - len(w)), start + 1):
            if t.startswith(w, a):
                return True
    return False


def _han_fractions(t: str, covered: list[bool]) -> list[Quantity]:
    """三分之二 (two thirds), 十分之一 (a tenth), 千分之五 (5 ‰): the numerator, and the denominator read also
    as the fraction's value and its percentage, so that 十分之一 matches "1 in 10", "a tenth", "10%" and "0.1".
    百分之五十 is a percentage (read in :func:`_kanji_numbers`). 二分之一 and 四分之一 are 'half' and 'a quarter',
    which English writes without a number: never reported alone."""
    out: list[Quantity] = []
    run = cjk_numeral_pattern().pattern
    for m in re.finditer(f"({run})分之({run})", t):
        if m.group(1) == "百" or any(covered[m.start() : m.end()]):
            continue
        den, num = kanji_number(m.group(1)), kanji_number(m.group(2))
        if not den or num is None:
            continue
        ratio = num / den
        readings = frozenset(round_value(r) for r in (den, ratio, ratio * 100))
        a, b = m.span(1)
        soft = num == 1 and den in (2, 4)
        out.append(Quantity(t[a:b], readings, a, b, "word", round_value(ratio), soft=soft))
        out.append(single(m.group(2), num, m.start(2), m.end(2), "word"))
        covered[m.start() : m.end()] = [True] * (m.end() - m.start())
    return out
