"""Names, handles, URLs and codes that one side of a bead has and the other lacks.

A token counts as an entity only when it can be checked: its counterpart must occur *somewhere* in
the other document. That keeps ordinary words out (German capitalises every noun, machine
translations may lowercase every name) and leaves names written in Han characters alone, which no
rule here can transliterate. Katakana is matched to Latin script through a compact kana table and
a loose phonetic key (vowels dropped, l/r merged, doubled letters collapsed), so アルトマン matches
altman. The table is written here because the maintained converter (pykakasi) is GPL and far larger
than the katakana-only case needs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from align.langid import CJK_LANGS as _CJK_LANGS
from align.langid import base_language

_URL = re.compile(r"(?:https?://|www\.)[^\s\"'<>()（）「」、。]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_HANDLE = re.compile(r"(?<![\w@])[@#][A-Za-z0-9_]{2,}")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ0-9]*(?:[-'’.][A-Za-zÀ-ɏ0-9]+)*")
# A katakana word, with the parts of a foreign name joined by ・ (U+30FB, outside ァ-ヺ): サム・アルトマン.
_KATAKANA = re.compile(r"[ァ-ヺー]+(?:・[ァ-ヺー]+)*")
_ROMAN = re.compile(r"[IVXLC]{1,6}")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;«»\"“”(\[]\s*)$")

_KANA: dict[str, str] = {}
for _row, _cons in [
    ("アイウエオ", ""), ("カキクケコ", "k"), ("ガギグゲゴ", "g"), ("サシスセソ", "s"), ("ザジズゼゾ", "z"),
    ("タチツテト", "t"), ("ダヂヅデド", "d"), ("ナニヌネノ", "n"), ("ハヒフヘホ", "h"), ("バビブベボ", "b"),
    ("パピプペポ", "p"), ("マミムメモ", "m"), ("ラリルレロ", "r"), ("ァィゥェォ", ""),
]:  # fmt: skip
    for _kana, _vowel in zip(_row, "aiueo", strict=True):
        _KANA[_kana] = _cons + _vowel
_KANA.update({"シ": "shi", "チ": "chi", "ツ": "tsu", "フ": "fu", "ジ": "ji", "ヤ": "ya", "ユ": "yu", "ヨ": "yo"})
_KANA.update({"ワ": "wa", "ヲ": "o", "ン": "n", "ヴ": "bu", "ー": "", "ッ": ""})
_SMALL_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}


def katakana_to_latin(s: str) -> str:
    """Rough Hepburn romanisation of katakana (アルトマン → arutoman, ジョブズ → jobuzu, ティ → ti).

    Characters that are not katakana are dropped.
    """
    out: list[str] = []
    for c in s:
        if out and c in _SMALL_Y and out[-1].endswith("i"):  # キャ → kya, ジョ → jo
            prev = out[-1][:-1]
            out[-1] = prev + ("" if prev.endswith(("sh", "ch", "j")) else "y") + _SMALL_Y[c]
        elif out and c in "ァィゥェォ" and len(out[-1]) > 1:  # ティ → ti, ファ → fa
            out[-1] = out[-1][:-1] + _KANA[c]
        else:
            out.append(_KANA.get(c, ""))
    return "".join(out)


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; the strings are single words, so the quadratic loop is cheap."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def latin_spellings(word: str) -> list[str]:
    """``word`` and the spellings katakana may have heard instead: English loanwords drop a vowel's
    r (information → インフォメーション), Mc- is マク or マ (McGrew → マグルー), and J can be ヤ (Jan)."""
    out = [word, word.replace("j", "y"), re.sub(r"^mc", "m", word), re.sub(r"(?<=[aeiou])r(?![aeiouy])", "", word)]
    return list(dict.fromkeys(out))


def sounds_alike(latin: str, romaji: str) -> bool:
    """Whether a Latin word and a romanised katakana word may be the same name.

    Equal phonetic keys alone are too loose for short keys (molto / muratei), so the spellings
    must also be close.
    """
    return any(_sounds_alike(v, romaji) for v in latin_spellings(latin))


def _sounds_alike(latin: str, romaji: str) -> bool:
    lk, rk = phonetic_key(latin), phonetic_key(romaji)
    if not lk or (lk != rk and not (lk.endswith("r") and lk[:-1] == rk)):
        return False
    a, b = _skeleton(latin), _skeleton(romaji)
    return _edit_distance(a, b) <= 0.5 * max(len(a), len(b))


def fold(s: str) -> str:
    """Lowercase, accents removed: Zürich → zurich."""
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(c))


def _skeleton(latin: str) -> str:
    """Spelling with the consonant distinctions katakana loses merged (l/r, v/b, c/k, ...), vowels kept."""
    s = re.sub(r"[^a-z]", "", fold(latin))
    # -tion is ション in every English loanword; romaji never spells "tion".
    s = s.replace("tion", "shon").replace("ph", "f").replace("ck", "k").replace("qu", "k").replace("x", "ks")
    s = re.sub(r"c(?=[eiy])", "s", s).replace("c", "k")
    s = s.replace("l", "r").replace("v", "b").replace("z", "s").replace("j", "g")
    s = re.sub(r"[hwy]", "", s)
    return re.sub(r"(.)\1+", r"\1", s)


def phonetic_key(latin: str) -> str:
    """Loose key that survives katakana round trips: altman, アルトマン → rtmn; mcgrew, マクグルー → mkgr."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiou]", "", _skeleton(latin)))


