"""A person's full name that the other side of a bead does not say at all.

Across scripts a name is matched by sound to the words of the other side that may be names: in a script
without capitals, those that are not common words. Names that are also common words there (Bengali জন
"John" is the counter for people, স্মিথ and Persian اسمیت "Smith" are frequent in news) are no candidates,
so a full name put in place of another (Peter Novak written as জন স্মিথ) left no trace on either side.
Here every word of the other side counts, common or not: a first name and surname (a capitalised word
before it) of which no word there sounds like either part has been dropped or replaced.
"""

from __future__ import annotations

import regex

from align.entities.extraction import Entity, sound_words
from align.entities.frequencies import word_zipf
from align.entities.tokens import SENTENCE_START, fold, normalise
from align.entities.transliteration import (
    CASED_SCRIPTS,
    VOWEL_SCRIPTS,
    Reading,
    foreign_readings,
    latin_readings,
    min_sound_key,
    readings_alike,
    readings_related,
)

_FIRST_NAME = regex.compile(r"(\p{Lu}[\p{L}\p{M}]+)[ \u00a0]$")
#: Consonant classes the surname needs (Novak nbk): shorter ones sound like too many words.
_SURNAME_KEY = 3
#: A capitalised word starting the sentence is a first name only if rarer than this (Zipf): "Peter" (4.9)
#: is, "The" (7.7) of "The Louvre" is not.
_INITIAL_FIRST_NAME_ZIPF = 5.0


def unheard_full_names(orphans: list[Entity], text: str, lang: str, other_text: str) -> list[Entity]:
    """Of a bead side's orphan names (see :func:`align.entities.comparison._orphan`), the Latin-script surnames
    after a first name, where the other side is written in a script without capitals (Thai aside, whose words
    run together) and none of its words sounds like the surname or the first name."""
    other = [(w, s) for w, s, _, _ in sound_words(normalise(other_text), spans=False)]
    if not other or any(s in CASED_SCRIPTS or s in ("Thai", "Latn") for _, s in other):
        return []
    t = normalise(text)
    out = []
    for e in orphans:
        if e.kind != "name" or e.script != "Latn" or max((len(r.key) for r in e.readings), default=0) < _SURNAME_KEY:
            continue
        first = _FIRST_NAME.search(t[: e.start])
        if first is None or (
            SENTENCE_START.search(t[: first.start()])
            and word_zipf(first.group(1).lower(), lang) >= _INITIAL_FIRST_NAME_ZIPF
        ):
            continue
        parts = (*e.readings, *latin_readings(fold(first.group(1))))
        if not any(_heard(r, w, s) for r in parts for w, s in other):
            out.append(e)
    return out


def _heard(r: Reading, word: str, script: str) -> bool:
    """Whether ``word`` (of ``script``) sounds like the Latin reading ``r``, as a bead side's word is matched
    (:meth:`align.entities.index.TokenIndex.sounds_like`): alike, or one an inflected form of the other."""
    scripts = ("Latn", script)
    vowels = script in VOWEL_SCRIPTS
    n = min_sound_key(*scripts)
    return any(
        readings_alike(r, o, 1, vowels, scripts, strict=False)
        or readings_related(r, o, n, vowels, scripts)
        or readings_related(o, r, n, vowels, scripts)
        for o in foreign_readings(word, script)
    )
