"""Hand edits of an alignment: pure functions over a list of beads.

Every operation returns an :class:`Edit`: the new bead list plus, for each old bead index, the new
indices its sentences went to. The review store uses that map to re-attach annotations (to the first
new bead that received sentences of the old one) and keeps the old beads in its edit log, so undo
restores them exactly.

Scores of the beads an edit creates are :data:`HAND_EDITED` (NaN, shown as "edited by hand"):
the aligner's confidence is calibrated against context (per-segment baselines, length model), so a
plain cosine recomputed here would sit on a different scale and mislead the colour scale. A caller
that has a comparable scorer can pass it as ``scorer``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from align.errors import AlignError
from align.types import Bead

Side = Literal["src", "tgt"]
Scorer = Callable[[tuple[int, ...], tuple[int, ...]], float]

#: Score of a bead made by hand when no scorer is available.
HAND_EDITED = math.nan


class EditError(AlignError):
    """An alignment edit that cannot be applied (e.g. merging the last bead with the next)."""


@dataclass(frozen=True)
class Edit:
    """Result of one alignment edit.

    ``mapping[i]`` lists the new indices that received sentences of old bead ``i`` (in order);
    ``start``/``old_stop``/``new_stop`` delimit the changed window: old beads ``[start, old_stop)``
    were replaced by new beads ``[start, new_stop)``; everything outside it is unchanged (beads
    after it are shifted by ``new_stop - old_stop``).
    """

    op: str
    beads: list[Bead]
    mapping: list[tuple[int, ...]]
    start: int
    old_stop: int
    new_stop: int

    @property
    def shift(self) -> int:
        return self.new_stop - self.old_stop

    def primary(self, old_index: int) -> int:
        """The new bead that inherits old bead ``old_index``'s annotations and review state."""
        return self.mapping[old_index][0]


def _check_index(beads: Sequence[Bead], i: int) -> None:
    if not 0 <= i < len(beads):
        raise EditError(f"bead {i} does not exist (the alignment has {len(beads)} beads)")


def _rescore(bead: Bead, scorer: Scorer | None) -> Bead:
    score = scorer(bead.src, bead.tgt) if scorer is not None else HAND_EDITED
    return Bead(bead.src, bead.tgt, float(score))


def _replace(
    op: str,
    beads: Sequence[Bead],
    start: int,
    old_stop: int,
    new_window: list[Bead],
    window_map: list[tuple[int, ...]],
    scorer: Scorer | None,
) -> Edit:
    """Replace beads[start:old_stop] by ``new_window``; window_map is relative to the window."""
    new_window = [_rescore(b, scorer) for b in new_window]
    new_beads = [*beads[:start], *new_window, *beads[old_stop:]]
    shift = len(new_window) - (old_stop - start)
    mapping: list[tuple[int, ...]] = []
    for i in range(len(beads)):
        if i < start:
            mapping.append((i,))
        elif i < old_stop:
            mapping.append(tuple(start + j for j in window_map[i - start]))
        else:
            mapping.append((i + shift,))
    return Edit(op, new_beads, mapping, start, old_stop, start + len(new_window))


def merge_with_next(beads: Sequence[Bead], i: int, scorer: Scorer | None = None) -> Edit:
    """Bead ``i`` and bead ``i + 1`` become one bead."""
    _check_index(beads, i)
    if i + 1 >= len(beads):
        raise EditError(f"bead {i} is the last one: there is no next bead to merge with")
    a, b = beads[i], beads[i + 1]
    merged = Bead(a.src + b.src, a.tgt + b.tgt)
    return _replace("merge", beads, i, i + 2, [merged], [(0,), (0,)], scorer)


def merge_with_previous(beads: Sequence[Bead], i: int, scorer: Scorer | None = None) -> Edit:
    """Bead ``i`` and bead ``i - 1`` become one bead."""
    _check_index(beads, i)
    if i == 0:
        raise EditError("bead 0 is the first one: there is no previous bead to merge with")
    return merge_with_next(beads, i - 1, scorer)


