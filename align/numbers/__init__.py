"""Quantities in a sentence, normalised to values, so two translations can be compared by value.

A quantity carries the *set* of values it may denote: "1.600" in Italian is 1600, but machine
translations often keep the source's notation, so it may also be 1.6. Two quantities match when
their readings intersect, so equal-in-some-reading is never reported as a mismatch.

Modules, by concern: :mod:`.digits` (digits of every script, CLDR separators), :mod:`.scales` (scale
words after digits, from CLDR's compact formats), :mod:`.cjk` (CJK numerals and units, Korean units),
:mod:`.lexicon` and :mod:`.spelled` (number words of every language, spelled by num2words and CLDR in
:mod:`.spellings`, Mongolian by :mod:`.mongolian`; with :mod:`.entry`, :mod:`.wordforms`, :mod:`.reader`,
:mod:`.stems` and :mod:`.homographs`),
:mod:`.words` (text2num's languages, implied amounts, Roman numerals), :mod:`.ordinals` (ordinals of
every language, soft), :mod:`.months` (month names from CLDR), :mod:`.weekdays` (day names from CLDR,
which are never quantities), :mod:`.unitnames` (CLDR unit names holding a number word, "долоо хоног", a week),
:mod:`.extract` (finding them all in a text) and :mod:`.compare` (matching
by value).
"""

from align.numbers.cjk import kanji_number
from align.numbers.compare import QuantityComparison, compare_quantities, is_reference, quantities_differ
from align.numbers.digits import literal_readings
from align.numbers.extract import extract_quantities
from align.numbers.quantity import Quantity

__all__ = [
    "Quantity",
    "QuantityComparison",
    "compare_quantities",
    "extract_quantities",
    "is_reference",
    "kanji_number",
    "literal_readings",
    "quantities_differ",
]
