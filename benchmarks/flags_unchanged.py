"""Check that two versions of the code flag real documents alike, bead for bead (for speed work on flagging).

    python benchmarks/flags_unchanged.py --old /tmp/flagspeed/old [--new TREE] [--dump out.json]

Runs, in this tree and, in a subprocess, in the tree given by ``--old`` (a ``git worktree`` of an earlier
commit), on every document pair below: the flagging pass (:func:`align.flagging.flag_alignment`, no embeddings:
the text-based flags — quantities, entities, untranslated, lengths — are what it exercises) on the given beads;
and the whole pipeline (:func:`align.pipeline.align_and_flag`, with benchmarks/scale.py's hashing encoder, so
that what the aligner hands on to flagging is used). It compares every bead's flags exactly (code, message,
weight), and the pipeline's beads. The documents:

- Text+Berg test0–2 (German–French) with their gold beads;
- the seed pair (000 Japanese, 002 Italian, in ../shared/seeds), with beads cut along the two documents'
  proportions in 1-1, 2-1, 1-2, 1-0 and 0-1 shapes (joined sentences go through the joins flagging sees);
- the news matrix of tests/data/news, every ordered pair of its 20 languages: six 1-1 beads, then the same with
  the third target sentence replaced by the source's (untranslated), the fourth target's digits changed
  (number_mismatch), and sentences 5 and 6 merged on the target side (a 1-2 bead).

Exit status 0 when every bead's flags are equal, 1 otherwise (the first differences are printed).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ALIGN_SHARED", ROOT.parent / "shared"))


def _cases() -> list[tuple[str, str, str, list[str], list[str], list[tuple[list[int], list[int]]]]]:
    """(name, src_lang, tgt_lang, src_lines, tgt_lines, beads as (src ids, tgt ids))."""
    from align.evaluating import read_beads

    cases = []
    tb = SHARED / "benchmarks" / "text+berg"
    for name in ("test0", "test1", "test2"):
        src = (tb / f"{name}.de").read_text(encoding="utf-8").split("\n")[:-1]
        tgt = (tb / f"{name}.fr").read_text(encoding="utf-8").split("\n")[:-1]
        beads = [(list(b.src), list(b.tgt)) for b in read_beads(tb / f"{name}.gold")]
        cases.append((f"text+berg/{name}", "de", "fr", src, tgt, beads))
    seeds = SHARED / "seeds"
    src = [x for x in (seeds / "000_85c76a0cb57df940.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    tgt = [x for x in (seeds / "002_f71926537fe2250c.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    cases.append(("seed/000-002", "ja", "it", src, tgt, _proportional(len(src), len(tgt))))
    news = ROOT / "tests" / "data" / "news"
    langs = sorted(p.stem for p in news.glob("*.txt"))
    lines = {lang: (news / f"{lang}.txt").read_text(encoding="utf-8").splitlines() for lang in langs}
    one = [([i], [i]) for i in range(6)]
    for a in langs:
        for b in langs:
            if a == b:
                continue
            cases.append((f"news/{a}-{b}", a, b, lines[a], lines[b], one))
            tgt = list(lines[b])
            tgt[2] = lines[a][2]
            tgt[3] = re.sub(r"[0-9]", lambda m: str((int(m.group()) + 3) % 10), tgt[3])
            beads = [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3]), ([4, 5], [4, 5])]
            cases.append((f"news/{a}-{b}/perturbed", a, b, lines[a], tgt, beads))
    return cases


def _proportional(n: int, m: int) -> list[tuple[list[int], list[int]]]:
    """Monotonic beads covering both documents, cycling through 1-1, 2-1, 1-1, 1-2, 1-0, 0-1 shapes."""
    shapes = [(1, 1), (2, 1), (1, 1), (1, 2), (1, 0), (1, 1), (0, 1)]
    beads, i, j, k = [], 0, 0, 0
    while i < n or j < m:
        a, b = shapes[k % len(shapes)]
        k += 1
        a, b = min(a, n - i), min(b, m - j)
        if a == 0 and b == 0:
            a, b = min(1, n - i), min(1, m - j)
        beads.append((list(range(i, i + a)), list(range(j, j + b))))
        i, j = i + a, j + b
    return beads


def dump() -> dict[str, object]:
    """Flags of every case in this process's ``align`` (imported from the working directory)."""
    sys.path.insert(0, os.getcwd())
    import align
    from align.flagging import flag_alignment
    from align.pipeline import align_and_flag
    from align.readers import document_from_text
    from align.types import Alignment, Bead

    encoder = importlib.import_module("scale").HashEncoder()  # after align: scale.py puts its own tree on the path

    print(f"flagging with {align.__file__}", file=sys.stderr)

    out: dict[str, object] = {}
    t0 = time.process_time()
    for name, sl, tl, src, tgt, beads in _cases():
        doc_s = document_from_text("\n".join(src), sl, presplit=True)
        doc_t = document_from_text("\n".join(tgt), tl, presplit=True)
        alignment = Alignment(doc_s, doc_t, [Bead(tuple(s), tuple(t), 0.5) for s, t in beads])
        flags = flag_alignment(alignment)
        out[name] = [[[f.code, f.message, f.weight] for f in fl] for fl in flags]
        aligned = align_and_flag(doc_s, doc_t, encoder)
        out[f"{name}/aligned"] = [
            [[list(b.src), list(b.tgt)], *[[f.code, f.message, f.weight] for f in fl]]
            for b, fl in zip(aligned.beads, aligned.flags, strict=True)
        ]
    out["_cpu_s"] = time.process_time() - t0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--old", type=Path, help="the other tree (a git worktree of the commit to compare with)")
    ap.add_argument("--new", type=Path, default=ROOT, help="the tree to compare (default: this one)")
    ap.add_argument("--dump", type=Path, help="write this tree's flags as JSON here (and, with --old, nothing else)")
    args = ap.parse_args()
    if args.old is None:
        result = dump()
        if args.dump:
            args.dump.write_text(json.dumps(result), encoding="utf-8")
        print(f"{len(result) - 1} cases flagged in {result['_cpu_s']:.1f} CPU s")
        return 0
    results = []
    for tree in (args.old, args.new):
        path = Path(f"/tmp/flags_unchanged_{os.getpid()}_{len(results)}.json")
        cmd = [sys.executable, str(Path(__file__).resolve()), "--dump", str(path)]
        env = {**os.environ, "ALIGN_SHARED": str(SHARED)}
        subprocess.run(cmd, cwd=tree, check=True, env=env)
        results.append(json.loads(path.read_text(encoding="utf-8")))
        path.unlink()
    old, new = results
    print(f"flagging CPU s: old {old.pop('_cpu_s'):.1f}, new {new.pop('_cpu_s'):.1f}")
    beads = flagged = differ = 0
    for name, flags in old.items():
        for k, (a, b) in enumerate(zip(flags, new.get(name, []), strict=False)):
            beads += 1
            flagged += bool(a)
            if a != b:
                differ += 1
                if differ <= 10:
                    print(f"DIFF {name} bead {k}:\n  old {a}\n  new {b}")
        if len(flags) != len(new.get(name, [])):
            differ += 1
            print(f"DIFF {name}: {len(flags)} beads old, {len(new.get(name, []))} new")
    print(f"{len(old)} cases, {beads} beads, {flagged} flagged; {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
