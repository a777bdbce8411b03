"""``align -o x.tmx`` says that beads with an empty side are not in the file: a TMX unit needs both sides, so an
omission the table flags was silently missing from the TMX (a user's session: 10 beads, 9 units, and the summary
only said "1 with one side empty")."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import run_cli

NEWS = Path(__file__).parent / "data" / "news"


def test_a_tmx_says_that_an_omitted_sentence_is_not_in_it(tmp_path: Path) -> None:
    lines = (NEWS / "id.txt").read_text(encoding="utf-8").splitlines()
    dropped = tmp_path / "id.txt"
    dropped.write_text("\n".join(lines[:3] + lines[4:]) + "\n", encoding="utf-8")
    out = tmp_path / "pairs.tmx"
    proc = run_cli("align", NEWS / "en.txt", dropped, "-o", out, OMP_NUM_THREADS="1")
    units = ET.parse(out).findall(".//tu")
    assert len(units) == len(lines) - 1
    assert "1 with one side empty, not in the TMX" in proc.stderr
    # a CSV holds every bead: nothing to say
    proc = run_cli("align", NEWS / "en.txt", dropped, "-o", tmp_path / "pairs.csv", OMP_NUM_THREADS="1")
    assert "1 with one side empty," in proc.stderr and "TMX" not in proc.stderr
