"""Text → paragraphs → sentences, every segment keeping its character offsets.

Sentence splitting is sentencex's (Wikimedia's maintained, rule-based splitter for ~300 languages:
CJK full stops and closing quotes, European abbreviations and decimals). We only add what it
cannot know: paragraphs come from the document's line structure, and no sentence crosses one.

Scripts that end sentences without punctuation get their own rules. Thai marks a sentence end with
a space, which it also puts between clauses: PyThaiNLP's bundled part-of-speech taggers tell the two
apart (see :func:`_thai_spans`; its CRF sentence model, crfcut, misread news). Lao writes the same
way, but news and official Lao text often ends sentences with a full stop too: a Lao paragraph with
sentence punctuation is split there like any other language, and only one without any is cut at every
space between two Lao letters (see :data:`_LAO_STOP`). Khmer ends sentences with ។ or ៕, which sentencex
does not know (Burmese ။ it does).

sentencex also cuts after every full stop it cannot explain, and its abbreviation lists are thin
outside English (no Polish "tys.", Swedish "kl.", Romanian "Dl.", no Swahili at all) and its decimal
rule knows only ASCII digits ("३.५" became two sentences). Rather than hand lists per language we undo
its cuts where a full stop cannot end a sentence in any language (see :func:`_false_end`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache

import regex
import sentencex

from align.icu_breaks import sentence_suppressions
from align.langid import CJK_LANGS
from align.types import Segment

_PARA = re.compile(r"[^\n]+")
_CJK_LANGS = CJK_LANGS | {"yue"}
# A CJK full stop ends a sentence even when Latin text follows without a space ("。openai の"),
# which sentencex leaves joined; closing quotes and brackets stay with the sentence they close.
_CJK_END = re.compile(r"[。！？!?][」』）)】〕\"”’]*(?=\S)")
# Machine-translated European text sometimes drops the space after a full stop ("ragioni.in primo").
# Split there only between two lowercase words, never before a web domain ending.
_GLUED_STOP = re.compile(r"(?<=[^\W\d_]{3})[.!?](?=([^\W\d_A-Z]{2,})\b)")
#: Sentence ends sentencex misses, per language: a cut falls at each match's end (spaces around a cut
#: are trimmed from both segments).
_MISSED_ENDS: dict[str, re.Pattern[str]] = {
    "km": re.compile(r"[។៕?!]+[\"”’»)]*"),
    "lo": re.compile(r"(?<=[\u0e81-\u0eff])(?=\s+[\u0e81-\u0eff])"),
}
#: Sentence punctuation in a Lao paragraph (a full stop, "!", "?" or an ellipsis before a space or the end; not
#: the point of "5.2"): where its writer puts one, sentences end there and the spaces inside them part clauses
#: (on three short news paragraphs of 4, 3 and 3 sentences, cutting at every space gave 12 and 11 segments, none
#: a whole sentence; the punctuation gives 4 and 3, all whole). A paragraph without any is cut at its spaces
#: (:data:`_MISSED_ENDS`): no maintained Lao sentence model or tagger runs offline (PyThaiNLP's are Thai only),
#: and ICU's and sentencex's rules need punctuation too (they keep such a paragraph whole).
_LAO_STOP = re.compile(r"[.!?…](?=\s|$)")
_DOMAIN_ENDINGS = {
    "com",
    "org",
    "net",
    "io",
    "ai",
    "jp",
    "it",
    "co",
    "uk",
    "de",
    "fr",
    "gov",
    "edu",
    "cn",
    "html",
    "php",
}
#: Text after a cut: its first character, after the spaces (closing quotes stay with the sentence before).
_NEXT = re.compile(r"\s*(\S)")
_LETTER = re.compile(r"[^\W\d_]")
_VOWELS = frozenset("aeiouy")
#: Capitalised abbreviations before a name: a vowelless token (Dr, Mr, Mrs, Dl, Dkt, St, Hr) is no word in
#: Latin-script languages, and one of at most 4 letters is a title ("Dl. Popescu", "Dkt. Mwangi").
_TITLE = re.compile(r"(?:^|(?<=\s))([^\W\d_]{1,4})\.$")
#: The token a full stop ends, without the full stop and any opening bracket or quote ("(Vol." → "Vol").
_TOKEN_AT_END = re.compile(r"(?:^|(?<=\s))[(\[\"“‘'«]*(\S*?)\.$")
#: Abbreviations that stand before a number and are in neither CLDR's suppressions nor its date names (see
#: :func:`_abbreviation`): numbering words ("No. 5", "Nr. 5", "Art. 5 Abs. 3", "Vol. 3", "pp. 17", "Fig. 2",
#: "godz. 18", "kl. 10", "čl. 5 odst. 3", "каб. № 4", "ст. 5") and 'approximately' ("approx. 300", "env. 3,5",
#: "aprox. 300", "ca. 300", "cca 3,5", "ok. 300", "ок. 3,5", "Kb. 450"), lower-cased. sentencex has per-language
#: abbreviation lists, but compiled into its Rust extension with no call that returns them. A word that is none of
#: these (nor a single letter: "p. 17", "S. 17") ends a sentence before a numeral ("this morning. 17 people",
#: "last year. 300 companies", "in May. 12 stores").
_NUMBERING_ABBREVIATIONS = frozenset(
    {
        *("no", "nos", "nr", "nrs", "núm", "nº", "art", "arts", "abs", "vol", "vols", "pp", "ch", "chap", "cap"),
        *("fig", "figs", "tab", "abb", "bd", "bde", "sec", "para", "par", "pág", "págs", "str", "ul", "godz", "kl"),
        *("čl", "odst", "obr", "tel", "каб", "ст", "стр", "рис", "табл", "гл", "тел"),
        *("approx", "env", "aprox", "ca", "cca", "ok", "ок", "kb", "circa"),
    }
)
#: Company suffixes, as written (capitalised): "Apple Inc. 17 employees", "Acme Ltd. 30 staff" were cut after them.
#: CLDR's English suppressions have none of them, and sentencex's English list, which keeps "Acme Ltd. He left"
#: whole, is compiled into its extension. Capitalised only: Polish and Czech "co." ('what') may end a sentence.
_COMPANY_SUFFIXES = frozenset({"Inc", "Ltd", "Corp", "Co"})
#: Languages whose sentencex rules never cut before a numeral (they write ordinals as a number and a full stop:
#: "am 3. Mai", "3. května", "3. maj"), so "am frühen Morgen. 17 Menschen wurden verletzt." stayed one sentence. A
#: full stop after a word (no digit: "am 3. Mai" is an ordinal) that is no abbreviation, before a whole number or
#: decimal and a space (no full stop after it: "Morgen. 17. Mai" may be a date), is a sentence end there too.
_NUMERAL_JOINED = frozenset({"de", "cs", "sk", "da", "fi", "ca"})
_WORD_STOP_NUMERAL = re.compile(r"(?<=[^\W\d_])\.(?=\s+\d+(?:[.,]\d+)*\s+\w)")
#: ... and so is one after a year ("im Jahr 2023. 12 Analysten", "v roce 2023. 12 analytiků"): an ordinal has one or
#: two digits ("am 3. Mai", "stoupl na 17. 5 lidí" stays whole: "17." may be an ordinal there).
_YEAR_STOP_NUMERAL = re.compile(r"(?<![\d.,])\d{4}\.(?=\s+\d+(?:[.,]\d+)*\s+\w)")
#: A quotation closing a sentence before a numeral: a full stop inside the quote (English: 'called it "a cowardly
#: act." 3 suspects') or after it (German, Czech: '„feigen Tat". 3 Verdächtige', '„zbabělý čin“. 3 podezřelí'; there
#: “ closes). sentencex cuts after a full stop before a numeral, not after a quote, and not at all in German.
_QUOTE_STOP_NUMERAL = re.compile(r"(?<=[^\W\d_])(?:(\.)[\"”“’»]|[\"”“’»]\.)(?=\s+\d+(?:[.,]\d+)*\s+\w)")


#: Words after which "18." is an ordinal, not a sentence end, in languages that write ordinals as digits and a
#: full stop and capitalise nouns ("zum 18. Mal", "der 5. Platz", "ihren 80. Geburtstag", "am 3. Oktober", "im
#: 19. Jahrhundert"): sentencex cuts there because the next word is capitalised. Articles, possessives and
#: prepositions fused with an article: a sentence does not end on one of them and a number ("bis 18." can, so
#: "bis" is not here).
_ORDINAL_BEFORE = {
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "den",
            "dem",
            "des",
            "ein",
            "eine",
            "einen",
            "einem",
            "einer",
            "eines",
            "zum",
            "zur",
            "am",
            "im",
            "vom",
            "beim",
            "ins",
            "ans",
            "ihr",
            "ihre",
            "ihren",
            "ihrem",
            "ihrer",
            "ihres",
            "sein",
            "seine",
            "seinen",
            "seinem",
            "seiner",
            "seines",
            "unser",
            "unsere",
            "unseren",
            "unserem",
            "unserer",
            "dieser",
            "diese",
            "diesen",
            "diesem",
            "jeder",
            "jede",
            "jeden",
            "jedem",
        ]
    )
}
#: Titles written with a full stop before a name in scripts without capitals, where the capitalised-title rule of
#: :func:`_false_end` cannot see them: sentencex cut "டாக்டர். ராமன் வந்தார்." (Dr. Raman came.) after the title, and
#: neither its lists nor CLDR's suppressions (through ICU) have any Tamil. A hand list of Tamil honorifics: Mr, Mrs,
#: Miss, Dr (written out and clipped; "முனைவர்" of a doctorate, "மருத்துவர்" of a physician), Prof ("பேரா." of
#: பேராசிரியர்). "டாக்டர்" and "மருத்துவர்" are also the noun 'doctor', which may end a sentence: after "ஒரு" ('a':
#: "அவர் ஒரு டாக்டர்." 'he is a doctor') they are no title.
_UNCASED_TITLES = {"ta": frozenset({"திரு", "திருமதி", "செல்வி", "டாக்டர்", "டாக்", "டா", "பேரா", "முனைவர்", "மருத்துவர்"})}
_NOT_BEFORE_TITLE = {"ta": frozenset({"ஒரு"})}
#: Signs that stand before a number like a numeral itself ("в каб. № 4").
_NUMBER_SIGNS = frozenset("№#")
_NUMBER_AT_END = re.compile(r"(?:^|\s)([^\W\d_]+)\s+\d{1,4}\.$")
#: Myanmar-script marks sentencex cuts after as if they were the full stop ။: the comma ၊ (U+104A, which Unicode
#: calls a sentence terminal beside ။) and the genitive ၏ (U+104F, "of": "စီမံကိန်း၏ ဒုတိယအဆင့်" came out as two
#: sentences). Neither ends a sentence.
_MYANMAR_INNER_MARKS = ("\u104a", "\u104f")


def _ordinal_before(before: str, nxt: str, lang: str) -> bool:
    """Whether ``before`` (ending in a full stop) ends on an article or the like and a number: an ordinal."""
    words = _ORDINAL_BEFORE.get(lang.split("-")[0].lower())
    m = _NUMBER_AT_END.search(before) if words else None
    return m is not None and m.group(1).lower() in words and (nxt.isupper() or nxt.isdecimal())


def _abbreviation(before: str, lang: str) -> bool:
    """Whether ``before`` (ending in a full stop) ends on an abbreviation: one of CLDR's sentence-break suppressions
    for ``lang`` (through ICU; in any case: CLDR lists "Approx."), an abbreviated month or day name of ``lang`` (CLDR
    through Babel: "Jan.", not "May"), a single letter ("p. 17", "J. Smith", "a.m."), a numbering or 'approximately'
    word (:data:`_NUMBERING_ABBREVIATIONS`), a company suffix (:data:`_COMPANY_SUFFIXES`) or a German street
    ("-str.")."""
    m = _TOKEN_AT_END.search(before)
    if m is None or not m.group(1):
        return False
    written = re.split(r"['’]", m.group(1))[-1]  # elided: "d'env." is "env."
    if not written:
        return False
    token = written.lower()
    base = lang.split("-")[0].lower()
    lower, capitalised = _suppressions(base)
    # CLDR's capitalised entries include words ("Act.", "All.", "On.", "Job.": a law, a book of the Bible): written
    # in lower case, only a longer one is still the abbreviation ("approx." of "Approx.", not "act.").
    if token in lower or (token in capitalised and (written[0].isupper() or len(token) > 4)):
        return True
    if token in _date_abbreviations(base) or written in _COMPANY_SUFFIXES:
        return True
    last = token.rsplit(".", 1)[-1]
    # German street names clip "Straße" to "str." whatever their length, in addresses quoted in any language
    # ("Porschestr. 7", "Geltenwilenstr. 8a" in Text+Berg's French); no word of the languages here ends in "str".
    return last.isalpha() and (len(last) == 1 or last in _NUMBERING_ABBREVIATIONS or last.endswith("str"))


@lru_cache(maxsize=64)
def _suppressions(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    """CLDR's sentence-break suppressions for ``lang``, lower-cased, without their final full stop: those CLDR writes
    in lower case, and those it writes with a capital."""
    words = [w.removesuffix(".") for w in sentence_suppressions(lang)]
    return frozenset(w for w in words if w == w.lower()), frozenset(w.lower() for w in words if w != w.lower())


@lru_cache(maxsize=64)
def _date_abbreviations(lang: str) -> frozenset[str]:
    """CLDR's abbreviated month and day names for ``lang`` (Babel), lower-cased, without a final full stop, less
    those that are also a full name ("May", "mai", "Mai"): after one of those a full stop may end a sentence."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names: dict[str, set[str]] = {"abbreviated": set(), "wide": set()}
    for width, found in names.items():
        for context in ("format", "stand-alone"):
            for get in (get_month_names, get_day_names):
                found.update(n.lower().removesuffix(".") for n in get(width, context, locale=lang).values())
    return frozenset(n for n in names["abbreviated"] - names["wide"] if n and " " not in n)