def split_bead(beads: Sequence[Bead], i: int, src_at: int, tgt_at: int, scorer: Scorer | None = None) -> Edit:
    """Split bead ``i`` into (src[:src_at], tgt[:tgt_at]) and (src[src_at:], tgt[tgt_at:]).

    Either part may have one empty side, but neither part may be empty on both sides.
    """
    _check_index(beads, i)
    bead = beads[i]
    if not (0 <= src_at <= len(bead.src) and 0 <= tgt_at <= len(bead.tgt)):
        raise EditError(
            f"bead {i} has {len(bead.src)} source and {len(bead.tgt)} target sentences; "
            f"cannot split at {src_at}/{tgt_at}"
        )
    first = Bead(bead.src[:src_at], bead.tgt[:tgt_at])
    second = Bead(bead.src[src_at:], bead.tgt[tgt_at:])
    if not (first.src or first.tgt) or not (second.src or second.tgt):
        raise EditError(f"splitting bead {i} at {src_at}/{tgt_at} would leave an empty bead")
    return _replace("split", beads, i, i + 1, [first, second], [(0, 1)], scorer)


def move_sentence(
    beads: Sequence[Bead], i: int, side: Side, direction: Literal["previous", "next"], scorer: Scorer | None = None
) -> Edit:
    """Move the first (to ``previous``) or last (to ``next``) ``side`` sentence of bead ``i`` to that neighbour.

    Only the sentence at the edge can move without breaking document order. A bead left with no
    sentence on either side disappears; its annotations go to the neighbour that got the sentence.
    """
    _check_index(beads, i)
    bead = beads[i]
    ids = getattr(bead, side)
    if not ids:
        raise EditError(f"bead {i} has no {'source' if side == 'src' else 'target'} sentence to move")
    j = i - 1 if direction == "previous" else i + 1
    if not 0 <= j < len(beads):
        raise EditError(f"bead {i} has no {direction} bead to move a sentence to")
    moved, rest = (ids[:1], ids[1:]) if direction == "previous" else (ids[-1:], ids[:-1])
    other = beads[j]
    other_ids = getattr(other, side)
    grown_ids = other_ids + moved if direction == "previous" else moved + other_ids
    grown = Bead(grown_ids, other.tgt) if side == "src" else Bead(other.src, grown_ids)
    shrunk = Bead(rest, bead.tgt) if side == "src" else Bead(bead.src, rest)
    keep_shrunk = bool(shrunk.src or shrunk.tgt)
    if direction == "previous":
        window = [grown, shrunk] if keep_shrunk else [grown]
        window_map = [(0,), (1, 0)] if keep_shrunk else [(0,), (0,)]
        return _replace("move", beads, j, i + 1, window, window_map, scorer)
    window = [shrunk, grown] if keep_shrunk else [grown]
    window_map = [(0, 1), (1,)] if keep_shrunk else [(0,), (0,)]
    return _replace("move", beads, i, j + 1, window, window_map, scorer)


def detach_sentence(
    beads: Sequence[Bead], i: int, side: Side, which: Literal["first", "last"], scorer: Scorer | None = None
) -> Edit:
    """Take the first or last ``side`` sentence of bead ``i`` out into its own 1-0 / 0-1 bead.

    The new bead goes before bead ``i`` (first sentence) or after it (last), keeping document order.
    """
    _check_index(beads, i)
    bead = beads[i]
    ids = getattr(bead, side)
    other_ids = bead.tgt if side == "src" else bead.src
    if not ids:
        raise EditError(f"bead {i} has no {'source' if side == 'src' else 'target'} sentence to detach")
    if len(ids) == 1 and not other_ids:
        raise EditError(f"bead {i} is already a single {'source' if side == 'src' else 'target'} sentence")
    alone_ids, rest = (ids[:1], ids[1:]) if which == "first" else (ids[-1:], ids[:-1])
    alone = Bead(alone_ids, ()) if side == "src" else Bead((), alone_ids)
    rest_bead = Bead(rest, bead.tgt) if side == "src" else Bead(bead.src, rest)
    if which == "first":
        return _replace("detach", beads, i, i + 1, [alone, rest_bead], [(1, 0)], scorer)
    return _replace("detach", beads, i, i + 1, [rest_bead, alone], [(0, 1)], scorer)


def check_beads(beads: Sequence[Bead], n_src: int, n_tgt: int) -> None:
    """Raise :class:`EditError` unless the beads cover both documents once, with no empty bead.

    Source sentences must come in document order; target sentences only have to appear once each,
    because a bead can pair content the translation moved elsewhere (see ``AlignConfig.moved``).
    """
    src = [i for b in beads for i in b.src]
    tgt = [i for b in beads for i in b.tgt]
    if src != list(range(n_src)):
        raise EditError("the beads do not cover every source sentence exactly once in document order")
    if sorted(tgt) != list(range(n_tgt)):
        raise EditError("the beads do not cover every target sentence exactly once")
    if any(not b.src and not b.tgt for b in beads):
        raise EditError("an alignment may not contain a bead with no sentence on either side")
