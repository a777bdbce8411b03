"""What an alignment edit (or its undo) does to the review work on the beads it changes: pure functions.

A bead side's text is its segments joined as the language writes sentences (:func:`align.types.join_segments`:
one space, or nothing after a Japanese or Chinese sentence's closing punctuation), the text the screens
and the exports show, and an error span is a character range in it. What follows a segment depends on
that segment alone (:func:`align.types.joiner_after`), so offsets are computed segment by segment
(:class:`Side`). When beads are merged, split or moved, the segments a span covers are anchored
(segment id + offset in it) and placed again in the new bead that holds them, so the span keeps
covering the same text. A span whose segments end up in two beads cannot survive; the
caller refuses such an edit instead of cutting the span.

A post-edit is the reviewer's version of a bead's target. It is carried as *parts*, one per run of
target segments it translates: merging two beads joins their parts in order (a bead without a
post-edit lends its machine translation, so the joined target matches the joined source), splitting
cuts a part at the place matching the target segment boundary. A post-edit assembled by an edit
keeps its parts (``pe_parts`` in the database), so a merge then a split hands each bead back exactly
its own post-edit; a post-edit typed as one text is cut where a character diff against the machine
translation puts the boundary, moved to the nearest space or sentence end.

A post-edit is never copied whole onto both halves of a split: HTER would count it twice and the
TMX would pair each half's source with text that translates both. When the reviewer rewrote the
text so much that no boundary matches, the cut still falls between two words, near the place
proportional to the target's, and each half can be corrected with its post-edit box.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from align.types import Bead, Document, join_texts, joiner_after

#: Between two segments of a bead side's text in databases before schema 4 (spans were re-based since).
JOINER = " "


class Side:
    """One document's segment texts as a bead side joins them: ``join(ids)`` is :func:`join_segments`'s text.

    ``spaced``: one space after every segment whatever the language (how schema 3 and older joined).
    """

    def __init__(self, texts: Sequence[str], lang: str, *, spaced: bool = False) -> None:
        self.texts = texts
        self.lang = lang
        self.spaced = spaced

    @classmethod
    def of(cls, doc: Document) -> Side:
        return cls(doc.texts, doc.lang)

    def sep(self, i: int) -> int:
        """Length of what follows segment ``i`` when another segment follows it."""
        return len(JOINER) if self.spaced else len(joiner_after(self.texts[i], self.lang))

    def join(self, ids: Sequence[int]) -> str:
        texts = [self.texts[i] for i in ids]
        return JOINER.join(texts) if self.spaced else join_texts(texts, self.lang)

    def offsets(self, ids: Sequence[int]) -> list[int]:
        """Start offset of each of ``ids``' segments in the side's joined text."""
        out, at = [], 0
        for i in ids:
            out.append(at)
            at += len(self.texts[i]) + self.sep(i)
        return out

    def length(self, ids: Sequence[int]) -> int:
        return sum(len(self.texts[i]) for i in ids) + sum(self.sep(i) for i in ids[:-1])


@dataclass(frozen=True)
class Anchor:
    """A span as segments: it starts at ``start`` in segment ``run[0]`` and ends at ``end`` in ``run[-1]``."""

    run: tuple[int, ...]
    start: int
    end: int


def anchor_span(side: Side, ids: Sequence[int], start: int, end: int) -> Anchor | None:
    """The segments a span covers; its ends move off joiners onto segment text. None: it covers no text."""
    offs = side.offsets(ids)
    seg_len = {i: len(side.texts[i]) for i in ids}
    first = next((k for k, i in enumerate(ids) if offs[k] + seg_len[i] > start), None)
    last = next((k for k in range(len(ids) - 1, -1, -1) if offs[k] < end and seg_len[ids[k]] > 0), None)
    if first is None or last is None or first > last:
        return None
    a = max(start, offs[first]) - offs[first]
    b = min(end, offs[last] + seg_len[ids[last]]) - offs[last]
    if first == last and a >= b:
        return None
    return Anchor(tuple(ids[first : last + 1]), a, b)


def place_anchor(side: Side, ids: Sequence[int], anchor: Anchor) -> tuple[int, int] | None:
    """The span's (start, end) in the side text of ``ids``; None unless its segments are all there, in order."""
    n = len(anchor.run)
    for k in range(len(ids) - n + 1):
        if tuple(ids[k : k + n]) == anchor.run:
            offs = side.offsets(ids)
            return offs[k] + anchor.start, offs[k + n - 1] + anchor.end
    return None


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces at its ends (a typed or selected span often takes one along)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- post-edits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A piece of a post-edit: the reviewer's text for target segments ``tgt``.

    ``post_edited`` is False for a machine translation that stands in for a bead without a post-edit
    (it was merged with a post-edited one). A post-edit of a bead with no target has ``tgt == ()``
    and follows its first source segment, ``src``.
    """

    tgt: tuple[int, ...]
    text: str
    post_edited: bool = True
    src: tuple[int, ...] = ()


@dataclass(frozen=True)
class PostEdited:
    """A bead with its post-edit and, if an edit assembled it, the parts it was assembled from."""

    bead: Bead
    post_edit: str
    parts: tuple[Part, ...] = ()


def join_parts(parts: Sequence[Part], lang: str) -> str:
    """The post-edit the parts make: their texts joined as ``lang`` (the target's language) joins sentences;
    empty when no part is a real post-edit."""
    if not any(p.post_edited for p in parts):
        return ""
    return join_texts([p.text for p in parts if p.text], lang)


def parts_json(parts: Sequence[Part]) -> str:
    """``pe_parts`` cell: '' when the post-edit is one piece (nothing to remember)."""
    if len(parts) < 2 and all(p.post_edited for p in parts):
        return ""
    return json.dumps([[list(p.tgt), p.text, p.post_edited, list(p.src)] for p in parts], ensure_ascii=False)


def parts_of_json(cell: str | None) -> tuple[Part, ...]:
    if not cell:
        return ()
    return tuple(Part(tuple(t), text, bool(pe), tuple(s)) for t, text, pe, s in json.loads(cell))


def bead_parts(b: PostEdited, tgt: Side) -> list[Part]:
    """The bead's post-edit as parts covering its target; its machine translation (not post-edited) if none."""
    bead = b.bead
    if not b.post_edit:
        return [Part(bead.tgt, tgt.join(bead.tgt), False)] if bead.tgt else []
    recorded = list(b.parts)
    # The record holds only while the post-edit is still what the edit assembled (before schema 4 an edit
    # joined the parts with one space whatever the language).
    assembled = {join_parts(recorded, tgt.lang), join_parts(recorded, "en")}
    if recorded and b.post_edit in assembled and tuple(i for p in recorded for i in p.tgt) == bead.tgt:
        return recorded
    return [Part(bead.tgt, b.post_edit, True, () if bead.tgt else bead.src[:1])]


# Where a cut may fall in a post-edit: at a space, or after a sentence end (texts without spaces).
_CUT_POINT = re.compile(r"\s|(?<=[.!?。！？；;])")


def _map_offset(opcodes: Sequence[tuple[str, int, int, int, int]], at: int, n_out: int) -> int:
    for tag, i1, i2, j1, j2 in opcodes:
        if i1 <= at < i2:
            if tag == "equal":
                return j1 + (at - i1)
            return j1 + round((at - i1) * (j2 - j1) / (i2 - i1))
    return n_out


def cut_post_edit(mt: str, post_edit: str, cuts: Sequence[int]) -> list[str]:
    """Cut ``post_edit`` into ``len(cuts) + 1`` pieces where it matches the offsets ``cuts`` of ``mt``.

    Each offset is mapped through a character diff of the machine translation against the post-edit
    (exact where the text around the boundary was kept), then moved to the nearest space or sentence
    end so that no word is cut. Pieces are stripped; one may be empty when the reviewer deleted that
    part of the translation.
    """
    ops = SequenceMatcher(None, mt, post_edit, autojunk=False).get_opcodes()
    points = [m.start() for m in _CUT_POINT.finditer(post_edit)]
    pieces: list[str] = []
    prev = 0
    for c in cuts:
        at = max(_map_offset(ops, c, len(post_edit)), prev)
        ahead = [p for p in points if p >= prev]
        if ahead:
            at = min(ahead, key=lambda p: (abs(p - at), p))
        pieces.append(post_edit[prev:at].strip())
        prev = at
    pieces.append(post_edit[prev:].strip())
    return pieces


def _cut_part(part: Part, runs: list[tuple[int, ...]], tgt: Side) -> list[Part]:
    """A part split by consecutive runs of its target segments."""
    if len(runs) == 1:
        return [part]
    if not part.post_edited:
        return [Part(run, tgt.join(run), False) for run in runs]
    offs = tgt.offsets(part.tgt)
    cuts, k = [], 0
    for run in runs[:-1]:
        k += len(run)
        cuts.append(offs[k] - tgt.sep(part.tgt[k - 1]))  # the joiner before the next run's first segment
    mt = tgt.join(part.tgt)
    pieces = cut_post_edit(mt, part.text, cuts)
    return [Part(run, text, True) for run, text in zip(runs, pieces, strict=True)]


def carry_post_edits(old: Sequence[PostEdited], new: Sequence[Bead], tgt: Side) -> list[list[Part]]:
    """The post-edit parts of each of ``new``, made from those of ``old`` (the beads they replace).

    Both lists cover the same segments. Parts are handed over in order: a run of target segments goes
    to the new bead that holds them (cutting a part where its segments part ways), a part with no
    target to the new bead holding its first source segment. Use :func:`join_parts` for the text.
    """
    where_tgt = {i: k for k, b in enumerate(new) for i in b.tgt}
    where_src = {i: k for k, b in enumerate(new) for i in b.src}
    out: list[list[Part]] = [[] for _ in new]
    for b in old:
        for part in bead_parts(b, tgt):
            if not part.tgt:
                anchor = part.src[:1] or b.bead.src[:1]
                out[where_src[anchor[0]]].append(part)
                continue
            runs: list[tuple[int, ...]] = []
            homes: list[int] = []
            for i in part.tgt:
                if homes and homes[-1] == where_tgt[i]:
                    runs[-1] = (*runs[-1], i)
                else:
                    runs.append((i,))
                    homes.append(where_tgt[i])
            for home, piece in zip(homes, _cut_part(part, runs, tgt), strict=True):
                out[home].append(piece)
    return [_in_target_order(parts, b.tgt) for parts, b in zip(out, new, strict=True)]


def _in_target_order(parts: list[Part], tgt: tuple[int, ...]) -> list[Part]:
    """Parts sorted as the bead's target segments (an edit keeps that order; this makes sure of it)."""
    index = {i: k for k, i in enumerate(tgt)}
    keys: list[float] = []
    for p in parts:
        # a part with no target stays right after the part before it
        keys.append(index[p.tgt[0]] if p.tgt else (keys[-1] if keys else -1.0) + 1e-6)
    return [p for _, p in sorted(zip(keys, parts, strict=True), key=lambda kp: kp[0])]
