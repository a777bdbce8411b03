"""The joint segmentation of versions aligned to one pivot (no model needed): properties on random beads."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.types import Bead
from align.versions import JointRow, joint_rows

#: Bead shapes the aligner makes (pivot side, version side), 0-1 and 1-0 included.
_SHAPES = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]


@st.composite
def version_beads(draw: st.DrawFn, n: int) -> list[Bead]:
    """A random monotonic bead partition of a pivot of ``n`` segments and a version of any length."""
    beads: list[Bead] = []
    i = j = 0
    while i < n or (draw(st.booleans()) and len(beads) < 3 * n + 3):
        a, b = draw(st.sampled_from(_SHAPES))
        a = min(a, n - i)
        if a == 0 and b == 0:
            b = 1
        beads.append(Bead(tuple(range(i, i + a)), tuple(range(j, j + b))))
        i, j = i + a, j + b
    return beads


@st.composite
def versions(draw: st.DrawFn) -> tuple[int, int, list[list[Bead] | None]]:
    n = draw(st.integers(0, 12))
    k = draw(st.integers(1, 4))
    pivot = draw(st.integers(0, k))
    out: list[list[Bead] | None] = [draw(version_beads(n)) for _ in range(k)]
    out.insert(pivot, None)
    return n, pivot, out


def _crossed(beads: list[Bead], p: int) -> bool:
    """Whether a bead holds pivot segments on both sides of position p."""
    return any(b.src and min(b.src) < p <= max(b.src) for b in beads)


@settings(max_examples=300, deadline=None)
@given(versions())
def test_every_segment_and_bead_in_exactly_one_row_in_order(case: tuple[int, int, list[list[Bead] | None]]) -> None:
    n, pivot, beads = case
    rows = joint_rows(n, beads)
    for v, bv in enumerate(beads):
        ids = [i for row in rows for i in row.cells[v]]
        if bv is None:
            assert ids == list(range(n))  # the pivot: each segment once, in order
            assert all(not row.beads[v] for row in rows)
            continue
        assert sorted(ids) == [i for b in bv for i in b.tgt]  # each segment once
        assert ids == sorted(ids)  # rows follow the version's order too (no moved beads here)
        held = [k for row in rows for k in row.beads[v]]
        assert sorted(held) == list(range(len(bv)))  # each bead in exactly one row ...
        for row in rows:  # ... with all its segments
            assert set(row.cells[v]) == {t for k in row.beads[v] for t in bv[k].tgt}
            assert {s for k in row.beads[v] for s in bv[k].src} <= set(row.cells[pivot])
    assert all(any(row.cells) for row in rows)  # no empty row


@settings(max_examples=300, deadline=None)
@given(versions())
def test_rows_are_the_finest_grouping(case: tuple[int, int, list[list[Bead] | None]]) -> None:
    """A row is never cut where every version has a bead boundary, and content without a pivot counterpart
    has a row of its own exactly where it stands on such a boundary."""
    n, pivot, beads = case
    rows = joint_rows(n, beads)
    others = [b for b in beads if b is not None]
    for row in rows:
        ids = row.cells[pivot]
        # Inside a row every pivot boundary is crossed by some version's bead.
        for p in range(ids[0] + 1, ids[-1] + 1) if ids else ():
            assert any(_crossed(b, p) for b in others)
        if not ids:  # a pivot-less row: only content without pivot counterpart, on a common boundary
            for v, bv in enumerate(beads):
                for k in row.beads[v] if bv else ():
                    assert bv is not None and not bv[k].src
                    assert not any(_crossed(b, _position(bv, k, n)) for b in others)


def _position(beads: list[Bead], k: int, n: int) -> int:
    """The pivot position a bead without pivot side stands at: where the next bead with one starts."""
    return next((min(b.src) for b in beads[k + 1 :] if b.src), n)


def test_a_hand_made_case() -> None:
    """Pivot of 4 sentences; version 1 merges 1+2, version 2 adds a sentence after 0 and drops 3."""
    v1 = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), (2,))]
    v2 = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,)), Bead((2,), (3,)), Bead((3,), ())]
    assert joint_rows(4, [None, v1, v2]) == [
        JointRow(((0,), (0,), (0,)), ((), (0,), (0,))),
        JointRow(((), (), (1,)), ((), (), (1,))),
        JointRow(((1, 2), (1,), (2, 3)), ((), (1,), (2, 3))),
        JointRow(((3,), (2,), ()), ((), (2,), (4,))),
    ]


def test_content_without_pivot_counterpart_inside_a_row_joins_it() -> None:
    """Version 2's extra sentence stands between pivot 1 and 2, which version 1 merged: no row of its own."""
    v1 = [Bead((0,), (0,)), Bead((1, 2), (1,))]
    v2 = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((), (2,)), Bead((2,), (3,))]
    rows = joint_rows(3, [None, v1, v2])
    assert [row.cells for row in rows] == [((0,), (0,), (0,)), ((1, 2), (1,), (1, 2, 3))]


def test_the_same_extra_content_in_several_versions_shares_one_row() -> None:
    """Two versions both have a sentence the pivot lacks at the same place: one row (the pivot's omission)."""
    v = [Bead((0,), (0,)), Bead((), (1,)), Bead((1,), (2,))]
    rows = joint_rows(2, [None, v, v])
    assert [row.cells for row in rows] == [((0,), (0,), (0,)), ((), (1,), (1,)), ((1,), (2,), (2,))]


def test_refuses_beads_outside_the_pivot_and_a_missing_pivot() -> None:
    with pytest.raises(ValueError, match="outside"):
        joint_rows(2, [None, [Bead((0, 5), (0,))]])
    with pytest.raises(ValueError, match="None"):
        joint_rows(2, [[Bead((0,), (0,))], [Bead((0,), (0,))]])
