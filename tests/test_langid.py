"""Language codes as users type them, and language identification restricted to the pipeline's codes."""

from __future__ import annotations

from pathlib import Path

import langcodes
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align import InputError
from align.langid import detect_language, language_probability, normalise_language

#: Base languages with real documents behind them (py3langid, sentencex and wordfreq know most).
BASES = ["en", "zh", "ja", "ko", "pt", "de", "fr", "it", "es", "ru", "ar", "th", "km", "lo", "my", "nb", "haw"]
REGIONS = ["US", "GB", "CN", "TW", "HK", "BR", "PT", "JP", "KR", "DE", "CH", "419"]
SCRIPTS = ["Latn", "Hans", "Hant", "Cyrl", "Arab", "Thai", "Jpan"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("zh-CN", "zh"),
        ("zh-Hans", "zh"),
        ("zh-Hant", "zh"),
        ("zh_TW", "zh"),
        ("ZH", "zh"),
        ("zho", "zh"),
        ("cmn", "zh"),
        ("en-US", "en"),
        ("eng", "en"),
        ("pt-BR", "pt"),
        ("pt_br", "pt"),
        (" ja-JP ", "ja"),
        ("iw", "he"),
        ("tl", "fil"),
    ],
)
def test_tags_users_type_become_the_base_language(typed: str, expected: str) -> None:
    assert normalise_language(typed) == expected


@pytest.mark.parametrize(
    "bad", ["", "xx", "zz-Hant", "english", "Japanese", "en-", "und", "zxx", "x-klingon", "12", "qaa"]
)
def test_anything_but_a_language_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError, match="not a language code"):
        normalise_language(bad)


@settings(max_examples=200, deadline=None)
@given(
    base=st.sampled_from(BASES),
    script=st.none() | st.sampled_from(SCRIPTS),
    region=st.none() | st.sampled_from(REGIONS),
    sep=st.sampled_from(["-", "_"]),
    upper=st.booleans(),
)
def test_script_region_case_and_separator_never_change_the_language(
    base: str, script: str | None, region: str | None, sep: str, upper: bool
) -> None:
    tag = sep.join(p for p in (base, script, region) if p)
    tag = tag.upper() if upper else tag
    lang = normalise_language(tag)
    assert lang == normalise_language(base)
    assert normalise_language(lang) == lang  # idempotent: readers may normalise twice
    assert langcodes.tag_is_valid(lang) and lang.islower()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ-_0123456789", max_size=12))
def test_any_string_is_a_language_or_an_input_error(typed: str) -> None:
    try:
        lang = normalise_language(typed)
    except InputError:
        return
    assert lang.isalpha() and lang.islower() and 2 <= len(lang) <= 3
    assert normalise_language(lang) == lang


SENTENCES = {
    "en": "The company said the new research team will be led by Mark Chen next year.",
    "nb": "Selskapet sa at det nye forskningsteamet skal ledes av Mark Chen neste år.",
    "fil": "Sinabi ng kumpanya na ang bagong pangkat ng pananaliksik ay pamumunuan ni Mark Chen.",
    "haw": "Ua ʻōlelo ka hui e alakaʻi ʻia ana ka hui noiʻi hou e Mark Chen i kēia makahiki aʻe.",
    "th": "บริษัทระบุว่าทีมวิจัยชุดใหม่จะนำโดยมาร์ก เฉินในปีหน้า",
}


@pytest.mark.parametrize("lang", ["nb", "fil", "haw", "th"])
def test_candidates_in_the_pipelines_codes_are_answered_in_them(lang: str) -> None:
    # The identifier calls Norwegian Bokmål "no", Filipino "tl", and has no Hawaiian at all; it used to
    # raise ValueError for such candidates (the untranslated flag's check).
    assert detect_language(SENTENCES[lang], ["en", lang]) == lang
    assert detect_language(SENTENCES["en"], ["en", lang]) == "en"
    assert language_probability(SENTENCES["en"], "en", ["en", lang, "de"]) > 0.9


def test_undetectable_language_scores_zero_not_an_error() -> None:
    assert language_probability(SENTENCES["haw"], "haw", ["en", "haw"]) == 0.0


def test_every_reader_entry_point_normalises_the_code(tmp_path: Path) -> None:
    from align.readers import document_from_bytes, document_from_text, read_document

    text = "OpenAI週四宣布，首席技術長Mira Murati將離開公司。她在公司工作了六年半。"
    path = tmp_path / "zh.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path, "zh-Hant").lang == "zh"
    assert document_from_bytes(text.encode(), "zh-TW").lang == "zh"  # the app's uploads
    assert [s.text for s in document_from_text(text, "ZH").segments] == [
        "OpenAI週四宣布，首席技術長Mira Murati將離開公司。",
        "她在公司工作了六年半。",
    ]
    with pytest.raises(InputError, match="'chinese' is not a language code"):
        document_from_bytes(text.encode(), "chinese")


