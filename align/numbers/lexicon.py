"""Number words of every language, generated from maintained data rather than hand tables.

For a language, numbers that cover every word a spelled-out quantity uses (0–100, the hundreds, the
thousands and the scales with a few counts before them) are spelled by num2words and by the CLDR
rule-based number formats (``unicode_rbnf``, every cardinal ruleset: genders and, where CLDR has
them, cases such as Russian "пяти" or Finnish "viidellä"). From the spellings:

- a spelling of one word gives that word's value ("пять" → 5, "ألفان" → 2000);
- in the spelling of k × S (k small, S a hundred, thousand, lakh, million …) the one word that is
  not a count is a *scale* word, which multiplies the count before it ("тысяч", "آلاف", "लाख");
- words of longer spellings that are neither ("and", "y", "و") only join number words.

Inflection: num2words spells Ukrainian cases and genders, CLDR Russian, Polish and Finnish ones. Where
the data gives the nominative only (Czech "pět", Lithuanian "penki", Greek "τρία"),
a word is also recognised by *stem*: a lexicon word less up to two final letters (three letters at
least), followed by up to three letters ("pěti", "penkių", "τριών"). The same stem also begins ordinals ("pátý"),
so such matches are *soft* (they may match a 5 on the other side but are never reported alone);
exact lexicon forms are firm. Stems shared by two values are dropped.

Scale words (a thousand and up) are also recognised by stem in every language whose data lacks their case forms
(Icelandic "milljarða", "milljörðum" beside the data's "milljarður"), softly likewise; after digits they scale them.
Mongolian, which no data source spells, is spelled by :mod:`.mongolian`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import regex

from align.numbers.morphology import without_suffix

#: Languages whose words decline (month names are looked up by stem in all of them).
DECLINING = frozenset(
    {"ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "mk", "lt", "lv", "el", "et", "fi", "hu"}
)
#: Those whose number data lacks most case forms (CLDR spells Russian, Polish and Finnish cases,
#: num2words Ukrainian ones): their number words are looked up by stem too.
INFLECTING = DECLINING - {"ru", "pl", "fi", "uk"}
#: Languages that write numbers as one word ("negyvenhétezer", "kaksisataa", "yüzonüç", "ห้าร้อย").
COMPOUNDING = frozenset({"hu", "fi", "et", "sv", "nb", "nn", "no", "tr", "el", "is", "fo", "th", "da", "af", "sk"})
#: Hebrew and Arabic write the conjunction, article and prepositions onto the next word ("ושלושה",
#: "وخمسة"): up to two of these leading letters are tried off when a word is not found.
_CLITICS = {"ar": "وفبلك", "he": "והבלמשכ", "fa": "و", "ur": ""}
#: num2words and CLDR codes for languages they file under another code.
_ALIASES = {
    "nb": ("no",),
    "nn": ("nn", "no"),
    "kk": ("kz", "kk"),
    "fil": ("fil", "tl"),
    "tl": ("fil", "tl"),
    "iw": ("he",),
}

_SCALES = (10, 100, 1000, 10**4, 10**5, 10**6, 10**7, 10**9, 10**12)
_COUNTS = (*range(1, 12), 21)
#: Case and gender forms num2words spells for some languages (CLDR has them for Russian and Polish).
_NUM2WORDS_FORMS: dict[str, list[dict[str, object]]] = {
    "uk": [
        {"case": c, "gender": g}
        for c in ("nominative", "genitive", "dative", "accusative", "instrumental", "locative")
        for g in ("masculine", "feminine")
    ],
    "be": [{"gender": g} for g in ("m", "f", "n")],
    "sr": [{"feminine": f} for f in (False, True)],
}
_NUMBERS = sorted(
    {*range(101), *range(100, 1000, 100), *range(1000, 10_000, 1000), *(k * s for s in _SCALES for k in _COUNTS)}
    | {101, 105, 110, 115, 121, 1001, 1005, 1010, 1100, 1105, 2021}  # the joiners: "một trăm lẻ năm"
    | {k * s + 5 for s in (1000, 10**6) for k in (2, 3, 11, 21)}  # scale forms before more: "ألفاً و خمسة"
    | {125, 150, 175, 225, 250, 275, 350, 450}  # fraction counts: "डेढ़ सौ" 150, "ساڑھے تین سو" 350
)
#: AI4Bharat's indic_numtowords: the languages it spells with its own rules (its others are digit tables).
_INDIC_LANGS = frozenset({"as", "bn", "gu", "hi", "ml", "mr", "or", "pa", "ta", "te", "kn", "ur"})

WORD = regex.compile(r"\w+(?:['’ʼ]\w+)*")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_MEDIAL_GHUNNA = re.compile("\u06ba(?=\\w)")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه"})


def normalise(word: str, lang: str) -> str:
    """The form words are compared in: case-folded, one apostrophe, and the spelling variants that
    carry no difference in number (Greek accents, Arabic vowel marks and alef forms, Hindi
    chandrabindu for anusvara, Hebrew points, Russian ё, Filipino stress accents: CLDR spells "tatló",
    "milyón", texts write "tatlo", "milyon")."""
    w = unicodedata.normalize("NFKC", word).casefold().replace("’", "'").replace("ʼ", "'")
    if lang in ("el", "he", "fil", "tl"):
        w = "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
        w = unicodedata.normalize("NFC", w)
    elif lang in ("ar", "fa", "ur", "ps"):
        w = _ARABIC_MARKS.sub("", w).translate(_ARABIC_LETTERS).replace("مائ", "مئ")  # مائة and مئة: a hundred
        if lang == "ur":  # noon ghunna inside a word is a spelling of noon (the data writes "پاںچ" and "پانچ")
            w = _MEDIAL_GHUNNA.sub("ن", w)
    elif lang in ("hi", "mr", "ne"):  # and the nukta, which texts often leave out: "हजार" is "हज़ार"
        w = w.replace("\u0901", "\u0902").replace("\u093c", "")
    elif lang == "ru":  # ё is written as е more often than not, in the data too ("трех", "трёх")
        w = w.replace("ё", "е")
    return w


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


@dataclass
class Lexicon:
    """Word → :class:`Entry` for one language, with stems for declining languages."""

    lang: str
    entries: dict[str, Entry] = field(default_factory=dict)
    stems: dict[str, Entry] = field(default_factory=dict)
    #: Scale stems keyed as :func:`_stem_key` writes them → the scale (see :func:`_scale_stems`).
    scale_stems: dict[str, float] = field(default_factory=dict)
    #: Spellings of several words taken whole ("خمسة عشر" 15, "mười lăm" 15).
    phrases: dict[tuple[str, ...], float] = field(default_factory=dict)
    ordinals: frozenset[str] = frozenset()
    #: unit words the data never writes after a ten, where it writes another form (vi "năm", 5: 25 is
    #: "hai mươi lăm"), so "mười năm" is "ten years", not 15
    not_after_tens: frozenset[str] = frozenset()
    #: the scale comes before its count ("milioni tatu", Swahili)
    scale_first: bool = False
    _cache: dict[str, Entry | None] = field(default_factory=dict)
    _norms: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def norm(self, word: str) -> str:
        """:func:`normalise` for this language, remembered."""
        got = self._norms.get(word)
        if got is None:
            got = normalise(word, self.lang)
            if len(self._norms) < 100_000:
                self._norms[word] = got
        return got

    def lookup(self, word: str) -> Entry | None:
        """The entry for ``word`` (as written in the text), by exact form, clitic-less form or stem."""
        got = self._cache.get(word, _MISSING)
        if got is _MISSING:
            got = self._lookup(self.norm(word))
            if len(self._cache) < 100_000:  # a bound, for very long documents
                self._cache[word] = got
        return got  # type: ignore[return-value]

    def _lookup(self, w: str) -> Entry | None:
        for bare in without_clitics(w, self.lang):
            joiner = None  # Georgian "ათას" joins "ორი ათას ხუთი" (2005) and is "ათასი" (1000) without its -ი
            for cand in _case_endings(bare, self.lang):
                e = self.entries.get(cand)
                if e is not None and not e.connector:
                    return e
                joiner = joiner or e
            if joiner is not None:
                return joiner
        if self.lang in ("fil", "tl") and w.startswith("labi"):
            for k in (6, 5):  # one-word teens, the nasal assimilated: "labindalawa" 12, "labimpito" 17
                e = self.entries.get(w[k:])
                if e is not None and e.value in range(1, 10):
                    return Entry(10 + e.value)
        for base, soft in without_suffix(w, self.lang):  # "দুজন" two people, "तीनों" all three
            e = self.entries.get(base)
            if e is not None and e.value is not None and not e.connector:
                return Entry(e.value, soft=soft or e.soft)
        if self.lang in COMPOUNDING and len(w) > 4 and w not in self.ordinals:
            # a one-word number not in the lexicon, read as a chain of its words ("negyvenhétezer")
            reading = _segment(w, self.entries, 0, Reader())
            if reading is not None:
                return Entry(reading.value)
        if w in self.ordinals:
            return None
        for p in range(len(w), max(len(w) - 4, 2), -1) if self.stems else ():
            e = self.stems.get(w[:p])
            if e is not None:
                return e
        scale = self.scale_by_stem(w)
        # a plural or case form, which names no amount alone ("milljarða"); soft like every stem match
        return None if scale is None else Entry(scale=scale, soft=True)

    def scale_by_stem(self, w: str) -> float | None:
        """The scale a (normalised) word is an inflected form of, by stem: Icelandic "milljarða", "milljörðum"
        (the data spells "milljarður", "milljarðar"), Turkish "milyarlık" (see :func:`_scale_stems`)."""
        for p in range(len(w), max(len(w) - _SCALE_ENDING_MAX, _SCALE_STEM_MIN) - 1, -1):
            scale = self.scale_stems.get(_stem_key(w[:p]))
            if scale is not None:
                return scale
        return None


@dataclass
class Reader:
    """The number being read: ``total`` holds finished scale groups, ``current`` the open one."""

    total: float = 0.0
    current: float = 0.0
    #: The last count added to ``current``: a tens word multiplies it alone ("seratus lima puluh" 150).
    last: float = 0.0
    last_scale: float = math.inf
    started: bool = False
    #: Arabic puts the unit before the tens: "خمسة وعشرين" is 5 + 20.
    units_first: bool = False
    #: Swahili puts the scale before its count: "milioni tatu" is 3 million, "mia tano" 500.
    scale_first: bool = False
    #: An offset word read first ("साढ़े", "सवा"), waiting for the count it adds to.
    pending: Entry | None = None
    #: The scale word read before its count (scale-first languages), and the count read after it so far.
    pending_scale: float = 0.0
    sub: Reader | None = None

    def feed(self, e: Entry) -> bool:
        """Take the next word; False if it does not continue this number (nothing is changed then)."""
        if self.pending is not None:
            p = self.pending
            if e.value is not None and e.scale is None and 0 < e.value < 100:
                self.pending = None
                self.current = self.last = e.value + (p.offset or 0.0)  # "साढ़े तीन": 3.5
                self.started = True
                return True
            if p.value is None:
                return False  # "साढ़े" says nothing without its count
            self.pending = None  # "सवा सौ": सवा is 1.25, times the hundred
            self.current = self.last = p.value
            self.started = True
        elif e.offset is not None and self.current == 0 and not self.pending_scale:
            self.pending = e  # first, or after a finished group: "हज़ार साढ़े तीन सौ" (1,350)
            return True
        if self.scale_first:
            return self._feed_scale_first(e)
        if not self.started:
            if e.value is None:
                return False  # a scale word alone ("тысячи", "millions") names no amount
            self.current = self.last = e.value
            self.started = True
            return True
        if e.scale is not None and self._scale(e.scale):
            return True
        v = e.value
        if v is None:
            return False
        # a count after a finished group; a scale word alone is one of it ("একাশি লাখ হাজার", 8,101,000)
        if self.current == 0 and v < self.last_scale and (self.total == 0 or v < 1000 or e.scale == v):
            self.current = self.last = v
            return True
        if 0 < v < self.current and self.current % 10 ** len(str(int(v))) == 0 and self.current < self.last_scale:
            self.current += v  # twenty + five, hundred + twenty
            self.last = v
            return True
        unit = self.current % 100
        if self.units_first and 0 < self.last == unit < 10 and 10 < v < 100 and v % 10 == 0:
            self.current += v
            self.last = v
            return True
        return False

    def _feed_scale_first(self, e: Entry) -> bool:
        """:meth:`feed` where a scale word comes before its count: "elfu mbili mia tatu" is 2,300, "elfu mia
        moja na arobaini" 140,000 (the count of a thousand is a number of its own, read by :attr:`sub`)."""
        s = e.scale
        if s is not None and s >= 1000 and self.current == 0 and (not self.pending_scale or self.sub is not None):
            if s >= self.last_scale:
                return False
            self._commit()
            self.pending_scale, self.last_scale, self.started = s, s, True
            return True
        if self.pending_scale >= 1000:
            sub = replace(self.sub) if self.sub is not None else Reader(scale_first=True, last_scale=1000.0)
            if sub.feed(e):
                self.sub = sub
                return True
            if self.sub is None or not self.sub.complete:
                return False
            self._commit()  # "elfu mbili | mia tatu", "elfu mia tatu, | hamsini"
        if s is not None and s >= 100 and self.current == 0 and not self.pending_scale:
            if s >= self.last_scale:
                return False
            self.pending_scale, self.last_scale, self.started = s, s, True
            return True
        v = e.value
        if v is None:
            return False
        if self.pending_scale:  # "mia tano": one unit counts the hundreds
            if v >= 10:
                return False
            self.total += v * self.pending_scale
            self.pending_scale = 0.0
            return True
        if not self.started or (self.current == 0 and v < self.last_scale):
            self.current = self.last = v
            self.started = True
            return True
        if 0 < v < self.current and self.current % 10 ** len(str(int(v))) == 0:
            self.current += v
            self.last = v
            return True
        return False

    def _commit(self) -> None:
        """Close the scale group being read (scale-first languages)."""
        if self.pending_scale:
            self.total += (self.sub.value if self.sub is not None else 1.0) * self.pending_scale
        self.pending_scale, self.sub = 0.0, None

    def _scale(self, s: float) -> bool:
        if s < 1000:  # hundred, Vietnamese/Indonesian tens ("hai mươi", "dua puluh")
            head = self.current - self.last
            if 0 < self.last < s and head % (s * 10) == 0 and self.current < self.last_scale:
                self.current = head + self.last * s
                self.last = self.last * s
                return True
            return False
        if self.current == 0:
            if self.total > 0 and s > self.last_scale:  # "mil millones"
                self.total *= s
                self.last_scale = s
                return True
            return False
        if s < self.last_scale:
            self.total += self.current * s
        elif self.total == 0:
            self.total = self.current * s
        else:
            return False
        self.current, self.last, self.last_scale = 0.0, 0.0, s
        return True

    @property
    def complete(self) -> bool:
        """Whether the words read make a number ("साढ़े" alone does not)."""
        return self.started or (self.pending is not None and self.pending.value is not None)

    @property
    def value(self) -> float:
        if self.pending is not None:
            return self.total + (self.pending.value or 0.0)
        if self.pending_scale:
            return self.total + (self.sub.value if self.sub is not None else 1.0) * self.pending_scale + self.current
        return self.total + self.current


