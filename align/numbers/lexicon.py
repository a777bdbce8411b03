"""Number words of every language, generated from maintained data rather than hand tables.

For a language, numbers that cover every word a spelled-out quantity uses (0–100, the hundreds, the
thousands and the scales with a few counts before them) are spelled by num2words and by the CLDR
rule-based number formats (``unicode_rbnf``, every cardinal ruleset: genders and, where CLDR has
them, cases such as Russian "пяти" or Finnish "viidellä"). From the spellings:

- a spelling of one word gives that word's value ("пять" → 5, "ألفان" → 2000);
- in the spelling of k × S (k small, S a hundred, thousand, lakh, million …) the one word that is
  not a count is a *scale* word, which multiplies the count before it ("тысяч", "آلاف", "लाख");
- words of longer spellings that are neither ("and", "y", "و") only join number words.

Inflected forms the data does not spell are recognised by stem (:mod:`.stems`); the spellings come from
:mod:`.spellings`, words are compared in the forms of :mod:`.wordforms`, and a sequence of words is read into a
number by :mod:`.reader`. Number words that are mostly another word are in :mod:`.homographs`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from align.numbers.entry import Entry
from align.numbers.morphology import spelling_variants, without_suffix
from align.numbers.reader import Reader, read_value, segment
from align.numbers.spellings import COUNTS, NUMBERS, SCALES, spellings
from align.numbers.stems import scale_by_stem, scale_stems, word_stems
from align.numbers.wordforms import WORD, case_endings, normalise, without_clitics, words_of

#: Languages whose words decline (month names are looked up by stem in all of them).
DECLINING = frozenset(
    {"ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "mk", "lt", "lv", "el", "et", "fi", "hu"}
)
#: Those whose number data lacks most case forms (CLDR spells Russian, Polish and Finnish cases,
#: num2words Ukrainian ones): their number words are looked up by stem too.
INFLECTING = DECLINING - {"ru", "pl", "fi", "uk"}
#: Languages that write numbers as one word ("negyvenhétezer", "kaksisataa", "yüzonüç", "ห้าร้อย").
COMPOUNDING = frozenset({"hu", "fi", "et", "sv", "nb", "nn", "no", "tr", "el", "is", "fo", "th", "da", "af", "sk"})
#: Scripts written without spaces between words, which ICU's dictionary cuts (Thai has PyThaiNLP): their number
#: words run into the words beside them ("ស្ពានពីរស្ថិត", "လူသုံးဦး"); see :func:`.spelled.spelled_numbers`.
UNSEGMENTED = frozenset({"km", "my", "lo"})


@dataclass
class Lexicon:
    """Word → :class:`Entry` for one language, with stems for declining languages."""

    lang: str
    entries: dict[str, Entry] = field(default_factory=dict)
    stems: dict[str, Entry] = field(default_factory=dict)
    #: Scale stems keyed as :func:`.stems.stem_key` writes them → the scale (see :func:`.stems.scale_stems`).
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
            for cand in case_endings(bare, self.lang):
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
            reading = segment(w, self.entries, 0, Reader())
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
        (the data spells "milljarður", "milljarðar"), Turkish "milyarlık" (see :func:`.stems.scale_stems`)."""
        return scale_by_stem(self.scale_stems, w)


_MISSING = Entry()


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
    for n in NUMBERS:  # one-word spellings, smallest number first (an ambiguous word keeps the smaller)
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
    if lang in ("fil", "tl"):
        _tagalog_fused_tens(spelled, values)
    _fraction_counts(spelled, values, scales, offsets)
    _grammar_words(lang, values, scales, offsets)
    phrase_spellings = [(tuple(ws), float(n)) for n in NUMBERS if n < 1000 for ws in spelled[n] if 1 < len(ws) <= 4]
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
    for w, e in list(entries.items()):  # Burmese "ခုနစ်" beside the data's "ခုနှစ်" (7)
        for variant in spelling_variants(w, lang):
            entries.setdefault(variant, e)
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
        lex.stems = word_stems(entries)
    if lang not in DECLINING - INFLECTING:  # where the data spells every case, a stem finds only derived words
        lex.scale_stems = scale_stems(entries)
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


def _tagalog_fused_tens(spelled: dict[int, list[list[str]]], values: dict[str, float]) -> None:
    """The tens as Tagalog writes them, one word: CLDR spells the count, its linker and "pû" apart ("tatlóng pû",
    "ápat na pû"), everyday text fuses them ("tatlumpu", "apatnapu"; -ng and -'t after them are the linker and "at",
    see :func:`.wordforms.case_endings`). No data source writes the fused form (num2words has no Tagalog), so it is
    made from CLDR's by the one sound rule the fusion follows: "na" joins as written, the linker -ng becomes -m before
    the p, and a final o of the count is raised to u ("tatlo" → "tatlumpu", "walo" → "walumpu")."""
    for n in range(20, 100, 10):
        for words in spelled[n]:
            if len(words) == 3 and words[1:] == ["na", "pu"]:
                values.setdefault(words[0] + "napu", float(n))
            elif len(words) == 2 and words[1] == "pu" and words[0].endswith("ng"):
                count = words[0][:-2]
                values.setdefault((count[:-1] + "u" if count.endswith("o") else count) + "mpu", float(n))


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
    Ten thousand is a unit of its own only in Thai, Lao and Khmer (หมื่น, ໝື່ນ, ម៉ឺន); elsewhere "tiotusen" is ten ×
    thousand."""
    for s in SCALES:
        if s == 10**4 and lang not in ("th", "lo", "km"):
            continue
        for k in COUNTS:
            if k * s < 1000 * s and (s >= 1000 or k < 10):
                yield s, k
