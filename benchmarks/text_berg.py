"""Text+Berg benchmark: accuracy, speed against the encoder floor, memory, and linear growth.

    python benchmarks/text_berg.py [--docs test0,...,test6] [--skip-long] [--model bundled] [--rounds N]

1. Runs what a user runs, once per document, each in its own process:
   ``python -m align align --presplit DOC.de DOC.fr -o DOC.beads --no-cache`` (flags on, the model
   loaded by the process itself, no embedding cache), and scores the .beads files it wrote together
   with the strict/lax P/R/F1 of Vecalign (Thompson & Koehn 2019). The time is the process's wall
   time from start to exit; the memory its peak resident set (from ``wait4``).
2. Measures the *encoder floor* in a separate process: loading the same encoder once and embedding
   every sentence of both sides once (no cache). The ratio end-to-end / (floor + one model load
   per CLI run) is the workbench's real overhead: reading, extra encoding, search, flagging, export.
   The same ratio in CPU seconds (user + system, the CLI processes' whole lives against the floor's
   load and encoding) is printed beside it: on a machine shared with other work it moves far less.
3. Repeats both on a long document of ~10,000 sentences per side (``--long-sentences``) to show
   that time and memory grow linearly. It is built from the Text+Berg files: dev and test0–6
   concatenated, again and again, each copy with its documents in a different order and every
   sentence of copy r prefixed with "(r) " on both sides, so no sentence of one copy repeats in
   another and the encoder really encodes every one. Its gold follows from the documents' gold
   files, so the long run is scored too.

Prints a markdown table for the README. Timings depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align.encoders import get_encoder
from align.evaluating import Scores, format_beads, read_beads, score_documents
from align.readers import read_document
from align.types import Bead

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = os.environ.get("TEXT_BERG_DIR") or str(ROOT.parent / "shared" / "benchmarks" / "text+berg")
TEST_DOCS = [f"test{i}" for i in range(7)]
ALL_DOCS = ["dev", *TEST_DOCS]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def build_long(data: Path, sentences: int, folder: Path) -> str:
    """The long document described in the module docstring, with at least ``sentences`` per side,
    written to ``folder`` as long.de / long.fr / long.gold; returns its name there ("long")."""
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
    (folder / "long.de").write_text("\n".join(src_lines) + "\n", encoding="utf-8")
    (folder / "long.fr").write_text("\n".join(tgt_lines) + "\n", encoding="utf-8")
    (folder / "long.gold").write_text(format_beads(gold), encoding="utf-8")
    return "long"


def run_measured(cmd: list[str]) -> tuple[float, float, str]:
    """Run ``cmd`` → (wall seconds, peak resident MB of that process alone, stderr); raises if it fails."""
    wall, peak, stderr, _ = run_measured_cpu(cmd)
    return wall, peak, stderr


def run_measured_cpu(cmd: list[str]) -> tuple[float, float, str, float]:
    """:func:`run_measured` plus the process's CPU seconds (user + system), which other work on a shared
    machine distorts less than wall time."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{stderr}")
    return wall, usage.ru_maxrss / 1024, stderr, usage.ru_utime + usage.ru_stime  # ru_maxrss: KiB on Linux


def cli_runs(data: Path, docs: list[str], model: str, out: Path) -> dict[str, object]:
    """One CLI process per document, as a user runs it; scored on the .beads files it wrote."""
    wall, cpu, peak, results, n_src, n_tgt = 0.0, 0.0, 0.0, [], 0, 0
    for name in docs:
        beads = out / f"{name}.beads"
        cmd = [sys.executable, "-m", "align", "align", "--presplit", str(data / f"{name}.de"), str(data / f"{name}.fr")]
        cmd += ["-o", str(beads), "--no-cache", "--quiet", "--model", model]
        w, p, _, c = run_measured_cpu(cmd)
        wall, cpu, peak = wall + w, cpu + c, max(peak, p)
        results.append((read_beads(beads), read_beads(data / f"{name}.gold")))
        n_src += len(_lines(data / f"{name}.de"))
        n_tgt += len(_lines(data / f"{name}.fr"))
    return {"wall": wall, "cpu": cpu, "peak_mb": peak, "src": n_src, "tgt": n_tgt, "runs": len(docs),
            "scores": score_documents(results).__dict__}  # fmt: skip


def floor(model: str, data: Path, docs: list[str]) -> dict[str, object]:
    """In this process: load the encoder (timed apart), then embed every sentence of both sides once."""
    t0, c0 = time.perf_counter(), _process_cpu()
    encoder = get_encoder(model)  # fresh, uncached: a warm cache would flatter the ratio
    encoder.encode(["Warm-up."])  # some runtimes load lazily: the first call belongs to the load
    load, load_cpu = time.perf_counter() - t0, _process_cpu() - c0
    texts = []
    for name in docs:
        for lang in ("de", "fr"):
            doc = read_document(data / f"{name}.{lang}", lang, presplit=True)
            texts += [s.text.strip() for s in doc.segments if s.text.strip()]  # what the aligner encodes
    t0, c0 = time.perf_counter(), _process_cpu()
    encoder.encode(texts)
    return {"load": load, "wall": time.perf_counter() - t0, "load_cpu": load_cpu, "cpu": _process_cpu() - c0,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}  # fmt: skip


