"""Spelled-out numbers in any language with a :mod:`.lexicon`: "пяти", "δύο εκατομμύρια", "दो लाख",
"خمسة وعشرون", "hai mươi lăm", "ห้า".

Words are read left to right into one number while they make one ("two hundred five thousand"
does, "two three" does not): a count, scale words that multiply it, smaller counts that add to it.

A word alone that is more often another word is soft (matched, never reported): a zero ("không" is
also "not"), a scale word in an isolating language ("tỷ lệ", rate), a Korean one-syllable numeral
away from a counter (열, "open"), a number word far commoner than its neighbours in value, which is
mostly another word (Romanian "nouă", new; see :func:`.homographs.homographs`), and the few homographs no
data lists (Turkish "altı", under).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from align.icu_breaks import icu_word_spans
from align.numbers.entry import Entry
from align.numbers.homographs import homographs
from align.numbers.lexicon import UNSEGMENTED, Lexicon
from align.numbers.quantity import Quantity, single
from align.numbers.reader import Reader
from align.numbers.wordforms import without_clitics

#: Languages whose words do not inflect, where a number word is known as one by its neighbours.
_ISOLATING = frozenset({"vi", "th", "lo", "km", "my"})
#: The commonest Korean counters and counted nouns. A one-syllable native numeral (한, 두, 세, 네, 열) is
#: also an everyday word (열 "open" in "새로 열 계획", 네 "yes", 세 "tax") and is firm only before one.
_KO_COUNTER = re.compile(
    r"[ \u00a0]*(?:명|개|살|마리|권|대|번|곳|가지|시간|달|해|척|채|장|잔|병|벌|차례|군데"
    r"|사람|나라|배|주일|쪽|줄|송이|그루)"
)
#: Number words that are as often an everyday word, which no data lists: alone they are soft (they match
#: a number on the other side, and are never reported). Turkish "altı" is six and "(its) under" ("beş yaş
#: altı çocuklar", children under five).
#: Mongolian "сая" is a million and "just now" ("сая ирсэн", just arrived), "ер" ninety and, in "ер нь", "generally".
_HOMOGRAPHS: dict[str, frozenset[str]] = {"tr": frozenset({"altı"}), "mn": frozenset({"сая", "ер"})}
_JOINING_GAP = re.compile(r"[ \u00a0\t\-‐]*")
_SCALE_FIRST_GAP = re.compile(r",?[ \u00a0\t\-‐]*")
_DIGIT_NEXT = re.compile(r"[ \u00a0]*\d")


def spelled_numbers(
    t: str, spans: list[tuple[int, int]], lang: str, lex: Lexicon, covered: list[bool]
) -> list[Quantity]:
    """Numbers written in words in ``t`` (its words at ``spans``), none overlapping ``covered``."""
    out: list[Quantity] = []
    firm_words = True
    if lang == "th":
        spans = _join_unspaced(t, spans, lex)
    elif lang in UNSEGMENTED:
        icu_spans = _icu_pieces(t, spans, lang, lex)
        # Without PyICU (it builds from source, see align.icu_breaks) runs are cut by the lexicon alone, and what
        # that finds may be part of another word ("ရာ" in "ဆရာဝန်", doctor): soft.
        firm_words = icu_spans is not None
        # ICU cuts a spelling of the data apart too ("ငါး|ဆယ်", 50, as five and ten): joined again like Thai's
        spans = _join_unspaced(t, icu_spans, lex) if icu_spans is not None else _lexicon_pieces(t, spans, lex)
    words = [t[a:b] for a, b in spans]
    norm = [lex.norm(w) for w in words]
    found: list[Entry | None] = []
    for (a, b), w in zip(spans, words, strict=True):
        found.append(None if any(covered[a:b]) else lex.lookup(w))
    n = len(spans)
    i = 0
    while i < n:
        if (found[i] is None or found[i].connector) and _phrase(norm, i, lex) is None:  # type: ignore[union-attr]
            i += 1
            continue
        reader, soft, j, last = Reader(units_first=lang == "ar", scale_first=lex.scale_first), False, i, i
        while j < n:
            gap = _SCALE_FIRST_GAP if lex.scale_first else _JOINING_GAP  # "elfu moja, mia tano" (1,500)
            if j > i and not gap.fullmatch(t, spans[j - 1][1], spans[j][0]):
                break
            if j > i and lex.scale_first and "," in t[spans[j - 1][1] : spans[j][0]]:
                reader.pause()
            phrase = _phrase(norm, j, lex)
            if phrase is not None:
                length, value = phrase
                if not reader.feed(Entry(value)):
                    break
                j += length
                last = j
                continue
            e = found[j]
            if e is None:
                break
            if e.connector:
                nxt = found[j + 1] if j + 1 < n else None
                if j == i or ((nxt is None or nxt.connector) and _phrase(norm, j + 1, lex) is None):
                    break
                j += 1
                continue
            if j > i and norm[j] in lex.not_after_tens and _is_ten(found[j - 1]):
                break  # "mười năm" is ten years: after a ten, five is "lăm"
            if not reader.feed(e):
                break
            soft = soft or e.soft
            j += 1
            last = j
        j = last  # a connector at the end is not part of the number
        if j == i or not reader.complete:  # the first word alone does not start a number ("тысячи", "साढ़े")
            i += 1
            continue
        a, b = spans[i][0], spans[j - 1][1]
        if j == i + 1 and found[i] is not None and _lone_word_is_soft(found[i], lang):  # type: ignore[arg-type]
            soft = True
        if j == i + 1 and (norm[i] in _HOMOGRAPHS.get(lang, ()) or norm[i] in homographs(lang)):
            soft = True
        if lang == "ko" and j == i + 1 and len(words[i]) == 1 and not _KO_COUNTER.match(t, b):
            soft = True
        if lang in UNSEGMENTED and not firm_words:  # found inside a run of words by the lexicon: may match only
            soft = True
        if j == i + 1 and words[i] in _UNSEGMENTED_HOMOGRAPHS.get(lang, ()):  # as written: "ခုနစ်" is only seven
            soft = soft or not (j < n and spans[j][0] == b and words[j] in _CLASSIFIERS[lang])
        if not _DIGIT_NEXT.match(t, b):  # "năm 2024" is "year 2024"; "пять 5" repeats the digits
            out.append(single(t[a:b], reader.value, a, b, "word", soft=soft))
        i = j
    return out


def _is_ten(e: Entry | None) -> bool:
    """A tens word ("mười", "עשרים") or the tens scale ("mươi" in "hai mươi")."""
    return e is not None and (e.scale == 10 or (e.value is not None and e.value in _TENS))


_TENS = frozenset(float(10 * k) for k in range(1, 10))


def _lone_word_is_soft(e: Entry, lang: str) -> bool:
    """Whether a number word standing alone is more likely another word: zero is also "not", "centre",
    "void" (vi "không", th "ศูนย์", hi "शून्य"); in isolating languages a scale word alone is part of another
    word ("phần trăm" per cent, "tỷ lệ" rate, "hàng trăm" hundreds), and counts only next to a number."""
    return e.value == 0 or (lang in _ISOLATING and e.scale is not None)


def _join_unspaced(t: str, spans: list[tuple[int, int]], lex: Lexicon) -> list[tuple[int, int]]:
    """Number words cut by the dictionary where the number's own parts do not end (Thai "เจ็ด|ร้อยแปด|สิบเอ็ด" for
    781, Burmese "ငါး|ဆယ်" for 50, where ten is no scale word in the data): adjacent number words that make one
    word of the lexicon are joined again and read as one."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and out[-1][1] == a and lex.lookup(t[a:b]) is not None and lex.lookup(t[out[-1][0] : a]) is not None:
            joined = (out[-1][0], b)
            if lex.lookup(t[joined[0] : b]) is not None:
                out[-1] = joined
                continue
        out.append((a, b))
    return out


