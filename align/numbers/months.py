"""Month names, from CLDR through Babel, for every language and regional variant.

A month name is a date part, not a counted amount: it is never read as a number word (Portuguese
"dezembro" does not start a ten) and is kept as a *soft* quantity with the month's number, so
"maggio" can match "5月" or "5월" on the other side but is never reported when unmatched.

Every form CLDR has is read: format (often genitive: Armenian "մարտի") and stand-alone, wide and
abbreviated (an abbreviation only next to a digit: Spanish "mar" is also the sea), of one word or several
(Mongolian names months by ordinal, "арван нэгдүгээр сар", "eleventh month": its "арван", ten, is no amount;
Arabic "تشرين الأول", Catalan "de febrer"). In languages that
write case endings onto words, an inflected form is read by its stem: the CLDR form followed by a case
suffix (Armenian "հուլիսից", Kazakh "наурызда", Serbian "jula"), or the CLDR form less its last one or
two letters followed by one (Georgian "მარტს" of "მარტი", Serbian "septembra" of "septembar", Tamil
"செப்டம்பரில்" of "செப்டம்பர்"); in a name of several words, its last word ("арван нэгдүгээр сарын").
"""

from __future__ import annotations

import re
from functools import lru_cache

from align.numbers.lexicon import DECLINING
from align.numbers.quantity import Quantity, single
from align.numbers.wordforms import normalise, without_clitics, words_of

_SHORTEST_STEM = 4
#: Languages that write case endings onto a month name ("u septembru", "ივლისიდან", "செப்டம்பரில்"): the
#: declining ones, and the agglutinative ones whose months CLDR spells in the nominative only.
SUFFIXING = DECLINING | frozenset(
    {"ka", "hy", "kk", "ky", "uz", "az", "tr", "tk", "tt", "ba", "mn", "eu", "ta", "ml", "te", "kn", "sq", "ro"}
)
#: How many letters a case ending may add, and how many of the CLDR form's last letters it may replace
#: (a final vowel, a fleeting vowel, Tamil's virama).
_LONGEST_ENDING = 4
#: A month form this long followed by an ending is that month however common the word (see :func:`_inflected`).
_WHOLE_FORM = 6
_REPLACED = 2
#: An abbreviated month is one only with a digit this close ("14 mar. 2024", "Sep 3").
_DIGIT_NEAR = re.compile(r"\d")
#: An inflected month form is no commoner than the month's CLDR forms (0.3 on the Zipf scale: twice).
_COMMONER = 0.3
#: Serbian and Bosnian texts are told apart wrongly (a Serbian text is detected as Bosnian, whose CLDR
#: July is "juli", where Serbian texts write "jula"): each reads the other's month names too. Not Croatian,
#: whose months are other words ("studeni", "travanj": "student", "trava" would be months).
_SAME_MONTHS = {"sr": ("sr", "bs"), "bs": ("sr", "bs")}
#: Languages whose orthography capitalises month names in running text (see :func:`capitalised`).
_CAPITALISED = frozenset({"en", "de", "id", "ms"})
#: What may stand between the words of a month name of several words.
_GAP = re.compile(r"\s+")

#: (full form → month, abbreviated form → month, words of a name of several words → (month, abbreviated))
MonthTable = tuple[dict[str, int], dict[str, int], dict[tuple[str, ...], tuple[int, bool]]]
#: The names of several words by their first word: (words, (month, abbreviated)), longest first.
_Phrases = dict[str, list[tuple[tuple[str, ...], tuple[int, bool]]]]


@lru_cache(maxsize=64)
def month_table(lang: str) -> MonthTable:
    """(full form → month, abbreviated form → month, words of a longer name → (month, abbreviated)) for
    ``lang``, from every locale of the language.

    Loading the locales' CLDR data takes 0.03–0.1 s a language: the table is kept in the cache folder
    (:mod:`align.datacache`)."""
    from align.datacache import cached_data, package_version, source_digest
    from align.numbers import lexicon, wordforms

    key = (lang, package_version("babel"), source_digest(__file__, lexicon.__file__, wordforms.__file__))
    forms, short, phrases = cached_data("cldr-months", key, lambda: _read_month_table(lang))
    return forms, short, phrases


