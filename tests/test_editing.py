"""Alignment edit operations: coverage and order are preserved, the old→new map is exact."""

from __future__ import annotations

import contextlib
import math

import pytest

from align import editing
from align.editing import (
    EditError,
    check_beads,
    detach_sentence,
    merge_with_next,
    merge_with_previous,
    move_sentence,
    split_bead,
)
from align.types import Bead

# 8 source, 7 target sentences: 1-1, 2-1, 1-0, 1-2, 0-1, 2-1, 1-1
BEADS = [
    Bead((0,), (0,), 0.9),
    Bead((1, 2), (1,), 0.8),
    Bead((3,), (), 0.4),
    Bead((4,), (2, 3), 0.7),
    Bead((), (4,), 0.3),
    Bead((5, 6), (5,), 0.6),
    Bead((7,), (6,), 0.95),
]
N_SRC, N_TGT = 8, 7


def _ops(beads: list[Bead]) -> list[tuple[str, editing.Edit]]:
    """Every edit that is possible anywhere on ``beads``."""
    out = []
    for i, b in enumerate(beads):
        calls = [
            ("merge_next", lambda i=i: merge_with_next(beads, i)),
            ("merge_prev", lambda i=i: merge_with_previous(beads, i)),
        ]
        for s in range(len(b.src) + 1):
            for t in range(len(b.tgt) + 1):
                calls.append((f"split{s}/{t}", lambda i=i, s=s, t=t: split_bead(beads, i, s, t)))
        for side in ("src", "tgt"):
            for d in ("previous", "next"):
                calls.append((f"move_{side}_{d}", lambda i=i, side=side, d=d: move_sentence(beads, i, side, d)))
            for w in ("first", "last"):
                calls.append((f"detach_{side}_{w}", lambda i=i, side=side, w=w: detach_sentence(beads, i, side, w)))
        for name, call in calls:
            with contextlib.suppress(EditError):
                out.append((f"{name}@{i}", call()))
    return out


def test_every_possible_edit_keeps_coverage_order_and_an_exact_map() -> None:
    edits = _ops(BEADS)
    assert len(edits) > 40
    for name, e in edits:
        check_beads(e.beads, N_SRC, N_TGT)  # raises if a sentence was lost, duplicated or reordered
        assert len(e.mapping) == len(BEADS), name
        for old, new in enumerate(e.mapping):
            # every sentence of the old bead is in one of the new beads it maps to
            got_src = {s for j in new for s in e.beads[j].src}
            got_tgt = {t for j in new for t in e.beads[j].tgt}
            assert set(BEADS[old].src) <= got_src and set(BEADS[old].tgt) <= got_tgt, name
        # beads outside the window are untouched and keep their score
        assert e.beads[: e.start] == BEADS[: e.start], name
        assert e.beads[e.new_stop :] == BEADS[e.old_stop :], name
        assert len(e.beads) == len(BEADS) + e.shift


def test_merge_with_next_and_previous() -> None:
    e = merge_with_next(BEADS, 1)
    assert (e.beads[1].src, e.beads[1].tgt) == ((1, 2, 3), (1,))
    assert math.isnan(e.beads[1].score)  # no scorer: marked as edited by hand
    assert e.mapping[1] == (1,) and e.mapping[2] == (1,) and e.mapping[3] == (2,)
    p = merge_with_previous(BEADS, 2)
    assert [(b.src, b.tgt) for b in p.beads] == [(b.src, b.tgt) for b in e.beads]
    with pytest.raises(EditError, match="last one"):
        merge_with_next(BEADS, len(BEADS) - 1)
    with pytest.raises(EditError, match="first one"):
        merge_with_previous(BEADS, 0)


def test_split_and_its_limits() -> None:
    e = split_bead(BEADS, 3, 1, 1)
    assert [(b.src, b.tgt) for b in e.beads[3:5]] == [((4,), (2,)), ((), (3,))]
    assert e.mapping[3] == (3, 4) and e.primary(3) == 3 and e.mapping[4] == (5,)
    with pytest.raises(EditError, match="empty bead"):
        split_bead(BEADS, 3, 0, 0)
    with pytest.raises(EditError, match="cannot split"):
        split_bead(BEADS, 3, 2, 0)


def test_move_sentence_to_neighbours() -> None:
    # last source sentence of bead 1 (sentence 2) goes to bead 2, which becomes 2-0
    e = move_sentence(BEADS, 1, "src", "next")
    assert [(b.src, b.tgt) for b in e.beads[1:3]] == [((1,), (1,)), ((2, 3), ())]
    # first target sentence of bead 3 goes back to bead 2, which becomes 1-1
    e = move_sentence(BEADS, 3, "tgt", "previous")
    assert [(b.src, b.tgt) for b in e.beads[2:4]] == [((3,), (2,)), ((4,), (3,))]
    assert e.primary(3) == 3
    # moving the only sentence of a 0-1 bead empties it: the bead disappears, annotations follow the sentence
    e = move_sentence(BEADS, 4, "tgt", "previous")
    assert len(e.beads) == len(BEADS) - 1
    assert (e.beads[3].src, e.beads[3].tgt) == ((4,), (2, 3, 4))
    assert e.mapping[4] == (3,) and e.mapping[5] == (4,)
    with pytest.raises(EditError, match="no source sentence"):
        move_sentence(BEADS, 4, "src", "next")
    with pytest.raises(EditError, match="no previous bead"):
        move_sentence(BEADS, 0, "src", "previous")


def test_detach_sentence_into_its_own_bead() -> None:
    e = detach_sentence(BEADS, 1, "src", "first")
    assert [(b.src, b.tgt) for b in e.beads[1:3]] == [((1,), ()), ((2,), (1,))]
    assert e.primary(1) == 2  # the annotations stay with the pair, not with the detached sentence
    e = detach_sentence(BEADS, 3, "tgt", "last")
    assert [(b.src, b.tgt) for b in e.beads[3:5]] == [((4,), (2,)), ((), (3,))]
    with pytest.raises(EditError, match="already a single"):
        detach_sentence(BEADS, 2, "src", "first")


def test_check_beads_rejects_broken_alignments() -> None:
    check_beads(BEADS, N_SRC, N_TGT)
    with pytest.raises(EditError):
        check_beads([*BEADS[:2], *BEADS[3:]], N_SRC, N_TGT)
    with pytest.raises(EditError):
        check_beads([BEADS[1], BEADS[0], *BEADS[2:]], N_SRC, N_TGT)
    with pytest.raises(EditError):
        check_beads([*BEADS, Bead((), ())], N_SRC, N_TGT)


def test_check_beads_accepts_a_moved_pair_but_not_a_lost_or_doubled_target() -> None:
    # Source 3 pairs with target 4, which the translation put later (the aligner's moved pairs).
    moved = [*BEADS[:2], Bead((3,), (4,)), BEADS[3], *BEADS[5:]]
    check_beads(moved, N_SRC, N_TGT)
    for e in (detach_sentence(moved, 2, "tgt", "last"), merge_with_next(moved, 2), split_bead(moved, 3, 1, 1)):
        check_beads(e.beads, N_SRC, N_TGT)
    with pytest.raises(EditError, match="target"):
        check_beads([*BEADS[:2], Bead((3,), (4,)), *BEADS[3:]], N_SRC, N_TGT)  # target 4 twice
    with pytest.raises(EditError, match="target"):
        check_beads([*BEADS[:2], Bead((3,), ()), BEADS[3], *BEADS[5:]], N_SRC, N_TGT)  # target 4 lost
