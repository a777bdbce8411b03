"""Scale benchmark: time and peak memory of ``python -m align align`` (flags on) as documents grow.

    python benchmarks/scale.py [--sizes 10000,30000,100000,300000] [--model hash-384|bundled|...]

For each size N it writes a synthetic pair of ~N sentences per side, runs the command line on it in a
fresh process (``align --presplit SRC TGT -o out.beads --no-cache``, flags on, model load included),
and reports the process's wall time and peak resident memory (``wait4``), the memory each added
sentence costs between sizes (flat when memory grows linearly) and the alignment's F1 against the
pair's known gold.

Encoders. With the real model a 300,000-sentence pair takes hours on a 2-core CPU (encoding alone
runs at ~50 sentences/s), so the default is ``hash-384``: a deterministic hashing encoder defined in
THIS SCRIPT ONLY (not a product encoder), registered in the measured process before the CLI runs.
It embeds a sentence as the signed hashed bag of its words (384 dimensions, like the bundled model),
so everything but the encoder (reading, both alignment passes, moved pairs, flagging, export) is what
is measured, at its real size; memory figures then lack the model's own ~0.5-1 GB.

Data. With ``hash-384``: Text+Berg German sentences (copies prefixed "(r) " so that none repeats) and,
as "translation", the same sentences in ROT13, which the hashing encoder maps to the same words; every
23rd pair is merged into one target line (a 2-1 bead), every 97th source sentence has no target, every
89th target line has no source. With a real model: the Text+Berg German–French documents, concatenated
again and again as in ``benchmarks/text_berg.py``. Both come with their gold beads, so the run is scored.
"""

from __future__ import annotations

import argparse
import codecs
import re
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from text_berg import ALL_DOCS, DEFAULT_DATA, _lines, build_long, run_measured

from align.encoders.base import Encoder
from align.evaluating import format_beads, read_beads, score_alignment
from align.types import Bead

HASH_MODEL = "hash-384"
_WORD = re.compile(r"\w+")


class HashEncoder(Encoder):
    """Benchmark-only stand-in for a sentence encoder: signed feature hashing of a sentence's words.

    A word and its ROT13 spelling hash alike, so the synthetic "translation" below aligns; vectors are
    deterministic (crc32), cost microseconds, and have the bundled model's width.
    """

    name = HASH_MODEL
    dim = 384
    batch_size = 1024

    def _embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), np.float32)
        for i, text in enumerate(texts):
            for word in _WORD.findall(text.lower()):
                h = zlib.crc32(min(word, codecs.encode(word, "rot13")).encode("utf-8"))
                out[i, h % self.dim] += 1.0 if h & 1 << 31 else -1.0
        return out


def cipher_pair(data: Path, n: int, folder: Path) -> tuple[Path, Path, Path]:
    """The ``hash-384`` pair of the module docstring, ``n`` source sentences, written to ``folder``."""
    base = [line.strip() for name in ALL_DOCS for line in _lines(data / f"{name}.de") if line.strip()]
    src = [f"({i // len(base) + 1}) {base[i % len(base)]}" for i in range(n)]
    tgt: list[str] = []
    gold: list[Bead] = []
    i = 0
    while i < n:
        if len(tgt) % 89 == 88:  # a target line without source: another copy's sentence
            gold.append(Bead((), (len(tgt),)))
            tgt.append(codecs.encode(f"(x) {base[(i * 7919) % len(base)]}", "rot13"))
        if i % 97 == 96:
            gold.append(Bead((i,), ()))
            i += 1
        elif i % 23 == 22 and i + 1 < n:
            gold.append(Bead((i, i + 1), (len(tgt),)))
            tgt.append(codecs.encode(f"{src[i]} {src[i + 1]}", "rot13"))
            i += 2
        else:
            gold.append(Bead((i,), (len(tgt),)))
            tgt.append(codecs.encode(src[i], "rot13"))
            i += 1
    paths = folder / f"s{n}.de", folder / f"s{n}.fr", folder / f"s{n}.gold"
    paths[0].write_text("\n".join(src) + "\n", encoding="utf-8")
    paths[1].write_text("\n".join(tgt) + "\n", encoding="utf-8")
    paths[2].write_text(format_beads(gold), encoding="utf-8")
    return paths


def real_pair(data: Path, n: int, folder: Path) -> tuple[Path, Path, Path]:
    sub = folder / f"real{n}"
    sub.mkdir()
    name = build_long(data, n, sub)
    return sub / f"{name}.de", sub / f"{name}.fr", sub / f"{name}.gold"


def measure(src: Path, tgt: Path, gold: Path, model: str, out: Path) -> dict[str, float]:
    args = ["align", "--presplit", str(src), str(tgt), "-o", str(out), "--no-cache", "--quiet", "--model", model]
    if model == HASH_MODEL:  # the CLI in a process that knows the benchmark's encoder
        cmd = [sys.executable, __file__, "--_cli", *args, "--src-lang", "de", "--tgt-lang", "fr"]
    else:
        cmd = [sys.executable, "-m", "align", *args]
    wall, peak, _ = run_measured(cmd)
    s = score_alignment(read_beads(out), read_beads(gold))
    return {"wall": wall, "peak_mb": peak, "strict_f1": s.strict_f1, "lax_f1": s.lax_f1}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--_cli"]:
        from align import cli
        from align.encoders import ENCODERS

        ENCODERS[HASH_MODEL] = HashEncoder
        return cli.main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,30000", help="sentences per side, comma-separated (default 10000,30000)")
    ap.add_argument("--model", default=HASH_MODEL, help=f"encoder (default {HASH_MODEL}, this script's hashing one)")
    ap.add_argument("--data", type=Path, default=Path(DEFAULT_DATA), help="folder with the Text+Berg files")
    args = ap.parse_args(argv)
    sizes = [int(x.replace("_", "")) for x in args.sizes.split(",") if x.strip()]
    note = (
        "hashing encoder defined in benchmarks/scale.py (not a product encoder): no model memory or encoder time"
        if args.model == HASH_MODEL
        else "real model, loaded by the measured process"
    )
    print(f"model: {args.model} ({note}); flags on, no embedding cache", file=sys.stderr)
    print(
        "| sentences de / fr | wall s | s per 1k sentences | peak memory MB | KB per added sentence | F1 strict / lax |"
    )
    print("|---|---|---|---|---|---|")
    prev: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in sizes:
            make = cipher_pair if args.model == HASH_MODEL else real_pair
            src, tgt, gold = make(args.data, n, folder)
            total = len(_lines(src)) + len(_lines(tgt))
            r = measure(src, tgt, gold, args.model, folder / f"out{n}.beads")
            # Peak memory includes the interpreter and its libraries (~0.5 GB): the slope between sizes
            # is what shows whether memory grows linearly.
            added = f"{(r['peak_mb'] - prev[1]) * 1024 / (total - prev[0]):.1f}" if prev and total > prev[0] else "–"
            print(
                f"| {len(_lines(src)):,} / {len(_lines(tgt)):,} | {r['wall']:.1f} | {r['wall'] * 1000 / total:.2f} | "
                f"{r['peak_mb']:.0f} | {added} | {r['strict_f1']:.3f} / {r['lax_f1']:.3f} |",
                flush=True,
            )
            prev = (total, r["peak_mb"])
            for p in (src, tgt, gold):
                p.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