def cldr_month_names(lang: str) -> dict[str, dict[int, set[str]]]:
    """Every CLDR month name of ``lang`` (all its locales), by width then month, as CLDR writes them."""
    from babel import Locale, localedata

    out: dict[str, dict[int, set[str]]] = {}
    for ident in localedata.locale_identifiers():
        if ident.split("_")[0] not in _SAME_MONTHS.get(lang, (lang,)):
            continue
        try:
            loc = Locale.parse(ident)
        except (ValueError, KeyError):
            continue
        for context in ("format", "stand-alone"):
            for width, names in loc.months.get(context, {}).items():
                for month, name in names.items():
                    out.setdefault(width, {}).setdefault(int(month), set()).add(name)
    return out


def _read_month_table(lang: str) -> MonthTable:
    forms: dict[str, int] = {}
    short: dict[str, int] = {}
    phrases: dict[tuple[str, ...], tuple[int, bool]] = {}
    names = cldr_month_names(lang)
    for width, table in (("wide", forms), ("abbreviated", short)):
        for month, spelled in sorted(names.get(width, {}).items()):
            for name in sorted(spelled):
                w = normalise(name, lang).rstrip(".")
                if any(c.isdigit() for c in w):  # "tháng 4", "4월", "11-р сар": the digit is read as such
                    continue
                words = tuple(words_of(w, lang))
                if len(words) > 1:  # "арван нэгдүгээр сар", "تشرين الأول": one name, read as such (_phrase_at)
                    phrases.setdefault(words, (month, width == "abbreviated"))
                    continue
                if width == "abbreviated" and (len(w) < 3 or w in forms):
                    continue  # narrow-like letters ("M") name no month; a full form needs no digit
                table.setdefault(w, month)
    return forms, short, phrases


def common_prefix(words: set[str]) -> str:
    """The longest beginning all of ``words`` share (the first and last in sort order bound it)."""
    first, last = min(words), max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


_SEEN: dict[tuple[str, str], tuple[int, bool] | None] = {}


def month_of(word: str, lang: str) -> int | None:
    """The month ``word`` names (full or inflected form; abbreviations excluded), or None."""
    got = _lookup(word, lang)
    return None if got is None or got[1] else got[0]


def _lookup(word: str, lang: str) -> tuple[int, bool] | None:
    """(month, whether only as an abbreviation) for ``word`` (remembered: every word of every bead is asked)."""
    key = (word, lang)
    if key not in _SEEN:
        if len(_SEEN) > 200_000:  # a bound, for very long documents
            _SEEN.clear()
        _SEEN[key] = _month_of(word, lang)
    return _SEEN[key]


def _month_of(word: str, lang: str) -> tuple[int, bool] | None:
    forms, short, _ = month_table(lang)
    w = normalise(word, lang)
    # "באפריל", "وأبريل": a preposition or conjunction written onto the name (Hebrew, Arabic)
    for c in without_clitics(w, lang):
        if (m := forms.get(c)) is not None:
            return m, False
    if lang in SUFFIXING and (m := _inflected(w, forms, lang)) is not None:
        return m, False
    if (m := short.get(w)) is not None:
        return m, True
    return None


