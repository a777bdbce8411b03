"""Entity candidates of a segment, and the names a document writes capitalised."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from align.entities.frequencies import frequent_words, is_common_word, word_zipf
from align.entities.katakana import KATAKANA_WORD, katakana_names, katakana_to_latin, phonetic_key
from align.entities.name_forms import TITLES
from align.entities.thai import THAI_SPAN, thai_common, thai_words
from align.entities.tokens import EMAIL, HANDLE, LATIN_WORD, ROMAN_NUMERAL, SENTENCE_START, URL, fold, normalise
from align.entities.transliteration import (
    CASED_SCRIPTS,
    WORD,
    Reading,
    foreign_readings,
    latin_readings,
    romanise,
    script_of,
    word_forms,
)
from align.langid import CJK_LANGS as _CJK_LANGS
from align.langid import base_language
from align.numbers.lexicon import lexicon

#: A letter of a script other than Latin: a text without one has no word :func:`script_of` finds matched by sound.
_NON_LATIN_LETTER = regex.compile(r"[^\P{L}\p{Latin}]")


def sound_words(t: str, spans: bool = True) -> Iterator[tuple[str, str, int, int]]:
    """Words of ``t`` in the scripts matched by sound, as (word, script, start, end). Thai, written without
    spaces, gives every run of one to four of pythainlp's words (unless not ``spans``), since pythainlp cuts
    a foreign name it does not know into syllables (แอน นา, โม เอ ดัช)."""
    if not _NON_LATIN_LETTER.search(t):  # most sides of a pair in Latin script: no word to classify
        return
    for m in WORD.finditer(t):
        script = script_of(m.group())
        if script == "Thai":
            if not spans:
                continue
            words = thai_words(m.group())
            if "".join(words) != m.group():  # the tokeniser changed the text: no offsets to give
                continue
            ends = list(itertools.accumulate(map(len, words), initial=m.start()))
            for i in range(len(words)):
                for j in range(i + 1, min(i + THAI_SPAN, len(words)) + 1):
                    if not thai_common(words[i:j]):
                        yield t[ends[i] : ends[j]], script, ends[i], ends[j]
        elif script and script != "Latn":
            yield m.group(), script, m.start(), m.end()


#: Final consonants Korean loanword orthography (외래어 표기법) allows: none, ㄱ ㄴ ㄹ ㅁ ㅂ ㅅ ㅇ (indices in a Hangul
#: syllable's code point). A word with another (ㅆ in 걸렸고 "it took", ㅎ in 좋은) is a native word, never a foreign
#: name written by sound.
_LOANWORD_FINALS = frozenset({0, 1, 4, 8, 16, 17, 19, 21})


def _loanword_hangul(word: str) -> bool:
    return all(not "\uac00" <= c <= "\ud7a3" or (ord(c) - 0xAC00) % 28 in _LOANWORD_FINALS for c in word)


def name_like(word: str, script: str, lang: str) -> bool:
    """Whether a word of a sound script may be a name: capitalised where the script has capitals, spelt as Korean
    writes foreign names (see :data:`_LOANWORD_FINALS`), and not a common word of ``lang``, nor is it without its
    clitic or particle (분기에 is 분기 "quarter" + 에)."""
    if script in CASED_SCRIPTS and not word[:1].isupper():
        return False
    if script == "Kore" and not _loanword_hangul(word):
        return False
    if not frequent_words(lang) and lexicon(lang).lookup(word) is not None:
        return False  # no word list tells vocabulary (Georgian): a number word at least is none (მილიონი, Moreno)
    return script == "Thai" or not any(is_common_word(f, lang) for f in word_forms(word, script))


def bead_word(word: str, script: str, lang: str) -> bool:
    """Whether a word of a bead side is matched by sound: capitalised, or not a common word of ``lang``
    (its ordinary words, beat, last, بينها, would sound like half the names of a document)."""
    return word[:1].isupper() or script == "Thai" or not any(is_common_word(f, lang) for f in word_forms(word, script))


@dataclass(frozen=True)
class Entity:
    """A name-like token of a segment."""

    text: str
    #: "url", "email", "handle", "code" (letters with digits), "name" or "katakana".
    kind: str
    start: int
    end: int
    #: ISO 15924 script of a name: "Latn", or one of the scripts matched by sound ("Cyrl", "Thai", ...).
    script: str = "Latn"

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def key(self) -> str:
        if self.kind == "katakana":
            return phonetic_key(katakana_to_latin(self.text))
        return phonetic_key(self.text if self.script == "Latn" else romanise(self.text, self.script))

    @property
    def readings(self) -> tuple[Reading, ...]:
        """How the name may sound, for matching it to a word of another script (none for katakana)."""
        if self.kind != "name":
            return ()
        return latin_readings(self.folded) if self.script == "Latn" else foreign_readings(self.text, self.script)


def document_names(texts: Sequence[str], lang: str) -> frozenset[str]:
    """Words a document writes as names somewhere: capitalised in mid-sentence (folded; Latin, Cyrillic or
    Greek letters), or for Japanese, katakana used as names (see :func:`katakana_names`).

    They tell a sentence-initial "Altman" (a name) from a sentence-initial "Today" (a word).
    """
    names: set[str] = set()
    if base_language(lang) == "ja":
        return katakana_names(texts)
    if base_language(lang) in _CJK_LANGS:
        return frozenset()
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for text in texts:
        t = normalise(text)
        cased = [(m.group(), m.start()) for m in LATIN_WORD.finditer(t)]
        cased += [(w, a) for w, script, a, _ in sound_words(t) if script in CASED_SCRIPTS]
        for w, start in cased:
            forms = dict.fromkeys([fold(w), *(p for p in fold(w).split("-") if p[:1].isalpha())])
            if w[0].islower():
                lower.update(list(forms))
            elif not SENTENCE_START.search(t[:start]):
                capital.update(list(forms))
    # A word written lowercase more often than capitalised is vocabulary ("l' expédition" with one
    # "Expédition Bullock-Workman"), not a name. Not in German, where a lowercase "kurz" is another
    # word (an adjective) than the capitalised name "Marcel Kurz".
    names.update(f for f, n in capital.items() if n >= lower[f] or base_language(lang) in NOUN_CAPITALISING)
    return frozenset(names)


#: Languages that capitalise every noun.
NOUN_CAPITALISING = frozenset({"de", "lb"})
#: In those, a capitalised word is taken for a name by its sound only below this frequency: Läufer (3.3)
#: sounds like Лувр, Batterie like بطارية, and the capital does not tell them from names.
_RARE_NOUN_ZIPF = 3.0


def capital_is_name(folded: str, lang: str) -> bool:
    """Whether a capitalised Latin word (not a common word) may be matched to another script by sound."""
    return base_language(lang) not in NOUN_CAPITALISING or word_zipf(folded, lang) < _RARE_NOUN_ZIPF


def extract_entities(
    text: str, lang: str, *, known_names: frozenset[str] = frozenset(), any_word: bool = False
) -> list[Entity]:
    """Entity candidates of one segment.

    URLs, e-mail addresses, @handles, #hashtags and letter-digit codes (gpt-4o) always are. In CJK
    text so is every Latin-script word, and in Japanese every katakana word listed in ``known_names``
    (see :func:`document_names`). In Latin-script text: all-capital
    acronyms, and words that are not common words of the language and are capitalised in
    mid-sentence (or sentence-initial and listed in ``known_names``) or, with ``any_word`` (text
    whose names are not capitalised, e.g. a lowercased machine translation), any such word.
    Cyrillic and Greek words follow the Latin rules. In the scripts without capitals that write foreign
    names by sound (Arabic, Hebrew, Devanagari, Hangul) every word that is not a common word is a
    candidate, and in Thai every run of one to four words: only a match by sound in the other document
    makes one a name (see :meth:`EntityContext.compare`).
    """
    t = normalise(text)
    lang = base_language(lang)
    cjk = lang in _CJK_LANGS
    out: list[Entity] = []
    taken = [False] * (len(t) + 1)
    letters = [c for c in t if c.isalpha() and c.isascii()]
    shouting = len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)  # an all-caps heading
    for kind, rx in (("url", URL), ("email", EMAIL), ("handle", HANDLE)):
        for m in rx.finditer(t):
            if any(taken[m.start() : m.end()]):
                continue
            out.append(Entity(m.group().rstrip(".,;:"), kind, m.start(), m.end()))
            for i in range(m.start(), m.end()):
                taken[i] = True
    for m in LATIN_WORD.finditer(t):
        if taken[m.start()]:
            continue
        w = m.group().rstrip(".")
        if any(c.isdigit() for c in w):
            out.append(Entity(w, "code", m.start(), m.end()))
            continue
        acronym = (
            len(w) >= 2
            and w.isupper()
            and not shouting
            and not ROMAN_NUMERAL.fullmatch(w)
            and not is_common_word(w, lang)
        )
        if cjk and (len(w) >= 3 or acronym):
            out.append(Entity(w, "name", m.start(), m.end()))
            continue
        if acronym:
            out.append(Entity(w, "name", m.start(), m.end()))
            continue
        if len(w) < 3 or fold(w) in TITLES:
            continue
        capitalised = w[0].isupper() and (not SENTENCE_START.search(t[: m.start()]) or fold(w) in known_names)
        if (any_word or capitalised) and not is_common_word(w, lang):
            out.append(Entity(w, "name", m.start(), m.end()))
    cased = [c for c in t if c.isalpha() and (c.isupper() or c.islower()) and not c.isascii()]
    shouting_cased = len(cased) >= 12 and sum(c.isupper() for c in cased) > 0.6 * len(cased)
    for w, script, a, b in sound_words(t):
        if taken[a]:
            continue
        if script in CASED_SCRIPTS:
            if len(w) >= 2 and w.isupper() and not shouting_cased:  # an acronym: НАТО
                if not is_common_word(w, lang):
                    out.append(Entity(w, "name", a, b, script))
                continue
            if len(w) < 3 or not w[0].isupper() or (SENTENCE_START.search(t[:a]) and fold(w) not in known_names):
                continue
        if name_like(w, script, lang):
            out.append(Entity(w, "name", a, b, script))
    if lang == "ja":
        for m in KATAKANA_WORD.finditer(t):
            pos = m.start()
            for part in re.split(r"(ー?・)", m.group()):
                if part and "・" not in part and len(part) >= 2 and part in known_names:
                    out.append(Entity(part, "katakana", pos, pos + len(part)))
                pos += len(part)
    out.sort(key=lambda e: e.start)
    return out
