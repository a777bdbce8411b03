"""Number words that are mostly another word (Romanian "nouă", nine and "new"), decided from wordfreq's
frequencies: spelled numbers read from them are soft (see :mod:`.spelled`)."""

from __future__ import annotations

from functools import lru_cache

from align.numbers.lexicon import lexicon

#: How much more frequent than the number words next to it in value a digit word must be to be mostly
#: another word: 0.3 on the Zipf scale is twice as frequent. Number words grow rarer with their value
#: (nine is rarer than eight), so one far commoner than both neighbours is a homograph: Romanian "nouă"
#: (nine, "new"), Italian "sei" (six, "you are"), Catalan "nou" (nine, "new"), Persian "نه" (nine, "no").
_HOMOGRAPH_ZIPF = 0.3


@lru_cache(maxsize=64)
def homographs(lang: str) -> frozenset[str]:
    """The number words of ``lang`` (normalised, values 3 to 9) that are mostly another word, decided from
    wordfreq's frequencies: a word much commoner than the number words of the values beside it. Empty where
    wordfreq has no word list of the language itself (it would answer with a neighbour's).

    wordfreq indexes a language's whole list on its first lookup (0.3–0.6 s in every process): the answer is
    kept in the cache folder (see :mod:`align.datacache`), keyed like the lexicon's spellings."""
    from align.datacache import cached_data, package_version, source_digest
    from align.numbers import lexicon as lexicon_module
    from align.numbers import spellings, wordforms

    key = (
        lang,
        package_version("wordfreq"),
        package_version("num2words"),
        package_version("unicode-rbnf"),
        package_version("indic-numtowords"),
        source_digest(__file__, lexicon_module.__file__, spellings.__file__, wordforms.__file__),
    )
    return frozenset(cached_data("homographs", key, lambda: sorted(_homographs(lang))))


def _homographs(lang: str) -> frozenset[str]:
    from wordfreq import available_languages, zipf_frequency

    if lang not in available_languages() or lang in ("zh", "ja"):  # Han: needs a segmenter, no words here
        return frozenset()
    lex = lexicon(lang)
    by_value: dict[int, list[tuple[str, float]]] = {}
    for w, e in lex.entries.items():
        if (
            e.value is not None
            and float(e.value).is_integer()
            and 2 <= e.value <= 10
            and not e.connector
            and not e.scale
        ):
            by_value.setdefault(int(e.value), []).append((w, zipf_frequency(w, lang)))
    best = {v: max(f for _, f in words) for v, words in by_value.items()}
    out = set()
    for v in range(3, 10):
        beside = max(best.get(v - 1, 0.0), best.get(v + 1, 0.0))
        if beside > 0:
            out.update(w for w, f in by_value.get(v, ()) if f - beside >= _HOMOGRAPH_ZIPF)
    return frozenset(out)
