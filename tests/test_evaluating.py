"""The gold-format reader/writer and the strict/lax scorer, on hand-computed cases and real gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.errors import InputError
from align.evaluating import format_bead, parse_beads, read_beads, score_alignment, score_documents
from align.types import Bead

TEXT_BERG = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "text+berg"
needs_text_berg = pytest.mark.skipif(not TEXT_BERG.is_dir(), reason="Text+Berg data not present")


def test_parse_and_format_round_trip() -> None:
    beads = parse_beads("[0]:[0, 1]\n[]:[2]\n\n[1, 2]:[]\n[3]:[3]\n")
    assert beads == [Bead((0,), (0, 1)), Bead((), (2,)), Bead((1, 2), ()), Bead((3,), (3,))]
    assert [format_bead(b) for b in beads] == ["[0]:[0, 1]", "[]:[2]", "[1, 2]:[]", "[3]:[3]"]


@pytest.mark.parametrize("line", ["[0]:[x]", "0:1", "[0] [1]", "[0]:[1", "[-1]:[0]"])
def test_bad_line_names_the_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.gold"
    path.write_text(f"[0]:[0]\n{line}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.gold:2: not a bead"):
        read_beads(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_beads(tmp_path / "nope.gold")


def test_scores_worked_by_hand() -> None:
    gold = parse_beads("[0]:[0]\n[1]:[1, 2]\n[]:[3]\n[2]:[4]")
    test = parse_beads("[0]:[0]\n[1]:[1]\n[]:[2]\n[]:[3]\n[2]:[4]")
    s = score_alignment(test, gold)
    # Precision over the 5 test beads: exact hits [0]:[0], []:[3], [2]:[4]; lax adds [1]:[1]
    # (source 1 is aligned to target 1 in gold); []:[2] misses both ways.
    assert s.strict_p == pytest.approx(3 / 5)
    assert s.lax_p == pytest.approx(4 / 5)
    # Recall over the 3 gold beads non-empty on both sides: [1]:[1, 2] misses strictly, hits laxly.
    assert s.strict_r == pytest.approx(2 / 3)
    assert s.lax_r == pytest.approx(1.0)
    assert s.strict_f1 == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))
    assert s.lax_f1 == pytest.approx(2 * 0.8 / 1.8)


def test_lax_needs_a_shared_link_not_just_a_shared_sentence() -> None:
    gold = parse_beads("[0]:[0]\n[1]:[1]")
    test = parse_beads("[0]:[1]\n[1]:[0]")  # not monotonic, but the scorer must not care
    s = score_alignment(test, gold)
    assert (s.strict_p, s.lax_p, s.strict_r, s.lax_r) == (0.0, 0.0, 0.0, 0.0)
    assert s.strict_f1 == 0.0


def test_documents_are_pooled_not_averaged() -> None:
    gold_a = parse_beads("[0]:[0]\n[1]:[1]\n[2]:[2]")
    gold_b = parse_beads("[0]:[0]")
    test_b = parse_beads("[0]:[]\n[]:[0]")
    s = score_documents([(gold_a, gold_a), (test_b, gold_b)])
    # Precision: 3 hits of 5 test beads; recall: 3 of 4 gold beads (the 1-0/0-1 test beads add none).
    assert s.strict_p == pytest.approx(3 / 5)
    assert s.strict_r == pytest.approx(3 / 4)


@needs_text_berg
@pytest.mark.parametrize("name", ["dev", "test0", "test4"])
def test_real_gold_against_itself_and_shifted(name: str) -> None:
    path = TEXT_BERG / f"{name}.gold"
    gold = read_beads(path)
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert [format_bead(b) for b in gold] == lines
    s = score_alignment(gold, gold)
    assert (s.strict_f1, s.lax_f1) == (1.0, 1.0)
    shifted = [Bead(b.src, tuple(t + 1 for t in b.tgt)) for b in gold]
    sh = score_alignment(shifted, gold)
    assert sh.strict_f1 < 0.2
    assert 0.0 < sh.lax_f1 < 1.0  # a 1-2 gold bead still overlaps its shifted self
