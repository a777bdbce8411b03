"""Batch benchmark: ``python -m align batch`` over N article pairs with 1 and 2 workers (issue 13).

    python benchmarks/batch.py [--pairs 200] [--workers 1,2] [--model bundled] [--keep DIR]

Data. Articles of 20-40 sentences (drawn at random, seed 0) cut at gold bead boundaries from the Text+Berg
German-French documents (dev, test0-6) and the zh-en non-literary sets (aca, mag: en→zh; pol: zh→en); each cut
is a pair of presplit files and a line of a JSONL manifest. Those give ~160 articles; past that, the same
articles are used the other way round (target → source: another alignment of other text order, not a cache
hit: batch workers keep vectors only for the groups they encode together).

Each worker count runs the whole batch into a fresh database through :func:`align.batch.driver.run_batch`,
as the command does (a local Ray instance started and stopped by the run, one actor per worker, the bundled
model loaded once per actor, no on-disk embedding cache). Reported: wall time (Ray start and model loading
included, and shown apart as "start"), pairs per minute, and the per-pair cost split into encoding,
alignment, flagging and the database write (each summed over the pairs and divided by their number: with two
workers, the per-pair cost is CPU-time-like, the wall time is what parallelism saves).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align.batch.driver import ReadOptions, Summary, run_batch
from align.batch.plan import read_manifest
from align.batch.runner import RayOptions
from align.evaluating import read_beads
from align.review_store import ReviewStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "benchmarks"
TEXT_BERG = [("text+berg", name, "de", "fr") for name in ["dev", *(f"test{i}" for i in range(7))]]
ZH_EN = [("zh-en-nonliterary", "aca", "en", "zh"), ("zh-en-nonliterary", "mag", "en", "zh"),
         ("zh-en-nonliterary", "pol", "zh", "en")]  # fmt: skip


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def cut_articles(
    src: list[str], tgt: list[str], gold_path: Path, rng: random.Random
) -> list[tuple[list[str], list[str]]]:
    """The document pair cut into articles of 20-40 source sentences, each cut between two gold beads (so an
    article's target is the translation of its source)."""
    out = []
    size = rng.randint(20, 40)
    s_start = t_start = 0
    s_end = t_end = 0
    for bead in read_beads(gold_path):
        s_end = max(s_end, *(i + 1 for i in bead.src)) if bead.src else s_end
        t_end = max(t_end, *(i + 1 for i in bead.tgt)) if bead.tgt else t_end
        if s_end - s_start >= size and t_end > t_start:
            out.append((src[s_start:s_end], tgt[t_start:t_end]))
            s_start, t_start, size = s_end, t_end, rng.randint(20, 40)
    if s_end - s_start >= 10 and t_end > t_start:  # a short tail is an article too, a tiny one is dropped
        out.append((src[s_start:s_end], tgt[t_start:t_end]))
    return out


def write_pairs(folder: Path, n: int, seed: int = 0) -> Path:
    """``n`` article pairs as files and a JSONL manifest (``folder/manifest.jsonl``)."""
    rng = random.Random(seed)
    articles: list[tuple[str, list[str], list[str], str, str]] = []
    for corpus, name, sl, tl in TEXT_BERG + ZH_EN:
        base = SHARED / corpus
        for k, (s, t) in enumerate(cut_articles(_lines(base / f"{name}.{sl}"), _lines(base / f"{name}.{tl}"),
                                                base / f"{name}.gold", rng)):  # fmt: skip
            articles.append((f"{name}-{k:03d}", s, t, sl, tl))
    reversed_ = [(f"{a}-rev", t, s, tl, sl) for a, s, t, sl, tl in articles]
    chosen = (articles + reversed_)[:n]
    if len(chosen) < n:
        raise SystemExit(f"only {len(chosen)} article pairs can be made from the benchmark data, not {n}")
    lines = []
    for label, s, t, sl, tl in chosen:
        (folder / f"{label}.{sl}").write_text("\n".join(s) + "\n", encoding="utf-8")
        (folder / f"{label}.{tl}").write_text("\n".join(t) + "\n", encoding="utf-8")
        lines.append(json.dumps({"group": label, "files": [f"{label}.{sl}", f"{label}.{tl}"], "langs": [sl, tl]}))
    manifest = folder / "manifest.jsonl"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return manifest


def run(manifest: Path, db: Path, workers: int, model: str | None) -> Summary:
    store = ReviewStore(db)
    try:
        return run_batch(
            read_manifest(manifest), store, RayOptions(workers=workers, model=model), read=ReadOptions(presplit=True)
        )
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated (default 1,2)")
    ap.add_argument("--model", default=None)
    ap.add_argument("--keep", type=Path, help="write the articles and databases here (default: a temporary folder)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        manifest = write_pairs(folder, args.pairs)
        groups = read_manifest(manifest)
        sentences = sum(len(_lines(Path(d.path))) for g in groups for d in g.docs)
        print(f"{len(groups)} article pairs, {sentences:,} sentences (both sides)")
        print("| workers | pairs | wall s | start s | pairs/min | per pair: encode s | align s | flag s | store s |")
        print("|---|---|---|---|---|---|---|---|---|")
        for w in (int(x) for x in args.workers.split(",")):
            db = folder / f"batch-{w}.sqlite3"
            db.unlink(missing_ok=True)
            s = run(manifest, db, w, args.model)
            n = max(len(s.created), 1)
            t = s.timings
            print(
                f"| {w} | {len(s.created)} | {s.wall_seconds:.1f} | {s.plan_seconds:.1f} | "
                f"{60 * len(s.created) / s.wall_seconds:.1f} | {t.encode / n:.3f} | {t.align / n:.3f} | "
                f"{t.flag / n:.3f} | {t.store / n:.3f} |",
                flush=True,
            )
            if s.failed:
                print(f"  {len(s.failed)} failed, first: {s.failed[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