def read_value(entries: list[Entry], scale_first: bool = False) -> float | None:
    """The number a sequence of words makes, or None if they do not make one."""
    r = Reader(scale_first=scale_first)
    for e in entries:
        if e.connector:
            continue
        if not r.feed(e):
            return None
    return r.value if r.complete else None


def _segment(w: str, entries: dict[str, Entry], i: int, reader: Reader) -> Reader | None:
    """A reading of ``w[i:]`` as lexicon words continuing ``reader`` (longest words tried first)."""
    if i == len(w):
        return reader if reader.complete else None
    for j in range(len(w), i + 1, -1):
        e = entries.get(w[i:j])
        if e is None or e.connector:
            continue
        nxt = replace(reader)
        if nxt.feed(e) and (done := _segment(w, entries, j, nxt)) is not None:
            return done
    return None


_MISSING = Entry()


def without_clitics(w: str, lang: str) -> Iterator[str]:
    yield w
    letters = _CLITICS.get(lang, "")
    if not letters:  # most languages: nothing written onto words
        return
    if lang == "ar" and w.startswith("ال") and len(w) > 4:
        yield w[2:]
    for k in (1, 2):
        if len(w) - k >= 2 and all(c in letters for c in w[:k]):
            yield w[k:]
            if lang == "ar" and w[k:].startswith("ال") and len(w) - k > 4:
                yield w[k + 2 :]


