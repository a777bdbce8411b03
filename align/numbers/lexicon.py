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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import regex

#: Languages whose number words decline and whose data lacks most case forms: looked up by stem too.
INFLECTING = frozenset(
    {"ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "mk", "lt", "lv", "el", "et", "fi", "hu"}
)
#: Hebrew and Arabic write the conjunction, article and prepositions onto the next word ("ושלושה",
#: "وخمسة"): up to two of these leading letters are tried off when a word is not found.
_CLITICS = {"ar": "وفبلك", "he": "והבלמשכ", "fa": "و", "ur": ""}
#: num2words and CLDR codes for languages they file under another code.
_ALIASES = {"nb": ("no",), "nn": ("nn", "no"), "kk": ("kz", "kk"), "fil": ("fil", "tl"), "iw": ("he",)}

_SCALES = (10, 100, 1000, 10**5, 10**6, 10**7, 10**9, 10**12)
_COUNTS = (*range(1, 10), 11, 21)
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
)

WORD = regex.compile(r"\w+(?:['’ʼ]\w+)*")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه"})


def normalise(word: str, lang: str) -> str:
    """The form words are compared in: case-folded, one apostrophe, and the spelling variants that
    carry no difference in number (Greek accents, Arabic vowel marks and alef forms, Hindi
    chandrabindu for anusvara, Hebrew points)."""
    w = unicodedata.normalize("NFKC", word).casefold().replace("’", "'").replace("ʼ", "'")
    if lang in ("el", "he"):
        w = "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
        w = unicodedata.normalize("NFC", w)
    elif lang in ("ar", "fa", "ur", "ps"):
        w = _ARABIC_MARKS.sub("", w).translate(_ARABIC_LETTERS)
    elif lang in ("hi", "mr", "ne"):
        w = w.replace("\u0901", "\u0902")
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


