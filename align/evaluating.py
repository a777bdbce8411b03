"""Gold alignments: reading/writing the bead format and scoring an alignment against gold.

Gold format, one bead per line, 0-based segment ids: ``[0]:[0, 1]``, ``[]:[5]``. The tool's own table
output (CSV, also Excel's with a BOM, or JSONL) is read as beads too, from its ``src_ids``/``tgt_ids`` columns.

Scores are the strict and lax precision/recall/F1 of Thompson & Koehn (2019, "Vecalign"), after
Sennrich & Volk (2011), the figures every published Text+Berg result uses. Written here rather than
taken from a library because no maintained package implements these alignment-specific definitions:

- precision is over the test beads that are not empty on both sides (1-0/0-1 test beads count: one
  matching a gold 1-0/0-1 bead is a hit, any other is a miss);
- recall is the same formula with the arguments swapped, over the beads non-empty on both sides of
  gold (the reference is then the test beads non-empty on both sides);
- strict: a bead counts only if it is exactly a reference bead;
- lax: a bead counts if any of its source segments is aligned in the reference to any of its target
  segments.

Several documents are scored together by pooling their counts (:func:`score_documents`), as the
published figures do, not by averaging per-document scores.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from align.errors import InputError
from align.types import Bead

_BEAD_RE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def _ids(part: str) -> tuple[int, ...]:
    items = [p.strip() for p in part.split(",")]
    if items == [""]:
        return ()
    if any(not p.isdigit() for p in items):
        raise ValueError("ids must be comma-separated non-negative integers")
    return tuple(int(p) for p in items)


def parse_bead(line: str) -> Bead:
    """One ``[0]:[0, 1]`` line → :class:`Bead` (score 0); ValueError if it is not one."""
    m = _BEAD_RE.match(line)
    if not m:
        raise ValueError("expected a bead like [0]:[0, 1]")
    return Bead(_ids(m.group(1)), _ids(m.group(2)))


def parse_beads(text: str, *, name: str = "<text>", unique: bool = False) -> list[Bead]:
    """Every non-blank line of ``text`` as a bead; :class:`InputError` naming the first bad line.

    ``unique``: refuse a segment that is in two beads. An aligner's output never does that, so in a file
    to score it means a broken file; gold may (Text+Berg's test1 gold links source segment 218 twice, a
    crossing link that scoring counts as Vecalign's does), so gold is read without the check."""
    beads: list[Bead] = []
    seen: tuple[dict[int, int], dict[int, int]] = ({}, {})
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            bead = parse_bead(line)
        except ValueError as exc:
            raise InputError(f"{name}:{lineno}: not a bead ({exc}): {line.strip()[:60]!r}") from None
        for side, ids, where in (("source", bead.src, seen[0]), ("target", bead.tgt, seen[1])):
            for i in ids if unique else ():
                if i in where:
                    raise InputError(
                        f"{name}:{lineno}: {side} segment {i} is already in the bead on line {where[i]} "
                        f"(a segment belongs to one bead): {line.strip()[:60]!r}"
                    )
                where[i] = lineno
        beads.append(bead)
    return beads


def _table_ids(cell: object, name: str, row: int, column: str) -> tuple[int, ...]:
    """A table's ids cell (``"0 1"``, ``""``; a JSONL list ``[0, 1]``) → ids; :class:`InputError` naming the row."""
    items = cell if isinstance(cell, list) else str(cell if cell is not None else "").split()
    if not all(isinstance(i, int) or (isinstance(i, str) and i.isdigit()) for i in items):
        raise InputError(f"{name}: row {row}: {column} must be segment ids like '0 1', not {cell!r}")
    return tuple(int(i) for i in items)


def parse_table_beads(text: str, *, name: str = "<text>") -> list[Bead] | None:
    """The beads of the tool's CSV or JSONL output (its ``src_ids``/``tgt_ids`` columns), or None when
    ``text`` is no such table (a bead file)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if first.lstrip().startswith("{"):
        try:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: line {exc.lineno}: not JSON: {exc.msg}") from None
        if not all(isinstance(r, dict) and "src_ids" in r and "tgt_ids" in r for r in rows):
            raise InputError(f"{name}: JSONL without src_ids/tgt_ids in every line: not an alignment")
    else:
        header = next(csv.reader([first]))
        if "src_ids" not in header or "tgt_ids" not in header:
            return None
        rows = list(csv.DictReader(io.StringIO(text)))
    return [
        Bead(
            _table_ids(r["src_ids"], name, n, "src_ids"),
            _table_ids(r["tgt_ids"], name, n, "tgt_ids"),
        )
        for n, r in enumerate(rows, 1)
    ]


def read_beads(path: str | os.PathLike[str], *, unique: bool = False) -> list[Bead]:
    """Beads of a bead file or of the tool's CSV/JSONL output; :class:`InputError` if it cannot be read or a
    line is malformed (``unique``: see :func:`parse_beads`)."""
    try:
        with open(path, encoding="utf-8-sig") as fh:  # -sig: a CSV written with --excel starts with a BOM
            text = fh.read()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None
    table = parse_table_beads(text, name=str(path))
    if table is not None:
        # the same checks as a bead file: written back as one, so the messages name its lines
        return parse_beads(format_beads(table), name=str(path), unique=unique)
    return parse_beads(text, name=str(path), unique=unique)


def _max_ids(beads: Sequence[Bead]) -> tuple[int, int]:
    """Highest source and target segment id named by ``beads`` (-1 for a side with none)."""
    return max((i for b in beads for i in b.src), default=-1), max((i for b in beads for i in b.tgt), default=-1)


def check_comparable(test: Sequence[Bead], gold: Sequence[Bead], *, test_name: str, gold_name: str) -> None:
    """:class:`InputError` unless ``test`` and ``gold`` can number the same segments.

    Scoring beads whose ids refer to other segments gives a low figure that looks like a real one
    (Text+Berg test4 aligned without ``--presplit``: one extra target sentence, strict F1 0.52 instead
    of 0.88). Gold may leave a segment out (an unaligned line), so the test's ids need not match
    gold's one for one; but an alignment of the same two documents reaches the same last segment on
    each side, so the highest source and target ids must agree.
    """
    for beads, name in ((test, test_name), (gold, gold_name)):
        if not any(b.src or b.tgt for b in beads):
            raise InputError(f"{name}: no beads: nothing to score")
    (ts, tt), (gs, gt) = _max_ids(test), _max_ids(gold)
    if (ts, tt) == (gs, gt):
        return
    sides = (("source", ts, gs, "src"), ("target", tt, gt, "tgt"))
    # gold may leave segments unaligned: name only the ones it does align past the test's last
    lacks = [f"{side} {_span([i for b in gold for i in getattr(b, a) if i > t])}" for side, t, g, a in sides if t < g]
    beyond = [f"{side} {_span([i for b in test for i in getattr(b, a) if i > g])}" for side, t, g, a in sides if t > g]
    facts = []
    if lacks:
        facts.append(f"lacks {' and '.join(lacks)}, which {gold_name} aligns")
    if beyond:
        facts.append(f"names {' and '.join(beyond)}, beyond {gold_name}'s last (source {gs}, target {gt})")
    raise InputError(
        f"{test_name} {'; '.join(facts)}: the ids cannot be the same sentences "
        "(is the file cut short, or the alignment made without --presplit, or of other files?)"
    )


def _span(ids: list[int]) -> str:
    """``[6]`` → "segment 6", ``[3, 4]`` → "segments 3, 4"; long lists end in "... (N in all)"."""
    ids = sorted(set(ids))
    if len(ids) == 1:
        return f"segment {ids[0]}"
    shown = ", ".join(map(str, ids[:5]))
    return f"segments {shown}" + (f", ... ({len(ids)} in all)" if len(ids) > 5 else "")


def format_bead(bead: Bead) -> str:
    """``[0]:[0, 1]``, exactly as the gold files write a bead."""
    return "[{}]:[{}]".format(", ".join(map(str, bead.src)), ", ".join(map(str, bead.tgt)))


def format_beads(beads: Iterable[Bead]) -> str:
    return "".join(format_bead(b) + "\n" for b in beads)


@dataclass(frozen=True)
class Counts:
    """Hit/miss counts behind the scores; pooled over documents by adding."""

    p_strict: int = 0
    p_lax: int = 0
    p_total: int = 0
    r_strict: int = 0
    r_lax: int = 0
    r_total: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self._tuple(), other._tuple(), strict=True)))

    def _tuple(self) -> tuple[int, ...]:
        return (self.p_strict, self.p_lax, self.p_total, self.r_strict, self.r_lax, self.r_total)


@dataclass(frozen=True)
class Scores:
    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float

    @classmethod
    def from_counts(cls, c: Counts) -> Scores:
        sp, lp = _div(c.p_strict, c.p_total), _div(c.p_lax, c.p_total)
        sr, lr = _div(c.r_strict, c.r_total), _div(c.r_lax, c.r_total)
        return cls(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr))


def _div(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


Pair = tuple[tuple[int, ...], tuple[int, ...]]


def _hits(test: set[Pair], ref: set[Pair]) -> tuple[int, int, int]:
    """(strict hits, lax hits, total) of the ``test`` beads against the ``ref`` beads."""
    links: dict[int, set[int]] = defaultdict(set)
    for src, tgt in ref:
        for s in src:
            links[s].update(tgt)
    strict = lax = 0
    for src, tgt in test:
        if (src, tgt) in ref:
            strict += 1
            lax += 1
        elif any(t in links[s] for s in src if s in links for t in tgt):
            lax += 1
    return strict, lax, len(test)


def count_alignment(test: Sequence[Bead], gold: Sequence[Bead]) -> Counts:
    """The counts :func:`score_alignment` turns into scores (pool them over several documents)."""
    test_any = {(b.src, b.tgt) for b in test if b.src or b.tgt}
    gold_any = {(b.src, b.tgt) for b in gold if b.src or b.tgt}
    test_both = {(s, t) for s, t in test_any if s and t}
    gold_both = {(s, t) for s, t in gold_any if s and t}
    ps, pl, pt = _hits(test_any, gold_any)
    rs, rl, rt = _hits(gold_both, test_both)
    return Counts(ps, pl, pt, rs, rl, rt)


def score_alignment(test: Sequence[Bead], gold: Sequence[Bead]) -> Scores:
    """Strict and lax precision/recall/F1 of ``test`` against ``gold`` (see the module docstring)."""
    return Scores.from_counts(count_alignment(test, gold))


def score_documents(pairs: Iterable[tuple[Sequence[Bead], Sequence[Bead]]]) -> Scores:
    """Scores of several (test, gold) documents together, counts pooled."""
    total = Counts()
    for test, gold in pairs:
        total = total + count_alignment(test, gold)
    return Scores.from_counts(total)