@lru_cache(maxsize=64)
def _date_names(lang: str) -> frozenset[str]:
    """CLDR's full month and day names for ``lang`` (Babel), lower-cased: "may", "monday"."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_day_names, get_month_names

    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    return frozenset(
        n.lower()
        for context in ("format", "stand-alone")
        for get in (get_month_names, get_day_names)
        for n in get("wide", context, locale=lang).values()
        if n and " " not in n and not n.endswith(".")
    )


def _date_name_end(before: str, lang: str) -> bool:
    """Whether ``before`` ends on a full month or day name and a full stop ("in May."): sentencex's English
    abbreviations hold "May" (with "Jan", "Jun"), so "passengers in May. Police arrested ..." stayed one sentence;
    a full name abbreviates nothing."""
    m = _TOKEN_AT_END.search(before)
    return m is not None and m.group(1).lower() in _date_names(lang.split("-")[0].lower())


def _uncased_title(before: str, nxt: str, lang: str) -> bool:
    """Whether ``before`` (ending in a full stop) ends on a title of :data:`_UNCASED_TITLES` and a letter follows."""
    base = lang.split("-")[0].lower()
    titles = _UNCASED_TITLES.get(base)
    if not titles or _LETTER.match(nxt) is None:
        return False
    words = before[:-1].split()
    return bool(words) and words[-1] in titles and not (len(words) > 1 and words[-2] in _NOT_BEFORE_TITLE[base])


def _false_end(para: str, start: int, cut: int, lang: str = "") -> bool:
    """Whether sentencex's cut at ``cut`` (of the sentence from ``start``) follows a full stop that cannot end it,
    or a Burmese comma or genitive mark (:data:`_MYANMAR_INNER_MARKS`).

    - A full stop between two digits of any script (Unicode Nd) is a decimal point: "३.५", "٣.٥", "၃.၅".
    - Where sentences start with a capital letter (the sentence before the cut does: this leaves out
      Korean and the like, and Georgian, whose everyday letters Unicode calls lower-case), a full stop
      followed by a lower-case word is an abbreviation or an ordinal ("250 tys. osób", "m.in. w",
      "2025. március", "mln. eurų"). A full stop after an abbreviation (see :func:`_abbreviation`) followed by a
      digit or "№" closes it ("godz. 10", "kl. 10", "Kb. 450", "Vol. 3", "каб. № 4"), whatever the sentence starts
      with. After any other word, short or long (not a number either: "in 2010. 150 people"), it ends the
      sentence: news starts sentences with numerals ("this morning. 17 people were killed", "last year. 300").
    - A vowelless capitalised token of at most 4 letters, or a lower-case letter, before a capitalised word is a
      title ("Dkt. Mwangi", "p. Brown").
    - In German, a number after an article or the like is an ordinal ("zum 18. Mal"; see :data:`_ORDINAL_BEFORE`).
    - In Tamil, a title before a name ("டாக்டர். ராமன்"; see :data:`_UNCASED_TITLES`).
    """
    before = para[:cut].rstrip()
    if before.endswith(_MYANMAR_INNER_MARKS):
        return True
    if not before.endswith("."):
        return False
    m = _NEXT.match(para, cut)
    if m is None:
        return False
    nxt, last = m.group(1), before[-2:-1]
    if nxt.isdecimal() and last.isdecimal() and m.start(1) == len(before):
        return True  # no space: a decimal point
    if _ordinal_before(before, nxt, lang) or _uncased_title(before, nxt, lang):
        return True
    # Whatever the sentence starts with (a numeral: "3 podejrzanych zatrzymano do godz. 18").
    if (nxt.isdecimal() or nxt in _NUMBER_SIGNS) and (last.islower() or last.isupper()) and _abbreviation(before, lang):
        return True
    first = _LETTER.search(para, start, cut)
    if first is None or not first.group().isupper():
        return False
    if nxt.islower():
        return True
    title = _TITLE.search(before)
    if nxt.isupper() and title is not None:
        word = title.group(1)
        # A lower-case letter alone is a title too ("Burmistrz, p. Brown": pan).
        return (len(word) == 1 and word.islower()) or (
            word[0].isupper() and not _VOWELS & {_base_letter(c) for c in word.lower()}
        )
    return False


def _base_letter(char: str) -> str:
    """The letter without its accents ("é" → "e"), to tell vowels from consonants."""
    return unicodedata.normalize("NFD", char)[0]


#: White space beyond ASCII (no-break, thin, ideographic spaces ...). sentencex panics on a letter, one of these and a
#: full stop ("J\u3000. Smith": it slices one byte past the letter, inside the space), so it reads them as plain
#: spaces: one character for one, the offsets stay the text's.
_WIDE_SPACE = re.compile(r"[^\S\x00-\x7f]")


def _sentencex_spans(para: str, lang: str) -> list[tuple[int, int]]:
    """sentencex's sentences of one paragraph, its cuts after non-final full stops undone."""
    spans: list[tuple[int, int]] = []
    for b in sentencex.get_sentence_boundaries(lang, _WIDE_SPACE.sub(" ", para)):
        lo, hi = b["start_index"], b["end_index"]
        if spans and _false_end(para, spans[-1][0], spans[-1][1], lang):
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


