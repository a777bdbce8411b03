"""Quantities in a sentence, normalised to values (see :mod:`align.numbers`)."""

from __future__ import annotations

import re
import unicodedata

from align.langid import CJK_LANGS as CJK_LANGS
from align.langid import base_language
from align.numbers.cjk import CJK_COUNTER, CJK_NOT_QUANTITY, CJK_NUMERAL, CJK_UNITS_AFTER, cjk_multiplier, kanji_number
from align.numbers.digits import (
    FRACTION,
    LATIN_AFTER,
    LATIN_BEFORE,
    LITERAL,
    PERCENT_AFTER,
    UHR_AFTER,
    UNIT_AFTER,
    literal_readings,
)
from align.numbers.quantity import Quantity, round_value
from align.numbers.words import SCALE_WORDS, implied_numbers, month_names, scale_pattern, word_numbers

_NEVER = re.compile(r"(?!)")


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

    for m in FRACTION.finditer(t):
        whole, num, den = m.group(1), m.group(2), m.group(3)
        if float(den) == 0:
            continue
        v = round_value(float(whole or 0) + float(num) / float(den))
        add(Quantity(m.group(), frozenset({v}), m.start(), m.end(), value=v))

    for m in LITERAL.finditer(t):
        start, end = m.span()
        raw = m.group()
        if covered[start]:
            continue
        if LATIN_BEFORE.search(t[max(0, start - 2) : start]):
            continue
        after = t[end:]
        if (
            LATIN_AFTER.match(after)
            and not UNIT_AFTER.match(after)
            and not (scale_pattern(lang) or _NEVER).match(after)
        ):
            continue
        if start > 0 and t[start - 1] in "第" and lang in CJK_LANGS:
            continue
        # "14.30 Uhr" is a time: hour and minute, as "14 h 30" and "14:30" are read.
        hm = re.fullmatch(r"(\d{1,2})[.,](\d{2})", raw)
        if hm and UHR_AFTER.match(after):
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
        if lang in CJK_LANGS or re.match(r"^\s*[千百万萬億亿兆]", after):
            um = CJK_UNITS_AFTER.match(after)
            if um:
                mult = cjk_multiplier(um.group(1))
                end += um.end()
                # 1万2千, 1億2,400万: further digits+unit groups with smaller units add to the first
                last = mult
                while more := re.match(r"^(\d{1,3}(?:,\d{3})+|\d+)([千百万萬]+)", t[end:]):
                    m2 = cjk_multiplier(more.group(2))
                    if m2 >= last:
                        break
                    add_v = float(more.group(1).replace(",", "")) * m2
                    readings = [r + add_v / mult for r in readings]
                    end += more.end()
                    last = m2
        else:
            sp = scale_pattern(lang) or scale_pattern("en")
            sm = sp.match(after) if sp else None
            if sm:
                word = sm.group(1).lower()
                table = SCALE_WORDS.get(lang) or SCALE_WORDS["en"]
                mult = table.get(word, table.get(re.sub(r"\s+", " ", word), 1.0))
                end += sm.end()
        pm = PERCENT_AFTER.match(t[end:])
        if pm:
            kind = "percent"
            end += pm.end()
        vals = [round_value(r * mult) for r in readings]
        add(Quantity(t[start:end], frozenset(vals), start, end, kind, vals[0]))

    if lang in CJK_LANGS:
        for m in CJK_NUMERAL.finditer(t):
            start, end = m.span()
            if any(covered[start:end]):
                continue
            run = m.group()
            before, after = t[max(0, start - 1) : start], t[end:]
            if before in ("数", "第", "幾") or after.startswith(("数", "幾")) or run.startswith("数"):
                continue  # 数百万, 十数, 第一: vague amounts and ordinals
            if any((run + after).startswith(w) or (before + run).endswith(w) for w in CJK_NOT_QUANTITY):
                continue
            if not CJK_COUNTER.match(after) and not any(c in "万萬億亿兆" for c in run):
                continue
            v = kanji_number(run)
            if v is None:
                continue
            pm = PERCENT_AFTER.match(after)
            add(Quantity(run, frozenset({round_value(v)}), start, end, "percent" if pm else "word", round_value(v)))
    else:
        for q in word_numbers(t, lang, covered) + month_names(t, lang, covered):
            add(q)
        out.extend(implied_numbers(t, lang, covered))
    out.sort(key=lambda q: q.start)
    return out
