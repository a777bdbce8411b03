"""Speed of a multi-version alignment against one pair: ``python benchmarks/multiversion.py``.

Ten language versions of a ~500-sentence article (en de fr ru ja zh ar es hi ko), built from the 60 news
sentences of ``benchmarks/data/news_multilingual*.tsv`` (20 languages, every row a faithful translation):
the rows are repeated in a different order per repetition, and every sentence gets a dateline name unique
to it (the same in every version, "Karito:"), so no text repeats and every sentence costs a real encoding.

Times, with the bundled model loaded once beforehand (model load not counted) and no on-disk cache:
one pair (the pivot and the second version, ``align_and_flag``, flags on) and the whole set
(``align_versions``, pairwise and cross-version flags on). Target (issue 12): the set in under 10× the pair.
Prints one JSON object. ``--versions 3 --sentences 100`` is a quick run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.encoders import get_encoder  # noqa: E402
from align.pipeline import align_and_flag  # noqa: E402
from align.readers import document_from_text  # noqa: E402
from align.types import Document  # noqa: E402
from align.versions import align_versions  # noqa: E402

LANGS = ["en", "de", "fr", "ru", "ja", "zh", "ar", "es", "hi", "ko"]
_SYLLABLES = ["ka", "ri", "to", "me", "su", "la", "no", "vi", "de", "po", "ra", "ze", "mo", "ti", "lu", "ne"]


def _rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("news_multilingual.tsv", "news_multilingual_extra.tsv"):
        with (ROOT / "benchmarks" / "data" / name).open(encoding="utf-8") as f:
            rows += list(csv.DictReader(f, delimiter="\t"))
    return rows


def _name(i: int) -> str:
    """A made-up place name unique to ``i`` (three syllables from a 16-syllable alphabet, then more)."""
    parts = []
    for _ in range(3):
        parts.append(_SYLLABLES[i % 16])
        i //= 16
    while i:
        parts.append(_SYLLABLES[i % 16])
        i //= 16
    return "".join(parts).capitalize()


def make_versions(n_versions: int, n_sentences: int, seed: int = 0) -> list[Document]:
    """``n_versions`` language versions of one article of ``n_sentences`` sentences, one a line."""
    if n_versions > len(LANGS):
        raise SystemExit(f"at most {len(LANGS)} versions")
    rows, rng = _rows(), random.Random(seed)
    order: list[int] = []
    while len(order) < n_sentences:
        block = list(range(len(rows)))
        rng.shuffle(block)
        order += block
    order = order[:n_sentences]
    docs = []
    for lang in LANGS[:n_versions]:
        lines = [f"{_name(k)}: {rows[i][lang]}" for k, i in enumerate(order)]
        docs.append(document_from_text("\n".join(lines) + "\n", lang, presplit=True, name=f"{lang}.txt"))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--versions", type=int, default=10)
    ap.add_argument("--sentences", type=int, default=500)
    ap.add_argument("--model", default="bundled")
    args = ap.parse_args()
    docs = make_versions(args.versions, args.sentences)
    encoder = get_encoder(args.model)
    encoder.encode(["warm-up"])  # the runtime's first call (graph load, allocations) is not the pair's cost

    t0, c0 = time.perf_counter(), time.process_time()
    pair = align_and_flag(docs[0], docs[1], encoder)
    pair_wall, pair_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    multi = align_versions(docs, encoder)
    multi_wall, multi_cpu = time.perf_counter() - t0, time.process_time() - c0

    flagged = sum(1 for row in multi.flags for cell in row if cell)
    print(
        json.dumps(
            {
                "versions": len(docs),
                "sentences": args.sentences,
                "model": encoder.name,
                "threads": os.environ.get("OMP_NUM_THREADS", ""),
                "load_average": os.getloadavg()[0],
                "pair_s": round(pair_wall, 2),
                "pair_cpu_s": round(pair_cpu, 2),
                "versions_s": round(multi_wall, 2),
                "versions_cpu_s": round(multi_cpu, 2),
                "ratio_wall": round(multi_wall / pair_wall, 2),
                "ratio_cpu": round(multi_cpu / pair_cpu, 2),
                "target_ratio": 10,
                "pair_beads": len(pair.beads),
                "rows": len(multi.rows),
                "cells_flagged": flagged,
                "cells": len(multi.rows) * len(docs),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