#: The longest segment: a "sentence" longer than this (a file with no sentence punctuation, a 5 MB single line) is
#: cut at clause punctuation, else at a space, else anywhere, so the aligner and the encoder work with
#: sentence-sized units (the encoder truncates long input anyway, and one 5-million-character segment kept the
#: aligner busy for over ten minutes).
MAX_SEGMENT_CHARS = 2000
#: Where an over-long segment is best cut: after clause punctuation (Latin, CJK, Arabic, Devanagari danda) ...
_CLAUSE_BREAK = re.compile(r"[,;:，、；：،؛—–)\]」』）]+\s*|[\u0964\u0965]\s*")
#: ... else after a run of spaces.
_SPACE_BREAK = re.compile(r"\s+")

#: Languages sentencex knows by another code, or where a close relative's rules fit better.
_SPLITTER_LANG = {"nb": "no", "nn": "no", "zh-cn": "zh", "zh-tw": "zh"}


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: a newline or a blank line separates paragraphs."""
    spans = []
    for m in _PARA.finditer(text):
        start, end = _strip_span(text, m.start(), m.end())
        if start < end:
            spans.append((start, end))
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str, lang: str) -> list[Segment]:
    """Sentences of ``text`` in language ``lang`` (ISO 639-1), never crossing a paragraph."""
    code = _SPLITTER_LANG.get(lang.lower(), lang.lower())
    segments: list[Segment] = []
    for p, (pstart, pend) in enumerate(paragraphs(text)):
        for lo, hi in _with_wordless_joined(text[pstart:pend], _sentence_spans(text[pstart:pend], code)):
            for start, end in _cut_long(text, *_strip_span(text, pstart + lo, pstart + hi)):
                segments.append(Segment(len(segments), text[start:end], start, end, p))
    return segments


#: Emoji shown as pictures (Emoji_Presentation, or a pictograph with the emoji variation selector), with skin tones
#: and joiners; not flags (regional indicators: "🇵🇹 Portugal" belongs to its word) nor ©, ®, ™ or ★ ("© 2024 X").
_EMOJI = (
    r"(?:(?![\p{Regional_Indicator}])\p{Emoji_Presentation}|\p{Extended_Pictographic}\ufe0f)"
    r"(?:[\p{Emoji_Modifier}\ufe0f]|\u200d\p{Extended_Pictographic})*"
)
_LEADING_EMOJI = regex.compile(rf"{_EMOJI}(?:\s*{_EMOJI})*(?=\s)")


def _with_wordless_joined(para: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with each one that holds no letter or digit (an emoji or a symbol after a paragraph's last sentence:
    "... mwezi Aprili. 🙂") joined to the sentence before it: alone it was a segment with no words, aligned to the
    other side's smiley or to nothing. Likewise emoji that begin a sentence in mid-paragraph ("... in April. 🙂 Critics
    say ..."): the sentence splitter cuts at the space after the full stop, but the emoji closes the sentence before.
    (Thai's spans never cut before one: see _thai_spans.)"""
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and not any(c.isalnum() for c in para[lo:hi]):
            out[-1] = (out[-1][0], hi)
            continue
        m = _LEADING_EMOJI.match(para, lo, hi) if out else None
        if m is not None:
            out[-1] = (out[-1][0], m.end())
            lo = m.end()
        out.append((lo, hi))
    return out


