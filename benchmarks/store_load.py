"""Load on the review store: concurrent writer processes adding errors and giving verdicts on one review.

    python benchmarks/store_load.py [--writers 20] [--ops 500] [--backends sqlite,postgresql] [--pg URL]

Each writer process opens its own store (as a server process or a CLI would) and does ``--ops`` actions on one
review, alternating an error (``add_annotation``: never conflicts) and a verdict (``set_status`` from the bead
version it read just before: refused with ConflictError when another writer changed the verdict since). The
verdicts go to a few beads on purpose, so writers collide. Afterwards the benchmark checks from the database
that nothing was lost and every conflict was real:

- every error a writer was told was saved is there, and no other;
- each bead's version is 1 + the writes it took (a lost write would leave it lower);
- per bead, the accepted verdicts form one chain: each was given from a version no older than the previous
  accepted verdict's (no verdict overwrote one its writer had not seen), and the bead's status is the last one;
- each refused verdict was refused because an accepted verdict by another writer came after the version read.

Without ``--pg`` a throw-away PostgreSQL server is started from the installed binaries (tests/pg_server.py)
with fsync on, as durable as SQLite's synchronous=FULL. Latency is per write call (one transaction).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from align.review_store import ConflictError, ReviewStore  # noqa: E402
from align.types import Alignment, Annotation, Bead, Document, Segment  # noqa: E402

N_BEADS = 120
ERROR_BEADS = 100  # errors go to beads 0..99
VERDICT_BEADS = 20  # verdicts to beads 100..119: 20 writers on 20 beads collide often


def _document(lang: str, word: str) -> Document:
    texts = [f"{word} {k}." for k in range(N_BEADS)]
    segments, start = [], 0
    for k, t in enumerate(texts):
        segments.append(Segment(id=k, text=t, start=start, end=start + len(t), paragraph=k // 10))
        start += len(t) + 1
    return Document(text=" ".join(texts), segments=segments, lang=lang, path=f"load.{lang}")


def make_review(db: str) -> int:
    store = ReviewStore(db)
    src, tgt = _document("en", "Sentence"), _document("it", "Frase")
    rid = store.create_review(Alignment(src, tgt, [Bead((k,), (k,), 0.9) for k in range(N_BEADS)]), "load")
    store.close()
    return rid


def writer(db: str, rid: int, who: int, ops: int, start: Any, out: str) -> None:
    rng = random.Random(who)
    store = ReviewStore(db)
    ids = [b.id for b in store.beads(rid)]
    log: list[dict[str, Any]] = []
    start.wait()
    for i in range(ops):
        if i % 2 == 0:
            bead = ids[rng.randrange(ERROR_BEADS)]
            t = time.perf_counter()
            ann, version = store.add_annotation(bead, Annotation("style", "minor", f"w{who}-{i}"), reviewer=f"w{who}")
            log.append({"op": "error", "bead": bead, "ann": ann, "ms": (time.perf_counter() - t) * 1000})
        else:
            bead = ids[ERROR_BEADS + rng.randrange(VERDICT_BEADS)]
            read = store.bead(bead).version
            status = rng.choice(["correct", "unreviewed"])
            t = time.perf_counter()
            try:
                version = store.set_status(bead, status, expected_version=read, reviewer=f"w{who}")
                rec = {"op": "verdict", "bead": bead, "read": read, "version": version, "status": status}
            except ConflictError:
                rec = {"op": "conflict", "bead": bead, "read": read}
            rec["ms"] = (time.perf_counter() - t) * 1000
            log.append(rec)
    store.close()
    Path(out).write_text(json.dumps({"who": who, "log": log}))


def check(db: str, rid: int, logs: list[dict[str, Any]]) -> dict[str, int]:
    """What the database holds against what the writers were told; → counts (``lost`` and ``wrong`` must be 0)."""
    store = ReviewStore(db)
    beads = {b.id: b for b in store.beads(rid)}
    saved = {(r["ann"]) for w in logs for r in w["log"] if r["op"] == "error"}
    stored = {a.id for a in store.review_annotations(rid)}
    lost = len(saved - stored) + len(stored - saved)
    writes: dict[int, int] = defaultdict(int)
    verdicts: dict[int, list[tuple[int, int, str, int]]] = defaultdict(list)  # bead → (version, read, status, who)
    conflicts: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for w in logs:
        for r in w["log"]:
            if r["op"] in ("error", "verdict"):
                writes[r["bead"]] += 1
            if r["op"] == "verdict":
                verdicts[r["bead"]].append((r["version"], r["read"], r["status"], w["who"]))
            elif r["op"] == "conflict":
                conflicts[r["bead"]].append((r["read"], w["who"]))
    wrong = 0
    for bead_id, b in beads.items():
        lost += b.version != 1 + writes[bead_id]
        chain = sorted(verdicts[bead_id])
        for (v0, _, _, _), (_, read1, _, _) in pairwise(chain):
            wrong += read1 < v0  # accepted over a verdict its writer had not seen
        if chain:
            lost += b.status != chain[-1][2]
        for read, who in conflicts[bead_id]:
            wrong += not any(v > read and w != who for v, _, _, w in chain)  # refused without a newer verdict
    store.close()
    n_conflicts = sum(len(c) for c in conflicts.values())
    return {"errors": len(saved), "verdicts": sum(len(c) for c in verdicts.values()), "conflicts": n_conflicts,
            "lost": lost, "wrong": wrong}  # fmt: skip


def run(db: str, writers: int, ops: int) -> dict[str, Any]:
    rid = make_review(db)
    ctx = mp.get_context("fork")  # the imports are done once, in this process
    start = ctx.Barrier(writers + 1)
    with tempfile.TemporaryDirectory(prefix="store-load-") as tmp:
        outs = [str(Path(tmp) / f"w{k}.json") for k in range(writers)]
        procs = [ctx.Process(target=writer, args=(db, rid, k, ops, start, outs[k])) for k in range(writers)]
        for p in procs:
            p.start()
        start.wait()
        t0 = time.perf_counter()
        for p in procs:
            p.join()
        wall = time.perf_counter() - t0
        if any(p.exitcode for p in procs):
            raise SystemExit(f"a writer failed: exit codes {[p.exitcode for p in procs]}")
        logs = [json.loads(Path(o).read_text()) for o in outs]
    counts = check(db, rid, logs)
    ms = {kind: sorted(r["ms"] for w in logs for r in w["log"] if r["op"] in kinds)
          for kind, kinds in (("error", ("error",)), ("verdict", ("verdict", "conflict")))}  # fmt: skip
    pct = {k: (statistics.median(v), v[int(0.95 * (len(v) - 1))]) for k, v in ms.items()}
    return {"wall": wall, "ops": writers * ops, **counts, "pct": pct}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writers", type=int, default=20)
    ap.add_argument("--ops", type=int, default=500, help="actions per writer (half errors, half verdicts)")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--pg", help="a PostgreSQL database URL to use (default: start a throw-away server)")
    args = ap.parse_args()
    rows = []
    server = None
    with tempfile.TemporaryDirectory(prefix="store-load-db-") as tmp:
        for backend in args.backends.split(","):
            if backend == "sqlite":
                db = str(Path(tmp) / "load.sqlite3")
            elif args.pg:
                db = args.pg
            else:
                from pg_server import PgServer, find_bindir

                bindir = find_bindir()
                if bindir is None:
                    raise SystemExit("error: no PostgreSQL binaries (apt-get install postgresql), or give --pg URL")
                server = PgServer(bindir, fsync=True)
                db = server.create_database()
            print(f"{backend}: {args.writers} writers × {args.ops} actions ...", file=sys.stderr, flush=True)
            rows.append((backend, run(db, args.writers, args.ops)))
        if server is not None:
            server.stop()
    print(
        "| back end | writers × actions | wall s | actions/s | errors saved | verdicts saved | conflicts "
        "| lost | wrong | error p50 / p95 ms | verdict p50 / p95 ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for backend, r in rows:
        (e50, e95), (v50, v95) = r["pct"]["error"], r["pct"]["verdict"]
        print(
            f"| {backend} | {args.writers} × {args.ops} | {r['wall']:.1f} | {r['ops'] / r['wall']:.0f} | {r['errors']} "
            f"| {r['verdicts']} | {r['conflicts']} | {r['lost']} | {r['wrong']} | {e50:.1f} / {e95:.1f} "
            f"| {v50:.1f} / {v95:.1f} |"
        )
    if any(r["lost"] or r["wrong"] for _, r in rows):
        raise SystemExit("error: a write was lost or a conflict was wrong (see the table)")


if __name__ == "__main__":
    main()
