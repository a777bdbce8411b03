"""The ``untranslated`` flag names the language a target is in when the declared target language is Chinese,
Japanese or Korean and the text is in another script (align/untranslated.py). A new user's ``--tgt-lang zh-TW`` for
a French file got "target text looks like en (the source language), not zh" on every bead: told apart from the two
expected languages only, French read as the closer one, English. Real sentences of tests/data/news."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli

from align.flagging import FlagConfig
from align.untranslated import source_untranslated_flag, untranslated_flag

NEWS = Path(__file__).resolve().parent / "data" / "news"


def _lines(lang: str) -> list[str]:
    return (NEWS / f"{lang}.txt").read_text(encoding="utf-8").splitlines()


def test_a_french_file_given_as_zh_tw_is_said_to_be_french(tmp_path: Path) -> None:
    out = tmp_path / "pairs.csv"
    run_cli("align", NEWS / "en.txt", NEWS / "fr.txt", "--tgt-lang", "zh-TW", "-o", out, "-q", OMP_NUM_THREADS="1")
    table = pd.read_csv(out, keep_default_na=False)
    notes = [n for cell in table["flag_notes"] for n in cell.split(" | ") if n.startswith("untranslated")]
    assert len(notes) == len(table) == 6
    assert set(notes) == {"untranslated: target text looks like fr, neither en nor zh"}


@pytest.mark.parametrize("declared", ["zh", "ja", "ko"])
@pytest.mark.parametrize("lang", ["de", "fr", "it", "es", "pt"])
def test_a_latin_script_target_beside_a_cjk_language_is_named(lang: str, declared: str) -> None:
    """Every news sentence in ``lang`` declared as a CJK target of English: flagged (it is not in the declared
    language), and named as ``lang``, never as the source."""
    cfg = FlagConfig()
    for text in _lines(lang):
        flag = untranslated_flag("source", text, "en", declared, cfg)
        assert flag is not None and flag.message == f"target text looks like {lang}, neither en nor {declared}"


@pytest.mark.parametrize("declared", ["zh", "ja", "ko"])
@pytest.mark.parametrize("lang", ["de", "fr", "it"])
def test_a_latin_script_source_declared_cjk_is_named(lang: str, declared: str) -> None:
    """The same on the source side (``--src-lang zh-TW`` for a French source of an English translation): flagged, as
    before, and named as ``lang``, not as the target language."""
    cfg = FlagConfig()
    for text, en in zip(_lines(lang), _lines("en"), strict=True):
        flag = source_untranslated_flag(text, en, declared, "en", cfg)
        assert flag is not None and flag.message == f"source text looks like {lang}, neither en nor {declared}"
        assert untranslated_flag(text, en, declared, "en", cfg) is None  # the English target is what it says


@pytest.mark.parametrize("declared", ["zh", "ja", "ko"])
def test_an_untranslated_target_in_the_source_language_is_still_said_so(declared: str) -> None:
    cfg = FlagConfig()
    for text in _lines("en"):
        flag = untranslated_flag("source", text, "en", declared, cfg)
        assert flag is not None and flag.message == f"target text looks like en (the source language), not {declared}"
    for text in _lines(declared):  # the declared language itself: no flag
        assert untranslated_flag("source", text, "en", declared, cfg) is None