def _cut_long(text: str, start: int, end: int, limit: int = MAX_SEGMENT_CHARS) -> list[tuple[int, int]]:
    """``text[start:end]`` as pieces of at most ``limit`` characters, trimmed, cut at the last clause punctuation
    in the second half of each window, else at its last space, else at the limit (never inside a character with
    its combining marks). Linear in the length: each window is searched once."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        lo, hi = start + limit // 2, start + limit
        cut = next(
            (
                ends[-1]
                for pat in (_CLAUSE_BREAK, _SPACE_BREAK)
                if (ends := [m.end() for m in pat.finditer(text, lo, hi)])
            ),
            None,
        )
        if cut is None:
            cut = hi
            while cut > lo and unicodedata.combining(text[cut]):
                cut -= 1
        a, b = _strip_span(text, start, cut)
        if a < b:
            pieces.append((a, b))
        start, end = _strip_span(text, cut, end)
    if start < end:
        pieces.append((start, end))
    return pieces


def _sentence_spans(para: str, lang: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, untrimmed."""
    if lang == "th":
        return _thai_spans(para)
    if lang == "lo" and _LAO_STOP.search(para):
        return _sentencex_spans(para, lang)
    return [span for lo, hi in _sentencex_spans(para, lang) for span in _resplit(para, lo, hi, lang)]


