"""Compare aligner settings with cached vectors: tune on the dev sets, confirm on the test sets.

    python benchmarks/aligner_experiments.py [--docs dev,pol|test|zh|dev,test3] [--errors] [VARIANT ...]

Documents: Text+Berg (de–fr) ``dev``, ``test`` (test0–6 pooled) or one of them by name; the
Chinese–English sets ``aca``, ``mag``, ``pol`` (see benchmarks/zh_en.py) or ``zh`` (all three
pooled). The dev sets are Text+Berg dev and pol; the rest are for reporting a final choice.

Each VARIANT is a comma-separated list of AlignConfig fields, e.g. ``skip=-0.05,exact_mix=0.3``;
none means the defaults alone. Vectors go through an embedding cache (``--cache``, default under
/tmp), so each text, pass 2's blocks included, is encoded once ever: the first run encodes the
documents (minutes on 2 cores), later runs take seconds. Prints a markdown table of pooled strict
and lax P/R/F1 and the extra characters pass 2 encoded (a fraction of the documents' characters).
``--errors`` adds, per variant, the gold bead kinds missed and what the output had instead.
"""

from __future__ import annotations

import argparse
import ast
import collections
import dataclasses
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import zh_en  # the sibling script (its folder is on sys.path)
from text_berg import DEFAULT_DATA, TEST_DOCS

from align.aligning import AlignConfig, align_documents
from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.evaluating import Scores, read_beads, score_documents
from align.readers import read_document
from align.types import Bead, Document


def load(data: Path, zh_data: Path, name: str) -> tuple[Document, Document, list[Bead]]:
    """(source, target, gold) of a Text+Berg document or a zh–en set, presplit as the gold expects."""
    if name in zh_en.SETS:
        return zh_en.load(zh_data, name)
    src = read_document(data / f"{name}.de", "de", presplit=True)
    tgt = read_document(data / f"{name}.fr", "fr", presplit=True)
    return src, tgt, read_beads(data / f"{name}.gold")


def parse_variant(text: str) -> dict[str, object]:
    """``"skip=-0.05,refine=False"`` → ``{"skip": -0.05, "refine": False}`` (checked against AlignConfig)."""
    fields = {f.name for f in dataclasses.fields(AlignConfig)}
    out: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, _, value = part.partition("=")
        if key not in fields:
            raise SystemExit(f"unknown AlignConfig field {key!r}")
        out[key] = ast.literal_eval(value)
    return out


def missed(pairs: list[tuple[list[Bead], list[Bead]]]) -> collections.Counter[tuple[str, str]]:
    """(gold kind, kinds of the output beads touching its sentences) for every gold bead not found."""
    out: collections.Counter[tuple[str, str]] = collections.Counter()
    for beads, gold in pairs:
        found = {(b.src, b.tgt) for b in beads}
        for g in gold:
            if (g.src, g.tgt) in found:
                continue
            touching = [b.kind for b in beads if set(b.src) & set(g.src) or set(b.tgt) & set(g.tgt)]
            out[(g.kind, " ".join(touching))] += 1
    return out


def calibration(pairs: list[tuple[list[Bead], list[Bead]]], bins: int = 10) -> tuple[float, float, float, float]:
    """How well bead confidence predicts that an output bead is exactly a gold bead (strict) → (Brier
    score, expected calibration error over ``bins`` equal-width bins, mean confidence of right beads,
    of wrong beads)."""
    conf: list[float] = []
    right: list[bool] = []
    for beads, gold in pairs:
        found = {(g.src, g.tgt) for g in gold}
        for b in beads:
            conf.append(b.score)
            right.append((b.src, b.tgt) in found)
    c, r = np.array(conf), np.array(right, float)
    brier = float(np.mean((c - r) ** 2))
    which = np.minimum((c * bins).astype(int), bins - 1)
    gaps = [abs(c[which == k].mean() - r[which == k].mean()) * (which == k).sum() for k in np.unique(which)]
    mean_right = float(c[r == 1].mean()) if (r == 1).any() else float("nan")
    mean_wrong = float(c[r == 0].mean()) if (r == 0).any() else float("nan")
    return brier, float(sum(gaps)) / len(c), mean_right, mean_wrong


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("variants", nargs="*", default=[""], help="AlignConfig overrides, e.g. skip=-0.05,exact_mix=0.3")
    ap.add_argument("--docs", default="dev,pol", help="'dev', 'test' (test0–6), 'zh' (aca+mag+pol) or names")
    ap.add_argument("--data", type=Path, default=Path(DEFAULT_DATA))
    ap.add_argument("--zh-data", type=Path, default=Path(zh_en.DEFAULT_DATA))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/zh-en-cache/embeddings.sqlite3"))
    ap.add_argument("--model", default="bundled")
    ap.add_argument("--errors", action="store_true", help="list the most frequent missed gold bead kinds")
    ap.add_argument("--calibration", action="store_true", help="how well bead confidence predicts a right bead")
    args = ap.parse_args(argv)
    named = {"test": TEST_DOCS, "zh": list(zh_en.SETS)}
    groups = [named.get(g, [g]) for g in args.docs.split(",") if g]
    cache = EmbeddingCache(args.cache)
    encoder = CachedEncoder(get_encoder(args.model), cache)
    docs = {name: load(args.data, args.zh_data, name) for group in groups for name in group}

    print("| variant | documents | strict P / R / F1 | lax P / R / F1 | pass-2 extra chars |")
    print("|---|---|---|---|---|")
    for variant in args.variants:
        cfg = AlignConfig(**parse_variant(variant))  # type: ignore[arg-type]
        for group in groups:
            pairs: list[tuple[list[Bead], list[Bead]]] = []
            base = extra = 0
            for name in group:
                src, tgt, gold = docs[name]
                al = align_documents(src, tgt, encoder, cfg)
                pairs.append((al.beads, gold))
                chars = sum(len(s.text.strip()) for s in src.segments + tgt.segments)
                base += chars
                extra += int(al.meta["encoded_chars"]) - chars  # type: ignore[call-overload]
            s: Scores = score_documents(pairs)
            label = f"{group[0]}–{group[-1]}" if len(group) > 1 else group[0]
            label = "zh (pooled)" if group == named["zh"] else label
            print(
                f"| {variant or 'defaults'} | {label} | {s.strict_p:.3f} / {s.strict_r:.3f} / {s.strict_f1:.3f} | "
                f"{s.lax_p:.3f} / {s.lax_r:.3f} / {s.lax_f1:.3f} | {extra / max(base, 1):.2f} |",
                flush=True,
            )
            if args.calibration:
                brier, ece, good, bad = calibration(pairs)
                line = f"confidence: Brier {brier:.3f}, ECE {ece:.3f}, mean right {good:.3f} / wrong {bad:.3f}"
                print(f"|  | {line} | | | |")
            if args.errors:
                for (kind, got), count in missed(pairs).most_common(12):
                    print(f"|  | missed {kind} | as {got or '–'} | {count} | |")
    cache.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