#: Signs that join the next consonant to the one before (Khmer coeng, Burmese virama): no word starts after one.
_STACKERS = "\u17d2\u1039"
_ASAT = "\u103a"  # Burmese: the consonant before it ends the syllable before


def _boundary(t: str, i: int, a: int, b: int) -> bool:
    """Whether a syllable may start at ``i`` of the run ``t[a:b]``."""
    if i in (a, b):
        return True
    return not unicodedata.category(t[i]).startswith("M") and t[i - 1] not in _STACKERS and t[i + 1 : i + 2] != _ASAT


def _lexicon_pieces(t: str, spans: list[tuple[int, int]], lex: Lexicon) -> list[tuple[int, int]]:
    """Khmer, Burmese and Lao runs cut into the lexicon's words (longest first, at syllable boundaries) and
    the stretches between them ("ស្ពាន|ពីរ|ស្ថិតក្នុង…", "လူ|သုံး|ဦး"): no segmenter for them is at hand."""
    sizes = sorted({len(w) for w in lex.entries}, reverse=True)
    out: list[tuple[int, int]] = []
    for a, b in spans:
        i, rest = a, a
        while i < b:
            size = next(
                (n for n in sizes if i + n <= b and t[i : i + n] in lex.entries and _boundary(t, i + n, a, b)), 0
            ) if _boundary(t, i, a, b) else 0  # fmt: skip
            if size:
                if rest < i:
                    out.append((rest, i))
                out.append((i, i + size))
                i = rest = i + size
            else:
                i += 1
        if rest < b:
            out.append((rest, b))
    return out


