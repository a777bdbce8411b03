"""Names that Cyrillic, Greek, Arabic, Hebrew, the Indic scripts, Thai and Hangul write by sound, romanised with
anyascii (ISC; Unidecode is GPL) and compared with Latin spellings, or with each other, by consonant classes,
then by the consonants as spelt and, where both scripts write vowels, by where the vowels stand (see
:func:`readings_alike`)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import regex
from anyascii import anyascii

from align.entities.tokens import edit_distance, fold

#: Scripts (by the first word of their letters' Unicode names) that write a foreign name by its sound,
#: letter by letter, so that its romanisation (anyascii) can be compared with the Latin spelling: Анна
#: Берг, Άννα Μπεργκ, آنا بيرغ, אנה ברג, एना बर्ग, แอนนา เบิร์ก, 안나 베르크. Han is left out: Chinese
#: writes a foreign name with characters taken from ordinary words (伯格, 桑托斯) whose Mandarin syllables
#: keep too few consonants for a sound key to tell the name from the words around it, and with no
#: spaces there is no word to start from. Katakana has its own table (:mod:`align.entities.katakana`).
#: The Brahmic scripts of South Asia write foreign names by sound as Devanagari does (Bengali আনা কোভালস্কি,
#: Tamil அன்னா கோவல்ஸ்கி), anyascii romanises them alike (aspirates as kh, gh; an inherent vowel as a or
#: nothing), and none has capitals.
INDIC_SCRIPTS = {
    "DEVANAGARI": "Deva", "BENGALI": "Beng", "GURMUKHI": "Guru", "GUJARATI": "Gujr", "ORIYA": "Orya",
    "TAMIL": "Taml", "TELUGU": "Telu", "KANNADA": "Knda", "MALAYALAM": "Mlym", "SINHALA": "Sinh",
}  # fmt: skip
_SOUND_SCRIPTS = {
    "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr", "THAI": "Thai", "HANGUL": "Kore",
    "GEORGIAN": "Geor", **INDIC_SCRIPTS,
}  # fmt: skip
_INDIC = frozenset(INDIC_SCRIPTS.values())
#: Of those, the scripts with capital letters: there, as in Latin script, a name is capitalised.
CASED_SCRIPTS = frozenset({"Cyrl", "Grek"})
#: A word of any script (Hebrew writes ג׳ / ג' for the j of foreign names, so a geresh may end it).
WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’׳][\p{L}\p{M}]+)*(?:['׳](?!\p{L}))?")
#: Case endings of Cyrillic and Greek names as :func:`romanise` writes them (Бергом → berg-om, Афинах →
#: afin-ah, Λισαβόνας → lisavon-as): vowels, then at most m, v, h (Cyrillic) or s, n (Greek) and a vowel.
#: Georgian writes a name's case ending and postposition onto it, without capitals (ნოვაკმა novak-ma, რივერტონის
#: riverton-is, კოვალსკიმ kovalski-m, ლონდონში london-si).
_CASE_ENDING = {
    "Cyrl": re.compile(r"[aeiouy]+(?:[mvh][aeiouy]*)?$"),
    "Grek": re.compile(r"[aeiouy]+[sn]?$"),
    "Geor": re.compile(r"(?:i|ma|m|s|is|it|ad|si|ze|tan|tvis|dan|gan)$"),
}
#: Korean particles (case endings) written onto the word before them: 리스본에서 "in Lisbon", 베르크는.
_KO_PARTICLE = regex.compile(r"(?:에서|에게|께서|까지|부터|으로|이나|이랑|하고|[은는이가을를의에와과도로만])$")
#: Hebrew and Arabic write prepositions, articles and "and" onto the next word (בניירובי "in Nairobi",
#: والكيني "and the Kenyan"): a name may follow one of these. After a prefix Hebrew writes a consonant v as
#: וו (לוויקטור), so a single ו after one is a vowel: nothing comes off מורנו (Moreno; ורנו, v-r-n, is Bayern).
_CLITICS = {
    "Hebr": regex.compile(r"^(?:[וה]?[בלמשכ]|ו)(?=\p{L}{3})(?!ו(?!ו))"),
    "Arab": regex.compile(r"^[وف]?(?:ال|بال|لل|ب|ل|ك)(?=\p{L}{3})|^[وف](?=\p{L}{3})"),
}
#: Sound classes of the loose key: what one script writes for another's letter stays in its class
#: (Arabic has no p or v, Korean and Thai no final g, Greek writes b as μπ, Hindi w as व).
_SOUND_CLASS = str.maketrans("bpfvgkqcjszdtlrmn", "bbbbkkkssssttrrmn")


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
    "Geor": str.maketrans({"ც": "z", "წ": "z", "ჩ": "c", "ჭ": "c", "შ": "s", "ჟ": "j", "ხ": "k", "ღ": "g", "ყ": "k"}),
    "Thai": str.maketrans({**dict.fromkeys("ขฃคฅฆ", "k"), "ง": "n", **dict.fromkeys("จฉชฌ", "c"),
                           **dict.fromkeys("ฐฑฒถทธ", "t"), **dict.fromkeys("ผพภ", "p")}),
}  # fmt: skip
#: Aspirates and sibilants of the Indic scripts, which anyascii writes as two letters: one sound each.
_INDIC_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("ch", "c"), ("jh", "j"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                  ("bh", "b"), ("sh", "s"))  # fmt: skip
#: The same for one Hangul syllable as anyascii writes it; ㅡ (eu) is the vowel Korean puts between the
#: consonants of a foreign cluster (베르크 be-reu-keu for Berg), so it is dropped.
_HANGUL_DIGRAPHS = (("ch", "c"), ("jj", "j"), ("kk", "k"), ("tt", "t"), ("pp", "p"), ("ss", "s"), ("ng", "n"),
                    ("eu", ""))  # fmt: skip


#: Letters before which an anusvara sounds as m (the labials), by the end of their Unicode names.
_LABIALS = (" LETTER PA", " LETTER PHA", " LETTER BA", " LETTER BHA", " LETTER MA")


def _indic_nasals(w: str) -> str:
    """``w`` with each anusvara (or Gurmukhi tippi, bindi) written as the n it stands for, m before a labial
    (anyascii writes m everywhere: বাংলাদেশ bamlades), and candrabindu, which only nasalises a vowel, dropped."""
    out = []
    for i, c in enumerate(w):
        name = unicodedata.name(c, "")
        if name.endswith(("SIGN ANUSVARA", "SIGN TIPPI", "SIGN BINDI")):
            after = unicodedata.name(w[i + 1], "") if i + 1 < len(w) else ""
            out.append("m" if after.endswith(_LABIALS) else "n")
        elif not name.endswith("SIGN CANDRABINDU"):
            out.append(c)
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def romanise(word: str, script: str) -> str:
    """``word`` (in ``script``) in lowercase ASCII letters, one letter a sound (c for the ch of "church"),
    as anyascii reads it, with what it reads differently from how foreign names are spelt in that script
    put right: Greek μπ/ντ/γκ are b/d/g and γ before ι, ε is y; Hebrew ו is a vowel (וו, and ו starting the word,
    the consonant v), ג׳ is j;
    Thai เ, แ, โ, ใ, ไ come after their consonant (or cluster: โดร); an Indic anusvara (Hindi ं, Bengali ং) is
    n (m before a labial); Korean ㅡ is dropped."""
    w = unicodedata.normalize("NFC", word.lower())
    if script == "Grek":
        w = fold(w)
        for a, b in (("ου", "u"), ("μπ", "b"), ("ντ", "d"), ("γκ", "g"), ("γγ", "ng"), ("τζ", "j"), ("τσ", "z")):
            w = w.replace(a, b)
        w = re.sub(r"γ(?=[ιεηυ])", "y", w)
    elif script == "Hebr":
        w = regex.sub(r"[גזצ]['׳]", lambda m: {"ג": "j", "ז": "j", "צ": "c"}[m.group()[0]], w)
        # ו is a vowel (o, u) inside a word and the consonant v at its start (ואנקובה Vaňková, ויקטור Viktor);
        # a leading ו that is the conjunction "and" is taken off by :func:`word_forms`.
        w = regex.sub(r"^ו(?!ו)", "v", w.replace("וו", "v"))
        w = w.replace("ו", "")
    elif script == "Thai":  # a vowel written before its consonant (โ in ซานโตส) is read after it
        w = regex.sub(r"([เแโใไ])([ก-ฮ](?:[รลว](?![\u0e30-\u0e3a\u0e47-\u0e4e]))?)", r"\2\1", w)
    elif script in _INDIC:
        w = _indic_nasals(w)
    if script in _ONE_SOUND:
        w = w.translate(_ONE_SOUND[script])
    if script == "Kore":
        syllables = [anyascii(c).lower() for c in w]
        for a, b in _HANGUL_DIGRAPHS:
            syllables = [x.replace(a, b) for x in syllables]
        out = "".join(syllables)
    else:
        out = anyascii(w).lower()
        if script in _INDIC:
            for a, b in _INDIC_DIGRAPHS:
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


def word_forms(word: str, script: str) -> list[str]:
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
    for f in word_forms(word, script):
        ph = romanise(f, script)
        out.append(_reading(ph))
        if script == "Thai":  # ว is w, and v in foreign names (เปตรอวา, Petrova)
            out.append(_reading(ph.replace("w", "v")))
        if script in _CASE_ENDING:
            out.append(_reading(re.sub(_CASE_ENDING[script], "", ph)))
    return tuple(dict.fromkeys(r for r in out if r.key))


#: Consonants Latin spelling tells apart that a script writes with one letter: compared with a word of that
#: script they count as one (Arabic has no p or v: Pedro is بيدرو, David ديفيد; Hebrew ב is b and v).
_MERGED_IN = {
    "Arab": str.maketrans("pvgqc", "bfkks"),
    "Hebr": str.maketrans("vfqc", "bpks"),
    # Modern Greek β is v, yet the names Greek took through Latin write Latin b with it (Δούναβης Danube,
    # Βουλγαρία, Βραζιλία); Greek writes a foreign b as μπ, which reads b.
    "Grek": str.maketrans("cv", "sb"),
    **dict.fromkeys(_INDIC, str.maketrans("z", "j")),
    # Bengali has no v (ভ, ব) and Tamil tells no voiced stop from its voiceless one (க is k and g).
    "Beng": str.maketrans("zv", "jb"),
    "Taml": str.maketrans("gdbzj", "ktpsc"),
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
    if edit_distance(fa, fb) > ((longest - 1) // 3 if strict else max(1, longest // 3)):
        return False
    return not vowels or edit_distance(a.shape, b.shape) <= max(1, max(len(a.shape), len(b.shape)) // 4)


def readings_related(short: Reading, long_: Reading, min_key: int, vowels: bool, scripts: tuple[str, ...] = ()) -> bool:
    """Looser, for a bead side whose pairing is given: ``long_`` (an inflected or derived form) starts with
    ``short``'s key (Berlin / Берлинском), on at least ``min_key`` consonant classes, with its consonants as
    spelt as :func:`readings_alike` (strict) asks (Bayern does not start Florence, brn / brns), and with
    ``vowels`` with its shape too (Oslo is not Цельсию)."""
    if len(short.key) < min_key or not long_.key.startswith(short.key):
        return False
    fs, fl = _merged(short.fine, scripts), _merged(long_.fine, scripts)
    if edit_distance(fs, fl[: len(fs)]) > (len(fs) - 1) // 3:
        return False
    return not vowels or long_.shape.startswith(short.shape.rstrip("A"))


#: Scripts that write a word's vowels (Hindi and Thai leave some unwritten, Arabic and Hebrew most).
VOWEL_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Kore", "Thai", "Geor"})


def min_sound_key(a: str, b: str) -> int:
    """Consonant classes a sound match needs between scripts ``a`` and ``b``: two where both write names
    capitalised (the capital already says "name"), else three, since then any word may be the candidate."""
    return 2 if {a, b} <= {"Latn", *CASED_SCRIPTS} else 3
