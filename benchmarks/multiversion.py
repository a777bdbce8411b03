"""Speed of a multi-version alignment against one pair: ``python benchmarks/multiversion.py``.

Ten language versions of a ~500-sentence article (en de fr ru ja zh ar es hi ko), built from the 60 news
sentences of ``benchmarks/data/news_multilingual*.tsv`` (20 languages, every row a faithful translation):
the rows are repeated in a different order per repetition, and every sentence gets a dateline name unique
to it (the same in every version, "Karito:"), so no text repeats and every sentence costs a real encoding.

Times, with the bundled model loaded once beforehand (model load not counted) and no on-disk cache:
one pair (the pivot and the second version, ``align_and_flag``, flags on) and the whole set
(``align_versions``, pairwise and cross-version flags on). Target (issue 12): the set in under 10× the pair.
Prints one JSON object. ``--versions 3 --sentences 100`` is a quick run.

``--app``: the set is then stored in a fresh review database and opened in the review app through its own
code path (Streamlit's AppTest runs ``streamlit_app.py``): ``app_open_s`` is the run after choosing the set in
the sidebar (read the set, build and send the grid; target < 2 s), ``app_rerun_s`` a run that changes
nothing in the set (choosing the versions to show: the set is not read again) and ``app_open_again_s`` the
same set opened in a second session (another reviewer: the set is read once per revision for all sessions).
``--app-only`` times only that, on the versions stored as a set aligned one-to-one to the pivot (the shape and
size of a real set, one cell in twenty flagged; no alignment is run), for sizes too big to align here.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.encoders import get_encoder  # noqa: E402
from align.pipeline import align_and_flag  # noqa: E402
from align.readers import document_from_text  # noqa: E402
from align.types import Alignment, Bead, Document, Flag  # noqa: E402
from align.versions import MultiAlignment, align_versions, joint_rows, version_labels  # noqa: E402

LANGS = ["en", "de", "fr", "ru", "ja", "zh", "ar", "es", "hi", "ko"]
_SYLLABLES = ["ka", "ri", "to", "me", "su", "la", "no", "vi", "de", "po", "ra", "ze", "mo", "ti", "lu", "ne"]


def _rows() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("news_multilingual.tsv", "news_multilingual_extra.tsv"):
        with (ROOT / "benchmarks" / "data" / name).open(encoding="utf-8") as f:
            rows += list(csv.DictReader(f, delimiter="\t"))
    return rows


def _name(i: int) -> str:
    """A made-up place name unique to ``i`` (three syllables from a 16-syllable alphabet, then more)."""
    parts = []
    for _ in range(3):
        parts.append(_SYLLABLES[i % 16])
        i //= 16
    while i:
        parts.append(_SYLLABLES[i % 16])
        i //= 16
    return "".join(parts).capitalize()


def make_versions(n_versions: int, n_sentences: int, seed: int = 0) -> list[Document]:
    """``n_versions`` language versions of one article of ``n_sentences`` sentences, one a line."""
    if n_versions > len(LANGS):
        raise SystemExit(f"at most {len(LANGS)} versions")
    rows, rng = _rows(), random.Random(seed)
    order: list[int] = []
    while len(order) < n_sentences:
        block = list(range(len(rows)))
        rng.shuffle(block)
        order += block
    order = order[:n_sentences]
    docs = []
    for lang in LANGS[:n_versions]:
        lines = [f"{_name(k)}: {rows[i][lang]}" for k, i in enumerate(order)]
        docs.append(document_from_text("\n".join(lines) + "\n", lang, presplit=True, name=f"{lang}.txt"))
    return docs


def app_timings(multi: MultiAlignment) -> dict[str, float]:
    """Open the set in the app (AppTest) and time its runs; see the module's docstring."""
    from streamlit.testing.v1 import AppTest

    from align.review_store import ReviewStore

    with tempfile.TemporaryDirectory(prefix="multiversion-app-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        store = ReviewStore(db)
        set_id = store.create_review_set(multi, "benchmark")
        store.close()
        os.environ["ALIGN_DB"] = str(db)
        out: dict[str, float] = {}
        for key in ("app_open_s", "app_open_again_s"):
            at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
            at.run()  # the first page: the newest version's pairwise review
            at.selectbox(key="set_open").set_value(set_id)
            t0 = time.perf_counter()
            at.run()
            out[key] = round(time.perf_counter() - t0, 3)
            if at.exception or len(at.dataframe) != 1 or len(at.dataframe[0].value) != len(multi.rows):
                raise SystemExit(f"the app did not show the set's grid: {[e.value for e in at.exception]}")
            if key == "app_open_s":
                # The pivot is always shown (pinned): choose two versions beside it, three columns of text as before.
                others = [x for v, x in enumerate(multi.labels) if v != multi.pivot]
                at.multiselect(key=f"set_cols_{set_id}").set_value(others[:2])
                t0 = time.perf_counter()
                at.run()
                out["app_rerun_s"] = round(time.perf_counter() - t0, 3)
        return out


def one_to_one(docs: list[Document]) -> MultiAlignment:
    """The versions as a set aligned one-to-one to the first (they are: every line a translation of the pivot's),
    without running the aligner; a pairwise flag on one bead in twenty."""
    flag = [Flag("number_mismatch", "planted for the benchmark", 0.8)]
    pairs: list[Alignment | None] = [None]
    for doc in docs[1:]:
        beads = [Bead((i,), (i,), 0.9) for i in range(len(doc))]
        pairs.append(
            Alignment(docs[0], doc, beads, "e5-onnx", flags=[flag if i % 20 == 7 else [] for i in range(len(doc))])
        )
    rows = joint_rows(len(docs[0]), [p.beads if p is not None else None for p in pairs])
    multi = MultiAlignment(docs, 0, pairs, rows, version_labels(docs), model="e5-onnx")
    multi.flags = [[[] for _ in docs] for _ in rows]
    return multi


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--versions", type=int, default=10)
    ap.add_argument("--sentences", type=int, default=500)
    ap.add_argument("--model", default="bundled")
    ap.add_argument("--app", action="store_true", help="also store the set and time opening it in the app")
    ap.add_argument("--app-only", action="store_true", help="only the app's times, on a set aligned one-to-one")
    args = ap.parse_args()
    docs = make_versions(args.versions, args.sentences)
    if args.app_only:
        multi = one_to_one(docs)
        shape = {"versions": len(docs), "sentences": args.sentences, "rows": len(multi.rows)}
        app = app_timings(multi)
        print(json.dumps({**shape, "load_average": os.getloadavg()[0], **app, "app_target_s": 2}, indent=2))
        return
    encoder = get_encoder(args.model)
    encoder.encode(["warm-up"])  # the runtime's first call (graph load, allocations) is not the pair's cost

    t0, c0 = time.perf_counter(), time.process_time()
    pair = align_and_flag(docs[0], docs[1], encoder)
    pair_wall, pair_cpu = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    multi = align_versions(docs, encoder)
    multi_wall, multi_cpu = time.perf_counter() - t0, time.process_time() - c0

    flagged = sum(1 for row in multi.flags for cell in row if cell)
    app = app_timings(multi) if args.app else {}
    print(
        json.dumps(
            {
                "versions": len(docs),
                "sentences": args.sentences,
                "model": encoder.name,
                "threads": os.environ.get("OMP_NUM_THREADS", ""),
                "load_average": os.getloadavg()[0],
                "pair_s": round(pair_wall, 2),
                "pair_cpu_s": round(pair_cpu, 2),
                "versions_s": round(multi_wall, 2),
                "versions_cpu_s": round(multi_cpu, 2),
                "ratio_wall": round(multi_wall / pair_wall, 2),
                "ratio_cpu": round(multi_cpu / pair_cpu, 2),
                "target_ratio": 10,
                "pair_beads": len(pair.beads),
                "rows": len(multi.rows),
                "cells_flagged": flagged,
                "cells": len(multi.rows) * len(docs),
                **app,
                **({"app_target_s": 2} if app else {}),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