@dataclass
class Lexicon:
    """Word → :class:`Entry` for one language, with stems for declining languages."""

    lang: str
    entries: dict[str, Entry] = field(default_factory=dict)
    stems: dict[str, Entry] = field(default_factory=dict)
    #: Spellings of several words taken whole ("خمسة عشر" 15, "mười lăm" 15).
    phrases: dict[tuple[str, ...], float] = field(default_factory=dict)
    ordinals: frozenset[str] = frozenset()
    _cache: dict[str, Entry | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def lookup(self, word: str) -> Entry | None:
        """The entry for ``word`` (as written in the text), by exact form, clitic-less form or stem."""
        got = self._cache.get(word, _MISSING)
        if got is _MISSING:
            got = self._lookup(normalise(word, self.lang))
            if len(self._cache) < 100_000:  # a bound, for very long documents
                self._cache[word] = got
        return got  # type: ignore[return-value]

    def _lookup(self, w: str) -> Entry | None:
        for cand in _without_clitics(w, self.lang):
            e = self.entries.get(cand)
            if e is not None:
                return e
        if not self.stems or w in self.ordinals:
            return None
        for p in range(len(w), max(len(w) - 4, 2), -1):
            e = self.stems.get(w[:p])
            if e is not None:
                return e
        return None


_MISSING = Entry()


def _without_clitics(w: str, lang: str) -> Iterator[str]:
    yield w
    letters = _CLITICS.get(lang, "")
    if lang == "ar" and w.startswith("ال") and len(w) > 4:
        yield w[2:]
    for k in (1, 2):
        if len(w) - k >= 2 and all(c in letters for c in w[:k]):
            yield w[k:]
            if lang == "ar" and w[k:].startswith("ال") and len(w) - k > 4:
                yield w[k + 2 :]


def _codes(lang: str, available: Iterable[str]) -> list[str]:
    wanted = _ALIASES.get(lang, (lang,))
    return [c for c in sorted(available) if c.replace("-", "_").split("_")[0] in wanted]


def _spellings(lang: str) -> tuple[dict[int, set[str]], set[str]]:
    """Cardinal spellings of :data:`_NUMBERS` and ordinal spellings of 1–100, from num2words and CLDR."""
    import num2words
    from unicode_rbnf import RbnfEngine

    cardinals: dict[int, set[str]] = {n: set() for n in _NUMBERS}
    ordinals: set[str] = set()
    # Korean native numerals stop at 99; above, Korean writes digits with units (1,200만), see .cjk
    numbers = [n for n in _NUMBERS if n < 100] if lang == "ko" else _NUMBERS
    for code in _codes(lang, num2words.CONVERTER_CLASSES):
        for n in numbers:
            try:
                cardinals[n].add(num2words.num2words(n, lang=code))
                for kwargs in _NUM2WORDS_FORMS.get(code, []):
                    cardinals[n].add(num2words.num2words(n, lang=code, **kwargs))
                if 0 < n <= 100:
                    ordinals.add(num2words.num2words(n, lang=code, to="ordinal"))
            except Exception:
                continue
    for code in _codes(lang, RbnfEngine.get_supported_languages()):
        engine = RbnfEngine.for_language(code)
        for n in numbers:
            try:
                by_ruleset = engine.format_number(n).text_by_ruleset
            except Exception:
                continue
            for name, text in by_ruleset.items():
                if "ordinal" in name:
                    if 0 < n <= 100:
                        ordinals.add(text)
                elif _cardinal_ruleset(name, lang):
                    cardinals[n].add(text)
    return cardinals, ordinals


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
        cardinals, ordinal_texts = _spellings(lang)
    except (ImportError, ValueError, KeyError):
        return Lexicon(lang)
    values: dict[str, float] = {}
    scales: dict[str, float] = {}
    spelled = {n: [w for t in texts if (w := words_of(t, lang))] for n, texts in cardinals.items()}
    for n in _NUMBERS:  # one-word spellings, smallest number first (an ambiguous word keeps the smaller)
        for words in spelled[n]:
            if len(words) == 1:
                values.setdefault(words[0], float(n))
    for s, k in _scaled():
        for words in spelled[k * s]:
            # "пять миллионов", "שלושת אלפים", "hai mươi": the last word scales the count before it
            *count, last = words
            if not count or (last in values and values[last] != s):
                continue
            scales.setdefault(last, float(s))
            if k == 1 and all(values.get(w) == 1 for w in count):
                values.setdefault(last, float(s))  # "одна тысяча": "тысяча" alone is a thousand
            unknown = [w for w in count if w not in values and w not in scales]
            if len(count) == 1 and unknown and k < 10:
                values[unknown[0]] = float(k)  # a count form: Hebrew "שלושת" (3) before "אלפים"
    _compound_scales(spelled, values, scales)
    phrases: dict[tuple[str, ...], float] = {}
    for n in _NUMBERS:
        if n < 1000:  # "خمسة عشر", "mười lăm", "hai mươi mốt": taken whole before word by word
            for words in spelled[n]:
                if 1 < len(words) <= 4:
                    phrases.setdefault(tuple(words), float(n))
    joined = {w for spellings in spelled.values() for words in spellings for w in words}
    ordinal_words = {w for text in ordinal_texts for w in words_of(text, lang) if w not in joined}
    ordinal_alone = {ws[0] for text in ordinal_texts if len(ws := words_of(text, lang)) == 1}
    entries = {w: Entry(values.get(w), scales.get(w), soft=w in ordinal_alone) for w in values.keys() | scales.keys()}
    for w in joined - entries.keys():
        # "and", "y", "e", "و", "lẻ"; not a known word with a clitic ("ושבע" is "and seven")
        if len(w) <= 4 and not any(v in entries for v in list(_without_clitics(w, lang))[1:]):
            entries[w] = Entry(connector=True)
    lex = Lexicon(lang, entries, phrases=phrases, ordinals=frozenset(ordinal_words | ordinal_alone))
    if lang in INFLECTING:
        lex.stems = _stems(entries)
    return lex


def _compound_scales(spelled: dict[int, list[list[str]]], values: dict[str, float], scales: dict[str, float]) -> None:
    """Scale words and count forms inside one-word spellings ("kétezer" = "két" + "ezer", "ikimilyon")."""
    for s, k in _scaled():
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
    for s, k in _scaled():
        if k >= 10:
            continue
        for words in spelled[k * s]:
            w = words[0] if len(words) == 1 else ""
            for scale_word, value in list(scales.items()):
                head = w[: len(w) - len(scale_word)]
                if value == s and w.endswith(scale_word) and len(head) >= 2 and head not in values:
                    values[head] = float(k)  # "két" (2) before "ezer"


def _scaled() -> Iterator[tuple[int, int]]:
    """(scale, count) pairs whose spelling is the count's followed by the scale word, smallest scale first."""
    for s in _SCALES:
        for k in _COUNTS:
            if k * s < 1000 * s and (s >= 1000 or k < 10):
                yield s, k


def _stems(entries: dict[str, Entry]) -> dict[str, Entry]:
    """Stem → entry (soft), for stems of three or more letters that no two values share."""
    found: dict[str, set[tuple[float | None, float | None]]] = {}
    for w, e in entries.items():
        if e.connector:
            continue
        for d in (0, 1, 2):
            stem = w[: len(w) - d]
            if len(stem) >= 3:
                found.setdefault(stem, set()).add((e.value, e.scale))
    return {
        stem: Entry(value, scale, soft=True)
        for stem, meanings in found.items()
        if len(meanings) == 1
        for value, scale in meanings
    }
