"""Corpus pairing on short documents: true pairs found and false couples proposed.

    python benchmarks/pairing.py [--sizes 8-12] [--cache-dir DIR]

Cuts the gold-aligned benchmark texts into short parallel documents (consecutive gold beads, each side
``--sizes`` sentences: zh-en magazine, political and academic texts, de-fr Text+Berg dev and test0-6, and the
48 multilingual news sentences in three language pairs), puts each collection's documents together and runs
:func:`align.pairing.propose_pairs` with the bundled model, once with the pairing's defaults and once with the
old constant floor (1.04 below 13 sentences). Prints a markdown table: per collection, the true pairs found
and the false couples proposed. Neighbouring cuts of one text (same topic, same names) are the hard negatives.
The template twins and the recipe of ``tests/data/two_articles`` are one more collection, one folder
(4 + 4 versions: pairing proposes one partner per document, so 4 of its 12 true couples at most).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.encoders.base import Encoder
from align.evaluating import read_beads
from align.pairing import PairConfig, propose_pairs
from align.readers import document_from_text, read_document
from align.types import Bead, Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALIGN_SHARED") or ROOT.parent / "shared") / "benchmarks"
#: Documents per folder: 4 cut pairs, so each document's 7 others are all candidates (``PairConfig.candidates``).
FOLDER = 8
#: The floor before the sentence-count schedule: 1.04 for every document under 13 sentences.
OLD = PairConfig(tiny_sentences=12, short_sentences=13)


def cut(
    src: list[str], tgt: list[str], gold: list[Bead], lo: int, hi: int, seed: int
) -> list[tuple[list[str], list[str]]]:
    """Consecutive gold beads gathered until the source side has a drawn length in [lo, hi]; kept when the
    target side also has lo-hi sentences. Cuts do not overlap."""
    rng, out, i = random.Random(seed), [], 0
    while i < len(gold):
        want, s, t = rng.randint(lo, hi), [], []
        while i < len(gold) and len(s) < want:
            s += gold[i].src
            t += gold[i].tgt
            i += 1
        if lo <= len(s) <= hi and lo <= len(t) <= hi:
            out.append(([src[k] for k in s], [tgt[k] for k in t]))
    return out


def gold_set(folder: Path, stem: str, sl: str, tl: str, lo: int, hi: int) -> list[tuple[list[str], list[str]]]:
    lines = [(folder / f"{stem}.{x}").read_text(encoding="utf-8").splitlines() for x in (sl, tl)]
    return cut(*lines, read_beads(folder / f"{stem}.gold"), lo, hi, seed=sum(map(ord, stem)) + lo)


def news(l1: str, l2: str, lo: int, hi: int) -> list[tuple[list[str], list[str]]]:
    with (ROOT / "benchmarks" / "data" / "news_multilingual.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    rng, out, i = random.Random(lo), [], 0
    while i + lo <= len(rows):
        n = rng.randint(lo, hi)
        out.append(([r[l1] for r in rows[i : i + n]], [r[l2] for r in rows[i : i + n]]))
        i += n
    return out


def collections(lo: int, hi: int) -> dict[str, tuple[list[Document], set[frozenset[str]]]]:
    """Name → (documents, the true pairs as name sets)."""
    zh, tb = SHARED / "zh-en-nonliterary", SHARED / "text+berg"
    cut_sets = {
        "zh-en magazine": gold_set(zh, "mag", "en", "zh", lo, hi),
        "zh-en political": gold_set(zh, "pol", "zh", "en", lo, hi),
        "zh-en academic": gold_set(zh, "aca", "en", "zh", lo, hi),
        "de-fr Text+Berg dev": gold_set(tb, "dev", "de", "fr", lo, hi),
        "de-fr Text+Berg test0-6": [c for k in range(7) for c in gold_set(tb, f"test{k}", "de", "fr", lo, hi)],
        "ja-it news": news("ja", "it", lo, hi),
        "zh-de news": news("zh", "de", lo, hi),
        "ar-ru news": news("ar", "ru", lo, hi),
    }
    out = {}
    for name, cuts in cut_sets.items():
        docs, truth = [], set()
        for k, (a, b) in enumerate(cuts):
            docs += [
                document_from_text("\n".join(x), None, presplit=True, name=f"{k}{side}")
                for x, side in ((a, "a"), (b, "b"))
            ]
            truth.add(frozenset((f"{k}a", f"{k}b")))
        out[name] = (docs, truth)
    twins = sorted((ROOT / "tests" / "data" / "two_articles").glob("*.txt"))
    docs = [read_document(p) for p in twins]
    stems = [str(p) for p in twins]
    out["template twins + recipe"] = (
        docs,
        {frozenset(c) for c in combinations(stems, 2) if _template(c[0]) == _template(c[1]) != "C"},
    )
    return out


def _template(path: str) -> str:
    return Path(path).stem[0]


def run(
    docs: list[Document], truth: set[frozenset[str]], encoder: Encoder, cfg: PairConfig, size: int
) -> tuple[int, int]:
    """Folders of ``size`` consecutive documents (neighbouring cuts of one text: the hardest negatives), each
    paired on its own: with every couple a candidate, the score decides, not the centroid preselection."""
    pairs = [p for k in range(0, len(docs), size) for p in propose_pairs(docs[k : k + size], encoder, cfg).pairs]
    found = sum(frozenset((p.doc_a, p.doc_b)) in truth for p in pairs)
    return found, len(pairs) - found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="8-12", help="sentences per cut document, LO-HI (default 8-12)")
    ap.add_argument("--cache-dir", type=Path, help="persistent embedding cache folder")
    args = ap.parse_args(argv)
    lo, hi = (int(x) for x in args.sizes.split("-"))
    encoder: Encoder = get_encoder("bundled")
    if args.cache_dir:
        encoder = CachedEncoder(encoder, EmbeddingCache(args.cache_dir))
    head = "true pairs | found, floor by size | false couples | found, old 1.04 | false couples"
    print(f"| collection ({lo}-{hi} sentences) | {head} |")
    print("|---|---|---|---|---|---|")
    for name, (docs, truth) in collections(lo, hi).items():
        # Grouping keeps a one-to-one matching too: the twins' four versions make 2 pairs at most per template.
        size = len(docs) if name.startswith("template") else FOLDER
        new, old = (run(docs, truth, encoder, cfg, size) for cfg in (PairConfig(), OLD))
        print(f"| {name} | {len(truth)} | {new[0]} | {new[1]} | {old[0]} | {old[1]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
