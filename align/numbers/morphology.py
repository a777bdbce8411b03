"""The few number forms no maintained data source spells, written out here with the reason for each.

num2words, CLDR's rule-based number formats (``unicode_rbnf``) and AI4Bharat's ``indic_numtowords``
spell cardinals in their dictionary form. Some languages write a count in news text in forms none of
them has; these are grammar (a closed set of affixes or a handful of words), not number tables:

- Bengali fraction counts (দেড় 1.5, আড়াই 2.5, সাড়ে +½ …): ``indic_numtowords`` spells them for Hindi
  and Urdu (डेढ़ सौ, ڈھائی سو: read from its data in :mod:`.lexicon`) but has no Bengali variations, and
  CLDR has no Bengali spell-out rules.
- Bengali classifiers (দুজন "two people", তিনটি "three things") and the Hindi/Urdu "all N" forms
  (दोनों, تینوں): suffixes written onto the number word.
- Swahili noun-class concord (watu wawili, miaka mitatu, vitabu vitatu): CLDR spells only the
  class 9/10 form (mbili, tatu).
- Burmese spellings of seven and of ten before the units that CLDR does not write (ခုနစ်, ဆယ့်).
- Icelandic case forms of two to four (tveimur, þriggja, fjóra): the data spells the nominatives only; likewise
  Czech, Slovak and Slovenian (tří, troch, treh).
- Lithuanian collective numerals (trejus metus, "three years"), used with plural-only nouns; CLDR and
  num2words spell the cardinals (trys) only.
- Serbo-Croatian collective numerals (dvojica "two (men)", troje "three (of mixed company)"), which news uses for
  groups of people; CLDR and num2words spell the cardinals (dva, tri) only.
- Scale words news writes as the English loan (৩.৫ মিলিয়ন, 3 ملین, 2 मिलियन), which CLDR's compact
  formats give as lakh and crore instead.
"""

from __future__ import annotations

from collections.abc import Iterator

#: Fraction counts: value alone ("দেড় লাখ" 150,000) and what they add to the count after them ("সাড়ে
#: তিন" 3.5). Hindi and Urdu ones come from indic_numtowords (see the module docstring), which spells
#: the Hindi quarter "सावा" (125 "सावा सौ"), where texts write "सवा".
FRACTIONS: dict[str, dict[str, tuple[float | None, float | None]]] = {
    "hi": {"सवा": (1.25, 0.25)},
    "bn": {
        "দেড়": (1.5, None),
        "আড়াই": (2.5, None),
        "সাড়ে": (None, 0.5),
        "সোয়া": (1.25, 0.25),
        "পৌনে": (None, -0.25),
    },
}

#: Suffixes written onto a number word, and whether the form is soft ("দুজন" is two people; "दोनों"
#: is "both", an amount translations often leave implicit, as :mod:`.words` treats "beide").
SUFFIXES: dict[str, tuple[tuple[str, bool], ...]] = {
    # জন people, টি/টা/টো things, খানা/খানি flat things, each with a case ending or "also" after it: "দুজনকে"
    "bn": tuple((c + e, False) for c in ("জন", "টি", "টা", "টো", "খানা", "খানি") for e in ("কে", "ের", "র", "ও", "ই", "")),
    # दोनों (दो + नों), तीनों, चारों: "all two/three/four"
    "hi": (("नों", True), ("ों", True)),
    "ur": (("نوں", True), ("وں", True)),
}  # fmt: skip

#: Swahili numerals that agree with their noun's class: the stem, and the concord prefixes of the
#: classes that count that many (singular classes with one only: "mwili" is "body", not two).
SWAHILI_STEMS: dict[str, float] = {"moja": 1, "wili": 2, "tatu": 3, "nne": 4, "tano": 5, "nane": 8}
_SWAHILI_SINGULAR = ("m", "mw", "ki", "ji")
_SWAHILI_PLURAL = ("wa", "mi", "ma", "vi")

#: Lithuanian collective numerals, stems and the case endings they take (masculine and feminine).
_LT_COLLECTIVE = {
    "dvej": 2, "trej": 3, "ketver": 4, "penker": 5, "šešer": 6, "septyner": 7, "aštuoner": 8, "devyner": 9,
}  # fmt: skip
_LT_ENDINGS = ("i", "ų", "iems", "us", "ius", "ais", "iais", "uose", "iuose", "os", "ios", "oms", "ioms",
               "as", "ias", "omis", "iomis", "ose", "iose")  # fmt: skip

#: Serbian, Croatian and Bosnian collective numerals: stems of the -ica nouns (dvojica, dvojice, dvojicom …) and
#: of the neuter collectives (dvoje, troje, četvoro, petoro …): the forms news writes.
_SH_COLLECTIVE = {
    "dvoj": 2, "troj": 3, "četvor": 4, "petor": 5, "šestor": 6, "sedmor": 7, "osmor": 8, "devetor": 9, "desetor": 10,
}  # fmt: skip
_SH_ENDINGS = ("ica", "ice", "ici", "icu", "icom", "e", "o")
_SERBO_CROATIAN = ("sr", "hr", "bs")