def _case_endings(w: str, lang: str) -> Iterator[str]:
    """``w``, without a Tagalog linker or contracted "at" ("libo't isa", 1001), and for Arabic its other case
    endings: the data spells nominatives ("عشرون", "ألفان"), texts also write the accusative and genitive
    ("عشرين", "ألفين") and the construct ("ألفا")."""
    yield w
    if lang in ("fil", "tl") and len(w) > 3 and w.endswith("'t"):
        yield w[:-2]  # "libo't" is "libo at", a thousand and
    if lang in ("fil", "tl") and len(w) > 4 and w.endswith("ng"):
        # Tagalog's linker: -ng after a vowel ("tatlong" before a noun), -g after n ("milyong")
        yield from (w[:-2], w[:-1])
    if lang == "ka" and len(w) >= 2:
        # Georgian drops the nominative -ი of a consonant stem before a noun and writes case endings
        # on the stem: "2 მილიონ დოლარს", "ორ ხიდს", "ათასს" (the data spells "მილიონი", "ორი", "ათასი")
        for end in ("", "ის", "ით", "ად", "ს", "მა"):
            stem = w[: len(w) - len(end)] if w.endswith(end) else ""
            if len(stem) >= 2:
                yield from ((stem + "ი", stem) if stem[-1] not in _KA_VOWELS else (stem,))
    if lang == "ar" and len(w) > 4:
        for end in ("ين", "ون", "ان"):
            if w.endswith(end):
                stem = w[:-2]
                yield from (stem + e for e in ("ون", "ان", "ين", "ا") if e != end)
        if w.endswith("ا"):
            yield from (w[:-1] + e for e in ("ان", "ين"))