#: Thai sentence ends. Thai writes a space at a sentence end and also between clauses, before a number and
#: around a name in Latin letters; crfcut (PyThaiNLP's CRF, trained on TED talk transcripts) misreads news: on
#: four short news paragraphs (24 sentences, tests/data/thai_news.txt) it got 5 sentences right and put up to 4
#: in one segment. A space here ends a sentence unless the words around it, as PyThaiNLP's bundled part-of-speech
#: taggers (ORCHID, its UD mapping, and the PUD treebank's) read them, say the sentence goes on (all 24
#: whole; 22 before the derived nouns of :data:`_THAI_NOUN_PREFIXES`):
#: - the piece before has no predicate yet (a time phrase "เมื่อวันอังคาร", a title "นาย", a name), while it is
#:   short: the taggers miss verbs ("เข้าชม" read as a noun), and a segment holding three sentences is worse than
#:   a cut too many (the aligner merges two pieces into a bead, it does not split one), so past
#:   :data:`_THAI_VERBLESS_MAX` characters a verbless piece may end too;
#: - the next word is a conjunction, preposition, relative "ที่"/"ซึ่ง", post-verb auxiliary ("แล้ว") or a
#:   prefixed adverb ("โดยเฉพาะ"): a clause or phrase of the same sentence;
#: - the next word is a verb that no tagger reads as a noun ("... เมืองนี้ เพิ่มขึ้นร้อยละ 7.5"): a predicate
#:   without its own subject continues the sentence ("นักวิจารณ์", a verb to ORCHID and UD, is a noun to PUD);
#: - the next word is a number, or a classifier, number word or month after a number ("340 ล้านยูโร",
#:   "800 คน", "14 ธันวาคม"): Thai sets numbers off with spaces. A year after a month or "ปี"/"พ.ศ." ends a
#:   date, not a count: ORCHID reads the noun after it as a classifier ("2567 โครงการนี้ใช้...", "2567
#:   นักท่องเที่ยว..."), which kept a sentence ending in a date joined to the next; after a year only the date's
#:   own modifiers (:data:`_THAI_AFTER_YEAR`: "ที่ผ่านมา", "เวลา 10.00 น.") go on; an era before its year
#:   ("ปี พ.ศ. 2567", :data:`_THAI_ERAS`) goes on too;
#: - both sides are Latin letters: inside a name ("Siam Solar Energy");
#: - the word before ends in "ว่า" ('that': "ระบุว่า", "กล่าวว่า"): what was said follows, and news sets it off with a
#:   space ("ตำรวจยืนยันว่า ผู้ต้องหา..."). The taggers cannot tell: the tokenizer leaves "ว่า" alone (a conjunction to
#:   ORCHID) or joins it to its verb ("กล่าวว่า", a proper noun to ORCHID; "บอกว่า" comes out "บอ|กว่า"), so the words
#:   are matched as written; "กว่า" ('than') wants its object after it too.
#: A connective that opens a sentence (:data:`_THAI_OPENERS`, "อย่างไรก็ตาม") starts one after a complete clause:
#: ORCHID tags it a conjunction, which kept it on the sentence before, and the cut fell after it instead.
_THAI_NO_START = ("J", "RPRE", "PREL", "XVAE", "ADVP")  # ORCHID tag prefixes: conjunctions, prepositions, ...
_THAI_VERBLESS_MAX = 30
#: Sentence-initial discourse connectives (one word each to PyThaiNLP's tokenizer). A hand list: neither PyThaiNLP's
#: taggers nor its corpora tell these from the conjunctions that join clauses ("และ", "เมื่อ", "ว่า"). Left out:
#: "ขณะที่" and "แต่" also join two clauses of one sentence ("ราคาน้ำมันเพิ่มขึ้น ขณะที่ราคาทองลดลง").
_THAI_OPENERS = frozenset(
    {
        "อย่างไรก็ตาม",  # however
        "อย่างไรก็ดี",  # however
        "นอกจากนี้",  # in addition
        "นอกจากนั้น",  # besides that
        "ทั้งนี้",  # in this regard
        "ดังนั้น",  # therefore
        "ด้วยเหตุนี้",  # for this reason
        "ขณะเดียวกัน",  # meanwhile
        "ในขณะเดียวกัน",  # meanwhile
    }
)
#: Words that go on a date after its year ("... 2567 ที่ผ่านมา", "... 2567 เวลา 09.00 น."), as PyThaiNLP's tokenizer
#: splits them; a hand list for the same reason: the taggers read them as nouns that could start a sentence.
_THAI_AFTER_YEAR = frozenset({"ที่ผ่านมา", "ที่แล้ว", "ที่จะ", "นี้", "เป็นต้นไป", "เวลา", "ถึง", "จนถึง"})
#: Prefixes that make a noun of a verb or noun: "ผู้" (one who: "ผู้เสียหาย" 'victim'), "นัก" (one who does:
#: "นักท่องเที่ยว" 'tourist'), "ชาว" (people of: "ชาวบ้าน"), "การ" and "ความ" (the act, the quality: "การส่งออก"
#: 'exports'). Such a word can be a sentence's subject, but the taggers read a compound they do not know as its verb,
#: or after a number as a classifier ("87 ผู้ชม"), which kept the sentence it starts on the one before. Five
#: prefixes from Thai grammar (no tag set marks them); a vowel mark after one means another word ("การันตี").
_THAI_NOUN_PREFIXES = ("ผู้", "นัก", "ชาว", "การ", "ความ")
#: Words that introduce a list ('namely', 'such as', 'consisting of'). Thai sets a list's items apart with spaces
#: ("ได้แก่ มะม่วง ทุเรียน มังคุด และลำไย"): after one of these, up to the conjunction before its last item ("และ" 'and',
#: "หรือ" 'or', alone or joined to the item) or a verb, a space before a noun parts items, not sentences. The taggers
#: read the items as nouns that could each start a sentence, and the opener itself as a verb ("ได้แก่" is VSTA to
#: ORCHID), so the list was cut after it. A hand list, as the openers above; not the copula "คือ", which also
#: introduces lists but is mostly 'is' ("เขาคือครู" 'he is a teacher'), after which a noun may start a sentence.
_THAI_LIST_OPENERS = frozenset({"ได้แก่", "เช่น", "ประกอบด้วย"})
_THAI_LIST_CLOSERS = ("และ", "หรือ")
#: Neither an opener nor "ตามลำดับ" ('respectively', after a list) starts a sentence: both go on the one before.
_THAI_LIST_WORDS = _THAI_LIST_OPENERS | {"ตามลำดับ"}
#: 'that', introducing what was said or thought; a word ending in it (see above) never ends a sentence.
_THAI_THAT = "ว่า"
#: Words before a 4-digit year besides a month name: "ปี 2567", "สิ้นปี 2567", "พ.ศ. 2567".
_THAI_YEAR_WORDS = ("ปี", "พ.ศ.", "ค.ศ.")
#: Era abbreviations (Buddhist, Common): one comes before its year ("ปี พ.ศ. 2567"), so it never starts a sentence;
#: the taggers read it as a noun, which cut "...เมื่อสิ้นปี" | "พ.ศ. 2567 ผู้ลงทุน...".
_THAI_ERAS = ("พ.ศ.", "ค.ศ.")


