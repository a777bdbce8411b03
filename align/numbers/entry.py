"""What a word means as part of a number: the value type of the number-word lexicon (:mod:`.lexicon`), read
in sequence by :mod:`.reader`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """What a word means as part of a number."""

    #: Its value standing alone or as a count ("пять" 5, "тысяча" 1000); None for plural scale words.
    value: float | None = None
    #: The multiplier it applies after a count ("тысяч" 1000, "hundred" 100); None if it never does.
    scale: float | None = None
    #: Recognised by stem or also an ordinal form: may match, never reported alone.
    soft: bool = False
    #: Only joins number words ("and", "y").
    connector: bool = False
    #: What it adds to the count after it: "साढ़े तीन" is 3.5, "पौने दो" 1.75.
    offset: float | None = None
