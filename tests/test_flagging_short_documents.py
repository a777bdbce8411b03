"""Flags of documents too short for statistics (under 8 pairs), on languages whose sentences the model puts close
together: a genuine merge must not look like a dropped translation."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.encoders import get_encoder
from align.pipeline import align_and_flag
from align.readers import document_from_text

LIBRARY = Path(__file__).resolve().parent / "data" / "library"


@pytest.mark.parametrize("merged", ["km.merged_2_3.txt", "km.merged_4_5.txt"])
@pytest.mark.parametrize("khmer_first", [True, False])
def test_a_genuine_merge_between_khmer_and_burmese_is_no_omission(merged: str, khmer_first: bool) -> None:
    """Khmer and Burmese sentences of one article all sit near each other (1-1 pairs 0.95, unrelated 0.9), so the
    merged bead encoded without either half matched the other side a little better (+0.016, +0.029): a new user's
    merge was flagged addition (Khmer first) or omission (Burmese first). Each half alone is as near the other side
    as the document's pairs are, not as near as its unrelated sentences: it has its counterpart."""
    km = document_from_text((LIBRARY / merged).read_text(encoding="utf-8"), "km", presplit=True)
    my = document_from_text((LIBRARY / "my.txt").read_text(encoding="utf-8"), "my", presplit=True)
    src, tgt = (km, my) if khmer_first else (my, km)
    al = align_and_flag(src, tgt, get_encoder())
    merges = [
        (b, [f.code for f in fl]) for b, fl in zip(al.beads, al.flags, strict=True) if len(b.src) + len(b.tgt) > 2
    ]
    assert len(merges) == 1, al.beads
    assert not {"omission", "addition"} & set(merges[0][1]), merges


def test_a_dropped_sentence_between_khmer_and_burmese_still_shows() -> None:
    km = (LIBRARY / "km.txt").read_text(encoding="utf-8").splitlines()
    my = (LIBRARY / "my.txt").read_text(encoding="utf-8").splitlines()
    for drop in (1, 3):
        kept = my[:drop] + my[drop + 1 :]
        al = align_and_flag(
            document_from_text("\n".join(km), "km", presplit=True),
            document_from_text("\n".join(kept), "my", presplit=True),
            get_encoder(),
        )
        beads = [(b.src, b.tgt, [f.code for f in fl]) for b, fl in zip(al.beads, al.flags, strict=True)]
        assert [b for b in beads if drop in b[0] and (not b[1] or "omission" in b[2])], (drop, beads)