_KA_VOWELS = "აეიოუ"
#: Scripts written without spaces between words, which ICU's dictionary cuts (Thai has PyThaiNLP): their number
#: words run into the words beside them ("ស្ពានពីរស្ថិត", "လူသုံးဦး"); see :func:`.spelled.spelled_numbers`.
UNSEGMENTED = frozenset({"km", "my", "lo"})


@lru_cache(maxsize=128)
def reads_number_words(lang: str) -> bool:
    """Whether number words written out in ``lang`` can be read: its data spells them and its words can be told
    apart (Khmer, Burmese and Lao run them together: only ICU's dictionary, where PyICU imports, tells them
    apart). Where they cannot, a spelled number on the other side may be there unseen."""
    from align.icu_breaks import icu_available
    from align.langid import base_language

    base = base_language(lang)
    if base in ("zh", "ja", "yue"):  # Han numerals, read by .cjk
        return True
    return (base not in UNSEGMENTED or icu_available()) and bool(lexicon(base))


def _codes(lang: str, available: Iterable[str]) -> list[str]:
    wanted = _ALIASES.get(lang, (lang,))
    return [c for c in sorted(available) if c.replace("-", "_").split("_")[0] in wanted]


@dataclass(frozen=True)
class Spellings:
    """How the data spells numbers in one language. Read only: shared between callers."""

    #: the cardinal spellings of :data:`_NUMBERS`
    cardinals: dict[int, set[str]]
    #: the ordinal spellings of 1–100, every gender and case the data has ("второму", "toisesta", "الثانية")
    ordinals: dict[int, set[str]]
    #: those of num2words alone, which spells some languages' ordinals as cardinals (Thai "สอง", Vietnamese
    #: "hai", Hebrew "שני"): words also read as cardinals, and the lexicon makes those soft
    num2words_ordinals: frozenset[str]


@lru_cache(maxsize=8)
def spellings(lang: str) -> Spellings:
    """Cardinal and ordinal spellings of ``lang`` from num2words and CLDR.

    Spelling some 300 numbers takes 0.1–0.2 s a language, more than aligning a short document: they are
    spelled once per installed version of the two libraries (and of this module) and kept in the cache
    folder (see :mod:`align.datacache`)."""
    from align.datacache import cached_data, package_version, source_digest

    key = (
        lang,
        package_version("num2words"),
        package_version("unicode-rbnf"),
        package_version("indic-numtowords"),
        source_digest(__file__, _MONGOLIAN),
    )
    cardinals, ordinals, n2w_ordinals = cached_data("spellings", key, lambda: _spell(lang))
    return Spellings(cardinals, ordinals, frozenset(n2w_ordinals))


