"""Names, handles, URLs and codes that one side of a bead has and the other lacks.

A token counts as an entity only when it can be checked: its counterpart must occur *somewhere* in
the other document. That keeps ordinary words out (German capitalises every noun, machine
translations may lowercase every name) and leaves names written in Han characters alone, which no
rule here can transliterate. Katakana is matched to Latin script through a compact kana table and
a loose phonetic key (:mod:`align.entities.katakana`).

Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai and Hangul write foreign names by sound. Their words
are romanised and matched to Latin words, or to each other, by consonant classes
(:mod:`align.entities.transliteration`). In a script without capitals a word is a name only when it
sounds like a name the other document writes capitalised (Latin, Cyrillic, Greek): ordinary words of two
such languages would match each other too easily.

Modules: :mod:`~align.entities.extraction` finds candidates in a segment, :mod:`~align.entities.index`
indexes a text, :mod:`~align.entities.comparison` compares the two sides of a bead;
:mod:`~align.entities.frequencies` (common words), :mod:`~align.entities.name_forms` (inflected and
derived forms), :mod:`~align.entities.thai` and :mod:`~align.entities.tokens` serve them.
"""

from __future__ import annotations

from align.entities.comparison import EntityComparison, EntityContext
from align.entities.extraction import Entity, document_names, extract_entities
from align.entities.frequencies import COMMON_WORD_ZIPF, ZIPF_FLOOR, frequent_words, is_common_word, word_zipf
from align.entities.index import TokenIndex
from align.entities.katakana import katakana_names, katakana_to_latin, latin_spellings, phonetic_key, sounds_alike
from align.entities.name_forms import related_forms
from align.entities.tokens import fold
from align.entities.transliteration import (
    Reading,
    foreign_readings,
    latin_readings,
    readings_alike,
    readings_related,
    romanise,
    script_of,
)

__all__ = [
    "COMMON_WORD_ZIPF",
    "ZIPF_FLOOR",
    "Entity",
    "EntityComparison",
    "EntityContext",
    "Reading",
    "TokenIndex",
    "document_names",
    "extract_entities",
    "fold",
    "foreign_readings",
    "frequent_words",
    "is_common_word",
    "katakana_names",
    "katakana_to_latin",
    "latin_readings",
    "latin_spellings",
    "phonetic_key",
    "readings_alike",
    "readings_related",
    "related_forms",
    "romanise",
    "script_of",
    "sounds_alike",
    "word_zipf",
]
