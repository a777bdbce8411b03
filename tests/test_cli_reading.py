"""Files as users have them, through the command line with the real bundled model: blank files of any
whitespace, and text in encodings without a byte-order mark."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_cli_languages import NEWS, run, write_lines


@pytest.mark.parametrize(
    "blank",
    [
        "\u3000\u3000\u3000\n\u3000\n".encode(),  # ideographic spaces: a Japanese or Chinese file "left empty"
        "\u00a0\n\u2028\u2003\t\n".encode(),  # no-break, line separator, em space
        "\u200b\ufeff\n".encode(),  # zero-width space and a stray byte-order mark
        "\u3000\n".encode("utf-16"),  # a UTF-16 file with nothing but its BOM and blanks
    ],
    ids=["ideographic", "no-break", "zero-width", "utf-16"],
)
def test_a_blank_file_is_empty_and_aligns_when_allowed(tmp_path: Path, blank: bytes) -> None:
    en = write_lines(tmp_path / "en.txt", NEWS["en"])
    empty = tmp_path / "ja.txt"
    empty.write_bytes(blank)
    refused = run("align", en, empty, "-o", tmp_path / "x.csv", check=False)
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert refused.returncode == 2 and len(lines) == 1, refused.stderr
    assert "contains no text" in lines[0] and "--allow-empty" in lines[0]
    out = tmp_path / "allowed.csv"
    run("align", en, empty, "--allow-empty", "--tgt-lang", "ja", "-o", out, "--quiet")
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert table["src_ids"].tolist() == ["0", "1", "2", "3"] and (table["tgt_ids"] == "").all()


def test_utf16_files_without_a_bom_align(tmp_path: Path) -> None:
    en = tmp_path / "en.txt"
    en.write_bytes(("\r\n".join(NEWS["en"]) + "\r\n").encode("utf-16-le"))  # as Windows tools write it
    ja = tmp_path / "ja.txt"
    ja.write_bytes(("\n".join(NEWS["ja"]) + "\n").encode("utf-16-be"))
    out = tmp_path / "pairs.csv"
    proc = run("align", en, ja, "-o", out, check=False)
    assert proc.returncode == 0 and "binary" not in proc.stderr, proc.stderr
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert table["src_text"].tolist() == NEWS["en"] and table["tgt_text"].tolist() == NEWS["ja"]
    assert set(table["src_lang"]) == {"en"} and set(table["tgt_lang"]) == {"ja"}


def test_encoding_guess_warned_even_quiet_and_encoding_option_overrides(tmp_path: Path) -> None:
    """An uncertain guess (one short Shift_JIS line) is said on stderr even with -q; --encoding SRC,TGT
    replaces detection per file; a clear guess (a Czech cp1250 paragraph) says nothing."""
    cs = "Městské zastupitelstvo v úterý schválilo rozpočet. Starostka uvedla, že příští rok přijmou 120 učitelů.\n"
    src, tgt = tmp_path / "cs.txt", tmp_path / "ja.txt"
    src.write_bytes((cs * 3).encode("cp1250"))
    # A translation of the Czech, short enough that Shift_JIS stays an uncertain guess.
    tgt.write_bytes("市議会は火曜日に予算を承認した。\n".encode("shift_jis"))
    out = tmp_path / "x.csv"
    proc = run("align", src, tgt, "-q", "--no-flags", "--presplit", "-o", out)
    assert proc.stderr.splitlines() == [f"warning: {tgt}: decoded as cp932 (Japanese?); pass --encoding if wrong"]
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert " ".join(table["src_text"]).split() == (cs * 3).split() and "市議会は火曜日に予算を承認した。" in set(
        table["tgt_text"]
    )
    proc = run("align", src, tgt, "-q", "--no-flags", "--presplit", "--encoding", "cp1252,shift_jis", "-o", out)
    assert proc.stderr == ""
    assert "Mìstské" in pd.read_csv(out, keep_default_na=False, dtype=str)["src_text"][0]
    bad = run("align", src, tgt, "--encoding", "utf-8", "-o", out, check=False)
    assert bad.returncode == 2 and bad.stderr.strip() == f"error: {src}: not valid utf-8: byte 0xec at offset 1"


def test_a_pasted_cp1250_paragraph_in_utf8_is_said_even_quiet_and_encoding_overrides(tmp_path: Path) -> None:
    """UTF-8 Czech with one paragraph pasted from a cp1250 file: read as UTF-8 (the whole file was mojibake),
    the place said on stderr even with -q; --encoding still decides."""
    utf8 = "Městská rada v úterý schválila nový rozpočet.\nStarostka uvedla, že příští rok přijmou učitele.\n"
    pasted = "Opozice plán kritizovala a označila ho za příliš drahý.\n"
    src = tmp_path / "cs.txt"
    data = utf8.encode() + pasted.encode("cp1250")
    src.write_bytes(data)
    tgt = write_lines(
        tmp_path / "en.txt",
        [
            "The city council approved a new budget on Tuesday.",
            "The mayor said that teachers would be hired next year.",
            "The opposition criticised the plan as too expensive.",
        ],
    )
    out = tmp_path / "x.csv"
    proc = run("align", src, tgt, "-q", "--no-flags", "--presplit", "-o", out)
    offset = len(utf8.encode()) + pasted.encode("cp1250").index(b"\xe1")
    assert proc.stderr.splitlines() == [
        f"warning: {src}: read as UTF-8, but 6 byte(s) are not UTF-8 (line 3 byte {offset}): decoded as cp1250 "
        "(Czech?); pass --encoding if wrong"
    ]
    table = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert table["src_text"].tolist() == (utf8 + pasted).splitlines()
    forced = run("align", src, tgt, "-q", "--no-flags", "--presplit", "--encoding", "cp1250,utf-8", "-o", out)
    assert (
        "UTF-8" not in forced.stderr
        and "MÄ›stskĂˇ" in pd.read_csv(out, keep_default_na=False, dtype=str)["src_text"][0]
    )
