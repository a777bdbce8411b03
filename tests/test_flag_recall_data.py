"""The multilingual benchmark data (benchmarks/data/news_multilingual*.tsv) is well formed: every row holds
a sentence in all 26 languages, each in its own script, and the quantities agree across a row.

The quantity check reads digits only, so it holds without the project's number parser (which the
benchmark tests): the significant digits of each number (separators and decimal marks removed, zeros
at either end stripped) form the same multiset in every language of a row. Scale words change
where the zeros go, not the significant digits: 2.3 billion = 2.300 millones = 23億 = 2,300 ล้าน
all read "23". Three notations are undone first: CJK myriads written in two parts (3億1000万 = 310
million, 3万8000 = 38,000), Thai Buddhist-era years (2551 = 2008), and small counts (≤ 12, or one
significant digit: months, "three provinces" written 3 จังหวัด, 8 тыс. = 8,000), which some
languages write in words and some in digits.
"""

from __future__ import annotations

import csv
import importlib.util
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data"
MAIN = DATA / "news_multilingual.tsv"
EXTRA = DATA / "news_multilingual_extra.tsv"
LANGS = "en de fr it es pt ru uk el tr fi id vi ar he hi th zh ja ko ur bn hu sw lt tl".split()  # noqa: SIM905

#: Unicode script (the first word of a letter's character name) each language is written in.
SCRIPTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ["en", "de", "fr", "it", "es", "pt", "tr", "fi", "id", "vi", "hu", "sw", "lt", "tl"], frozenset({"LATIN"})
    ),
    "ru": frozenset({"CYRILLIC"}),
    "uk": frozenset({"CYRILLIC"}),
    "el": frozenset({"GREEK"}),
    "ar": frozenset({"ARABIC"}),
    "ur": frozenset({"ARABIC"}),
    "bn": frozenset({"BENGALI"}),
    "he": frozenset({"HEBREW"}),
    "hi": frozenset({"DEVANAGARI"}),
    "th": frozenset({"THAI"}),
    "zh": frozenset({"CJK"}),
    "ja": frozenset({"CJK", "HIRAGANA", "KATAKANA"}),
    "ko": frozenset({"HANGUL"}),
}


def read(path: Path) -> list[list[str]]:
    # QUOTE_NONE: Hebrew abbreviations carry an ASCII double quote (האו"ם), which is not a CSV quote here.
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def scripts_of(text: str) -> Counter[str]:
    return Counter(unicodedata.name(c, "?").split()[0] for c in text if c.isalpha())


_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_OKU_MAN = re.compile(r"(\d[\d,]*)\s*[億亿억]\s*(\d[\d,]*)\s*[万萬만]")
_MAN = re.compile(r"(\d[\d,]*)\s*[万萬만]\s*(\d[\d,]*)")


def _int(s: str) -> int:
    return int(s.replace(",", ""))


def significant_numbers(text: str, lang: str) -> Counter[str]:
    """The multiset of significant-digit strings of ``text``'s numbers (see the module docstring)."""
    text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)  # Bengali ৩১০ is 310
    text = _OKU_MAN.sub(lambda m: str(_int(m[1]) * 10**8 + _int(m[2]) * 10**4), text)
    text = _MAN.sub(lambda m: str(_int(m[1]) * 10**4 + _int(m[2])), text)
    out: Counter[str] = Counter()
    for m in _NUMBER.finditer(text):
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        if lang == "th" and re.fullmatch(r"2[45]\d\d", raw):
            digits = str(int(raw) - 543)  # Thai press dates by the Buddhist era
        if raw.isdigit() and int(raw) <= 12:
            continue
        sig = digits.strip("0")
        if len(sig) > 1:
            out[sig] += 1
    return out


@pytest.fixture(scope="module", params=[MAIN, EXTRA], ids=["main", "extra"])
def table(request: pytest.FixtureRequest) -> list[list[str]]:
    return read(request.param)


def test_every_row_has_every_language(table: list[list[str]]) -> None:
    header, *rows = table
    assert header == LANGS
    assert len(rows) >= 12
    for row in rows:
        assert len(row) == len(LANGS), row[0]
        for lang, cell in zip(LANGS, row, strict=True):
            assert cell and cell == cell.strip() and "  " not in cell, (lang, cell)
    for j, lang in enumerate(LANGS):  # no sentence repeated within a language
        column = [row[j] for row in rows]
        assert len(set(column)) == len(column), lang


def test_main_set_is_large_enough_and_apart_from_the_extra_sentences() -> None:
    main, extra = read(MAIN)[1:], read(EXTRA)[1:]
    # flag_recall plants into sites 4 rows apart: 48 rows give 11 sites, enough for the 6 kinds
    assert len(main) >= 48
    assert not {c for r in main for c in r} & {c for r in extra for c in r}


