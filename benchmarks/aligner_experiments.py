"""Compare aligner settings on Text+Berg with cached vectors: tune on dev, confirm on test0–6.

    python benchmarks/aligner_experiments.py [--docs dev|test|dev,test3] [--errors] [VARIANT ...]

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

from text_berg import DEFAULT_DATA, TEST_DOCS, load  # the sibling script (its folder is on sys.path)

from align.aligning import AlignConfig, align_documents
from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.evaluating import Scores, score_documents
from align.types import Bead


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("variants", nargs="*", default=[""], help="AlignConfig overrides, e.g. skip=-0.05,exact_mix=0.3")
    ap.add_argument("--docs", default="dev,test", help="'dev', 'test' (test0–6 pooled) or document names")
    ap.add_argument("--data", type=Path, default=Path(DEFAULT_DATA))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/text_berg_embeddings.sqlite3"))
    ap.add_argument("--model", default="bundled")
    ap.add_argument("--errors", action="store_true", help="list the most frequent missed gold bead kinds")
    args = ap.parse_args(argv)
    groups = [TEST_DOCS if g == "test" else [g] for g in args.docs.split(",") if g]
    cache = EmbeddingCache(args.cache)
    encoder = CachedEncoder(get_encoder(args.model), cache)
    docs = {name: load(args.data, name) for group in groups for name in group}

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
            label = group[0] if len(group) == 1 else f"{group[0]}–{group[-1]}"
            print(
                f"| {variant or 'defaults'} | {label} | {s.strict_p:.3f} / {s.strict_r:.3f} / {s.strict_f1:.3f} | "
                f"{s.lax_p:.3f} / {s.lax_r:.3f} / {s.lax_f1:.3f} | {extra / max(base, 1):.2f} |",
                flush=True,
            )
            if args.errors:
                for (kind, got), count in missed(pairs).most_common(12):
                    print(f"|  | missed {kind} | as {got or '–'} | {count} | |")
    cache.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