def _process_cpu() -> float:
    """CPU seconds of this process, all its threads (the interpreter start is in neither side's count)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _floor_child(args: argparse.Namespace, data: Path, docs: list[str]) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--_floor", "--model", args.model, "--data", str(data), "--docs", ",".join(docs)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ratios(run: dict[str, object], fl: dict[str, object]) -> tuple[float, float]:
    """(wall, CPU) ratio of the CLI runs to the floor and one model load per run (the table's two ratios)."""
    runs = int(run["runs"])  # type: ignore[call-overload]
    wall = float(run["wall"]) / (float(fl["wall"]) + float(fl["load"]) * runs)  # type: ignore[arg-type]
    cpu = float(run["cpu"]) / (float(fl["cpu"]) + float(fl["load_cpu"]) * runs)  # type: ignore[arg-type]
    return wall, cpu


def _row(label: str, run: dict[str, object], fl: dict[str, object]) -> str:
    n = int(run["src"]) + int(run["tgt"])  # type: ignore[call-overload]
    wall, fwall = float(run["wall"]), float(fl["wall"])  # type: ignore[arg-type]
    loads = float(fl["load"]) * int(run["runs"])  # type: ignore[arg-type,call-overload]
    wall_ratio, cpu_ratio = _ratios(run, fl)
    s = Scores(**run["scores"])  # type: ignore[arg-type]
    strict = f"{s.strict_p:.3f} / {s.strict_r:.3f} / {s.strict_f1:.3f}"
    lax = f"{s.lax_p:.3f} / {s.lax_r:.3f} / {s.lax_f1:.3f}"
    return (
        f"| {label} | {run['src']} / {run['tgt']} | {strict} | {lax} | {wall:.1f} | {n / wall:.1f} | "
        f"{fwall:.1f} + {loads:.1f} | {wall_ratio:.2f} | {cpu_ratio:.2f} | "
        f"{float(run['peak_mb']):.0f} |"  # type: ignore[arg-type]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", default=",".join(TEST_DOCS), help="comma-separated document names (default test0–6)")
    ap.add_argument("--skip-long", action="store_true", help="skip the long-document timing")
    ap.add_argument("--model", default="bundled", help="encoder name (default: the bundled model)")
    ap.add_argument("--data", type=Path, default=Path(DEFAULT_DATA), help="folder with the Text+Berg files")
    ap.add_argument("--long-sentences", type=int, default=10_000, help="sentences per side of the long document")
    # On a shared machine the speed drifts between a floor measured once and the CLI runs after it.
    ap.add_argument("--rounds", type=int, default=1, help="floor and CLI runs N times in turn, and their median")
    ap.add_argument("--_floor", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    docs = [d.strip() for d in args.docs.split(",") if d.strip()]
    if args._floor:
        print(json.dumps(floor(args.model, args.data, docs)))
        return 0

    print(f"model: {args.model}; documents: {', '.join(docs)}; CPU cores: {os.cpu_count()}", file=sys.stderr)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        label = docs[0] if len(docs) == 1 else f"{docs[0]}–{docs[-1]}"
        ratios: list[tuple[float, float]] = []
        for r in range(max(args.rounds, 1)):
            fl = _floor_child(args, args.data, docs)
            run = cli_runs(args.data, docs, args.model, out)
            ratios.append(_ratios(run, fl))
            rows.append(_row(f"Text+Berg {label}" + (f", round {r + 1}" if args.rounds > 1 else ""), run, fl))
            print(rows[-1], file=sys.stderr, flush=True)  # the long run takes a while: show this row now
        if args.rounds > 1:
            wall, cpu = (statistics.median(x) for x in zip(*ratios, strict=True))
            rows.append(f"| Text+Berg {label}, median of {args.rounds} rounds | | | | | | | {wall:.2f} | {cpu:.2f} | |")
        if not args.skip_long:
            name = build_long(args.data, args.long_sentences, out)
            lfl = _floor_child(args, out, [name])
            lrun = cli_runs(out, [name], args.model, out)
            rows.append(_row(f"long document ({args.long_sentences:,} sentences)", lrun, lfl))
    print(
        "| run | sentences de / fr | strict P / R / F1 | lax P / R / F1 | end-to-end s (CLI, flags on) | "
        "sentences/s | encoder floor s + model loads s | end-to-end / (floor + loads) | same in CPU seconds | "
        "peak memory MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