def test_the_identification_model_is_read_once_per_process(tmp_path: Path) -> None:
    # Reading it decompresses 68 MB (0.5-1.5 s); the CLI used to read it three times (the document's language,
    # then the untranslated flag's two candidate sets): a second of every run on short documents.
    import json
    import os
    import subprocess
    import sys

    code = """
import json
import py3langid.langid as pl
import py3langid.modelio as pm
from align.langid import detect_language, language_probability
reads = []
load = pm.load_model
pl._load_model_file = pm.load_model = lambda path: reads.append(path) or load(path)
de = "Die Expedition erreichte den Gipfel am frühen Morgen, nach drei Tagen im Sturm auf dem Grat."
got = {"any": detect_language(de), "de_fr": detect_language(de, ["fr", "de"]),
       "p": language_probability(de, "de", ["de", "fr", "it"]),
       "fr_after": detect_language("Il pleuvait sur le glacier depuis trois jours.", None), "reads": len(reads)}
fresh = pl.LanguageIdentifier.from_model_file(pl.MODEL_FILE, norm_probs=True)
fresh.set_languages(["de", "fr", "it"])
got["p_fresh"] = float(dict(fresh.rank(de))["de"])
print(json.dumps(got))
"""
    env = {**os.environ, "ALIGN_CACHE_DIR": str(tmp_path)}  # an empty cache folder: the model is read from its file
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    got = json.loads(done.stdout)
    assert got["reads"] == 1
    # a restricted identifier answers as a freshly read one, and restricting leaves the full model whole
    assert (got["any"], got["de_fr"], got["fr_after"]) == ("de", "de", "fr")
    assert got["p"] == pytest.approx(got["p_fresh"], abs=1e-6) and got["p"] > 0.9


def test_the_cached_model_answers_as_py3langids_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The model is decompressed once into the cache folder and read back memory-mapped in later processes.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from align import langid

    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    own = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = [*SENTENCES.values(), "Der Berg", "OpenAI", "", "12 345", "東京タワー", "Привет, мир"]
    for _ in ("written", "read back"):
        langid._full_identifier.cache_clear()
        langid._identifier.cache_clear()
        ident = langid._full_identifier()
        for t in texts:
            assert ident.rank(t) == own.rank(t)
        restricted = langid._identifier(("de", "en", "fr"))
        own_restricted = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        own_restricted.set_languages(["de", "en", "fr"])
        for t in texts:
            assert restricted.rank(t) == own_restricted.rank(t)
    assert any((tmp_path / "data").glob("langid-*.names"))


# --- Serbian, Croatian and Bosnian: one language in three standards --------------------------------------------

#: A news item in Serbian (Latin script, ekavian), its Croatian version (ijekavian, Croatian words) and English.
SR_LATN = [
    "Srpski premijer Marko Jovanović sastao se u ponedeljak u Berlinu sa nemačkim kancelarom Olafom Šolcom.",
    "Dvojica lidera razgovarala su o novoj železničkoj pruzi između Beograda i Budimpešte.",
    "Jovanović je rekao da će pruga biti završena do 2027. godine.",
    "Šolc je obećao da će Nemačka pomoći u finansiranju.",
    "Prema podacima Ministarstva finansija, projekat će koštati 2,1 milijardu evra.",
    "Kritičari u Novom Sadu upozorili su da bi troškovi mogli dodatno da porastu.",
    "Očekuje se da Evropska komisija odluči o sredstvima u junu.",
    "Jovanović će sledeće nedelje otputovati u Brisel.",
]
HR = [
    "Srpski premijer Marko Jovanović sastao se u ponedjeljak u Berlinu s njemačkim kancelarom Olafom Scholzom.",
    "Dvojica čelnika razgovarala su o novoj željezničkoj pruzi između Beograda i Budimpešte.",
    "Jovanović je rekao da će pruga biti dovršena do 2027. godine.",
    "Scholz je obećao da će Njemačka pomoći u financiranju.",
    "Prema podacima Ministarstva financija, projekt će stajati 2,1 milijardu eura.",
    "Kritičari u Novom Sadu upozorili su da bi troškovi mogli dodatno porasti.",
    "Očekuje se da Europska komisija odluči o sredstvima u lipnju.",
    "Jovanović će sljedeći tjedan otputovati u Bruxelles.",
]
EN = [
    "Serbian Prime Minister Marko Jovanović met German Chancellor Olaf Scholz in Berlin on Monday.",
    "The two leaders discussed a new railway line between Belgrade and Budapest.",
    "Jovanović said the line would be finished by 2027.",
    "Scholz promised that Germany would help with financing.",
    "According to the Ministry of Finance, the project will cost 2.1 billion euros.",
    "Critics in Novi Sad warned that the costs could rise further.",
    "The European Commission is expected to decide on the funds in June.",
    "Jovanović will travel to Brussels next week.",
]


