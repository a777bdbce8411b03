"""Dropped translations and genuine merges in documents too short for statistics (under 8 pairs).

    python benchmarks/short_documents.py [--langs tr,en,de,ja,ar,hi] [--gold dev,pol] [--cache-dir DIR]

Two measurements with the bundled model through :func:`align.pipeline.align_and_flag`, as ``align`` runs:

- **Dropped translations:** the six-sentence news item of ``tests/data/news`` in every ordered pair of
  ``--langs``, each time with one target sentence deleted. Shown: the source sentence stands in a 1-0 bead or
  in a bead flagged ``omission``. Also counted: the pairs with nothing deleted whose beads carry any flag.
- **Genuine merges:** every gold bead of more than two segments in the ``--gold`` sets (Text+Berg ``dev``,
  ``test0``–``test6``; zh–en ``aca``, ``mag``, ``pol``) cut out with the two gold beads before it and the three
  after (a six-bead document). Counted: those the aligner gets right, and of them the ones flagged
  ``omission`` or ``addition`` (false: every sentence of a gold bead is translated).

Prints a markdown table.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from aligner_experiments import load  # the sibling scripts (their folder is on sys.path)
from text_berg import DEFAULT_DATA as TEXT_BERG
from zh_en import DEFAULT_DATA as ZH_EN

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.encoders.base import Encoder
from align.pipeline import align_and_flag
from align.readers import document_from_text

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "tests" / "data" / "news"


def dropped(langs: list[str], encoder: Encoder) -> tuple[int, int, int, int, list[str]]:
    """(cases, shown, clean beads, clean beads flagged, the cases not shown)."""
    cases = shown = beads = flagged = 0
    missed = []
    for a, b in itertools.permutations(langs, 2):
        src_lines = (NEWS / f"{a}.txt").read_text(encoding="utf-8").splitlines()
        tgt_lines = (NEWS / f"{b}.txt").read_text(encoding="utf-8").splitlines()
        src = document_from_text("\n".join(src_lines), a, presplit=True)
        clean = align_and_flag(src, document_from_text("\n".join(tgt_lines), b, presplit=True), encoder)
        beads += len(clean.beads)
        flagged += sum(1 for f in clean.flags if f)
        for k in range(len(tgt_lines)):
            kept = tgt_lines[:k] + tgt_lines[k + 1 :]
            al = align_and_flag(src, document_from_text("\n".join(kept), b, presplit=True), encoder)
            ok = any(
                k in bead.src and (not bead.tgt or any(f.code == "omission" for f in fl))
                for bead, fl in zip(al.beads, al.flags, strict=True)
            )
            cases += 1
            shown += ok
            if not ok:
                missed.append(f"{a}→{b} without target sentence {k + 1}")
    return cases, shown, beads, flagged, missed


def merges(name: str, encoder: Encoder) -> tuple[int, int, int]:
    """(gold merges cut out, aligned as gold, of those flagged omission or addition)."""
    src, tgt, gold = load(Path(TEXT_BERG), Path(ZH_EN), name)
    cut = right = false = 0
    for i, g in enumerate(gold):
        if not g.src or not g.tgt or len(g.src) + len(g.tgt) <= 2:
            continue
        window = gold[max(0, i - 2) : i + 4]
        s_ids = [j for w in window for j in w.src]
        t_ids = [j for w in window for j in w.tgt]
        if not all(src.texts[j].strip() for j in s_ids) or not all(tgt.texts[j].strip() for j in t_ids):
            continue
        s_doc = document_from_text("\n".join(src.texts[j] for j in s_ids), src.lang, presplit=True)
        t_doc = document_from_text("\n".join(tgt.texts[j] for j in t_ids), tgt.lang, presplit=True)
        want = (tuple(s_ids.index(j) for j in g.src), tuple(t_ids.index(j) for j in g.tgt))
        al = align_and_flag(s_doc, t_doc, encoder)
        cut += 1
        for bead, fl in zip(al.beads, al.flags, strict=True):
            if (bead.src, bead.tgt) == want:
                right += 1
                false += any(f.code in ("omission", "addition") for f in fl)
    return cut, right, false


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--langs", default="tr,en,de,ja,ar,hi")
    ap.add_argument("--gold", default="dev,pol")
    ap.add_argument("--cache-dir", type=Path, help="embedding cache (default: a throw-away one)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cache = EmbeddingCache((args.cache_dir or Path(tmp)) / "embeddings.sqlite3")
        encoder = CachedEncoder(get_encoder("bundled"), cache)
        cases, shown, beads, flagged, missed = dropped(args.langs.split(","), encoder)
        print("| documents | cases | result |")
        print("|---|---|---|")
        print(f"| news, {args.langs}: one target sentence deleted | {cases} | shown {shown} ({shown / cases:.1%}) |")
        print(f"| news, {args.langs}: clean | {beads} beads | flagged {flagged} ({flagged / beads:.1%}) |")
        for name in args.gold.split(","):
            cut, right, false = merges(name, encoder)
            print(f"| {name}: gold merge in a six-bead cut | {cut} (aligned as gold {right}) | omission/addition "
                  f"{false} ({false / max(right, 1):.1%}) |")  # fmt: skip
        for m in missed:
            print(f"not shown: {m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
