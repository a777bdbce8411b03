"""The gold-format reader/writer and the strict/lax scorer, on hand-computed cases and real gold files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.errors import InputError
from align.evaluating import check_comparable, format_bead, parse_beads, read_beads, score_alignment, score_documents
from align.types import Bead


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


@pytest.mark.parametrize("name", ["dev", "test0", "test4"])
def test_real_gold_against_itself_and_shifted(text_berg: Path, name: str) -> None:
    path = text_berg / f"{name}.gold"
    gold = read_beads(path)
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert [format_bead(b) for b in gold] == lines
    s = score_alignment(gold, gold)
    assert (s.strict_f1, s.lax_f1) == (1.0, 1.0)
    shifted = [Bead(b.src, tuple(t + 1 for t in b.tgt)) for b in gold]
    sh = score_alignment(shifted, gold)
    assert sh.strict_f1 < 0.2
    assert 0.0 < sh.lax_f1 < 1.0  # a 1-2 gold bead still overlaps its shifted self
    check_comparable(gold, gold, test_name="test", gold_name="gold")
    with pytest.raises(
        InputError, match=r"^test names target segment \d+, beyond gold's last \(source \d+, target \d+\)"
    ):
        check_comparable(shifted, gold, test_name="test", gold_name="gold")


def test_comparable_lets_gold_leave_segments_out() -> None:
    # Gold leaves source 2 and target 3 unaligned and out; an aligner's beads name every segment.
    gold = parse_beads("[0]:[0]\n[1]:[1, 2]\n[3]:[4]")
    test = parse_beads("[0]:[0]\n[1]:[1]\n[2]:[]\n[]:[2, 3]\n[3]:[4]")
    check_comparable(test, gold, test_name="t", gold_name="g")


@pytest.mark.parametrize(
    ("test", "facts"),
    [
        ("[0]:[0]\n[1]:[1, 2]\n[3]:[4, 5]", "names target segment 5, beyond g.gold's last (source 3, target 4)"),
        ("[0]:[0]\n[1]:[1, 2]\n[2]:[4]", "lacks source segment 3, which g.gold aligns"),
        ("[0]:[0]\n[1]:[1, 2]", "lacks source segment 3 and target segment 4, which g.gold aligns"),  # stops early
    ],
)
def test_comparable_says_which_ids_are_missing_or_beyond(test: str, facts: str) -> None:
    gold = parse_beads("[0]:[0]\n[1]:[1, 2]\n[3]:[4]")
    with pytest.raises(InputError) as exc:
        check_comparable(parse_beads(test), gold, test_name="t.beads", gold_name="g.gold")
    assert str(exc.value).startswith(f"t.beads {facts}: the ids cannot be the same sentences (")
    assert "--presplit" in str(exc.value)


@pytest.mark.parametrize("beads", ["[0]:[0]\n[0]:[1]\n[1]:[2]", "[0]:[0, 1]\n\n[1, 2]:[1]"])
def test_a_file_to_score_with_a_segment_in_two_beads_is_refused_naming_the_line(beads: str) -> None:
    side, seg = ("source", 0) if beads.startswith("[0]:[0]\n") else ("target", 1)
    line = 2 if side == "source" else 3
    with pytest.raises(InputError, match=rf"^t\.beads:{line}: {side} segment {seg} is already in the bead on line 1 "):
        parse_beads(beads, name="t.beads", unique=True)
    assert len(parse_beads(beads)) == 3 - beads.count("\n\n")  # gold may link a segment twice


def test_real_gold_with_a_crossing_link_is_read(text_berg: Path) -> None:
    """Text+Berg test1's gold puts source segment 218 in two beads ([218]:[...] and [227, 218]:[198]):
    refusing that refused the benchmark itself."""
    beads = read_beads(text_berg / "test1.gold")
    assert sum(218 in b.src for b in beads) == 2
    with pytest.raises(InputError, match="source segment 218 is already in the bead"):
        read_beads(text_berg / "test1.gold", unique=True)


@pytest.mark.parametrize("test", ["", "[]:[]"])
def test_comparable_refuses_no_beads(test: str) -> None:
    gold = parse_beads("[0]:[0]")
    with pytest.raises(InputError, match=r"^t\.beads: no beads: nothing to score$"):
        check_comparable(parse_beads(test), gold, test_name="t.beads", gold_name="g.gold")
    with pytest.raises(InputError, match=r"^g\.gold: no beads"):
        check_comparable(gold, parse_beads(test), test_name="t.beads", gold_name="g.gold")


_SHAPES = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda s: s != (0, 0)), min_size=1)


def _beads(shapes: list[tuple[int, int]]) -> list[Bead]:
    """A complete monotonic alignment with beads of the given sizes."""
    out, i, j = [], 0, 0
    for a, b in shapes:
        out.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return out


def _counts(shapes: list[tuple[int, int]]) -> tuple[int, int]:
    return sum(a for a, _ in shapes), sum(b for _, b in shapes)


@given(_SHAPES, _SHAPES, st.data())
def test_comparable_iff_same_segment_counts(gold_shapes: list[tuple[int, int]], test_shapes: list[tuple[int, int]],
                                            data: st.DataObject) -> None:  # fmt: skip
    """Two complete alignments are comparable exactly when they align as many segments on each side,
    whatever beads gold leaves out short of the last segment of a side (those are unaligned)."""
    gold, test = _beads(gold_shapes), _beads(test_shapes)
    # The beads holding each side's last segment stay; gold may leave any other out.
    ends = {max((k for k, b in enumerate(gold) if getattr(b, side)), default=-1) for side in ("src", "tgt")}
    kept = [b for k, b in enumerate(gold) if k in ends or data.draw(st.booleans())]
    if _counts(test_shapes) == _counts(gold_shapes):
        check_comparable(test, kept, test_name="t", gold_name="g")
    else:
        with pytest.raises(InputError, match="--presplit"):
            check_comparable(test, kept, test_name="t", gold_name="g")


@pytest.mark.parametrize(("suffix", "excel"), [(".csv", False), (".csv", True), (".jsonl", False)])
def test_the_tools_own_table_output_is_read_as_beads(tmp_path: Path, suffix: str, excel: bool) -> None:
    """`eval --test pairs.csv` (the align command's own output) said "not a bead"."""
    import subprocess
    import sys

    from conftest import ROOT, SEED_PAIR

    from align import Alignment, read_document
    from align.exporters import alignment_table, write_table

    src, tgt = read_document(SEED_PAIR / "ja.txt"), read_document(SEED_PAIR / "it.txt")
    beads = [Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.5), Bead((), (2,), 0.2), Bead((3,), (3, 4), 0.3)]
    table = alignment_table(Alignment(src, tgt, beads, model="test"))
    out = tmp_path / f"pairs{suffix}"
    write_table(table.iloc[::-1], out, suffix.lstrip("."), excel=excel)  # any row order (e.g. --sort risk)
    assert read_beads(out, unique=True) == [Bead(b.src, b.tgt) for b in reversed(beads)]
    gold = tmp_path / "gold.beads"
    gold.write_text("".join(format_bead(b) + "\n" for b in beads), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "align", "eval", "--test", str(out), "--gold", str(gold), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"strict_f1": 1.0' in proc.stdout


def test_a_table_without_segment_ids_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "pairs.csv"
    bad.write_text("bead,src_ids,tgt_ids\n0,0,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"row 1: tgt_ids must be segment ids"):
        read_beads(bad)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a bead"):
        read_beads(other)
