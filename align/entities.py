"""Names, handles, URLs and codes that one side of a bead has and the other lacks.

A token counts as an entity only when it can be checked: its counterpart must occur *somewhere* in
the other document. That keeps ordinary words out (German capitalises every noun, machine
translations may lowercase every name) and leaves names written in Han characters alone, which no
rule here can transliterate. Katakana is matched to Latin script through a compact kana table and
a loose phonetic key (vowels dropped, l/r merged, doubled letters collapsed), so アルトマン matches
altman. The table is written here because the maintained converter (pykakasi) is GPL and far larger
than the katakana-only case needs.

Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai and Hangul write foreign names by sound. Their words
are romanised with anyascii (ISC; Unidecode is GPL) and matched to Latin words, or to each other, by
consonant classes, then by the consonants as spelt and, where both scripts write vowels, by where the
vowels stand (see :func:`readings_alike`). In a script without capitals a word is a name only when it
sounds like a name the other document writes capitalised (Latin, Cyrillic, Greek): ordinary words of two
such languages would match each other too easily.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import regex
from anyascii import anyascii

from align.langid import CJK_LANGS as _CJK_LANGS
from align.langid import base_language, language_script

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


#: Scripts (by the first word of their letters' Unicode names) that write a foreign name by its sound,
#: letter by letter, so that its romanisation (anyascii) can be compared with the Latin spelling: Анна
#: Берг, Άννα Μπεργκ, آنا بيرغ, אנה ברג, एना बर्ग, แอนนา เบิร์ก, 안나 베르크. Han is left out: Chinese
#: writes a foreign name with characters taken from ordinary words (伯格, 桑托斯) whose Mandarin syllables
#: keep too few consonants for a sound key to tell the name from the words around it, and with no
#: spaces there is no word to start from. Katakana has its own table above.
_SOUND_SCRIPTS = {
    "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr", "DEVANAGARI": "Deva", "THAI": "Thai",
    "HANGUL": "Kore",
}  # fmt: skip
#: Of those, the scripts with capital letters: there, as in Latin script, a name is capitalised.
_CASED_SCRIPTS = frozenset({"Cyrl", "Grek"})
#: A word of any script (Hebrew writes ג׳ / ג' for the j of foreign names, so a geresh may end it).
_WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’׳][\p{L}\p{M}]+)*(?:['׳](?!\p{L}))?")
#: Case endings of Cyrillic and Greek names as :func:`romanise` writes them (Бергом → berg-om, Афинах →
#: afin-ah, Λισαβόνας → lisavon-as): vowels, then at most m, v, h (Cyrillic) or s, n (Greek) and a vowel.
_CASE_ENDING = {"Cyrl": re.compile(r"[aeiouy]+(?:[mvh][aeiouy]*)?$"), "Grek": re.compile(r"[aeiouy]+[sn]?$")}
#: Korean particles (case endings) written onto the word before them: 리스본에서 "in Lisbon", 베르크는.
_KO_PARTICLE = regex.compile(r"(?:에서|에게|께서|까지|부터|으로|이나|이랑|하고|[은는이가을를의에와과도로만])$")
#: Hebrew and Arabic write prepositions, articles and "and" onto the next word (בניירובי "in Nairobi",
#: والكيني "and the Kenyan"): a name may follow one of these.
_CLITICS = {
    "Hebr": regex.compile(r"^[וה]?[בלמשכ](?=\p{L}{3})"),
    "Arab": regex.compile(r"^[وف]?(?:ال|بال|لل|ب|ل|ك)(?=\p{L}{3})|^[وف](?=\p{L}{3})"),
}
#: Sound classes of the loose key: what one script writes for another's letter stays in its class
#: (Arabic has no p or v, Korean and Thai no final g, Greek writes b as μπ, Hindi w as व).
_SOUND_CLASS = str.maketrans("bpfvgkqcjszdtlrmn", "bbbbkkkssssttrrmn")


def _normal(text: str) -> str:
    """``text`` in NFKC (full-width letters as ASCII), but with Thai and Lao AM (ำ, ຳ) kept whole: NFKC splits
    them into two characters, which moves every offset after them and cuts Thai words in two (กำลัง)."""
    return unicodedata.normalize("NFKC", text).replace("\u0e4d\u0e32", "\u0e33").replace("\u0ecd\u0eb2", "\u0eb3")


def script_of(word: str) -> str:
    """ISO 15924 code of the script ``word`` starts in, for the scripts matched by sound; "Latn" for Latin
    letters; "" for any other script (Han, kana)."""
    for c in word:
        if c.isalpha():
            head = unicodedata.name(c, "").split(" ", 1)[0]
            return "Latn" if head == "LATIN" else _SOUND_SCRIPTS.get(head, "")
    return ""


#: Letters anyascii writes with two (Ш → sh, כ → kh, ท → th), as the one sound a foreign name spelt with them
#: has (c for the sound of ch in "church"), so that letters side by side (ט+ס in סנטוס) are never read as one.
_ONE_SOUND = {
    "Cyrl": str.maketrans({"ж": "j", "х": "h", "ц": "z", "ч": "c", "ш": "s", "щ": "s", "ђ": "j", "џ": "j", "ѕ": "z"}),
    "Grek": str.maketrans({"θ": "t", "χ": "k"}),
    "Arab": str.maketrans({"ث": "t", "خ": "k", "ذ": "d", "ش": "s", "ظ": "z", "غ": "g", "ؤ": "", "ئ": ""}),
    "Hebr": str.maketrans({"כ": "k", "ך": "k", "צ": "z", "ץ": "z"}),
    "Thai": str.maketrans({**dict.fromkeys("ขฃคฅฆ", "k"), "ง": "n", **dict.fromkeys("จฉชฌ", "c"),
                           **dict.fromkeys("ฐฑฒถทธ", "t"), **dict.fromkeys("ผพภ", "p")}),
}  # fmt: skip
#: Devanagari's aspirates and sibilants, which anyascii writes as two letters: one sound each.
_DEVA_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("ch", "c"), ("jh", "j"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                  ("bh", "b"), ("sh", "s"))  # fmt: skip
#: The same for one Hangul syllable as anyascii writes it; ㅡ (eu) is the vowel Korean puts between the
#: consonants of a foreign cluster (베르크 be-reu-keu for Berg), so it is dropped.
_HANGUL_DIGRAPHS = (("ch", "c"), ("jj", "j"), ("kk", "k"), ("tt", "t"), ("pp", "p"), ("ss", "s"), ("ng", "n"),
                    ("eu", ""))  # fmt: skip


@functools.lru_cache(maxsize=65536)
def romanise(word: str, script: str) -> str:
    """``word`` (in ``script``) in lowercase ASCII letters, one letter a sound (c for the ch of "church"),
    as anyascii reads it, with what it reads differently from how foreign names are spelt in that script
    put right: Greek μπ/ντ/γκ are b/d/g and γ before ι, ε is y; Hebrew ו is a vowel (וו the consonant v), ג׳ is j;
    Thai เ, แ, โ, ใ, ไ come after their consonant (or cluster: โดร); Hindi ं is n (m before a labial);
    Korean ㅡ is dropped."""
    w = unicodedata.normalize("NFC", word.lower())
    if script == "Grek":
        w = fold(w)
        for a, b in (("ου", "u"), ("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("γγ", "ng"), ("τζ", "j"), ("τσ", "z")):
            w = w.replace(a, b)
        w = re.sub(r"γ(?=[ιεηυ])", "y", w)
    elif script == "Hebr":
        w = regex.sub(r"[גזצ]['׳]", lambda m: {"ג": "j", "ז": "j", "צ": "c"}[m.group()[0]], w)
        w = w.replace("וו", "v").replace("ו", "")
    elif script == "Thai":  # a vowel written before its consonant (โ in ซานโตส) is read after it
        w = regex.sub(r"([เแโใไ])([ก-ฮ](?:[รลว](?![\u0e30-\u0e3a\u0e47-\u0e4e]))?)", r"\2\1", w)
    elif script == "Deva":
        w = regex.sub(r"\u0902(?=[पफबभम])", "म्", w).replace("\u0902", "न्").replace("\u0901", "")
    if script in _ONE_SOUND:
        w = w.translate(_ONE_SOUND[script])
    if script == "Kore":
        syllables = [anyascii(c).lower() for c in w]
        for a, b in _HANGUL_DIGRAPHS:
            syllables = [x.replace(a, b) for x in syllables]
        out = "".join(syllables)
    else:
        out = anyascii(w).lower()
        if script == "Deva":
            for a, b in _DEVA_DIGRAPHS:
                out = out.replace(a, b)
    return re.sub(r"[^a-z]", "", fold(out))


def _latin_phones(s: str) -> str:
    """A folded Latin spelling as one letter a sound, like :func:`romanise`: digraphs merged (sh → s,
    ch → c, th → t, ph → f, ng → n as Korean and Thai write ŋ), c read as s or k, x as ks."""
    s = s.replace("tion", "sion").replace("tsch", "c").replace("sch", "s").replace("tch", "c").replace("ck", "k")
    s = s.replace("qu", "k").replace("x", "ks")
    s = re.sub(r"c(?=[eiy])", "s", s)
    s = re.sub(r"c(?!h)", "k", s)
    for a, b in (("ch", "c"), ("sh", "s"), ("zh", "j"), ("kh", "k"), ("gh", "g"), ("ph", "f"), ("th", "t"),
                 ("dj", "j"), ("ts", "z"), ("tz", "z"), ("ng", "n")):  # fmt: skip
        s = s.replace(a, b)
    return s


def _fine(phones: str) -> str:
    """Consonants of ``phones`` as spelt (l and r merged), vowels and h, w, y dropped, doubles collapsed."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[^bcdfgjkmnpqrstvz]", "", phones.replace("l", "r")))


