"""Heat-map windows: cells and boxes around the current bead, moved pairs left out."""

from __future__ import annotations

import numpy as np

from align.heatmap import heat_window
from align.types import Bead


def _unit(n: int) -> np.ndarray:
    return np.eye(n, 64, dtype=np.float32)


def test_window_boxes_follow_the_beads() -> None:
    beads = [Bead((0,), (0,)), Bead((1, 2), (1,)), Bead((3,), ()), Bead((4,), (2, 3)), Bead((), (4,))]
    win = heat_window(_unit(5), _unit(5), beads, center=2, radius=5)
    assert win.moved == ()
    assert win.path[["src0", "src1", "tgt0", "tgt1"]].values.tolist() == [
        [0, 1, 0, 1],
        [1, 3, 1, 2],
        [3, 4, 2, 2],  # the 1-0 bead: a strip where it sits on the target axis
        [4, 5, 2, 4],
        [5, 5, 4, 5],
    ]
    assert len(win.cells) == 5 * 5
    sim = win.cells.set_index(["src", "tgt"])["sim"]
    assert sim[(3, 3)] == 1.0 and sim[(3, 2)] == 0.0


def test_a_moved_pair_neither_stretches_the_window_nor_moves_the_strips() -> None:
    # Source 1 pairs with target 90, which the translation put far later.
    beads = [Bead((0,), (0,)), Bead((1,), (90,)), Bead((2,), (1,)), Bead((3,), ()), Bead((4,), (2,))]
    win = heat_window(_unit(5), _unit(91), beads, center=2, radius=5)
    assert win.moved == (1,)
    assert 1 not in set(win.path["bead"])
    assert int(win.cells["tgt"].max()) == 2  # not 90
    strip = win.path[win.path["bead"] == 3]
    assert (int(strip["tgt0"].item()), int(strip["tgt1"].item())) == (2, 2)