def test_each_language_in_its_own_script(table: list[list[str]]) -> None:
    _, *rows = table
    for j, lang in enumerate(LANGS):
        column = Counter[str]()
        for row in rows:
            counts = scripts_of(row[j])
            assert SCRIPTS[lang] & set(counts), (lang, row[j])  # every cell has letters of its script
            column += counts
        share = sum(column[s] for s in SCRIPTS[lang]) / sum(column.values())
        assert share >= 0.9, (lang, share, column.most_common(3))  # names in Latin letters stay rare
    ja, zh = LANGS.index("ja"), LANGS.index("zh")
    for row in rows:
        assert re.search(r"[\u3040-\u30ff]", row[ja]), row[ja]  # Japanese has kana
        assert not re.search(r"[\u3040-\u30ff]", row[zh]), row[zh]  # Chinese has none


def test_russian_and_ukrainian_columns_are_not_swapped(table: list[list[str]]) -> None:
    _, *rows = table
    ru, uk = LANGS.index("ru"), LANGS.index("uk")
    for row in rows:
        assert not re.search(r"[іїєґІЇЄҐ]", row[ru]), row[ru]
        assert not re.search(r"[ыэъёЫЭЪЁ]", row[uk]), row[uk]


def test_quantities_agree_across_each_row(table: list[list[str]]) -> None:
    _, *rows = table
    for row in rows:
        want = significant_numbers(row[0], "en")
        for lang, cell in zip(LANGS[1:], row[1:], strict=True):
            assert significant_numbers(cell, lang) == want, (lang, cell, row[0])


def test_significant_numbers_reads_each_notation() -> None:
    # the rules above, on the notations the data uses (a wrong rule would let a typo pass)
    assert significant_numbers("3億1000万ユーロ", "ja") == Counter({"31": 1})
    assert significant_numbers("3억 1,000만 유로", "ko") == Counter({"31": 1})
    assert significant_numbers("3万8000人", "ja") == Counter({"38": 1})
    assert significant_numbers("1 200 mètres, 0,25 point", "fr") == Counter({"12": 1, "25": 1})
    assert significant_numbers("ตั้งแต่ปี 2551", "th") == Counter({"2008": 1})
    assert significant_numbers("2,450 ดอลลาร์", "th") == Counter({"245": 1})
    assert significant_numbers("12 concerts in 5 cities, 8 тыс.", "en") == Counter()
    assert significant_numbers("2.300 millones", "es") == significant_numbers("2,3 milliards", "fr")
    assert significant_numbers("2,300 million", "en") != significant_numbers("2,4 milliards", "fr")


def _flag_recall() -> ModuleType:
    """benchmarks/flag_recall.py as a module (benchmarks/ is no package)."""
    path = DATA.parent / "flag_recall.py"
    spec = importlib.util.spec_from_file_location("flag_recall", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["flag_recall"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def flag_recall() -> ModuleType:
    return _flag_recall()


def test_quantities_are_changed_where_unspaced_scripts_glue_them(flag_recall: ModuleType) -> None:
    rng = random.Random(0)
    for text, lang in [("高さは333メートルである。", "ja"), ("全长1200米。", "zh"), ("금값이 2,450달러로", "ko")]:
        changed = flag_recall.change_quantity(text, rng, lang)
        assert changed is not None and changed != text, text
        assert significant_numbers(changed, lang) != significant_numbers(text, lang)
    # never a year (Thai ones Buddhist-era), a digit in a word, or inside a thousands group
    assert flag_recall.change_quantity("ตั้งแต่ปี 2551", rng, "th") is None
    assert flag_recall.change_quantity("the G7 summit in 2008", rng, "en") is None
    for _ in range(20):
        assert flag_recall.change_quantity("1,500 people", rng, "en").endswith(",500 people")


def test_every_news_pair_gets_each_kind_planted(flag_recall: ModuleType) -> None:
    """Each seeded round plants every kind once into every pair of the news set; only names are left
    out where the entity check can verify no name of the target side (then recall has no count)."""
    corpora = flag_recall.news_corpora(flag_recall.news_languages(), list(flag_recall.NEWS_REVERSE))
    assert len(corpora) == len(LANGS) - 1 + 4
    latin = {"de", "fr", "it", "es", "pt", "tr", "fi", "id", "vi", "hu", "sw", "lt", "tl"}
    for corpus in corpora:
        for r in range(3):
            planted = flag_recall.plant(corpus.docs[0], corpus, 1, random.Random(1000 * r))
            kinds = sorted(k for k, _, _ in planted.events)
            want = set(flag_recall.KINDS) - (set() if corpus.tgt_lang in latin else {"name"})
            assert set(kinds) >= want and len(kinds) == len(set(kinds)), (corpus.name, kinds)
            # the source sentence of every replaced translation is kept, for the untouched-bead count
            replaced = [i for k, _, i in planted.events if k not in ("drop", "insert")]
            assert len(planted.sources) == len(replaced)
            originals = dict(corpus.docs[0])
            for s, j in zip(planted.sources, replaced, strict=True):
                assert originals[planted.src[s]] != planted.tgt[j]
