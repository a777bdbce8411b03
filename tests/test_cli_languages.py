"""Languages as users bring them, through the command line with the real bundled model: Chinese,
Japanese and Korean text with Latin words in it, scripts without spaces or sentence punctuation,
and language codes typed as BCP 47 tags."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import THAI_NEWS, run_cli

#: A short news item (hand-written), in English and in translation; each language has Latin-script
#: names in its text, which is what sent Chinese through wordfreq's optional jieba tokenizer.
NEWS: dict[str, list[str]] = {
    "en": [
        "OpenAI announced on Thursday that its chief technology officer, Mira Murati, will leave the company.",
        "She worked at the company for six and a half years and helped develop ChatGPT.",
        "Chief executive Sam Altman thanked her for her contributions on social media.",
        "The company said the new research team will be led by Mark Chen.",
    ],
    "zh": [
        "OpenAI周四宣布，首席技术官Mira Murati将离开公司。",
        "她在公司工作了六年半，参与了ChatGPT的开发。",
        "首席执行官Sam Altman在社交媒体上感谢了她的贡献。",
        "公司表示，新的研究团队将由Mark Chen领导。",
    ],
    "ja": [
        "OpenAIは木曜日、最高技術責任者のミラ・ムラティ氏が退社すると発表した。",
        "彼女は同社で6年半働き、ChatGPTの開発に携わった。",
        "サム・アルトマンCEOはSNSで彼女の貢献に感謝した。",
        "同社によると、新しい研究チームはMark Chen氏が率いる。",
    ],
    "ko": [
        "OpenAI는 목요일 최고기술책임자 미라 무라티가 회사를 떠난다고 발표했다.",
        "그녀는 회사에서 6년 반 동안 일하며 ChatGPT 개발에 참여했다.",
        "Sam Altman CEO는 소셜미디어에서 그녀의 공헌에 감사를 표했다.",
        "회사는 새 연구팀을 Mark Chen이 이끌 것이라고 밝혔다.",
    ],
}


def run(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, check=check, OMP_NUM_THREADS="1")


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["zh", "ja", "ko"])
def test_cjk_text_with_latin_names_aligns_and_flags(tmp_path: Path, lang: str) -> None:
    en = write_lines(tmp_path / "en.txt", NEWS["en"])
    other = write_lines(tmp_path / f"{lang}.txt", NEWS[lang])
    out = tmp_path / "pairs.csv"
    proc = run("align", "--presplit", en, other, "-o", out, check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert table["src_ids"].tolist() == ["0", "1", "2", "3"] and table["tgt_ids"].tolist() == ["0", "1", "2", "3"]
    assert set(table["tgt_lang"]) == {lang}
    # The names are on both sides: the entity check ran and found nothing missing.
    assert not table["flags"].str.contains("entity_mismatch").any(), table["flags"].tolist()


@pytest.mark.parametrize("suffix", [".jsonl", ".tmx", ".beads"])
def test_chinese_with_latin_words_in_every_output_format(tmp_path: Path, suffix: str) -> None:
    zh = write_lines(tmp_path / "zh.txt", NEWS["zh"])
    en = write_lines(tmp_path / "en.txt", NEWS["en"])
    out = tmp_path / f"pairs{suffix}"
    proc = run("align", zh, en, "-o", out, "--quiet", check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    written = out.read_text(encoding="utf-8")
    assert {".tmx": "Mira Murati", ".jsonl": "ChatGPT", ".beads": "[3]:[3]"}[suffix] in written


ZH_HANT = [
    "OpenAI週四宣布，首席技術長Mira Murati將離開公司。",
    "她在公司工作了六年半，參與了ChatGPT的開發。",
    "執行長Sam Altman在社群媒體上感謝她的貢獻。",
    "公司表示，新的研究團隊將由Mark Chen領導。",
]
PT = [
    "A OpenAI anunciou na quinta-feira que sua diretora de tecnologia, Mira Murati, deixará a empresa.",
    "Ela trabalhou na empresa por seis anos e meio e ajudou a desenvolver o ChatGPT.",
    "O presidente-executivo Sam Altman agradeceu suas contribuições nas redes sociais.",
    "A empresa disse que a nova equipe de pesquisa será liderada por Mark Chen.",
]


@pytest.mark.parametrize(
    ("src_tag", "tgt_tag", "src_lines", "src_lang", "tgt_lang"),
    [  # the exports keep the whole tag, normalised (the TMX's xml:lang needs the script: zh-Hant)
        ("zh-CN", "en-US", NEWS["zh"], "zh-CN", "en-US"),
        ("zh-Hans", "EN", NEWS["zh"], "zh-Hans", "en"),
        ("zh-Hant", "en-GB", ZH_HANT, "zh-Hant", "en-GB"),
        ("ZH", "eng", NEWS["zh"], "zh", "en"),
        ("pt-BR", "en-US", PT, "pt-BR", "en-US"),
        ("pt_BR", "en", PT, "pt-BR", "en"),
    ],
)
def test_language_tags_as_users_type_them(
    tmp_path: Path, src_tag: str, tgt_tag: str, src_lines: list[str], src_lang: str, tgt_lang: str
) -> None:
    src = write_lines(tmp_path / "src.txt", src_lines)
    tgt = write_lines(tmp_path / "en.txt", NEWS["en"])
    out = tmp_path / "pairs.csv"
    proc = run("align", src, tgt, "--src-lang", src_tag, "--tgt-lang", tgt_tag, "-o", out, check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert set(table["src_lang"]) == {src_lang} and set(table["tgt_lang"]) == {tgt_lang}
    assert table["src_ids"].tolist() == ["0", "1", "2", "3"] and table["tgt_ids"].tolist() == ["0", "1", "2", "3"]
    assert not table["flags"].str.contains("untranslated").any()


@pytest.mark.parametrize("bad", ["xx", "zh-XX-", "english", "und", "x-klingon", "12"])
@pytest.mark.parametrize("option", ["--src-lang", "--tgt-lang"])
def test_unknown_language_code_is_one_line_before_the_model_loads(tmp_path: Path, option: str, bad: str) -> None:
    src = write_lines(tmp_path / "zh.txt", NEWS["zh"])
    tgt = write_lines(tmp_path / "en.txt", NEWS["en"])
    out = tmp_path / "pairs.csv"
    # An unloadable model as well: the language error must come first, before any model work.
    proc = run("align", src, tgt, option, bad, "--model", "no-such-org/no-such-model", "-o", out, check=False)
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == 2 and len(lines) == 1, proc.stderr
    assert lines[0].startswith("error:") and repr(bad) in lines[0] and "language code" in lines[0]
    assert not out.exists()


def test_unknown_language_code_for_an_allowed_empty_side_is_still_an_error(tmp_path: Path) -> None:
    src = write_lines(tmp_path / "en.txt", NEWS["en"])
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run("align", src, empty, "--allow-empty", "--tgt-lang", "zz", "-o", tmp_path / "x.csv", check=False)
    assert proc.returncode == 2 and "'zz' is not a language code" in proc.stderr and "Traceback" not in proc.stderr
    ok = run("align", src, empty, "--allow-empty", "--tgt-lang", "ja-JP", "-o", tmp_path / "y.csv", "--quiet")
    assert ok.returncode == 0
    table = pd.read_csv(tmp_path / "y.csv", keep_default_na=False, dtype=str)
    assert set(table["tgt_lang"]) == {"ja-JP"} and (table["tgt_ids"] == "").all()  # the tag as the user gave it


THAI_NEWS_EN = [
    "The Thai government announced a ten-billion-baht solar energy investment plan on Monday.",
    "The project will install solar panels on the roofs of schools and hospitals across the country.",
    "The Ministry of Energy expects to cut the electricity bills of state agencies by up to thirty percent.",
    "The first phase of installation will start in Chiang Mai and Khon Kaen provinces.",
    "Several academics said the plan comes too late.",
    "The government will take public comments until the end of this month.",
]


def test_thai_on_one_line_aligns_sentence_by_sentence(tmp_path: Path) -> None:
    th = tmp_path / "th.txt"
    th.write_text(" ".join(THAI_NEWS) + "\n", encoding="utf-8")  # Thai ends sentences with a space
    en = tmp_path / "en.txt"
    en.write_text(" ".join(THAI_NEWS_EN) + "\n", encoding="utf-8")
    out = tmp_path / "pairs.csv"
    run("align", th, en, "-o", out)
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert set(table["src_lang"]) == {"th"} and set(table["tgt_lang"]) == {"en"}
    # Each bead pairs whole sentences with their translations; at most two Thai sentences share a segment.
    assert len(table) >= 5
    for row in table.itertuples():
        ids = [THAI_NEWS.index(s) for s in THAI_NEWS if s in row.src_text]
        assert ids and row.tgt_text == " ".join(THAI_NEWS_EN[i] for i in ids), row


def test_pair_finds_the_thai_english_translation(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "solar-th.txt").write_text(" ".join(THAI_NEWS) + "\n", encoding="utf-8")
    (corpus / "solar-en.txt").write_text(" ".join(THAI_NEWS_EN) + "\n", encoding="utf-8")
    (corpus / "openai-en.txt").write_text(" ".join(NEWS["en"]) + "\n", encoding="utf-8")
    out = tmp_path / "pairs.csv"
    proc = run("pair", corpus, "-o", out)
    table = pd.read_csv(out)
    assert len(table) == 1, table
    assert {Path(table.loc[0, "doc_a"]).name, Path(table.loc[0, "doc_b"]).name} == {"solar-th.txt", "solar-en.txt"}
    assert "openai-en.txt" in proc.stderr  # listed as unpaired
