"""Whether a Chinese text writes a given Latin name, by the Mandarin sound of its Han characters.

Chinese writes a foreign name with characters chosen for their sound (莫雷拉 mo-lei-la for Moreira, 桑托斯
sang-tuo-si for Santos, 波尔图 bo-er-tu for Porto). With no spaces and characters that are ordinary words
elsewhere, nothing here says which characters are a name, so Han is not indexed for sound matching in general
(:mod:`align.entities.transliteration`). The question "does this sentence write *this* name?" is narrower:
every run of two to six characters is read (pinyin as anyascii gives it) and compared with the name's
readings by consonant classes and the consonants as spelt, as other scripts are. The cross-version check
asks it only of a cell already aligned to a cell that writes the name.
"""

from __future__ import annotations

import functools
import re

import regex
from anyascii import anyascii

from align.entities.transliteration import Reading, _reading, latin_readings, readings_alike

_HAN_RUN = regex.compile(r"\p{Han}+")
#: Pinyin initials as one letter a sound, like the other scripts' romanisations (c for the ch of "church").
_INITIALS = (("zh", "j"), ("ch", "c"), ("sh", "s"), ("x", "s"), ("q", "c"), ("c", "z"))
#: Mandarin tells aspirated from unaspirated stops, not voiced from voiceless (b and p both write b and p of
#: a foreign name) and has no v (维 wei): compared as one.
_MANDARIN = str.maketrans("ptkv", "bdgf")
#: Characters in a name: two at least (one character is a word far too often), six at most.
_SHORTEST, _LONGEST = 2, 6


@functools.lru_cache(maxsize=8192)
def _syllable(char: str) -> str:
    s = anyascii(char).lower()
    for a, b in _INITIALS:
        if s.startswith(a):
            s = b + s[len(a) :]
            break
    return re.sub(r"[^a-z]", "", s.replace("ng", "n"))


def _han_reading(chars: str) -> Reading:
    return _reading("".join(_syllable(c) for c in chars))


def _mandarin(r: Reading) -> Reading:
    return Reading(r.key, re.sub(r"(.)\1+", r"\1", r.fine.translate(_MANDARIN)), r.shape)


def han_writes(text: str, name: str, min_key: int = 2) -> bool:
    """Whether ``text`` has a run of Han characters that sounds like the Latin ``name`` (folded), on at least
    ``min_key`` consonant classes."""
    wanted = [_mandarin(r) for r in latin_readings(name) if len(r.key) >= min_key]
    if not wanted:
        return False
    for m in _HAN_RUN.finditer(text):
        run = m.group()
        for i in range(len(run)):
            for j in range(i + _SHORTEST, min(i + _LONGEST, len(run)) + 1):
                got = _mandarin(_han_reading(run[i:j]))
                if any(readings_alike(w, got, min_key, vowels=True) for w in wanted):
                    return True
    return False
