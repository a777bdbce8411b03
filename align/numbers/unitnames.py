"""Unit names that hold a number word, from CLDR through Babel: the number word in them names the unit, it counts
nothing.

Mongolian calls a week "долоо хоног" ("seven days"; CLDR's unit pattern "{0} долоо хоног"), so "нэг долоо хоногийн
дараа" is "a week later", with no 7 in it for the other side to match. Such a number word is read as a soft quantity
of its value: it may still match "seven days" on the other side, and is never reported alone. The count before the
name ("хоёр долоо хоног", two weeks) is read as before.

Names are taken from every unit's long patterns in the language's CLDR locale; a name counts when it has two words or
more and one of them is a number word of the language. Its last word may take a case ending ("хоногийн", "хоногт").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from align.numbers.lexicon import lexicon
from align.numbers.quantity import Quantity
from align.numbers.wordforms import words_of

#: Letters a case ending may add to a name's last word (Mongolian "хоног" → "хоногийн", "хоногоос").
_ENDING_MAX = 5


@dataclass(frozen=True)
class UnitName:
    """A unit name: its normalised words, and which of them is the number word and its value."""

    words: tuple[str, ...]
    number_at: int
    value: float


@lru_cache(maxsize=64)
def number_unit_names(lang: str) -> tuple[UnitName, ...]:
    """The CLDR unit names of ``lang`` (ISO 639-1) that hold a number word; none where CLDR or the lexicon lacks it."""
    lex = lexicon(lang)
    if not lex:
        return ()
    found: dict[tuple[str, ...], UnitName] = {}
    for pattern in _long_unit_patterns(lang):
        words = tuple(words_of(pattern.replace("{0}", " "), lang))
        if len(words) < 2:
            continue
        for k, w in enumerate(words):
            e = lex.lookup(w)
            if e is not None and e.value is not None and not e.connector and e.scale is None:
                found.setdefault(words, UnitName(words, k, e.value))
                break
    return tuple(found.values())


def _long_unit_patterns(lang: str) -> list[str]:
    """The long unit patterns of ``lang``'s CLDR locale that have a place for the count: a pattern without one spells
    the count (Hebrew "שתי דקות", two minutes), a quantity. Kept in the cache folder (:mod:`align.datacache`):
    reading the locale takes up to 0.1 s."""
    from align.datacache import cached_data, package_version

    def read() -> list[str]:
        from babel import Locale, UnknownLocaleError

        try:
            patterns = Locale.parse(lang)._data["unit_patterns"]
        except (UnknownLocaleError, ValueError, KeyError):
            return []
        out = []
        for unit in patterns:
            for form, pattern in (patterns[unit].get("long") or {}).items():
                if form != "per" and isinstance(pattern, str) and "{0}" in pattern:
                    out.append(pattern)
        return sorted(set(out))

    return cached_data("cldr-unit-patterns", (lang, package_version("babel"), "1"), read)


def unit_name_quantities(t: str, spans: list[tuple[int, int]], lang: str, covered: list[bool]) -> list[Quantity]:
    """The number words inside unit names in ``t`` (its words at ``spans``), as soft quantities, with the names'
    words marked in ``covered`` so that they are read no further."""
    names = number_unit_names(lang)
    if not names:
        return []
    norm = lexicon(lang).norm
    norms = [norm(t[a:b]) for a, b in spans]
    out: list[Quantity] = []
    for i in range(len(spans)):
        for name in names:
            k = len(name.words)
            if i + k > len(spans) or any(covered[spans[i][0] : spans[i + k - 1][1]]):
                continue
            *head, last = name.words
            got = norms[i : i + k]
            if got[:-1] != head or not (got[-1].startswith(last) and len(got[-1]) - len(last) <= _ENDING_MAX):
                continue
            a, b = spans[i + name.number_at]
            out.append(Quantity(t[a:b], frozenset({name.value}), a, b, "word", name.value, soft=True))
            covered[spans[i][0] : spans[i + k - 1][1]] = [True] * (spans[i + k - 1][1] - spans[i][0])
            break
    return out