def _sound_key(fine: str) -> str:
    """Consonant classes of a fine spelling (see ``_SOUND_CLASS``): berg, бергом's stem, بيرغ, 베르크 → brk."""
    return re.sub(r"(.)\1+", r"\1", fine.translate(_SOUND_CLASS))


def _shape(phones: str) -> str:
    """Consonant classes with each run of vowels as "A": what scripts that write their vowels keep of them."""
    s = re.sub(r"[hwy]", "", phones.replace("l", "r"))
    s = re.sub(r"[aeiou]+", "A", s).translate(_SOUND_CLASS)
    return re.sub(r"([^A])\1+", r"\1", s)


@dataclass(frozen=True)
class Reading:
    """One way to hear a word: its consonant classes (``key``), its consonants as spelt (``fine``), and its
    classes with vowels marked (``shape``)."""

    key: str
    fine: str
    shape: str


def _reading(phones: str) -> Reading:
    fine = _fine(phones)
    return Reading(_sound_key(fine), fine, _shape(phones))


@functools.lru_cache(maxsize=65536)
def latin_readings(word: str) -> tuple[Reading, ...]:
    """Readings of a (folded) Latin word: as spelt, j as y (Jonas → Йонас) and w as v (other scripts write
    German and Dutch w as v: Nordwind → Нордвинд, नॉर्डविंड)."""
    spellings = (word, word.replace("j", "y"), word.replace("w", "v"))
    return tuple(dict.fromkeys(_reading(_latin_phones(v)) for v in spellings))