def _icu_pieces(t: str, spans: list[tuple[int, int]], lang: str, lex: Lexicon) -> list[tuple[int, int]] | None:
    """Khmer, Burmese and Lao runs cut into words by ICU's dictionary; a word made only of number words ("ငါးရာ",
    500; "ສອງພັນ", 2000) cut into them, one holding other letters ("ဆရာဝန်", doctor) kept whole. None without
    PyICU."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        pieces = icu_word_spans(t[a:b], lang)
        if pieces is None:
            return None
        for word in _numbers_across(t, [(a + p, a + q) for p, q in pieces], lex):
            if lex.lookup(t[word[0] : word[1]]) is None:
                parts = _lexicon_pieces(t, [word], lex)
                if len(parts) > 1 and all(lex.lookup(t[x:y]) is not None for x, y in parts):
                    out.extend(parts)
                    continue
            out.append(word)
    return out


def _numbers_across(t: str, pieces: list[tuple[int, int]], lex: Lexicon) -> list[tuple[int, int]]:
    """ICU's ``pieces`` of one run of words, cut again where its dictionary cut a number of two words or more apart
    inside words of its own: Khmer "អស់ពី|រលា|នដុល្លារ" holds ពីរលាន (two million) after អស់ (all spent). Numbers of
    one word are left as ICU cut them (ពី|រដ្ឋាភិបាល, "from the government", begins with ពីរ, two), and so are those
    ICU cuts nowhere inside (a number word inside a word of its, "ဆရာဝန်", is no number)."""
    run = (pieces[0][0], pieces[-1][1])
    cuts = {p for p, _ in pieces} | {run[1]}
    words = _lexicon_pieces(t, [run], lex)
    i = 0
    while i < len(words):
        reader, j = Reader(scale_first=lex.scale_first), i
        while j < len(words) and (e := lex.lookup(t[words[j][0] : words[j][1]])) is not None and reader.feed(e):
            j += 1
        start, end = words[i][0], words[j - 1][1] if j > i else words[i][1]
        inside = {c for c in cuts if start < c < end}
        if j - i >= 2 and inside and not ({start, end} <= cuts and inside <= {p for p, _ in words[i:j]}):
            cuts = (cuts - inside) | {start, end} | {p for p, _ in words[i:j]}
        i = max(j, i + 1)
    return list(pairwise(sorted(cuts)))


#: Number words of Khmer, Burmese and Lao that are as often another whole word, which no word list here knows
#: (wordfreq has none of the three): alone they are soft, unless a classifier follows ("လူငါးဦး", five people).
#: Burmese နှစ် two/year, သုံး three/use, ငါး five/fish, လေး four/heavy and the diminutive "-လေး", ခုနှစ် seven
#: and the era's year ("၂၀၂၄ ခုနှစ်"); Lao ຊາວ twenty/people ("ຊາວບ້ານ", villagers), ຫົກ six/spill.
_UNSEGMENTED_HOMOGRAPHS: dict[str, frozenset[str]] = {
    "my": frozenset({"နှစ်", "သုံး", "ငါး", "လေး", "ခုနှစ်"}),
    "lo": frozenset({"ຊາວ", "ຫົກ"}),
}
#: The commonest Burmese classifiers and counted time words: people (ဦး, ယောက်), things (ခု), animals (ကောင်),
#: vehicles (စီး, စင်း), round things (လုံး), times (ကြိမ်, ခါ), kinds (မျိုး), buildings (ဆောင်), days, months, years.
_CLASSIFIERS = {
    "my": ("ဦး", "ယောက်", "ခု", "ကောင်", "စီး", "စင်း", "လုံး", "ကြိမ်", "ခါ", "မျိုး", "ဆောင်", "ရက်", "လ", "နှစ်"),
    "lo": ("ຄົນ", "ໂຕ", "ອັນ", "ຄັ້ງ", "ປີ", "ເດືອນ", "ມື້", "ຫຼັງ", "ຄັນ", "ກີບ"),
}


def _phrase(norm: list[str], j: int, lex: Lexicon) -> tuple[int, float] | None:
    """A several-word spelling starting at word ``j`` ("خمسة عشر"): its length and value."""
    if not lex.phrases:
        return None
    for length in (4, 3, 2):
        if j + length > len(norm):
            continue
        rest = tuple(norm[j + 1 : j + length])
        for first in without_clitics(norm[j], lex.lang):  # "ושלושה עשר": and thirteen
            v = lex.phrases.get((first, *rest))
            if v is not None:
                return length, v
    return None