def _inflected(w: str, forms: dict[str, int], lang: str) -> int | None:
    """The month whose CLDR form ``w`` is an inflection of (the longest shared beginning wins):

    - the form followed by an ending, shorter than the form by two letters at least ("jula" of "jul",
      "наурызда" of "наурыз"; not Tamil "மேலும்" of "மே", Serbian "majka" of "maj");
    - the form less its last one or two letters, four kept at least, and an ending ("მარტს" of "მარტი",
      "septembra" of "septembar") or none ("Απρίλιο" of "Απρίλιος");

    and, unless it keeps a whole form of six letters or more, no commoner in wordfreq than twice the month's
    commonest CLDR form: Polish "mają" (they have) is not "maj", Russian "марка" not "март"; but Finnish
    "huhtikuussa" (in April) is commoner than CLDR's "huhtikuu" and "huhtikuuta", and no other word goes on so
    long a month name."""
    best, best_len, whole = None, 0, False
    for form, month in forms.items():
        n = _stem_length(w, form, short_form_ends=False)
        if n > best_len:
            best, best_len, whole = month, n, n == len(form) >= _WHOLE_FORM
    if best is not None and not whole and _commoner_than_the_month(w, best, forms, lang):
        return None
    return best


def _stem_length(w: str, form: str, short_form_ends: bool) -> int:
    """How many letters ``w``, an inflection of ``form`` (see :func:`_inflected`), keeps of it; 0 if it is none.
    With ``short_form_ends``, a form of any length may take a whole ending: the last word of a month name of
    several words, which its first words make a month (Mongolian "сарын" of "сар", month)."""
    n = 0
    while n < min(len(w), len(form)) and w[n] == form[n]:
        n += 1
    replaced, added = len(form) - n, len(w) - n
    longest = _LONGEST_ENDING if short_form_ends else min(_LONGEST_ENDING, len(form) - 2)
    if replaced == 0 and not 0 < added <= longest:
        return 0
    if replaced > 0 and (replaced > _REPLACED or n < _SHORTEST_STEM or added > _LONGEST_ENDING):
        return 0
    return n


def _commoner_than_the_month(w: str, month: int, forms: dict[str, int], lang: str) -> bool:
    from wordfreq import available_languages, zipf_frequency

    if lang not in available_languages():
        return False
    names = [f for f, m in forms.items() if m == month]
    return zipf_frequency(w, lang) > max(zipf_frequency(f, lang) for f in names) + _COMMONER


def month_names(t: str, spans: list[tuple[int, int]], lang: str, covered: list[bool]) -> list[Quantity]:
    """Month names in ``t`` (words at ``spans``) as soft quantities. English "May" only next to a number,
    abbreviations only next to a digit, a month in lower case in a language that capitalises months too."""
    out: list[Quantity] = []
    phrases = _phrases_by_first_word(lang)
    i = 0
    while i < len(spans):
        a, b = spans[i]
        k, got = _phrase_at(t, spans, i, lang, phrases) if phrases else (1, None)
        b = spans[i + k - 1][1]
        i += k
        if any(covered[a:b]):
            continue
        word = t[a:b]
        got = got or _lookup(word, lang)
        if got is None:
            continue
        month, abbreviated = got
        dated = bool(_DIGIT_NEAR.search(t, max(0, a - 3), min(len(t), b + 4)))
        if abbreviated and not dated:
            continue
        if not dated and word[:1].islower() and capitalised(lang):
            continue  # "thousands march": another word, where months are capitalised
        if month == 5 and lang == "en" and not (word == "May" and re.search(r"\d|\bin May", t[max(0, a - 4) : b + 3])):
            continue  # the modal verb
        out.append(single(word, month, a, b, "month", soft=True))
    return out


@lru_cache(maxsize=64)
def digit_month_pattern(lang: str) -> re.Pattern[str] | None:
    """The month names of ``lang`` that write the month's number, as one pattern whose group 1 is the number:
    CLDR's Vietnamese "tháng 4" and "thg 4", Mongolian "4-р сар". The literal's digit was read as a count 4, beside
    English "April" read as a month, so a changed month was reported as a stray number. Names of one letter and a
    number are left to their readers (Korean 4월 and 4月 are units of .cjk; "M04" is CLDR's placeholder)."""
    from align.datacache import cached_data, package_version, source_digest

    key = (lang, package_version("babel"), source_digest(__file__))
    shapes = cached_data("cldr-digit-months", key, lambda: _digit_month_shapes(lang))
    if not shapes:
        return None
    # a case ending on a name that ends in a word: Mongolian "4-р сард" (in April), "4-р сарын" (of April)
    ending = rf"[^\W\d_]{{0,{_LONGEST_ENDING}}}" if lang in SUFFIXING else ""
    either = "|".join(
        rf"{_loose(before)}(\d{{1,2}}){_loose(after)}{ending if after[-1:].isalpha() else ''}"
        for before, after in shapes
    )
    return re.compile(rf"(?<!\w)(?<!\d[.,])(?:{either})(?!\w)(?![.,]\d)", re.IGNORECASE)


