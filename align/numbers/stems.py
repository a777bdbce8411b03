"""Number words recognised by stem, for the inflected forms the number data does not spell.

Where the data gives the nominative only (Czech "pět", Lithuanian "penki", Greek "τρία"), a word is also
recognised by *stem*: a lexicon word less up to two final letters (three letters at least), followed by up to
three letters ("pěti", "penkių", "τριών"). The same stem also begins ordinals ("pátý"), so such matches are
*soft* (they may match a 5 on the other side but are never reported alone); exact lexicon forms are firm. Stems
shared by two values are dropped.

Scale words (a thousand and up) are also recognised by stem in every language whose data lacks their case forms
(Icelandic "milljarða", "milljörðum" beside the data's "milljarður"), softly likewise; after digits they scale them.
"""

from __future__ import annotations

import unicodedata

from align.numbers.entry import Entry

#: A scale stem has this many letters at least (with five, "billi" began German "billig", cheap, and Portuguese
#: "trilh" "trilha", a trail) and a word this many more at most; the first five are never masked.
_SCALE_STEM_MIN = 6
_SCALE_ENDING_MAX = 3
_STEM_HEAD = 5
_VOWELS = frozenset("aeiouyæøœåаеиоуыэюяіїєөүαεηιουω")


def stem_key(stem: str) -> str:
    """``stem`` with the vowels of its end masked: the vowel of a scale word's last syllable may change in its case
    forms (Icelandic "milljarð" → "milljörðum", u-umlaut). Its first letters are kept ("malja", a cup, is no
    "miljardi"; "тролль" no "триллион"), and its last, so that a case ending cannot pass for another."""
    k = _STEM_HEAD
    middle = "".join("*" if unicodedata.normalize("NFD", c)[0] in _VOWELS else c for c in stem[k:-1])
    return stem[:k] + middle + stem[-1:] if len(stem) > k else stem


def scale_stems(entries: dict[str, Entry]) -> dict[str, float]:
    """Stems of the scale words (a thousand and up) the data spells, for the case forms it does not: each form
    less up to three final letters (six letters at least), kept where it begins no number word of another
    meaning (Icelandic "millj" begins both "milljón" and "milljarður": no stem). A stem match is soft in spelled
    numbers (a derived word, Czech "milionář", a millionaire, begins with one too) and reads a scale after digits.
    Not used where the data spells every case (Russian, Polish, Finnish, Ukrainian): there it finds only derived
    words ("миллионер")."""
    found: dict[str, set[float | None]] = {}
    for w, e in entries.items():
        if e.connector or not w.isalpha():
            continue
        meaning = e.scale if e.scale is not None and e.scale >= 1000 else None
        for d in range(_SCALE_ENDING_MAX + 1) if meaning is not None else ():
            if len(w) - d >= _SCALE_STEM_MIN:
                found.setdefault(stem_key(w[: len(w) - d]), set()).add(meaning)
    for w, e in entries.items():  # other number words that begin like a stem make it ambiguous
        if e.scale is None or e.scale < 1000:
            for p in range(_SCALE_STEM_MIN, len(w) + 1):
                if (key := stem_key(w[:p])) in found:
                    found[key].add(None)
    return {key: next(iter(s)) for key, s in found.items() if len(s) == 1 and None not in s}  # type: ignore[misc]


def word_stems(entries: dict[str, Entry]) -> dict[str, Entry]:
    """Stem → entry (soft), for stems of three or more letters that no two values share (a plural
    scale form without a value, Latvian "simti" beside "simts", agrees with its singular)."""
    found: dict[str, set[tuple[float | None, float | None]]] = {}
    for w, e in entries.items():
        if e.connector:
            continue
        for d in (0, 1, 2):
            stem = w[: len(w) - d]
            if len(stem) >= 3:
                found.setdefault(stem, set()).add((e.value, e.scale))
    out: dict[str, Entry] = {}
    for stem, meanings in found.items():
        values = {v for v, _ in meanings if v is not None}
        scales = {s for _, s in meanings if s is not None}
        if len(values) <= 1 and len(scales) <= 1 and all(v in values or s in scales for v, s in meanings):
            out[stem] = Entry(next(iter(values), None), next(iter(scales), None), soft=True)
    return out


def scale_by_stem(by_stem: dict[str, float], w: str) -> float | None:
    """The scale a (normalised) word is an inflected form of, by its stem in ``by_stem`` (see
    :func:`scale_stems`)."""
    for p in range(len(w), max(len(w) - _SCALE_ENDING_MAX, _SCALE_STEM_MIN) - 1, -1):
        scale = by_stem.get(stem_key(w[:p]))
        if scale is not None:
            return scale
    return None
