"""Text+Berg benchmark: accuracy, speed against the encoder floor, memory, and linear growth.

    python benchmarks/text_berg.py [--docs test0,...,test6] [--skip-long] [--model bundled]

1. Aligns the Text+Berg documents (presplit, as the gold expects) and scores them together with
   the strict/lax P/R/F1 of Vecalign (Thompson & Koehn 2019).
2. Times the end-to-end alignment against the *encoder floor*: the time the same encoder needs to
   embed every sentence of both sides once. Both runs use a fresh encoder and no embedding cache,
   so the ratio end-to-end / floor is the aligner's real overhead (extra encoding + search).
3. Repeats the timing on a long document of ~10,000 sentences per side (``--long-sentences``) to
   show that time and memory grow linearly. It is built from the Text+Berg files: dev and test0–6
   concatenated, again and again, each copy with its documents in a different order and every
   sentence of copy r prefixed with "(r) " on both sides, so no sentence of one copy repeats in
   another and the encoder really encodes every one (no cache is used either). Its gold follows from the
   documents' gold files, so the long run is scored too.

Each measurement runs in its own process so that the peak resident memory (getrusage maxrss) is
that run's alone. Prints a markdown table for the README. Timings depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align.aligning import align_documents
from align.encoders import get_encoder
from align.evaluating import Scores, read_beads, score_documents
from align.readers import document_from_text, read_document
from align.types import Bead, Document

DEFAULT_DATA = os.environ.get("TEXT_BERG_DIR") or str(
    Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "text+berg"
)
TEST_DOCS = [f"test{i}" for i in range(7)]
ALL_DOCS = ["dev", *TEST_DOCS]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def load(data: Path, name: str) -> tuple[Document, Document, list[Bead]]:
    src = read_document(data / f"{name}.de", "de", presplit=True)
    tgt = read_document(data / f"{name}.fr", "fr", presplit=True)
    return src, tgt, read_beads(data / f"{name}.gold")


def build_long(data: Path, sentences: int) -> tuple[Document, Document, list[Bead]]:
    """The long document described in the module docstring, with at least ``sentences`` per side."""
    src_lines: list[str] = []
    tgt_lines: list[str] = []
    gold: list[Bead] = []
    copy = 0
    while len(src_lines) < sentences:
        copy += 1
        order = ALL_DOCS[copy % len(ALL_DOCS) :] + ALL_DOCS[: copy % len(ALL_DOCS)]
        for name in order:
            de, fr = _lines(data / f"{name}.de"), _lines(data / f"{name}.fr")
            s0, t0 = len(src_lines), len(tgt_lines)
            src_lines += [f"({copy}) {line}" for line in de]
            tgt_lines += [f"({copy}) {line}" for line in fr]
            for b in read_beads(data / f"{name}.gold"):
                gold.append(Bead(tuple(s0 + i for i in b.src), tuple(t0 + j for j in b.tgt)))
    src = document_from_text("\n".join(src_lines) + "\n", "de", presplit=True, name="long.de")
    tgt = document_from_text("\n".join(tgt_lines) + "\n", "fr", presplit=True, name="long.fr")
    return src, tgt, gold


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(mode: str, model: str, data: Path, docs: list[str], long_sentences: int) -> dict[str, object]:
    """One run in this process: ``align`` (end-to-end) or ``floor`` (embed every sentence once)."""
    pairs = [build_long(data, long_sentences)] if mode.endswith("long") else [load(data, d) for d in docs]
    encoder = get_encoder(model)  # fresh, uncached: a warm cache would flatter the ratio
    encoder.encode(["Warm-up."])  # load weights outside the timed region
    t0 = time.perf_counter()
    results: list[tuple[list[Bead], list[Bead]]] = []
    for src, tgt, gold in pairs:
        if mode.startswith("floor"):
            # One call for both sides, as the aligner makes it.
            texts = [s.text.strip() for s in src.segments + tgt.segments if s.text.strip()]
            encoder.encode(texts)
        else:
            results.append((align_documents(src, tgt, encoder).beads, gold))
    wall = time.perf_counter() - t0
    out: dict[str, object] = {
        "wall": wall,
        "peak_mb": _peak_mb(),
        "src": sum(len(p[0]) for p in pairs),
        "tgt": sum(len(p[1]) for p in pairs),
    }
    if results:
        out["scores"] = score_documents(results).__dict__
    return out


def _child(mode: str, args: argparse.Namespace) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--_mode", mode, "--model", args.model, "--data", str(args.data)]
    cmd += ["--docs", ",".join(args.docs), "--long-sentences", str(args.long_sentences)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _row(label: str, run: dict[str, object], floor: dict[str, object]) -> str:
    n = int(run["src"]) + int(run["tgt"])  # type: ignore[call-overload]
    wall, fwall = float(run["wall"]), float(floor["wall"])  # type: ignore[arg-type]
    sc = run.get("scores")
    if isinstance(sc, dict):
        s = Scores(**sc)
        strict = f"{s.strict_p:.3f} / {s.strict_r:.3f} / {s.strict_f1:.3f}"
        lax = f"{s.lax_p:.3f} / {s.lax_r:.3f} / {s.lax_f1:.3f}"
    else:
        strict = lax = "–"
    peak = max(float(run["peak_mb"]), float(floor["peak_mb"]))  # type: ignore[arg-type]
    return (
        f"| {label} | {run['src']} / {run['tgt']} | {strict} | {lax} | {wall:.1f} | {n / wall:.1f} | "
        f"{fwall:.1f} | {wall / fwall:.2f} | {peak:.0f} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", default=",".join(TEST_DOCS), help="comma-separated document names (default test0–6)")
    ap.add_argument("--skip-long", action="store_true", help="skip the long-document timing")
    ap.add_argument("--model", default="bundled", help="encoder name (default: the bundled model)")
    ap.add_argument("--data", type=Path, default=Path(DEFAULT_DATA), help="folder with the Text+Berg files")
    ap.add_argument("--long-sentences", type=int, default=10_000, help="sentences per side of the long document")
    ap.add_argument("--_mode", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.docs = [d.strip() for d in args.docs.split(",") if d.strip()]
    if args._mode:
        print(json.dumps(measure(args._mode, args.model, args.data, args.docs, args.long_sentences)))
        return 0

    print(f"model: {args.model}; documents: {', '.join(args.docs)}; CPU cores: {os.cpu_count()}", file=sys.stderr)
    rows = []
    floor = _child("floor", args)
    run = _child("align", args)
    label = args.docs[0] if len(args.docs) == 1 else f"{args.docs[0]}–{args.docs[-1]}"
    rows.append(_row(f"Text+Berg {label}", run, floor))
    print(rows[-1], file=sys.stderr, flush=True)  # the long run takes a while: show this row now
    if not args.skip_long:
        lfloor = _child("floor-long", args)
        lrun = _child("align-long", args)
        rows.append(_row(f"long document ({args.long_sentences:,} sentences)", lrun, lfloor))
    print(
        "| run | sentences de / fr | strict P / R / F1 | lax P / R / F1 | end-to-end s | sentences/s | "
        "encoder floor s | end-to-end / floor | peak memory MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