def _forms(word: str, script: str) -> list[str]:
    """``word``, and without a clitic written onto its front (Hebrew, Arabic) or a particle onto its end
    (Korean)."""
    forms = [word]
    if script in _CLITICS:
        forms.append(_CLITICS[script].sub("", word, count=1))
    if script == "Kore" and len(word) > 2:
        forms.append(_KO_PARTICLE.sub("", word))
    return list(dict.fromkeys(forms))


@functools.lru_cache(maxsize=65536)
def foreign_readings(word: str, script: str) -> tuple[Reading, ...]:
    """Readings of a word written in a sound script: as written, without a clitic written onto its front
    (Hebrew, Arabic) or a particle onto its end (Korean: 리스본에서, 베르크는), and in Cyrillic and Greek,
    which inflect names, without a case ending (Бергом, Лиссабоне, Λισαβόνας)."""
    out = []
    for f in _forms(word, script):
        ph = romanise(f, script)
        out.append(_reading(ph))
        if script == "Thai":  # ว is w, and v in foreign names (เปตรอวา, Petrova)
            out.append(_reading(ph.replace("w", "v")))
        if script in _CASED_SCRIPTS:
            out.append(_reading(re.sub(_CASE_ENDING[script], "", ph)))
    return tuple(dict.fromkeys(r for r in out if r.key))


#: Consonants Latin spelling tells apart that a script writes with one letter: compared with a word of that
#: script they count as one (Arabic has no p or v: Pedro is بيدرو, David ديفيد; Hebrew ב is b and v).
_MERGED_IN = {
    "Arab": str.maketrans("pvgqc", "bfkks"),
    "Hebr": str.maketrans("vfqc", "bpks"),
    "Grek": str.maketrans("c", "s"),
    "Deva": str.maketrans("z", "j"),
    "Thai": str.maketrans("gjcz", "ksss"),
    "Kore": str.maketrans("fvgzc", "pbkjj"),
}


