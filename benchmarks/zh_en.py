"""Chinese–English non-literary benchmark (AlignerEval: academic, magazine, political texts).

    python benchmarks/zh_en.py [--sets aca,mag,pol] [--cache-dir DIR | --no-cache] [--cli]

Aligns each set presplit through the library (``align_documents`` with the bundled model), or with
``--cli`` through ``python -m align align --presplit`` as a user runs it, scores it with the strict
and lax P/R/F1 of Thompson & Koehn (2019), and prints a markdown table: one row per set and one for
the sets pooled (the beads' counts added, as the published figures are). The source side of each
set is the first language of its direction (``aca.en``, ``mag.en``, ``pol.zh``; see the data's
README). With ``--cache-dir`` the sentence vectors go through a persistent embedding cache, so only
the first run encodes the ~6,800 sentences (minutes on 2 cores); later runs take seconds.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from align.aligning import AlignConfig, align_documents
from align.embedding_cache import CachedEncoder, EmbeddingCache
from align.encoders import get_encoder
from align.encoders.base import Encoder
from align.evaluating import Scores, read_beads, score_documents
from align.readers import read_document
from align.types import Bead, Document

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = os.environ.get("ZH_EN_DIR") or str(ROOT.parent / "shared" / "benchmarks" / "zh-en-nonliterary")
#: Set name → (source language, target language), as the gold files number them.
SETS: dict[str, tuple[str, str]] = {"aca": ("en", "zh"), "mag": ("en", "zh"), "pol": ("zh", "en")}


def load(data: Path, name: str) -> tuple[Document, Document, list[Bead]]:
    """(source, target, gold beads) of one set, read presplit as the gold expects."""
    sl, tl = SETS[name]
    src = read_document(data / f"{name}.{sl}", sl, presplit=True)
    tgt = read_document(data / f"{name}.{tl}", tl, presplit=True)
    return src, tgt, read_beads(data / f"{name}.gold")


def library_run(data: Path, name: str, encoder: Encoder, cfg: AlignConfig) -> tuple[list[Bead], list[Bead]]:
    src, tgt, gold = load(data, name)
    return align_documents(src, tgt, encoder, cfg).beads, gold


def cli_run(data: Path, name: str, model: str, out: Path, cache_dir: Path | None) -> tuple[list[Bead], list[Bead]]:
    """``python -m align align --presplit SRC TGT -o NAME.beads`` in its own process, as a user runs it."""
    sl, tl = SETS[name]
    beads = out / f"{name}.beads"
    cmd = [sys.executable, "-m", "align", "align", "--presplit", str(data / f"{name}.{sl}"), str(data / f"{name}.{tl}")]
    cmd += ["--src-lang", sl, "--tgt-lang", tl, "-o", str(beads), "--quiet", "--model", model]
    cmd += ["--no-cache"] if cache_dir is None else ["--cache-dir", str(cache_dir)]
    subprocess.run(cmd, check=True, cwd=ROOT)
    return read_beads(beads), read_beads(data / f"{name}.gold")


def row(label: str, s: Scores, seconds: float | None = None) -> str:
    t = "" if seconds is None else f" {seconds:.1f} |"
    return (
        f"| {label} | {s.strict_p:.3f} / {s.strict_r:.3f} / {s.strict_f1:.3f} | "
        f"{s.lax_p:.3f} / {s.lax_r:.3f} / {s.lax_f1:.3f} |{t}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated sets (default aca,mag,pol)")
    ap.add_argument("--data", type=Path, default=Path(DEFAULT_DATA), help="folder with the zh-en files")
    ap.add_argument("--model", default="bundled", help="encoder name (default: the bundled model)")
    ap.add_argument("--cache-dir", type=Path, help="persistent embedding cache folder (e.g. /tmp/zh-en-cache)")
    ap.add_argument("--cli", action="store_true", help="run the CLI once per set instead of the library")
    args = ap.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [s for s in names if s not in SETS]
    if unknown:
        raise SystemExit(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(SETS)}")
    cache: EmbeddingCache | None = None
    encoder: Encoder | None = None
    if not args.cli:
        encoder = get_encoder(args.model)
        if args.cache_dir is not None:
            cache = EmbeddingCache(args.cache_dir / "embeddings.sqlite3")
            encoder = CachedEncoder(encoder, cache)
    print("| set | strict P / R / F1 | lax P / R / F1 | seconds |")
    print("|---|---|---|---|")
    pairs: list[tuple[list[Bead], list[Bead]]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            t0 = time.perf_counter()
            if args.cli:
                pair = cli_run(args.data, name, args.model, Path(tmp), args.cache_dir)
            else:
                assert encoder is not None
                pair = library_run(args.data, name, encoder, AlignConfig())
            pairs.append(pair)
            print(row(name, score_documents([pair]), time.perf_counter() - t0), flush=True)
    if len(pairs) > 1:
        print(row("pooled", score_documents(pairs)) + " |")
    if cache is not None:
        cache.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
