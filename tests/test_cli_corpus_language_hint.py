"""``pair`` and ``group`` say a guessed language without advising options they do not have: a folder holding a file
of only numbers warned "pass --src-lang/--tgt-lang (--langs for versions) if wrong", and both commands refuse
those options. ``align`` keeps the advice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import run_cli

NEWS = Path(__file__).parent / "data" / "news"


@pytest.mark.parametrize("command", ["pair", "group"])
def test_a_guessed_language_in_a_folder_names_no_missing_option(command: str, tmp_path: Path) -> None:
    for lang in ("en", "de"):
        shutil.copy(NEWS / f"{lang}.txt", tmp_path / f"{lang}.txt")
    (tmp_path / "numbers.txt").write_text("17 3.5\n34 7\n51 10.5\n", encoding="utf-8")
    proc = run_cli(command, tmp_path, "-q", OMP_NUM_THREADS="1")
    said = [line for line in proc.stderr.splitlines() if "language guessed as" in line]
    assert len(said) == 1 and "numbers.txt" in said[0], proc.stderr
    assert "--src-lang" not in proc.stderr and "--langs" not in proc.stderr


def test_align_still_names_its_language_options(tmp_path: Path) -> None:
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("17 3.5\n34 7\n51 10.5\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("18 3.5\n34 7\n51 10.5\n", encoding="utf-8")
    proc = run_cli("align", numbers, other, "-q", "-o", tmp_path / "out.csv", OMP_NUM_THREADS="1")
    assert "pass --src-lang/--tgt-lang (--langs for versions) if wrong" in proc.stderr