def _merged(fine: str, scripts: Iterable[str]) -> str:
    for script in scripts:
        if script in _MERGED_IN:
            fine = fine.translate(_MERGED_IN[script])
    return re.sub(r"(.)\1+", r"\1", fine)


def readings_alike(
    a: Reading, b: Reading, min_key: int, vowels: bool, scripts: tuple[str, ...] = (), strict: bool = True
) -> bool:
    """Whether two readings (of words in ``scripts``) may be one name: the same consonant classes, at least
    ``min_key`` of them, and the consonants as spelt (what the scripts cannot tell apart merged) differing
    in at most one per three past the first (and in any one, unless ``strict``): Berg and Park, both brk,
    stay apart. With ``vowels`` (both scripts write them) the vowels must stand where they stood, give or take
    one in four classes: Афинах (Athens) is not Bangkok."""
    if a.key != b.key or len(a.key) < min_key:
        return False
    fa, fb = _merged(a.fine, scripts), _merged(b.fine, scripts)
    longest = max(len(fa), len(fb))
    if _edit_distance(fa, fb) > ((longest - 1) // 3 if strict else max(1, longest // 3)):
        return False
    return not vowels or _edit_distance(a.shape, b.shape) <= max(1, max(len(a.shape), len(b.shape)) // 4)


def readings_related(short: Reading, long_: Reading, min_key: int, vowels: bool, scripts: tuple[str, ...] = ()) -> bool:
    """Looser, for a bead side whose pairing is given: ``long_`` (an inflected or derived form) starts with
    ``short``'s key (Berlin / Берлинском), on at least ``min_key`` consonant classes, with its consonants as
    spelt as :func:`readings_alike` (strict) asks (Bayern does not start Florence, brn / brns), and with
    ``vowels`` with its shape too (Oslo is not Цельсию)."""
    if len(short.key) < min_key or not long_.key.startswith(short.key):
        return False
    fs, fl = _merged(short.fine, scripts), _merged(long_.fine, scripts)
    if _edit_distance(fs, fl[: len(fs)]) > (len(fs) - 1) // 3:
        return False
    return not vowels or long_.shape.startswith(short.shape.rstrip("A"))


#: Scripts that write a word's vowels (Hindi and Thai leave some unwritten, Arabic and Hebrew most).
_VOWEL_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Kore", "Thai"})


def _min_key(a: str, b: str) -> int:
    """Consonant classes a sound match needs between scripts ``a`` and ``b``: two where both write names
    capitalised (the capital already says "name"), else three, since then any word may be the candidate."""
    return 2 if {a, b} <= {"Latn", *_CASED_SCRIPTS} else 3


#: Most pythainlp words one Thai name candidate spans: a foreign name comes out in syllables (โค เฮ น).
_THAI_SPAN = 4


@functools.lru_cache(maxsize=4096)
def _thai_words(run: str) -> tuple[str, ...]:
    from pythainlp.tokenize import word_tokenize

    return tuple(word_tokenize(run, engine="newmm", keep_whitespace=False))


@functools.lru_cache(maxsize=1)
def _thai_frequencies() -> dict[str, float]:
    """Zipf frequency of Thai words in the Thai National Corpus (pythainlp ships its counts; wordfreq has no
    Thai)."""
    from pythainlp.corpus import tnc

    counts = dict(tnc.word_freqs())
    total = sum(counts.values())
    return {w: math.log10(n / total * 1e9) for w, n in counts.items() if n > 0}


#: Thai words at least this frequent (ที่, ใน, แล้ว, ปี, ใหม่) are grammar and everyday vocabulary: a run of
#: syllables with one in it is no name, nor is a run whose words are this frequent on average (ในรอบ,
#: สั่งซื้อ); the syllables of foreign names stay below (แอน 4.6, โค 5.0, เป 4.2; only มา, as in มาเรีย,
#: is lost).
_THAI_COMMON_ZIPF = 6.0
_THAI_COMMON_MEAN_ZIPF = 5.4


def _thai_common(words: Sequence[str]) -> bool:
    z = [_thai_frequencies().get(w, 0.0) for w in words]
    return max(z) >= _THAI_COMMON_ZIPF or sum(z) / len(z) >= _THAI_COMMON_MEAN_ZIPF


def _sound_words(t: str, spans: bool = True) -> Iterator[tuple[str, str, int, int]]:
    """Words of ``t`` in the scripts matched by sound, as (word, script, start, end). Thai, written without
    spaces, gives every run of one to four of pythainlp's words (unless not ``spans``), since pythainlp cuts
    a foreign name it does not know into syllables (แอน นา, โม เอ ดัช)."""
    for m in _WORD.finditer(t):
        script = script_of(m.group())
        if script == "Thai":
            if not spans:
                continue
            words = _thai_words(m.group())
            if "".join(words) != m.group():  # the tokeniser changed the text: no offsets to give
                continue
            ends = list(itertools.accumulate(map(len, words), initial=m.start()))
            for i in range(len(words)):
                for j in range(i + 1, min(i + _THAI_SPAN, len(words)) + 1):
                    if not _thai_common(words[i:j]):
                        yield t[ends[i] : ends[j]], script, ends[i], ends[j]
        elif script and script != "Latn":
            yield m.group(), script, m.start(), m.end()


def _name_like(word: str, script: str, lang: str) -> bool:
    """Whether a word of a sound script may be a name: capitalised where the script has capitals, and not a
    common word of ``lang``, nor is it without its clitic or particle (분기에 is 분기 "quarter" + 에)."""
    if script in _CASED_SCRIPTS and not word[:1].isupper():
        return False
    return script == "Thai" or not any(is_common_word(f, lang) for f in _forms(word, script))


def _bead_word(word: str, script: str, lang: str) -> bool:
    """Whether a word of a bead side is matched by sound: capitalised, or not a common word of ``lang``
    (its ordinary words, beat, last, بينها, would sound like half the names of a document)."""
    return word[:1].isupper() or script == "Thai" or not any(is_common_word(f, lang) for f in _forms(word, script))


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


#: The rarest words :func:`word_zipf` tells apart (Zipf 3: once per million words). Every caller asks whether a
#: word is at least 3.0, 4.0 or 5.5 common; rarer words read as 0, like words wordfreq does not list.
ZIPF_FLOOR = 3.0
#: wordfreq files its words in buckets of one centibel: bucket i holds frequency 10^(-i/100), Zipf 9 - i/100.
_FLOOR_BUCKET = round((9 - ZIPF_FLOOR) * 100)


@functools.lru_cache(maxsize=64)
def _frequent_words(lang: str) -> dict[str, int]:
    """wordfreq's words of ``lang`` at or above :data:`ZIPF_FLOOR` → their bucket.

    wordfreq's own lookup indexes its whole list on first use (634,502 German words: 0.3–0.6 s in every process)
    to answer for a few hundred words; 39,858 German words are above the floor. They are kept in the cache
    folder (see :mod:`align.datacache`), read in milliseconds."""
    import wordfreq

    from align.datacache import cached_data, package_version

    def build() -> dict[str, int]:
        try:
            buckets = wordfreq.get_frequency_list(lang)
        except LookupError:  # no list for this language: every word reads as 0
            return {}
        bucket_of = {w: i for i, bucket in enumerate(buckets) for w in bucket}
        return {w: i for w, i in bucket_of.items() if i <= _FLOOR_BUCKET}  # a word listed twice keeps its last

    return cached_data("wordfreq", (lang, package_version("wordfreq"), str(_FLOOR_BUCKET)), build)


@functools.lru_cache(maxsize=65536)
def _listed_zipf(word: str, lang: str) -> float:
    """wordfreq's ``zipf_frequency(word, lang)`` where it is at least :data:`ZIPF_FLOOR`, else 0 (its lookup,
    on :func:`_frequent_words`: tokens, digits read as wordfreq reads them, 1/f = Σ 1/f_token, 3 digits)."""
    import wordfreq
    from wordfreq.numbers import digit_freq, smash_numbers

    tokens = wordfreq.lossy_tokenize(word, lang)
    if not tokens:
        return 0.0
    buckets = _frequent_words(lang)
    one_over = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        if smashed not in buckets:
            return 0.0  # rarer than the floor, and so is the whole word (rarer than its rarest token)
        freq = wordfreq.cB_to_freq(-buckets[smashed])
        if smashed != token:
            freq *= digit_freq(token)
        one_over += 1.0 / freq
    freq = 1.0 / one_over
    freq = round(freq, math.floor(-math.log(freq, 10)) + 3)
    zipf = round(wordfreq.freq_to_zipf(freq), 2)
    return zipf if zipf >= ZIPF_FLOOR else 0.0


def word_zipf(word: str, lang: str) -> float:
    """Zipf frequency of one word in ``lang`` (wordfreq's offline lists), at least :data:`ZIPF_FLOOR`; 0 for
    rarer words and where wordfreq has no list.

    wordfreq tokenises its argument first, and for Chinese, Japanese and Korean that needs jieba or
    MeCab, optional packages of its own. A single word looked up here is already a token (a Latin word
    in Chinese text, say), so for those languages the frequency list answers directly.
    """
    import wordfreq

    lang = base_language(lang)
    try:
        if wordfreq.get_language_info(lang)["tokenizer"] in ("jieba", "mecab"):
            bucket = _frequent_words(lang).get(unicodedata.normalize("NFKC", word).casefold())
            return 0.0 if bucket is None else round(wordfreq.freq_to_zipf(wordfreq.cB_to_freq(-bucket)), 2)
        return _listed_zipf(word, lang)
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
    #: sound key → readings of the words with that key, each with its script (see :func:`readings_alike`)
    sounds: dict[str, set[tuple[Reading, str]]] = field(default_factory=dict)
    #: a document's index (names only, matched strictly) rather than a bead side's (all words, loosely)
    document: bool = False
    #: whether any word of a script other than Latin was indexed by sound
    foreign: bool = False
    raw: str = ""
    raw_compact: str = ""

    @classmethod
    def of(
        cls,
        texts: Iterable[str],
        lang: str = "",
        *,
        names_only: bool = False,
        sounds: bool = True,
        names: frozenset[str] | None = None,
    ) -> TokenIndex:
        """Index of ``texts``. ``names_only`` keeps, for cross-script matching, only words that are not
        common words of ``lang`` (and, for matching by sound, names of the document: ``names``, see
        :func:`document_names`): a document index answers "is this a name known there?". ``sounds``: index
        words for matching by sound to other scripts (not needed between two documents in one script)."""
        idx = cls(document=names_only)
        raws = []
        texts = list(texts)
        kana_names = katakana_names(texts) if names_only else frozenset()
        # Matched by sound, a Latin, Cyrillic or Greek word must be a name of the document (capitalised in
        # mid-sentence): sentence-initial words (Экспорт, Scientists) would sound like too many others.
        by_sound = names_only and sounds and base_language(lang) not in _CJK_LANGS
        if not by_sound:
            names = frozenset()
        elif names is None:
            names = document_names(texts, lang)
        for text in texts:
            t = _normal(text)
            raws.append(fold(t))
            for m in _LATIN.finditer(t):
                # Compounds carry names: Makalu-Gebietes, Himalaya-Fahrten.
                for part in dict.fromkeys([m.group(), *re.split(r"[-'’]", m.group())]):
                    f = fold(part)
                    idx.folded.add(f)
                    idx.prefixes.setdefault(f[:5], set()).add(f)
                    if not names_only or not is_common_word(part, lang):  # unfolded: Brücke, not brucke
                        for v in latin_spellings(f):
                            idx.latin_by_key.setdefault(phonetic_key(v), set()).add(f)
                        if sounds and (
                            (not names_only and _bead_word(part, "Latn", lang))
                            or (f in names and _capital_is_name(part.lower(), lang))
                        ):
                            for r in latin_readings(f):
                                idx.sounds.setdefault(r.key, set()).add((r, "Latn"))
            for word, script, _, _ in _sound_words(t, spans=sounds):
                f = fold(word)
                if script != "Thai":  # same-script names (ru ↔ uk) are matched as Latin ones are
                    idx.folded.add(f)
                    idx.prefixes.setdefault(f[:5], set()).add(f)
                if not sounds:
                    continue
                if names_only:
                    if not (_name_like(word, script, lang) and (script not in _CASED_SCRIPTS or f in names)):
                        continue
                elif not _bead_word(word, script, lang):
                    continue
                for r in foreign_readings(word, script):
                    idx.sounds.setdefault(r.key, set()).add((r, script))
                    idx.foreign = True
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
        if e.script == "Latn":
            for v in latin_spellings(f):
                k = phonetic_key(v)
                cands = self.kana_by_key.get(k, set())
                if k.endswith("r"):
                    cands = cands | self.kana_by_key.get(k[:-1], set())
                if any(_sounds_alike(v, r) for r in cands):
                    return True
        # A lowercase Latin word (a candidate only facing CJK text, see EntityContext) is not matched by sound:
        # ordinary words of other scripts sound like too many of them (risen / 올랐다).
        return (e.script != "Latn" or e.text[:1].isupper()) and self.sounds_like(e)

    def _alike(self, r: Reading, script: str, other: Reading, other_script: str) -> bool:
        scripts = (script, other_script)
        vowels = set(scripts) <= _VOWEL_SCRIPTS
        if self.document:
            # Between two scripts without capitals nothing says "name" on either side: ordinary words of the
            # two languages would be matched to each other.
            if _min_key(script, "Latn") == 3 and _min_key(other_script, "Latn") == 3:
                return False
            return readings_alike(r, other, _min_key(*scripts), vowels, scripts)
        # Thai does not inflect names, so a bead side writes one as the document does, and the match is as strict
        # (Pedro is no เปตรอวา, Petrova).
        if readings_alike(r, other, 1, vowels, scripts, strict="Thai" in scripts):
            return True
        # An inflected or derived form (Берлинском, Kenyan); Thai candidates are already every run of syllables.
        n = _min_key(*scripts)
        return "Thai" not in scripts and (
            readings_related(r, other, n, vowels, scripts) or readings_related(other, r, n, vowels, scripts)
        )

    def sounds_like(self, e: Entity) -> bool:
        """Whether a word of another script here sounds like ``e``: in a document index by the same sound
        key (:func:`readings_alike`); in a bead side's also by a key one starts the other with
        (:func:`readings_related`: an inflected or derived form), except in Thai, whose candidates are
        already every run of syllables."""
        for r in e.readings:
            if self.document:
                cands: Iterable[tuple[Reading, str]] = self.sounds.get(r.key, ())
            else:
                cands = (c for group in self.sounds.values() for c in group)
            for other, script in cands:
                if script != e.script and self._alike(r, e.script, other, script):
                    return True
        return False


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
        t = _normal(text)
        cased = [(m.group(), m.start()) for m in _LATIN.finditer(t)]
        cased += [(w, a) for w, script, a, _ in _sound_words(t) if script in _CASED_SCRIPTS]
        for w, start in cased:
            forms = dict.fromkeys([fold(w), *(p for p in fold(w).split("-") if p[:1].isalpha())])
            if w[0].islower():
                lower.update(list(forms))
            elif not _SENTENCE_START.search(t[:start]):
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
#: In those, a capitalised word is taken for a name by its sound only below this frequency: Läufer (3.3)
#: sounds like Лувр, Batterie like بطارية, and the capital does not tell them from names.
_RARE_NOUN_ZIPF = 3.0


def _capital_is_name(folded: str, lang: str) -> bool:
    """Whether a capitalised Latin word (not a common word) may be matched to another script by sound."""
    return base_language(lang) not in _NOUN_CAPITALISING or word_zipf(folded, lang) < _RARE_NOUN_ZIPF


_NAME_SUFFIX = re.compile(r"^(?:氏|さん|様|社|君|ちゃん)")


def katakana_names(texts: Iterable[str]) -> frozenset[str]:
    """Katakana words a Japanese document uses as names somewhere: joined by ・ (サム・アルトマン) or
    followed by an honorific or 社 (アルトマン氏, アップル社). Loanwords (チーム, リソース) never are."""
    names: set[str] = set()
    for text in texts:
        t = _normal(text)
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
    Cyrillic and Greek words follow the Latin rules. In the scripts without capitals that write foreign
    names by sound (Arabic, Hebrew, Devanagari, Hangul) every word that is not a common word is a
    candidate, and in Thai every run of one to four words: only a match by sound in the other document
    makes one a name (see :meth:`EntityContext.compare`).
    """
    t = _normal(text)
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
    cased = [c for c in t if c.isalpha() and (c.isupper() or c.islower()) and not c.isascii()]
    shouting_cased = len(cased) >= 12 and sum(c.isupper() for c in cased) > 0.6 * len(cased)
    for w, script, a, b in _sound_words(t):
        if taken[a]:
            continue
        if script in _CASED_SCRIPTS:
            if len(w) >= 2 and w.isupper() and not shouting_cased:  # an acronym: НАТО
                if not is_common_word(w, lang):
                    out.append(Entity(w, "name", a, b, script))
                continue
            if len(w) < 3 or not w[0].isupper() or (_SENTENCE_START.search(t[:a]) and fold(w) not in known_names):
                continue
        if _name_like(w, script, lang):
            out.append(Entity(w, "name", a, b, script))
    if lang == "ja":
        for m in _KATAKANA.finditer(t):
            pos = m.start()
            for part in re.split(r"(ー?・)", m.group()):
                if part and "・" not in part and len(part) >= 2 and part in known_names:
                    out.append(Entity(part, "katakana", pos, pos + len(part)))
                pos += len(part)
    out.sort(key=lambda e: e.start)
    return out


def _cross_script(src_lang: str, tgt_lang: str) -> bool:
    """Whether the two languages are written in different scripts, so names are matched by sound too.
    Chinese and Japanese share Han, and their Latin words are compared as between Latin languages."""
    src, tgt = base_language(src_lang), base_language(tgt_lang)
    if src in _CJK_LANGS and tgt in _CJK_LANGS:
        return False
    return language_script(src) != language_script(tgt)


def _overlap(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


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
        cross = _cross_script(src_lang, tgt_lang)
        src_names, tgt_names = document_names(src_texts, src_lang), document_names(tgt_texts, tgt_lang)
        return cls(
            base_language(src_lang),
            base_language(tgt_lang),
            TokenIndex.of(src_texts, src_lang, names_only=True, sounds=cross, names=src_names),
            TokenIndex.of(tgt_texts, tgt_lang, names_only=True, sounds=cross, names=tgt_names),
            src_names,
            tgt_names,
        )

    @property
    def cross_script(self) -> bool:
        return _cross_script(self.src_lang, self.tgt_lang)

    def _missing(self, text: str, lang: str, names: frozenset[str], other: str, other_doc: TokenIndex) -> list[Entity]:
        # A Latin-script side facing a CJK one: its names may be lowercased (machine translation),
        # so any uncommon word is a candidate; the CJK document decides whether it is a name.
        other_lang = self.tgt_lang if other_doc is self.tgt_doc else self.src_lang
        any_word = lang not in _CJK_LANGS and other_lang in _CJK_LANGS
        cands = extract_entities(text, lang, known_names=names, any_word=any_word)
        if not cands:
            return []
        # Sounds are compared across scripts: a bead side needs them only if this side has a candidate in
        # another script than Latin, or the other document has words in one.
        sounds = self.cross_script and (other_doc.foreign or any(e.script != "Latn" for e in cands))
        bead = TokenIndex.of([other], other_lang, sounds=sounds)
        if not self.cross_script:
            # Between Latin-script languages a name is checkable only if the other document writes it
            # capitalised in mid-sentence: German nouns are capitalised, their French translations not.
            other_names = self.tgt_names if other_doc is self.tgt_doc else self.src_names
            cands = [e for e in cands if e.kind != "name" or _known(e.folded, other_names)]
        if self.cross_script and lang in _NOUN_CAPITALISING:
            cands = [e for e in cands if e.kind != "name" or e.script != "Latn" or e.folded in other_doc.folded
                     or _capital_is_name(e.text.lower(), lang)]  # fmt: skip
        if any_word:  # short keys (dirla ~ ドル) match too easily to make an uncapitalised word a name
            cands = [e for e in cands if e.kind != "name" or e.folded in other_doc.folded or len(e.key) >= 3]
        missing = [
            e
            for e in cands
            if other_doc.has(e, self.cross_script) and not bead.has(e, self.cross_script) and not bead.has_related(e)
        ]
        if not any(e.script == "Thai" for e in missing):
            return missing
        # Thai candidates overlap (every run of one to four syllables): one that overlaps a run found on the
        # other side is part of that name (เปตรอ "Pedro" in เปตรอวา "Petrova"), and of overlapping missing
        # ones the longest is reported.
        spans = [e for e in cands if e.script == "Thai" and e not in missing]
        found = [e for e in spans if any(_overlap(e, m) for m in missing) and bead.has(e, self.cross_script)]
        missing = [e for e in missing if not any(_overlap(e, f) for f in found)]
        return [e for e in missing if not any(_overlap(e, o) and o.end - o.start > e.end - e.start for o in missing)]

    def compare(self, src_text: str, tgt_text: str) -> EntityComparison:
        """Entities of each side that are known in the other document but absent from the other side."""
        return EntityComparison(
            src_only=self._missing(src_text, self.src_lang, self.src_names, tgt_text, self.tgt_doc),
            tgt_only=self._missing(tgt_text, self.tgt_lang, self.tgt_names, src_text, self.src_doc),
        )