@dataclass(frozen=True)
class Entity:
    """A name-like token of a segment."""

    text: str
    #: "url", "email", "handle", "code" (letters with digits), "name" or "katakana".
    kind: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def key(self) -> str:
        return phonetic_key(katakana_to_latin(self.text) if self.kind == "katakana" else self.text)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@functools.lru_cache(maxsize=8)
def _names_by_prefix(names: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """A document's names by their first five letters (built once per document, not per bead)."""
    out: dict[str, list[str]] = {}
    for n in names:
        out.setdefault(n[:5], []).append(n)
    return {k: tuple(v) for k, v in out.items()}


def _known(folded: str, names: frozenset[str]) -> bool:
    # Only names sharing the first five letters can match: looked up by prefix, not by scanning every
    # name of the document for every candidate (which made flagging quadratic in document length).
    by_prefix = _names_by_prefix(names)

    def near(p: str) -> bool:
        return len(p) >= 5 and any(_common_prefix(n, p) >= min(len(n), len(p)) - 1 for n in by_prefix.get(p[:5], ()))

    return any(p in names or near(p) for p in _name_parts(folded))


#: Words at least this frequent in their language (Zipf scale: 4 ≈ once per 100,000 words) are
#: ordinary vocabulary, not names: "molto", German "Berg".
COMMON_WORD_ZIPF = 4.0


def word_zipf(word: str, lang: str) -> float:
    """Zipf frequency of one word in ``lang`` (wordfreq's offline lists); 0 where wordfreq has no list.

    wordfreq tokenises its argument first, and for Chinese, Japanese and Korean that needs jieba or
    MeCab, optional packages of its own. A single word looked up here is already a token (a Latin word
    in Chinese text, say), so for those languages the frequency list answers directly.
    """
    import wordfreq

    lang = base_language(lang)
    try:
        if wordfreq.get_language_info(lang)["tokenizer"] in ("jieba", "mecab"):
            freq = wordfreq.get_frequency_dict(lang).get(unicodedata.normalize("NFKC", word).casefold(), 0.0)
            return round(wordfreq.freq_to_zipf(freq), 2) if freq > 0 else 0.0
        return wordfreq.zipf_frequency(word, lang)
    except LookupError:  # a language wordfreq does not know: no evidence either way
        return 0.0


def is_common_word(word: str, lang: str) -> bool:
    """Whether ``word`` is ordinary vocabulary of ``lang`` (see :func:`word_zipf`)."""
    return word_zipf(word.lower(), lang) >= COMMON_WORD_ZIPF


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


def _name_parts(folded: str) -> list[str]:
    """A name token and its parts: compounds (Makalu-Gebietes) and initials glued to a surname
    (J.Hartog, G.O.Dyhrenfurth, where the other side writes "J. Hartog")."""
    parts = [folded, *re.split(r"[-'’]", folded)]
    parts += [p for p in folded.split(".") if len(p) >= 3]
    return list(dict.fromkeys(parts))


def related_forms(a: str, b: str) -> bool:
    """Whether two folded words may be forms of one name: one a stem of the other (nepal /
    nepalais, britischen / british, karakoram / karakorum), one letter apart in a long name
    (Moravec / Morawec, Paragot / Parangot: spelling variants and OCR slips), or country and
    demonym (schweiz / suisse)."""
    n = _common_prefix(a, b)
    if n >= 5 and n >= min(len(a), len(b)) - 2:
        return True
    if min(len(a), len(b)) >= 6 and abs(len(a) - len(b)) <= 1 and _edit_distance(a, b) <= 1:
        return True
    ga = _place_group(a)
    return ga is not None and ga == _place_group(b)


@dataclass
class TokenIndex:
    """What a text (a bead side, or a whole document) contains, in the forms entities are matched by."""

    folded: set[str] = field(default_factory=set)
    #: first five letters → words (inflected forms: Zermatt / Zermatts)
    prefixes: dict[str, set[str]] = field(default_factory=dict)
    #: phonetic key → Latin words with that key (for katakana ↔ Latin matching)
    latin_by_key: dict[str, set[str]] = field(default_factory=dict)
    #: phonetic key → romanised katakana words with that key
    kana_by_key: dict[str, set[str]] = field(default_factory=dict)
    raw: str = ""
    raw_compact: str = ""

    @classmethod
    def of(cls, texts: Iterable[str], lang: str = "", *, names_only: bool = False) -> TokenIndex:
        """Index of ``texts``. ``names_only`` keeps, for cross-script matching, only Latin words that
        are not common words of ``lang`` (a document index answers "is this a name known there?")."""
        idx = cls()
        raws = []
        texts = list(texts)
        kana_names = katakana_names(texts) if names_only else frozenset()
        for text in texts:
            t = unicodedata.normalize("NFKC", text)
            raws.append(fold(t))
            for m in _LATIN.finditer(t):
                whole = fold(m.group())
                # Compounds carry names: Makalu-Gebietes, Himalaya-Fahrten.
                for f in dict.fromkeys([whole, *re.split(r"[-'’]", whole)]):
                    idx.folded.add(f)
                    idx.prefixes.setdefault(f[:5], set()).add(f)
                    if not names_only or not is_common_word(f, lang):
                        for v in latin_spellings(f):
                            idx.latin_by_key.setdefault(phonetic_key(v), set()).add(f)
            for m in _KATAKANA.finditer(t):
                for part in re.split(r"ー?・", m.group()):
                    if names_only and part not in kana_names:
                        continue
                    r = katakana_to_latin(part)
                    idx.kana_by_key.setdefault(phonetic_key(r), set()).add(r)
        idx.raw = "\n".join(raws)
        idx.raw_compact = re.sub(r"\s+", "", idx.raw)
        return idx

    def _inflected(self, f: str) -> bool:
        """An inflected form is here: same word up to its last letter or two (Zermatt / Zermatts)."""
        if len(f) < 5:
            return False
        for w in self.prefixes.get(f[:5], ()):
            short = min(len(w), len(f))
            if abs(len(w) - len(f)) <= 2 and _common_prefix(w, f) >= short - 1:
                return True
        return False

    def has_related(self, e: Entity) -> bool:
        """Whether a word here is a related form of ``e`` (see :func:`related_forms`); for a bead side,
        where the pairing is already given and a stem is enough."""
        if e.kind not in ("name",):
            return False
        return any(related_forms(p, w) for p in _name_parts(e.folded) if len(p) >= 4 for w in self.folded)

    def has(self, e: Entity, cross_script: bool) -> bool:
        """Whether ``e`` has a counterpart here: same token, an inflected form, or (across scripts) a
        word that sounds alike."""
        if e.kind in ("url", "email", "handle", "code"):
            # "K2" / "K 2": spacing inside a code is typography
            return e.folded in self.raw or re.sub(r"\s+", "", e.folded) in self.raw_compact
        f = e.folded
        if e.kind != "katakana" and any(p in self.folded or self._inflected(p) for p in _name_parts(f)):
            return True
        if not cross_script:
            return False
        if e.kind == "katakana":
            romaji = katakana_to_latin(e.text)
            k = phonetic_key(romaji)
            cands = self.latin_by_key.get(k, set()) | self.latin_by_key.get(k + "r", set())
            return any(sounds_alike(w, romaji) for w in cands)
        for v in latin_spellings(f):
            k = phonetic_key(v)
            cands = self.kana_by_key.get(k, set()) | (self.kana_by_key.get(k[:-1], set()) if k.endswith("r") else set())
            if any(_sounds_alike(v, r) for r in cands):
                return True
        return False


def document_names(texts: Sequence[str], lang: str) -> frozenset[str]:
    """Words a document writes as names somewhere: capitalised in mid-sentence (folded), or for
    Japanese, katakana used as names (see :func:`katakana_names`).

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
        t = unicodedata.normalize("NFKC", text)
        for m in _LATIN.finditer(t):
            w = m.group()
            forms = dict.fromkeys([fold(w), *(p for p in fold(w).split("-") if p[:1].isalpha())])
            if w[0].islower():
                lower.update(list(forms))
            elif not _SENTENCE_START.search(t[: m.start()]):
                capital.update(list(forms))
    # A word written lowercase more often than capitalised is vocabulary ("l' expédition" with one
    # "Expédition Bullock-Workman"), not a name. Not in German, where a lowercase "kurz" is another
    # word (an adjective) than the capitalised name "Marcel Kurz".
    names.update(f for f, n in capital.items() if n >= lower[f] or base_language(lang) in _NOUN_CAPITALISING)
    return frozenset(names)


#: Titles before a name (Mrs. Joyce Dunsheath / Joyce Dunsheath): translators add and drop them freely.
_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "capt", "captain", "col", "sir", "lord", "lady", "herr", "frau",
    "monsieur", "madame", "mme", "mlle", "signor", "signora", "sig", "don", "dona", "st", "saint", "sankt",
})  # fmt: skip

#: Languages that capitalise every noun.
_NOUN_CAPITALISING = frozenset({"de", "lb"})

_NAME_SUFFIX = re.compile(r"^(?:氏|さん|様|社|君|ちゃん)")


def katakana_names(texts: Iterable[str]) -> frozenset[str]:
    """Katakana words a Japanese document uses as names somewhere: joined by ・ (サム・アルトマン) or
    followed by an honorific or 社 (アルトマン氏, アップル社). Loanwords (チーム, リソース) never are."""
    names: set[str] = set()
    for text in texts:
        t = unicodedata.normalize("NFKC", text)
        for m in _KATAKANA.finditer(t):
            parts = [p for p in re.split(r"ー?・", m.group()) if len(p) >= 2]
            if "・" in m.group():
                names.update(parts)
            elif parts and _NAME_SUFFIX.match(t[m.end() :]):
                names.add(parts[-1])
    return frozenset(names)


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
    """
    t = unicodedata.normalize("NFKC", text)
    lang = base_language(lang)
    cjk = lang in _CJK_LANGS
    out: list[Entity] = []
    taken = [False] * (len(t) + 1)
    letters = [c for c in t if c.isalpha() and c.isascii()]
    shouting = len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters)  # an all-caps heading
    for kind, rx in (("url", _URL), ("email", _EMAIL), ("handle", _HANDLE)):
        for m in rx.finditer(t):
            if any(taken[m.start() : m.end()]):
                continue
            out.append(Entity(m.group().rstrip(".,;:"), kind, m.start(), m.end()))
            for i in range(m.start(), m.end()):
                taken[i] = True
    for m in _LATIN.finditer(t):
        if taken[m.start()]:
            continue
        w = m.group().rstrip(".")
        if any(c.isdigit() for c in w):
            out.append(Entity(w, "code", m.start(), m.end()))
            continue
        acronym = (
            len(w) >= 2 and w.isupper() and not shouting and not _ROMAN.fullmatch(w) and not is_common_word(w, lang)
        )
        if cjk and (len(w) >= 3 or acronym):
            out.append(Entity(w, "name", m.start(), m.end()))
            continue
        if acronym:
            out.append(Entity(w, "name", m.start(), m.end()))
            continue
        if len(w) < 3 or fold(w) in _TITLES:
            continue
        capitalised = w[0].isupper() and (not _SENTENCE_START.search(t[: m.start()]) or fold(w) in known_names)
        if (any_word or capitalised) and not is_common_word(w, lang):
            out.append(Entity(w, "name", m.start(), m.end()))
    if lang == "ja":
        for m in _KATAKANA.finditer(t):
            pos = m.start()
            for part in re.split(r"(ー?・)", m.group()):
                if part and "・" not in part and len(part) >= 2 and part in known_names:
                    out.append(Entity(part, "katakana", pos, pos + len(part)))
                pos += len(part)
    out.sort(key=lambda e: e.start)
    return out


