"""Error spans drawn on a bead's text: the words each error is about, highlighted wherever the text is shown."""

from __future__ import annotations

import html
from collections.abc import Iterable
from itertools import pairwise

from align.mqm import ERROR_CATEGORIES
from align.types import Annotation


def side_spans(annotations: Iterable[Annotation], side: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of the errors with a span on ``side`` ("src" or "tgt")."""
    return [
        (a.span_start, a.span_end, f"{ERROR_CATEGORIES.get(a.category, a.category)} · {a.severity}")
        for a in annotations
        if a.span_side == side and a.span_start is not None and a.span_end is not None and a.span_end > a.span_start
    ]


def marked_html(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` HTML-escaped, with every character inside a span wrapped in <mark> (overlaps merge; the
    tooltip names the errors). Nothing of the text is ever HTML."""
    spans = [(max(0, a), min(len(text), b), label) for a, b, label in spans if a < len(text)]
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    out = []
    for lo, hi in pairwise(cuts):
        piece = html.escape(text[lo:hi])
        labels = [label for a, b, label in spans if a <= lo and hi <= b]
        out.append(f'<mark title="{html.escape("; ".join(labels))}">{piece}</mark>' if labels else piece)
    return "".join(out)