def _thai_spans(para: str) -> list[tuple[int, int]]:
    from pythainlp.tag import pos_tag
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util.date import thai_abbr_months, thai_full_months

    words = word_tokenize(para, keep_whitespace=True)
    if "".join(words) != para:  # the offsets below need the words to cover the text exactly
        return [(0, len(para))]
    orchid = [tag for _, tag in pos_tag(words, corpus="orchid")]
    ud = [tag for _, tag in pos_tag(words, corpus="orchid_ud")]
    # A word any tagger reads as a noun may start a sentence (as its subject); see _thai_goes_on.
    noun = [
        u in ("NOUN", "PROPN") or p in ("NOUN", "PROPN")
        for u, (_, p) in zip(ud, pos_tag(words, corpus="pud"), strict=True)
    ]
    months = {*thai_full_months, *thai_abbr_months}
    spans: list[tuple[int, int]] = []
    start = pos = 0
    has_verb = listing = False  # listing: inside a list, before its last item (see _THAI_LIST_OPENERS)
    prev = before = ""
    markers = _thai_list_markers(words)
    next_item = -1  # the index of the next numbered item's marker while inside a numbered list
    for i, word in enumerate(words):
        if i in markers:
            following = markers[i] + 1
            next_item = next((k for k in range(i + 1, len(words)) if markers.get(k) == following), -1)
        if not word.isspace():
            verb = orchid[i].startswith(("V", "XV")) or ud[i] in ("VERB", "AUX")
            has_verb = has_verb or verb
            listing = word in _THAI_LIST_OPENERS or (listing and not verb and not word.startswith(_THAI_LIST_CLOSERS))
            prev, before = word, prev
        else:
            j = next((k for k in range(i + 1, len(words)) if not words[k].isspace()), None)
            year = len(prev) == 4 and prev.isdigit() and (before in months or before.endswith(_THAI_YEAR_WORDS))
            item = j is not None and listing and (noun[j] or orchid[j].startswith("N"))
            # A list number goes with its item ("1. ลดภาษี"), and a numbered list with its sentence up to its last item.
            item = item or (i > 0 and i - 1 in markers) or i < next_item or _thai_item_label(words, j, markers)
            # An emoji or a symbol set off by a space (a smiley after the last word) ends nothing: alone it would be a
            # segment with no words.
            symbols = j is not None and not any(c.isalnum() for c in _NEXT_RUN.match(para, pos + len(word)).group())
            if (
                j is not None
                and not item
                and not symbols
                and not _thai_goes_on(
                    prev, words[j], orchid[j], noun[j], has_verb or pos - start > _THAI_VERBLESS_MAX, months, year
                )
            ):
                spans.append((start, pos))
                start, has_verb, listing = pos + len(word), False, False
        pos += len(word)
    spans.append((start, len(para)))
    return spans