_MONGOLIAN = str(Path(__file__).with_name("mongolian.py"))


def _spell(lang: str) -> tuple[dict[int, set[str]], dict[int, set[str]], frozenset[str]]:
    """What :func:`spellings` holds, computed."""
    import num2words
    from unicode_rbnf import FormatPurpose, RbnfEngine

    cardinals: dict[int, set[str]] = {n: set() for n in _NUMBERS}
    ordinals: dict[int, set[str]] = {n: set() for n in range(1, 101)}
    n2w_ordinals: set[str] = set()
    # Korean native numerals stop at 99; above, Korean writes digits with units (1,200만), see .cjk
    numbers = [n for n in _NUMBERS if n < 100] if lang == "ko" else _NUMBERS
    for code in _codes(lang, num2words.CONVERTER_CLASSES):
        for n in numbers:
            try:
                cardinals[n].add(num2words.num2words(n, lang=code))
                for kwargs in _NUM2WORDS_FORMS.get(code, []):
                    cardinals[n].add(num2words.num2words(n, lang=code, **kwargs))
                if 0 < n <= 100:
                    ordinals[n].add(text := num2words.num2words(n, lang=code, to="ordinal"))
                    n2w_ordinals.add(text)
            except Exception:
                continue
    if lang in _INDIC_LANGS:
        from indic_numtowords import num2words as indic_num2words

        for n in numbers:
            try:  # variations: "डेढ़ सौ" beside "एक सौ पचास"
                cardinals[n].update(indic_num2words(n, lang=lang, variations=True))
            except Exception:  # it spells up to crores (10**7), not ارب (10**9): those come from CLDR
                continue
    if lang == "mn":  # in neither num2words nor CLDR: spelled by .mongolian
        from align.numbers.mongolian import mongolian_cardinals

        for n in numbers:
            cardinals[n].update(mongolian_cardinals(n))
    for code in _codes(lang, RbnfEngine.get_supported_languages()):
        engine = RbnfEngine.for_language(code)
        for n in numbers:
            try:
                by_ruleset = engine.format_number(n).text_by_ruleset
            except Exception:
                continue
            cardinals[n].update(text for name, text in by_ruleset.items() if _cardinal_ruleset(name, lang))
            if 0 < n <= 100:
                try:  # the ordinal rulesets answer only when asked for ordinals
                    ordinal = engine.format_number(n, purpose=FormatPurpose.ORDINAL).text_by_ruleset
                except Exception:
                    continue
                ordinals[n].update(text for name, text in ordinal.items() if "ordinal" in name)
    return cardinals, ordinals, frozenset(n2w_ordinals)


def _cardinal_ruleset(name: str, lang: str) -> bool:
    if not name.startswith(("spellout-cardinal", "spellout-numbering")):
        return False
    if any(x in name for x in ("year", "days", "plural")):  # Finnish "tuhannet" is "thousands", not 1000
        return False
    if lang == "ko":  # Sino-Korean digits (일, 이, 삼, 사) are everyday words; only native numerals are safe
        return "native" in name
    return True


def word_spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Where the words of ``text`` are; Thai, written without spaces, is cut by PyThaiNLP's dictionary."""
    if lang == "th":
        from pythainlp.tokenize import word_tokenize

        spans, pos = [], 0
        for tok in word_tokenize(text, engine="newmm", keep_whitespace=True):
            if WORD.fullmatch(tok):
                spans.append((pos, pos + len(tok)))
            pos += len(tok)
        return spans
    return [m.span() for m in WORD.finditer(text)]


def words_of(text: str, lang: str) -> list[str]:
    """The normalised words of ``text``."""
    return [normalise(text[a:b], lang) for a, b in word_spans(text, lang)]


