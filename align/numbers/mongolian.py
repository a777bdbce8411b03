"""Mongolian (Cyrillic) cardinal numbers spelled out, for the number-word lexicon of :mod:`.lexicon`.

Written here because no maintained source spells them: num2words has no Mongolian, CLDR's rule-based number
formats have no Mongolian rules (neither ``unicode_rbnf``'s copy nor ICU 78's), and the one package on PyPI
that spells them (mon-nlp) is GPL-3.0, where this project is MIT. The words are a closed set; the grammar is
one rule: every word of a number but the last takes its attributive form, with -н ("гурван зуун тавь", 350;
"хоёр мянга", 2000; "таван сая", five million). The lexicon learns counts, scales and phrases from these
spellings as it does from the other sources'.

Ordinals likewise (:func:`mongolian_ordinals`): the suffix -дугаар/-дүгээр written onto the number's last word
("гуравдугаар", third; CLDR's month names are these, "гуравдугаар сар", March, the third month), or the particle
дахь/дэх after it ("гурав дахь", "3 дахь").
"""

from __future__ import annotations

#: 1–9 standing alone (the last word of a number) and before another word.
_UNITS = ("нэг", "хоёр", "гурав", "дөрөв", "тав", "зургаа", "долоо", "найм", "ес")
_UNITS_ATTRIBUTIVE = ("нэг", "хоёр", "гурван", "дөрвөн", "таван", "зургаан", "долоон", "найман", "есөн")
#: 10–90.
_TENS = ("арав", "хорь", "гуч", "дөч", "тавь", "жар", "дал", "ная", "ер")
_TENS_ATTRIBUTIVE = ("арван", "хорин", "гучин", "дөчин", "тавин", "жаран", "далан", "наян", "ерэн")
_HUNDRED = ("зуу", "зуун")
#: Powers of a thousand, alone and attributive ("их наяд", 10**12, is two words, the first "big": left to CLDR's
#: compact formats, which read it after digits).
_SCALES = ((10**9, "тэрбум", "тэрбум"), (10**6, "сая", "сая"), (1000, "мянга", "мянган"))
#: Attributive form → the form standing alone: the lexicon gives each the other's value and scale, since the data
#: spells the attributive tens and hundred only inside longer numbers ("хорин нэг", 21; "гурван зуун тавь", 350).
ATTRIBUTIVE = dict(zip(_UNITS_ATTRIBUTIVE + _TENS_ATTRIBUTIVE, _UNITS + _TENS, strict=True)) | {
    _HUNDRED[1]: _HUNDRED[0],
    **{attributive: alone for _, alone, attributive in _SCALES},
}


def _below_thousand(n: int, with_one: bool) -> list[str]:
    """The attributive words of 1 ≤ ``n`` < 1000; a hundred as "зуун" or, ``with_one``, "нэг зуун"."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds:
        words += [*([_UNITS_ATTRIBUTIVE[hundreds - 1]] if hundreds > 1 or with_one else []), _HUNDRED[1]]
    if tens:
        words.append(_TENS_ATTRIBUTIVE[tens - 1])
    if units:
        words.append(_UNITS_ATTRIBUTIVE[units - 1])
    return words


def mongolian_cardinals(n: int) -> set[str]:
    """Spellings of 0 ≤ ``n`` < 10**12: with and without "нэг" (one) before a lone hundred or thousand
    ("зуу" and "нэг зуу", "мянга" and "нэг мянга"); empty above."""
    if n == 0:
        return {"тэг"}
    if n >= 10**12:
        return set()
    out = set()
    for with_one in (False, True):
        words: list[str] = []
        rest = n
        for scale, _, attributive in _SCALES:
            count, rest = divmod(rest, scale)
            if count == 1 and scale == 1000 and not with_one:
                words.append(attributive)  # a thousand may stand alone ("мянга"); a million is counted ("нэг сая")
            elif count:
                words += [*_below_thousand(count, with_one), attributive]
        if rest:
            words += _below_thousand(rest, with_one)
        words[-1] = ATTRIBUTIVE.get(words[-1], words[-1])
        out.add(" ".join(words))
    return out


#: The ordinal suffix and particle, each in its back- and front-vowel form. Vowel harmony picks one; a reader
#: needs no choice, so both are written onto every number (a form a text never writes is never looked up).
_ORDINAL_SUFFIXES = ("дугаар", "дүгээр")
_ORDINAL_PARTICLES = ("дахь", "дэх")


def mongolian_ordinals(n: int) -> set[str]:
    """Ordinal spellings of 1 ≤ ``n`` ≤ 100: each cardinal spelling with the suffix on its last word
    ("арван гуравдугаар", 13th) and followed by the particle ("арван гурав дахь")."""
    out = set()
    for cardinal in mongolian_cardinals(n) if n > 0 else ():
        out |= {cardinal + suffix for suffix in _ORDINAL_SUFFIXES}
        out |= {f"{cardinal} {particle}" for particle in _ORDINAL_PARTICLES}
    return out