#: The run of text up to the next space.
_NEXT_RUN = re.compile(r"\S*")
#: A list number: one or two digits and a full stop or closing bracket ("1.", "2)") between spaces (or at the start).
_THAI_LIST_NUMBER = re.compile(r"\d{1,2}[.)]")
#: Words that name a list number ("ข้อ 1." 'item 1', "ข้อที่ 1.", "ประการที่ 1." 'point 1'), as PyThaiNLP's tokenizer
#: writes them apart or joined: the label goes with its number, so a list opened by one stays in its sentence as a
#: bare "1." does ("...ดังนี้ ข้อ 1. ลดภาษี ข้อ 2. ..." was cut once, before "ข้อ 1."). A hand list: the taggers read
#: "ข้อ" as a noun that may start a sentence.
_THAI_ITEM_LABELS = frozenset({"ข้อ", "ข้อที่", "ประการที่", "ลำดับที่"})


def _thai_list_markers(words: list[str]) -> dict[int, int]:
    """The list numbers among PyThaiNLP's ``words`` ("1", "." or "1", ")" as it splits them), by the index of the
    word they end on."""
    markers: dict[int, int] = {}
    for i in range(1, len(words)):
        pair = words[i - 1] + words[i]
        first = i < 2 or words[i - 2].isspace()
        last = i + 1 == len(words) or words[i + 1].isspace()
        if first and last and _THAI_LIST_NUMBER.fullmatch(pair):
            markers[i] = int(pair[:-1])
    return markers


def _thai_item_label(words: list[str], j: int | None, markers: dict[int, int]) -> bool:
    """Whether ``words[j:]`` open with a label of :data:`_THAI_ITEM_LABELS`, a space and a list number of
    :func:`_thai_list_markers`."""
    if j is None:
        return False
    for k in range(j + 1, min(j + 3, len(words))):
        if words[k].isspace():
            return "".join(words[j:k]) in _THAI_ITEM_LABELS and k + 2 in markers
    return False