def _loose(text: str) -> str:
    """``text`` as a pattern in which its spaces (CLDR writes narrow no-break ones too) match any or none."""
    return "".join(r"\s*" if part.isspace() else re.escape(part) for part in re.split(r"(\s+)", text) if part)


def _digit_month_shapes(lang: str) -> list[list[str]]:
    """[before, after] the number of the month names that write one, where at least ten months share the shape."""
    count: dict[tuple[str, str], set[int]] = {}
    for names in cldr_month_names(lang).values():
        for month, spelled in names.items():
            for name in spelled:
                m = re.fullmatch(r"(\D*?)0?(\d+)(\D*)", name)
                if m is None or int(m.group(2)) != month:
                    continue
                before, after = m.group(1), m.group(3)
                if sum(c.isalpha() for c in before + after) >= 2:
                    count.setdefault((before.lower(), after.lower()), set()).add(month)
    return sorted([before, after] for (before, after), months in count.items() if len(months) >= 10)


def digit_months(t: str, lang: str, covered: list[bool]) -> list[Quantity]:
    """Month names that write the month's number (see :func:`digit_month_pattern`) in ``t``, as months."""
    rx = digit_month_pattern(lang)
    if rx is None:
        return []
    out: list[Quantity] = []
    for m in rx.finditer(t):
        number = next(g for g in m.groups() if g is not None)
        if 1 <= int(number) <= 12 and not any(covered[m.start() : m.end()]):
            out.append(single(m.group(), int(number), m.start(), m.end(), "month", soft=True))
    return out


def capitalised(lang: str) -> bool:
    """Whether ``lang`` capitalises month names in running text (English, German, Indonesian, Malay): there a
    month form in lower case is another word ("thousands march"), unless a digit dates it. Not every language
    CLDR spells with capitals: Turkish writes "nisan ayında", in April, in lower case."""
    return lang in _CAPITALISED


@lru_cache(maxsize=64)
def _phrases_by_first_word(lang: str) -> _Phrases:
    """The month names of several words of ``lang``, by their first word, longest first."""
    out: _Phrases = {}
    for words, got in sorted(month_table(lang)[2].items(), key=lambda item: -len(item[0])):
        out.setdefault(words[0], []).append((words, got))
    return out


def _phrase_at(
    t: str, spans: list[tuple[int, int]], i: int, lang: str, phrases: _Phrases
) -> tuple[int, tuple[int, bool] | None]:
    """(how many words, (month, abbreviated)) of the longest month name of several words at ``spans[i]``, or
    (1, None). Its last word may take a case ending in the languages that write them ("арван нэгдүгээр сарын")."""
    first = normalise(t[spans[i][0] : spans[i][1]], lang)
    for cand in without_clitics(first, lang):  # "وتشرين الأول"
        for words, got in phrases.get(cand, ()):
            k = len(words)
            if i + k > len(spans) or any(
                not _GAP.fullmatch(t, spans[j - 1][1], spans[j][0]) for j in range(i + 1, i + k)
            ):
                continue
            *middle, last = (normalise(t[a:b], lang) for a, b in spans[i + 1 : i + k])
            if tuple(middle) != words[1:-1]:
                continue
            if last == words[-1] or (lang in SUFFIXING and _stem_length(last, words[-1], short_form_ends=True)):
                return k, got
    return 1, None