@lru_cache(maxsize=64)
def lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang`` (ISO 639-1), built once per process; empty where no data covers it."""
    try:
        data = spellings(lang)
    except (ImportError, ValueError, KeyError):
        return Lexicon(lang)
    values: dict[str, float] = {}
    scales: dict[str, float] = {}
    offsets: dict[str, float] = {}
    scale_first = 0  # spellings that put the scale before its count ("milioni tatu"), less those after
    spelled = {n: [w for t in texts if (w := words_of(t, lang))] for n, texts in data.cardinals.items()}
    for n in _NUMBERS:  # one-word spellings, smallest number first (an ambiguous word keeps the smaller)
        for words in spelled[n]:
            if len(words) == 1:
                values.setdefault(words[0], float(n))
    for s, k in _scaled(lang):
        for words in spelled[k * s]:
            # "пять миллионов", "שלושת אלפים", "hai mươi": the last word scales the count before it
            *count, last = words
            if len(words) == 2 and values.get(last) == k and values.get(words[0], s) >= s and k < 10:
                scale_first += 1  # "milioni tatu", "mia tano": the first word scales the count after it
                scales.setdefault(words[0], float(s))
                if k == 1:
                    values.setdefault(words[0], float(s))
                continue
            if count and values.get(last, s) >= s:
                scale_first -= 1
            if not count or values.get(last, s) < s:
                continue  # a count, not a scale; a larger value is a dual written alike ("ألفا")
            if k == 10 and last not in scales:
                continue  # ten lakh is "one million": ten only teaches count forms ("עשרת אלפים")
            scales.setdefault(last, float(s))
            if k == 1 and all(values.get(w) == 1 for w in count):
                values.setdefault(last, float(s))  # "одна тысяча": "тысяча" alone is a thousand
            unknown = [w for w in count if w not in values and w not in scales]
            if len(count) == 1 and unknown and k <= 10:
                values[unknown[0]] = float(k)  # a count form: Hebrew "שלושת" (3) before "אלפים"
    # A scale spelt alone in one word (Serbian "milijardu", a billion) scales a digit too: "2,1 milijardu". Only
    # the powers of a thousand: Slovak "desaťtisíc" (10,000) is one word too, but a compound, not a scale.
    for s in (1000, 10**6, 10**9, 10**12):
        for words in spelled[s]:
            if len(words) == 1 and values.get(words[0]) == s:
                scales.setdefault(words[0], float(s))
    for s in (1000, 10**6):  # "أحد عشر ألفاً و خمسة": the word after the count is a scale form too
        for k in (2, 3, 11, 21):
            for words in spelled[k * s + 5]:
                for count in spelled[k]:
                    after = words[len(count)] if words[: len(count)] == count and len(words) > len(count) else None
                    if after is not None and values.get(after, 0) >= s:
                        scales.setdefault(after, float(s))
    _compound_scales(lang, spelled, values, scales)
    if lang in COMPOUNDING:
        _compound_tens(spelled, values)
    _fraction_counts(spelled, values, scales, offsets)
    _grammar_words(lang, values, scales, offsets)
    phrase_spellings = [(tuple(ws), float(n)) for n in _NUMBERS if n < 1000 for ws in spelled[n] if 1 < len(ws) <= 4]
    joined = {w for texts in spelled.values() for words in texts for w in words}
    ordinal_texts = {text for texts in data.ordinals.values() for text in texts}
    ordinal_words = {w for text in ordinal_texts for w in words_of(text, lang) if w not in joined}
    ordinal_alone = {ws[0] for text in ordinal_texts if len(ws := words_of(text, lang)) == 1}
    # a cardinal word num2words also gives as an ordinal may be either; CLDR's ordinals that are cardinal
    # words (Hebrew "עשרים" above ten) are the cardinal, used as an ordinal too
    soft = {ws[0] for text in data.num2words_ordinals if len(ws := words_of(text, lang)) == 1}
    _teen_tens(spelled, values)
    entries = {
        w: Entry(values.get(w), scales.get(w), soft=w in soft, offset=offsets.get(w))
        for w in values.keys() | scales.keys() | offsets.keys()
    }
    for w in joined - entries.keys():
        # "and", "y", "e", "و", "lẻ"; not a known word with a clitic ("ושבע" is "and seven")
        if len(w) <= 4 and not any(v in entries for v in list(without_clitics(w, lang))[1:]):
            entries[w] = Entry(connector=True)
    # "خمسة عشر" (15), "mười lăm" (15), "שלושה עשר" (13) are taken whole; "seratus lima" (105) is read word
    # by word, so that "seratus lima puluh" stays 150
    phrases: dict[tuple[str, ...], float] = {}
    for words, n in phrase_spellings:
        parts = [entries.get(w) for w in words]
        if None in parts or read_value([p for p in parts if p is not None], scale_first > 0) != n:
            phrases.setdefault(words, n)
    if lang == "ko":
        for w in [w for w in entries if len(w) == 1 and w not in _korean_native_words()]:
            del entries[w]
    lex = Lexicon(
        lang,
        entries,
        phrases=phrases,
        ordinals=frozenset(ordinal_words | ordinal_alone),
        not_after_tens=_not_after_tens(spelled, values),
        scale_first=scale_first > 0,
    )
    if lang in INFLECTING:
        lex.stems = _stems(entries)
    if lang not in DECLINING - INFLECTING:  # where the data spells every case, a stem finds only derived words
        lex.scale_stems = _scale_stems(entries)
    return lex


def _compound_tens(spelled: dict[int, list[list[str]]], values: dict[str, float]) -> None:
    """The form a ten takes inside one-word numbers, where it is no word of its own: Hungarian "tizen" in
    "tizenegy" (11), "huszon" in "huszonkettő" (22), so that "tizenkét" (12, before a noun) is read."""
    units = {w: v for w, v in values.items() if v in range(1, 10)}
    seen: dict[str, dict[float, int]] = {}
    for n in range(11, 100):
        for words in spelled[n]:
            if len(words) != 1 or n % 10 == 0:
                continue
            for unit, v in units.items():
                head = words[0][: -len(unit)]
                if v == n % 10 and words[0].endswith(unit) and len(head) >= 3 and head not in values:
                    by_value = seen.setdefault(head, {})
                    by_value[n - v] = by_value.get(n - v, 0) + 1
    for head, by_value in seen.items():
        if len(by_value) == 1 and next(iter(by_value.values())) >= _MARKER_SEEN:
            values[head] = float(next(iter(by_value)))


def _fraction_counts(
    spelled: dict[int, list[list[str]]], values: dict[str, float], scales: dict[str, float], offsets: dict[str, float]
) -> None:
    """Fraction counts in the data's spellings of a hundred and a quarter, a half … ("डेढ़ सौ" 150: डेढ़ is
    1.5; "साढ़े तीन सौ" 350: साढ़े adds a half to the count after it; "सवा सौ" 125 and "सवा दो सौ" 225: सवा is
    1.25 alone and adds a quarter)."""
    known = set(values)
    for n in (125, 150, 175, 225, 250, 275, 350, 450):
        for words in spelled[n]:
            *head, last = words
            if scales.get(last) != 100 or not head or head[0] in known:
                continue
            if len(head) == 1:
                values.setdefault(head[0], n / 100)
            elif len(head) == 2 and values.get(head[1]) in range(1, 10) and head[1] in known:
                offsets.setdefault(head[0], n / 100 - values[head[1]])


def _grammar_words(lang: str, values: dict[str, float], scales: dict[str, float], offsets: dict[str, float]) -> None:
    """The number forms of :mod:`.morphology` (fraction counts, concord and collective forms, loan scales)."""
    from align.numbers.morphology import FRACTIONS, LOAN_SCALES, extra_words

    if not values:
        return
    for word, (value, offset) in FRACTIONS.get(lang, {}).items():
        w = normalise(word, lang)
        if value is not None:
            values.setdefault(w, value)
        if offset is not None:
            offsets.setdefault(w, offset)
    for word, value in extra_words(lang):
        values.setdefault(normalise(word, lang), value)
    if lang == "mn":
        from align.numbers.mongolian import ATTRIBUTIVE

        for attributive, alone in ATTRIBUTIVE.items():
            for table in (values, scales):
                if alone in table:
                    table.setdefault(attributive, table[alone])
    for word, scale in LOAN_SCALES.get(lang, {}).items():
        scales.setdefault(normalise(word, lang), scale)  # a scale, not an amount alone ("millions")
    from align.numbers.scales import cldr_suffixes

    for suffix, scale in cldr_suffixes(lang).items():  # "ارب" (10**9), which the number data may not spell
        w = normalise(suffix, lang)
        if scale >= 1000 and len(w) >= 3 and WORD.fullmatch(w) and w not in values and w not in scales:
            scales[w] = scale


def _not_after_tens(spelled: dict[int, list[list[str]]], values: dict[str, float]) -> frozenset[str]:
    """Unit words that no spelling of a ten plus that unit writes after the ten, in a language that
    spells all of those in several words (see :attr:`Lexicon.not_after_tens`; Korean also writes "열두"
    as "열 둘", Indonesian "sebelas" as one word: left alone)."""
    out = set()
    for w, v in values.items():
        if v not in range(1, 10) or [w] not in spelled[int(v)]:
            continue  # a count form ("isang" before "libo") is no spelling of the unit: "labing-isang" is 11
        spellings_of = [ws for k in range(1, 10) for ws in spelled[10 * k + int(v)]]
        if spellings_of and all(len(ws) > 1 for ws in spellings_of) and not any(w in ws[1:] for ws in spellings_of):
            out.add(w)
    return frozenset(out)


def _teen_tens(spelled: dict[int, list[list[str]]], values: dict[str, float]) -> None:
    """The form "ten" takes in two-word teens, where it is no word of its own in the data: Arabic "عشر"
    (ثلاثة عشر, 13) is also ten standing alone, with a feminine noun ("عشر سنوات", ten years)."""
    seen: dict[str, int] = {}
    for n in range(11, 20):
        for words in spelled[n]:
            if len(words) != 2:
                continue
            for unit, ten in (words, words[::-1]):
                if ten not in values and values.get(unit) == n - 10:
                    seen[ten] = seen.get(ten, 0) + 1
    for w, k in seen.items():
        if k >= _MARKER_SEEN:
            values[w] = 10.0


#: A word must play the same part in this many spellings before it is given a value from them.
_MARKER_SEEN = 5


@lru_cache(maxsize=1)
def _korean_native_words() -> frozenset[str]:
    """The words of Korean native numerals 1–99 (CLDR): 하나, 둘, 두, 세, 열, 스물.

    num2words spells Sino-Korean, whose one-syllable numerals (일, 이, 삼, 사, 오) are everyday words
    ("이 사업" is "this project", 일 "work", 사 "company"); Korean prose writes those amounts in digits,
    with units and counters after them (3억, 2년), which :mod:`.cjk` reads. Longer Sino-Korean words
    (이십, 삼천) are kept."""
    from unicode_rbnf import RbnfEngine

    engine = RbnfEngine.for_language("ko")
    return frozenset(
        w
        for n in range(1, 100)
        for name, text in engine.format_number(n).text_by_ruleset.items()
        if "native" in name
        for w in words_of(text, "ko")
    )


def _compound_scales(
    lang: str, spelled: dict[int, list[list[str]]], values: dict[str, float], scales: dict[str, float]
) -> None:
    """Scale words and count forms inside one-word spellings ("kétezer" = "két" + "ezer", "ikimilyon")."""
    for s, k in _scaled(lang):
        if s < 100:  # "hatvan" is 6 × 10, but "van" alone is the verb "is"
            continue
        counts = [ws[0] for ws in spelled[k] if len(ws) == 1]
        for words in spelled[k * s]:
            if len(words) != 1:
                continue
            w = words[0]
            for count in counts:
                rest = w[len(count) :]
                if (
                    w.startswith(count)
                    and len(rest) >= 2
                    and (values.get(rest) == s or (k == 1 and rest not in values))
                ):
                    scales.setdefault(rest, float(s))
                    if k == 1:
                        values.setdefault(rest, float(s))
    for n in range(11, 100):  # "แปดสิบเอ็ด" = "แปดสิบ" (80) + "เอ็ด": the unit's form inside a compound
        tens = [ws[0] for ws in spelled[n - n % 10] if len(ws) == 1]
        for words in spelled[n]:
            for head in tens:
                rest = words[0][len(head) :] if len(words) == 1 and words[0].startswith(head) else ""
                if n % 10 and len(rest) >= 2 and rest not in values:
                    values[rest] = float(n % 10)
    for s, k in _scaled(lang):
        if k >= 10:
            continue
        for words in spelled[k * s]:
            w = words[0] if len(words) == 1 else ""
            for scale_word, value in list(scales.items()):
                head = w[: len(w) - len(scale_word)]
                if value == s and w.endswith(scale_word) and len(head) >= 2 and head not in values:
                    values[head] = float(k)  # "két" (2) before "ezer"


def _scaled(lang: str) -> Iterator[tuple[int, int]]:
    """(scale, count) pairs whose spelling is the count's followed by the scale word, smallest scale first.
    Ten thousand is a unit of its own only in Thai (หมื่น); elsewhere "tiotusen" is ten × thousand."""
    for s in _SCALES:
        if s == 10**4 and lang != "th":
            continue
        for k in _COUNTS:
            if k * s < 1000 * s and (s >= 1000 or k < 10):
                yield s, k


#: A scale stem has this many letters at least (with five, "billi" began German "billig", cheap, and Portuguese
#: "trilh" "trilha", a trail) and a word this many more at most; the first five are never masked.
_SCALE_STEM_MIN = 6
_SCALE_ENDING_MAX = 3
_STEM_HEAD = 5
_VOWELS = frozenset("aeiouyæøœåаеиоуыэюяіїєөүαεηιουω")


def _stem_key(stem: str) -> str:
    """``stem`` with the vowels of its end masked: the vowel of a scale word's last syllable may change in its case
    forms (Icelandic "milljarð" → "milljörðum", u-umlaut). Its first letters are kept ("malja", a cup, is no
    "miljardi"; "тролль" no "триллион"), and its last, so that a case ending cannot pass for another."""
    k = _STEM_HEAD
    middle = "".join("*" if unicodedata.normalize("NFD", c)[0] in _VOWELS else c for c in stem[k:-1])
    return stem[:k] + middle + stem[-1:] if len(stem) > k else stem


def _scale_stems(entries: dict[str, Entry]) -> dict[str, float]:
    """Stems of the scale words (a thousand and up) the data spells, for the case forms it does not: each form
    less up to three final letters (six letters at least), kept where it begins no number word of another
    meaning (Icelandic "millj" begins both "milljón" and "milljarður": no stem). A stem match is soft in spelled
    numbers (a derived word, Czech "milionář", a millionaire, begins with one too) and reads a scale after digits.
    Not used where the data spells every case (Russian, Polish, Finnish, Ukrainian): there it finds only derived
    words ("миллионер")."""
    found: dict[str, set[float | None]] = {}
    for w, e in entries.items():
        if e.connector or not w.isalpha():
            continue
        meaning = e.scale if e.scale is not None and e.scale >= 1000 else None
        for d in range(_SCALE_ENDING_MAX + 1) if meaning is not None else ():
            if len(w) - d >= _SCALE_STEM_MIN:
                found.setdefault(_stem_key(w[: len(w) - d]), set()).add(meaning)
    for w, e in entries.items():  # other number words that begin like a stem make it ambiguous
        if e.scale is None or e.scale < 1000:
            for p in range(_SCALE_STEM_MIN, len(w) + 1):
                if (key := _stem_key(w[:p])) in found:
                    found[key].add(None)
    return {key: next(iter(s)) for key, s in found.items() if len(s) == 1 and None not in s}  # type: ignore[misc]


def _stems(entries: dict[str, Entry]) -> dict[str, Entry]:
    """Stem → entry (soft), for stems of three or more letters that no two values share (a plural
    scale form without a value, Latvian "simti" beside "simts", agrees with its singular)."""
    found: dict[str, set[tuple[float | None, float | None]]] = {}
    for w, e in entries.items():
        if e.connector:
            continue
        for d in (0, 1, 2):
            stem = w[: len(w) - d]
            if len(stem) >= 3:
                found.setdefault(stem, set()).add((e.value, e.scale))
    out: dict[str, Entry] = {}
    for stem, meanings in found.items():
        values = {v for v, _ in meanings if v is not None}
        scales = {s for _, s in meanings if s is not None}
        if len(values) <= 1 and len(scales) <= 1 and all(v in values or s in scales for v, s in meanings):
            out[stem] = Entry(next(iter(values), None), next(iter(scales), None), soft=True)
    return out


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

    key = (
        lang,
        package_version("wordfreq"),
        package_version("num2words"),
        package_version("unicode-rbnf"),
        package_version("indic-numtowords"),
        source_digest(__file__),
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