def _thai_goes_on(
    prev: str, nxt: str, tag: str, noun: bool, can_end: bool, months: set[str], year: bool = False
) -> bool:
    """Whether the sentence goes on across the space between words ``prev`` and ``nxt`` (see above); ``year``:
    ``prev`` is the year of a date."""
    if not can_end or prev in _THAI_OPENERS or prev.endswith(_THAI_THAT):  # a connective opens the clause after it
        return True
    if nxt in _THAI_OPENERS:
        return False
    prefix = next((p for p in _THAI_NOUN_PREFIXES if nxt.startswith(p) and len(nxt) > len(p)), None)
    nominal = prefix is not None and not unicodedata.category(nxt[len(prefix)]).startswith("M")
    return (
        nxt[0].isdigit()
        or nxt in _THAI_LIST_WORDS
        or nxt.startswith(_THAI_ERAS)
        or tag.startswith(_THAI_NO_START)
        or (tag.startswith("V") and not noun and not nominal)
        or (year and nxt in _THAI_AFTER_YEAR)
        or (
            not year
            and prev[-1].isdigit()
            and ((tag.startswith("C") and not nominal) or nxt in months or _thai_number_word(nxt))
        )
        or (prev[-1].isascii() and prev[-1].isalpha() and nxt[0].isascii() and nxt[0].isalpha())
    )


def _thai_number_word(word: str) -> bool:
    from pythainlp.util import thaiword_to_num

    try:
        thaiword_to_num(word)
    except ValueError:
        return False
    return True


def _cased(char: str) -> bool:
    """Whether ``char`` is a letter of a script with capitals."""
    return char.islower() or char.isupper()


#: A full stop before a capitalised word.
_STOP_CAPITAL = re.compile(r"\.(?=\s+([^\W\d_]))")


def _vi_sentence_end(before: str) -> bool:
    """Whether ``before`` ends on a Vietnamese lower-case word of two letters or more and a full stop: sentencex's
    Vietnamese rules keep some of those before a capital ("2 tỷ đô la. Chính phủ hứa hỗ trợ." stayed one sentence);
    its Vietnamese abbreviations before a name are capitalised ("TP. Hồ Chí Minh", "GS. Nguyễn")."""
    m = _TOKEN_AT_END.search(before)
    if m is None:
        return False
    word = m.group(1)
    return len(word) > 1 and word.isalpha() and word.islower()


def _resplit(para: str, lo: int, hi: int, lang: str) -> list[tuple[int, int]]:
    """Split one sentencex sentence further at the boundaries it misses (see the patterns above)."""
    piece = para[lo:hi]
    if lang in _CJK_LANGS:
        cuts = [m.end() for m in _CJK_END.finditer(piece)]
    elif lang in _MISSED_ENDS:
        cuts = [m.end() for m in _MISSED_ENDS[lang].finditer(piece)]
    else:
        cuts = [m.end() for m in _GLUED_STOP.finditer(piece) if m.group(1).lower() not in _DOMAIN_ENDINGS]
        # A full stop inside the quote may close an abbreviation ('"... the U.S." 3 of them'); one after it does not.
        quoted = (m.end() for m in _QUOTE_STOP_NUMERAL.finditer(piece) if not _abbreviation(piece[: m.end(1)], lang))
        cuts = [*cuts, *quoted]
        # sentencex keeps some words before a numeral that are no abbreviation here ("in May. 12 stores" in English),
        # and in _NUMERAL_JOINED languages all of them.
        stops = (m for m in _WORD_STOP_NUMERAL.finditer(piece) if _cased(piece[m.start() - 1]))
        cuts = [*cuts, *(m.end() for m in stops if not _abbreviation(piece[: m.end()], lang))]
        if lang in _NUMERAL_JOINED:
            cuts += [m.end() for m in _YEAR_STOP_NUMERAL.finditer(piece)]
        if lang == "vi":
            capitals = (m for m in _STOP_CAPITAL.finditer(piece) if m.group(1).isupper())
            cuts += [m.end() for m in capitals if _vi_sentence_end(piece[: m.end()])]
        capitals = (m for m in _STOP_CAPITAL.finditer(piece) if m.group(1).isupper())
        cuts += [m.end() for m in capitals if _date_name_end(piece[: m.end()], lang)]
        cuts = sorted(set(cuts))
    bounds = [0, *cuts, len(piece)]
    return [(lo + a, lo + b) for a, b in itertools.pairwise(bounds) if a < b]


def split_lines(text: str) -> list[Segment]:
    """One segment per line, exactly as given (ids are 0-based line numbers; gold files rely on it).

    Blank lines stay as empty segments so ids keep matching line numbers; they start a new
    paragraph.
    """
    segments: list[Segment] = []
    pos = 0
    para = 0
    lines = text.split("\n")
    if lines and lines[-1] == "":  # the final newline ends the last line; it is no line itself
        lines.pop()
    for line in lines:
        if not line.strip() and segments:
            para += 1
        segments.append(Segment(len(segments), line, pos, pos + len(line), para))
        pos += len(line) + 1
    return segments
