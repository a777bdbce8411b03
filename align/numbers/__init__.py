"""Quantities in a sentence, normalised to values, so two translations can be compared by value.

A quantity carries the *set* of values it may denote: "1.600" in Italian is 1600, but machine
translations often keep the source's notation, so it may also be 1.6. Two quantities match when
their readings intersect, so equal-in-some-reading is never reported as a mismatch.

Modules, by concern: :mod:`.digits` (digit literals and their separators), :mod:`.cjk` (CJK numerals
and units), :mod:`.words` (spelled-out numbers, scale words, month names, implied amounts),
:mod:`.extract` (finding them all in a text) and :mod:`.compare` (matching two texts by value).
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