@dataclass(frozen=True)
class EntityComparison:
    """Checkable entities of each side with no counterpart on the other side of the bead."""

    src_only: list[Entity]
    tgt_only: list[Entity]

    @property
    def mismatch(self) -> bool:
        return bool(self.src_only or self.tgt_only)


@dataclass
class EntityContext:
    """Per document pair: each document's name index (for checkability) and its capitalised names.

    Build it once per alignment with :meth:`of`, then :meth:`compare` each bead.
    """

    src_lang: str
    tgt_lang: str
    src_doc: TokenIndex
    tgt_doc: TokenIndex
    src_names: frozenset[str]
    tgt_names: frozenset[str]

    @classmethod
    def of(cls, src_texts: Sequence[str], src_lang: str, tgt_texts: Sequence[str], tgt_lang: str) -> EntityContext:
        return cls(
            base_language(src_lang),
            base_language(tgt_lang),
            TokenIndex.of(src_texts, src_lang, names_only=True),
            TokenIndex.of(tgt_texts, tgt_lang, names_only=True),
            document_names(src_texts, src_lang),
            document_names(tgt_texts, tgt_lang),
        )

    @property
    def cross_script(self) -> bool:
        return (self.src_lang in _CJK_LANGS) != (self.tgt_lang in _CJK_LANGS)

    def _missing(self, text: str, lang: str, names: frozenset[str], other: str, other_doc: TokenIndex) -> list[Entity]:
        # A Latin-script side facing a CJK one: its names may be lowercased (machine translation),
        # so any uncommon word is a candidate; the CJK document decides whether it is a name.
        any_word = lang not in _CJK_LANGS and self.cross_script
        cands = extract_entities(text, lang, known_names=names, any_word=any_word)
        if not cands:
            return []
        bead = TokenIndex.of([other])
        if not self.cross_script:
            # Between Latin-script languages a name is checkable only if the other document writes it
            # capitalised in mid-sentence: German nouns are capitalised, their French translations not.
            other_names = self.tgt_names if other_doc is self.tgt_doc else self.src_names
            cands = [e for e in cands if e.kind != "name" or _known(e.folded, other_names)]
        if any_word:  # short keys (dirla ~ ドル) match too easily to make an uncapitalised word a name
            cands = [e for e in cands if e.kind != "name" or e.folded in other_doc.folded or len(e.key) >= 3]
        return [
            e
            for e in cands
            if other_doc.has(e, self.cross_script) and not bead.has(e, self.cross_script) and not bead.has_related(e)
        ]

    def compare(self, src_text: str, tgt_text: str) -> EntityComparison:
        """Entities of each side that are known in the other document but absent from the other side."""
        return EntityComparison(
            src_only=self._missing(src_text, self.src_lang, self.src_names, tgt_text, self.tgt_doc),
            tgt_only=self._missing(tgt_text, self.tgt_lang, self.tgt_names, src_text, self.src_doc),
        )