def test_latin_serbian_is_serbian_not_bosnian() -> None:
    """py3langid takes Serbian in Latin script for Bosnian (and the TMX then said bs): Serbian's ekavian words
    (ponedeljak, nemačkim, sledeće) decide; Croatian stays Croatian, Cyrillic Serbian Serbian."""
    assert detect_language("\n".join(SR_LATN)) == "sr"
    assert detect_language("\n".join(HR)) == "hr"
    assert (
        detect_language("Градско веће је у уторак усвојило буџет. Следеће године биће запослено 120 наставника.")
        == "sr"
    )
    brno = (Path(__file__).parent / "data" / "news_brno" / "sr-Latn.txt").read_text(encoding="utf-8")
    assert detect_language(brno) == "sr"
    # restricted to candidates without the three, the answer stays among the candidates
    assert detect_language("\n".join(SR_LATN), ["en", "de"]) in ("en", "de")


def test_serbian_croatian_and_bosnian_pairs_raise_no_false_flag() -> None:
    """Whichever of the three standards a text is read as: no number flag on 'Dvojica lidera' (two leaders, a
    collective numeral) or '2,1 milijardu' (Serbian data spelt a billion as one word that did not scale a digit),
    and no 'untranslated' between the standards."""
    from align.flagging import FlagConfig, untranslated_flag
    from align.numbers import quantities_differ

    for lang in ("sr", "hr", "bs"):
        for text in (SR_LATN, HR):
            for en, other in zip(EN, text, strict=True):
                cmp = quantities_differ(en, "en", other, lang)
                assert not cmp.mismatch, (lang, other, cmp)
                assert untranslated_flag(en, other, "en", lang, FlagConfig()) is None
    for src, tgt in (("sr", "hr"), ("hr", "sr"), ("bs", "sr"), ("sr", "bs"), ("hr", "bs")):
        for a, b in zip(SR_LATN, HR, strict=True):
            assert untranslated_flag(a, b, src, tgt, FlagConfig()) is None
            assert not quantities_differ(a, src, b, tgt).mismatch


def test_latin_serbian_aligns_as_serbian_without_flags(tmp_path: Path) -> None:
    import pandas as pd
    from conftest import run_cli

    sr, en = tmp_path / "sr.txt", tmp_path / "en.txt"
    sr.write_text("\n".join(SR_LATN) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    out = tmp_path / "pairs.csv"
    for args in ((en, sr), (sr, en)):
        run_cli("align", *args, "-q", "-o", out, OMP_NUM_THREADS="2")
        table = pd.read_csv(out, keep_default_na=False, dtype=str)
        assert {*table["src_lang"], *table["tgt_lang"]} == {"en", "sr"}  # was bs
        assert len(table) == 8 and (table["flags"] == "").all(), table[table["flags"] != ""][["flags", "flag_notes"]]


def test_tiny_latin_text_with_a_nul_is_not_chinese(tmp_path: Path) -> None:
    """A file holding "abc\\0def" and a newline (8 bytes: one NUL is over 1 % of it, so not taken for a stray) was
    read as UTF-16 without a byte-order mark, 扡c敤੦, and its language detected as zh."""
    from align.readers import read_document

    path = tmp_path / "tiny.txt"
    path.write_bytes(b"abc\x00def\n")
    doc = read_document(path)
    assert [s.text for s in doc.segments] == ["abcdef"]
    assert doc.lang not in ("zh", "ja", "ko")


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=60),
    at=st.integers(min_value=0, max_value=60),
)
def test_ascii_text_with_one_nul_reads_as_that_text(text: str, at: int) -> None:
    """Whatever its length, ASCII text with a stray NUL is that text, never UTF-16 read into CJK."""
    from align.decoding import decode_bytes

    data = text.encode()
    data = data[:at] + b"\x00" + data[at:]
    assert decode_bytes(data)[0] == text


_DATA = Path(__file__).parent / "data"
_NEWS = sorted(
    [*(_DATA / "news").glob("*.txt"), *(_DATA / "news_brno").glob("*.txt"), *(_DATA / "quake").glob("*.txt")]
)


