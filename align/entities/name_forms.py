"""Forms one name takes: its parts, inflected and derived forms, country and demonym, titles before it."""

from __future__ import annotations

import functools
import re

from align.entities.tokens import common_prefix, edit_distance


@functools.lru_cache(maxsize=8)
def _names_by_prefix(names: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """A document's names by their first five letters (built once per document, not per bead)."""
    out: dict[str, list[str]] = {}
    for n in names:
        out.setdefault(n[:5], []).append(n)
    return {k: tuple(v) for k, v in out.items()}


def known_name(folded: str, names: frozenset[str]) -> bool:
    # Only names sharing the first five letters can match: looked up by prefix, not by scanning every
    # name of the document for every candidate (which made flagging quadratic in document length).
    by_prefix = _names_by_prefix(names)

    def near(p: str) -> bool:
        return len(p) >= 5 and any(common_prefix(n, p) >= min(len(n), len(p)) - 1 for n in by_prefix.get(p[:5], ()))

    return any(p in names or near(p) for p in name_parts(folded))


#: Country names with their demonyms and adjectives across de, fr, en, it, es, as one pattern per
#: country (folded, whole words): a translator writes "Gouvernement népalais" for "Regierung von
#: Nepal" or "suisse" for "Schweiz". Hand-written because the forms that share no stem (Schweiz /
#: suisse / swiss) are what matters, and a short list of common countries covers most text.
_PLACE_GROUPS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"schweiz\w*|suiss\w*|swiss|switzerland|svizzer\w*|suiz\w*|helveti\w*|helvet\w*",
        r"deutsch\w*|allemagne|allemand\w*|german\w*|tedesc\w*|alemania|alemana?s?|alemanes",
        r"osterreich\w*|autrich\w*|austria\w*|austriac\w*",
        r"frankreich|franzos\w*|francais\w*|france|french|francia|frances\w*|frances",
        r"england|englisch\w*|engländer\w*|englander\w*|angleterre|anglais\w*|english|inghilterra|ingles\w*"
        r"|inglaterra",
        r"grossbritannien|britisch\w*|brite[n]?|britann\w*|british|britain|bretagne|britain",
        r"italien\w*|itali\w*|italy",
        r"spanien|spanisch\w*|espagn\w*|spain|spanish|spagn\w*|espana|espanol\w*",
        r"niederland\w*|hollan\w*|pays-bas|neerlandais\w*|dutch|oland\w*|netherlands|paises bajos",
        r"japan\w*|japon\w*|giappon\w*",
        r"china|chines\w*|chine|chinois\w*|cina|cines\w*",
        r"indien\w*|inde|indisch\w*|india|indian\w*|indiano|indiana",
        r"russland|russisch\w*|russe[s]?|russie|russia\w*|russo|russi|rusia|ruso\w*",
        r"polen|polnisch\w*|pologne|polonais\w*|poland|polish|polacc\w*|polonia",
        r"griechenland|griechisch\w*|grece|grec|grecque\w*|greece|greek\w*|grecia|grec[oia]\w*",
        r"amerika\w*|amerique\w*|americ\w*",
        r"mount|mont|monte|mt",  # Mount Everest / Mont Everest
    )
)


def _place_group(folded: str) -> int | None:
    for k, rx in enumerate(_PLACE_GROUPS):
        if rx.fullmatch(folded):
            return k
    return None


#: Generic top-level domains: the "com" of Amazon.com names nothing, and a document that writes another site
#: (www.blairwitch.com, 3Com) does not know Amazon for it.
_GENERIC_TLDS = frozenset({"com", "net", "org", "edu", "gov", "int", "mil", "info", "biz"})


def name_parts(folded: str) -> list[str]:
    """A name token and its parts: compounds (Makalu-Gebietes) and initials glued to a surname
    (J.Hartog, G.O.Dyhrenfurth, where the other side writes "J. Hartog"); a site's name without its generic
    top-level domain (Amazon.com: amazon, not com)."""
    parts = [folded, *re.split(r"[-'’]", folded)]
    dotted = folded.split(".")
    tld = len(dotted) > 1 and dotted[-1] in _GENERIC_TLDS
    parts += [p for p in (dotted[:-1] if tld else dotted) if len(p) >= 3]
    return list(dict.fromkeys(parts))


def related_forms(a: str, b: str) -> bool:
    """Whether two folded words may be forms of one name: one a stem of the other (nepal /
    nepalais, britischen / british, karakoram / karakorum), one letter apart in a long name
    (Moravec / Morawec, Paragot / Parangot: spelling variants and OCR slips), or country and
    demonym (schweiz / suisse)."""
    n = common_prefix(a, b)
    if n >= 5 and n >= min(len(a), len(b)) - 2:
        return True
    if min(len(a), len(b)) >= 6 and abs(len(a) - len(b)) <= 1 and edit_distance(a, b) <= 1:
        return True
    ga = _place_group(a)
    return ga is not None and ga == _place_group(b)


#: Titles before a name (Mrs. Joyce Dunsheath / Joyce Dunsheath): translators add and drop them freely.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "capt", "captain", "col", "sir", "lord", "lady", "herr", "frau",
    "monsieur", "madame", "mme", "mlle", "signor", "signora", "sig", "don", "dona", "st", "saint", "sankt",
})  # fmt: skip