#: The English scale words as news in these languages writes them (CLDR has lakh and crore there).
LOAN_SCALES: dict[str, dict[str, float]] = {
    "bn": {"মিলিয়ন": 1e6, "বিলিয়ন": 1e9, "ট্রিলিয়ন": 1e12},
    "hi": {"मिलियन": 1e6, "बिलियन": 1e9, "ट्रिलियन": 1e12},
    "ur": {"ملین": 1e6, "بلین": 1e9, "ملیئن": 1e6},
}


#: Spellings the data lacks: Urdu six is "چھ" as often as the data's "چھے"; Lithuanian two and three decline
#: irregularly (the stem lookup of :mod:`.stems` finds keturių, penkiose …), the data spells nominatives only.
#: Icelandic two to four decline (the numbers above do not), and num2words and CLDR spell the nominatives only
#: (tveir, tvær, tvö): the masculine accusative, dative and genitive forms ("tveimur milljónum", two million in the
#: dative); not those of one (eins "as", eina "only", einu in "einu sinni" are mostly other words).
VARIANTS: dict[str, dict[str, float]] = {
    "ur": {"چھ": 6},
    "lt": {w: 2 for w in ("dviejų", "dviem", "dviejuose", "dviejose")}
    | {w: 3 for w in ("trijų", "trims", "tris", "trimis", "trijuose", "trijose")},
    "is": {w: 2 for w in ("tvo", "tveimur", "tveim", "tveggja")}
    | {w: 3 for w in ("þrjá", "þremur", "þrem", "þriggja")}
    | {w: 4 for w in ("fjóra", "fjórum", "fjögurra", "fjögra")},
    # Czech, Slovak and Slovenian two to four decline as well, the data spells nominatives only, and the stem lookup
    # reaches only the longer stems (čtyř-, štyr-): "ze tří zemí" (from three countries) was not read at all
    "cs": {w: 2 for w in ("dvou", "dvěma")}
    | {w: 3 for w in ("tří", "třech", "třem", "třemi")}
    | {w: 4 for w in ("čtyř", "čtyřech", "čtyřem", "čtyřmi")},
    "sk": {w: 2 for w in ("dvaja", "dvoch", "dvom", "dvoma")}
    | {w: 3 for w in ("traja", "troch", "trom", "tromi")}
    | {w: 4 for w in ("štyria", "štyroch", "štyrom", "štyrmi")},
    "sl": {w: 2 for w in ("dveh", "dvema")}
    | {w: 3 for w in ("treh", "trem", "tremi")}
    | {w: 4 for w in ("štirih", "štirim", "štirimi")},
}


#: Spellings beside the data's, as (the data's letters, the variant's), for every number word holding them. Burmese
#: seven as the Myanmar Language Commission's dictionary spells it, ခုနစ် (CLDR writes ခုနှစ်, as the era's "year" is
#: written), and ten with the creaky tone it takes before the units, "နှစ်ဆယ့်ငါး" (25; CLDR writes it in the teens
#: only, "ဆယ့်ငါး", and "နှစ်ဆယ်ငါး"). Amharic fifty as texts mostly write it, ሃምሳ or ሀምሳ (one form after
#: :func:`.wordforms.normalise`), beside num2words' አምሳ: an h the letter-series normalisation cannot give, since ሀ and
#: አ are distinct sounds elsewhere (ሃያ, 20; አርባ, 40).
SPELLING_VARIANTS: dict[str, tuple[tuple[str, str], ...]] = {
    "my": (("ခုနှစ်", "ခုနစ်"), ("ဆယ်", "ဆယ\u1037\u103a")),
    "am": (("አምሳ", "ሀምሳ"),),
}


def spelling_variants(word: str, lang: str) -> set[str]:
    """The other spellings of a number word of the data (see :data:`SPELLING_VARIANTS`), every variant with every
    other ("ခုနစ်ဆယ့်ငါး", 75)."""
    forms = {word}
    for data_form, variant in SPELLING_VARIANTS.get(lang, ()):
        forms |= {f.replace(data_form, variant) for f in forms}
    return forms - {word}


def extra_words(lang: str) -> Iterator[tuple[str, float]]:
    """Whole words with their value (variants, Swahili concord forms, Lithuanian and Serbo-Croatian collectives), not
    normalised."""
    yield from VARIANTS.get(lang, {}).items()
    if lang == "sw":
        for stem, v in SWAHILI_STEMS.items():
            for prefix in _SWAHILI_SINGULAR if v == 1 else _SWAHILI_PLURAL:
                yield prefix + stem, v
    elif lang == "lt":
        for stem, v in _LT_COLLECTIVE.items():
            for end in _LT_ENDINGS:
                yield stem + end, float(v)
    elif lang in _SERBO_CROATIAN:
        for stem, v in _SH_COLLECTIVE.items():
            for end in _SH_ENDINGS:
                if not (stem == "dvoj" and end in ("e", "o")):  # dvoje, not dvojo; "dvoje" is listed below
                    yield stem + end, float(v)
        yield "dvoje", 2.0


def without_suffix(w: str, lang: str) -> Iterator[tuple[str, bool]]:
    """``w`` less each suffix it ends with (leaving two letters at least), and whether that form is soft."""
    for suffix, soft in SUFFIXES.get(lang, ()):
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            yield w[: -len(suffix)], soft