@pytest.mark.parametrize("text", ["Hallo!\n", "Hello!\n", "Dobar dan!\n", "東京\n"])
def test_a_language_detected_from_a_few_letters_is_said_to_be_a_guess(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, text: str
) -> None:
    """A file holding "Hallo!" was detected as it (Hello! as br) and nothing said the answer was a guess."""
    from align.readers import read_document

    path = tmp_path / "tiny.txt"
    path.write_text(text, encoding="utf-8")
    with caplog.at_level("WARNING", logger="align"):
        doc = read_document(path)
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 1 and said[0].startswith(f"{path}: language guessed as ") and f"({doc.lang})" in said[0]
    assert "--src-lang/--tgt-lang" in said[0]
    caplog.clear()
    with caplog.at_level("WARNING", logger="align"):
        read_document(path, "de")  # named: nothing to guess
    assert not caplog.records


@pytest.mark.parametrize("text", ["市議会は予算を承認した。", "はい", "안녕하세요", "สวัสดี"])
def test_a_script_of_one_language_settles_it_however_short(text: str) -> None:
    from align.langid import language_doubt

    assert language_doubt(text, detect_language(text)) == ""


@pytest.mark.parametrize("path", _NEWS, ids=[f"{p.parent.name}-{p.stem}" for p in _NEWS])
def test_a_news_article_s_language_is_no_guess(path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Whole articles (Serbo-Croatian's three standards and Chinese in Han alone among them) raise no doubt."""
    from align.readers import read_document

    with caplog.at_level("WARNING", logger="align"):
        doc = read_document(path)
    assert doc.lang == path.stem.split("-")[0] and not caplog.records


@settings(max_examples=100, deadline=None)
@given(text=st.text(st.characters(categories=["Ll", "Lu", "Zs", "Po"]), max_size=40))
def test_fewer_than_twenty_letters_of_an_alphabet_are_always_a_guess(text: str) -> None:
    from align.langid import language_doubt

    letters = sum(ch.isalpha() for ch in text)
    if letters < 20:
        assert language_doubt(text, detect_language(text)) == f"from only {letters} letter" + "s" * (letters != 1)


def _news_sentences() -> list[str]:
    """Sentences of the news matrix (tests/data/news, 20 languages)."""
    folder = Path(__file__).parent / "data" / "news"
    return [line.strip() for f in sorted(folder.glob("*.txt")) for line in f.read_text("utf-8").splitlines()]


_NEWS = _news_sentences()
_CANDIDATES = ["de", "fr", "en", "it", "ru", "uk", "tr", "fi", "zh", "ar", "sw"]


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.integers(0, len(_NEWS) - 1), min_size=1, max_size=12),
    extra=st.lists(st.text(max_size=40), max_size=4),
    joined=st.integers(0, 3),
    cands=st.lists(st.sampled_from(_CANDIDATES), min_size=1, max_size=5, unique=True),
)
def test_a_language_batch_identifies_as_each_text_alone(
    picks: list[int], extra: list[str], joined: int, cands: list[str]
) -> None:
    """Inside a batch (one walk of the model's automaton over many texts, scored against the batch's languages),
    every text is identified as it is alone, among any candidates, with the same probability (to float32 sums, 1e-4):
    news sentences, several joined (up to beyond the batch's longest text, walked alone), random strings,
    upper-case text (the model lower-cases it), text with zero-width spaces (walked as its visible text), candidates
    the batch did not score."""
    from align import langid
    from align.invisible import visible
    from align.langid import language_batch

    zero_width = _NEWS[picks[0]].replace(" ", " \u200b", 2)  # read as its visible text
    texts = [_NEWS[i] for i in picks] + extra + [" ".join(_NEWS[: 12 * joined]), _NEWS[picks[0]].upper(), zero_width]
    alone = [(detect_language(t, cands), language_probability(t, cands[0], cands)) for t in texts]
    with language_batch(texts, cands[:-1] if len(cands) > 2 else cands):
        walked = langid._BATCH[1] if langid._BATCH else {}
        # every news sentence was walked in the batch (none is longer than its limit)
        assert all(langid._full_identifier()._encode(_NEWS[i]) in walked for i in picks)
        assert langid._full_identifier()._encode(visible(zero_width)) in walked
        batched = [(detect_language(t, cands), language_probability(t, cands[0], cands)) for t in texts]
    assert [lang for lang, _ in batched] == [lang for lang, _ in alone]
    # float32 sums in another order, scaled by the text's length in the softmax: ~1e-5 (py3langid's own restrictions
    # differ from each other as much, their products blocked differently)
    assert [p for _, p in batched] == pytest.approx([p for _, p in alone], abs=1e-4)
