"""Cross-version flags on planted errors: recall, and the share of untouched cells flagged, for N = 3 and 5.

The article is the news set (``benchmarks/data/news_multilingual*.tsv``: 60 sentences, every row a faithful
translation in 26 languages), one sentence a line, in N language versions: English (the pivot) and N - 1 others
drawn per round. Into one non-pivot version (the victim, drawn per round) errors are planted, spaced at least
four sentences apart: a changed quantity (``consensus_number``), a swapped name (another name of the document, both
written as names in the pivot, see :func:`pivot_names`; ``consensus_entity``), a removed negation (the cue the
negation check reads taken out, ``consensus_negation``; the set has few negated sentences, so few sites) and a
dropped sentence (``missing_in_version``). The versions are aligned and flagged with
:func:`align.versions.align_versions` and the real bundled model.

Recall: the victim's cell holding the planted sentence (the row of the pivot's sentence, for a dropped one)
carries the expected flag. False-flag share: untouched cells (every version's cell in a row without a planted
sentence) carrying that flag. Target (issue 12): recall >= 0.9, at most 5 % of untouched cells flagged.

    python benchmarks/versions_flags.py [--rounds 4] [--versions 3,5] [--seed 0] [--show-misses]

Prints a markdown table per N and a JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from flag_recall import NEWS, NEWS_EXTRA, change_quantity, read_tsv, swap_name  # noqa: E402

from align.embedding_cache import CachedEncoder, EmbeddingCache  # noqa: E402
from align.encoders import get_encoder  # noqa: E402
from align.entities import EntityContext, TokenIndex, extract_entities, fold  # noqa: E402
from align.negation import negations  # noqa: E402
from align.readers import document_from_text  # noqa: E402
from align.versions import align_versions  # noqa: E402

#: planted kind → the cross-version flag that should catch it
KINDS = {
    "quantity": "consensus_number",
    "name": "consensus_entity",
    "negation": "consensus_negation",
    "drop": "missing_in_version",
}
#: Versions besides English: several scripts, each with a negation cue table.
POOL = ["de", "fr", "es", "it", "ru", "el", "ja", "zh", "ar", "hi", "ko", "id"]
RECALL_TARGET, FALSE_TARGET = 0.9, 0.05


def remove_negation(text: str, lang: str) -> str | None:
    """``text`` with the cue of its first negated clause taken out (and a space beside it), or None."""
    found = negations(text, lang)
    if not found:
        return None
    cue = found[0]
    start = text.find(cue.cue, cue.start)
    if start < 0:
        return None
    end = start + len(cue.cue)
    if end < len(text) and text[end] == " ":
        end += 1
    out = text[:start] + text[end:]
    left = negations(out, lang)
    return out if left is not None and len(left) < len(found) else None


def pivot_names(rows: list[dict[str, str]], lang: str, pivot: str = "en") -> list[str]:
    """Names of the ``lang`` version that the entity check can verify against the pivot and that stand for a
    name of the pivot's sentence: a word there that the pivot's document writes as a name (capitalised in
    mid-sentence: Melbourne, which the extractor leaves out as a common word) or that its entity extractor finds,
    and that the ``lang`` name is or sounds like. German capitalises every noun, and a sentence-initial English
    word (Inflation, Exports) is no name: such nouns are not planted as names."""
    ctx = EntityContext.of([r[pivot] for r in rows], pivot, [r[lang] for r in rows], lang)
    names: set[str] = set()
    for r in rows:
        found = [w for w in re.findall(r"\w+", r[pivot]) if w[:1].isupper() and fold(w) in ctx.src_names]
        found += [e.text for e in extract_entities(r[pivot], pivot, known_names=ctx.src_names) if e.kind == "name"]
        if not found:
            continue
        here = TokenIndex.of([" ".join(found)], pivot, sounds=ctx.cross_script)
        for e in extract_entities(r[lang], lang, known_names=ctx.tgt_names):
            if e.kind != "name" or not ctx.src_doc.has(e, ctx.cross_script):
                continue
            if here.has(e, ctx.cross_script) or here.has_related(e):
                names.add(e.text)
    return sorted(names)


@dataclass
class Tally:
    hits: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in KINDS})
    #: per flag: untouched cells carrying it, and untouched cells
    false: dict[str, int] = field(default_factory=lambda: {f: 0 for f in KINDS.values()})
    untouched: int = 0


def plant(rows: list[dict[str, str]], lang: str, rng: random.Random) -> tuple[list[str], dict[int, str]]:
    """The victim's sentences with errors planted (two sites per kind where the text allows), and per pivot
    sentence index the kind planted there."""
    texts = [r[lang] for r in rows]
    names = pivot_names(rows, lang)
    slots = list(range(1, len(rows) - 1))
    rng.shuffle(slots)
    chosen: dict[int, str] = {}
    # The scarcest kind first (few sentences hold a negation); sites at least four sentences apart.
    for kind in ["negation", "negation", *[k for k in KINDS if k != "negation" for _ in range(2)]]:
        for i in slots:
            if any(abs(i - j) < 4 for j in chosen):
                continue
            if kind == "quantity":
                new = change_quantity(texts[i], rng, lang)
            elif kind == "name":
                new = swap_name(texts[i], lang, names, rng)
            elif kind == "negation":
                # Only where the pivot negates as many clauses: Spanish "sin cambios" is a negation, English
                # "unchanged" none, so taking "sin" out makes the victim agree with the others.
                pivot, here = negations(rows[i]["en"], "en"), negations(texts[i], lang)
                agreed = pivot is not None and here is not None and len(pivot) == len(here)
                new = remove_negation(texts[i], lang) if agreed else None
            else:
                new = ""
            if new is None:
                continue
            chosen[i] = kind
            texts[i] = new
            break
    return texts, chosen


def run_round(
    rows: list[dict[str, str]], n: int, rng: random.Random, encoder: CachedEncoder, tally: Tally, show_misses: bool
) -> str:
    langs = ["en", *rng.sample(POOL, n - 1)]
    victim = rng.randrange(1, n)
    planted, chosen = plant(rows, langs[victim], rng)
    docs = []
    for v, lang in enumerate(langs):
        texts = planted if v == victim else [r[lang] for r in rows]
        lines = [t for t in texts if t]  # a dropped sentence is gone from its version
        docs.append(document_from_text("\n".join(lines) + "\n", lang, presplit=True, name=f"{lang}.txt"))
    multi = align_versions(docs, encoder)
    # The victim's segment ids: its kept sentences in order.
    seg_of = {i: k for k, i in enumerate(i for i, t in enumerate(planted) if t)}
    planted_rows: set[int] = set()
    for i, kind in chosen.items():
        r = next(
            (
                r
                for r, row in enumerate(multi.rows)
                if (seg_of.get(i) in row.cells[victim] if kind != "drop" else i in row.cells[0])
            ),
            None,
        )
        if r is None:
            tally.hits[kind].append(0)
            continue
        planted_rows.add(r)
        hit = any(f.code == KINDS[kind] for f in multi.flags[r][victim])
        tally.hits[kind].append(int(hit))
        if not hit and show_misses:
            texts = " | ".join(f"{langs[v]}: {multi.text(multi.rows[r], v)}" for v in range(n))
            codes = sorted({f.code for f in multi.flags[r][victim]})
            print(f"missed {kind} in {langs[victim]} (was: {rows[i][langs[victim]]}): {texts}; flags {codes}",
                  file=sys.stderr)  # fmt: skip
    for r in range(len(multi.rows)):
        if r in planted_rows:
            continue
        for v in range(n):
            tally.untouched += 1
            codes = {f.code for f in multi.flags[r][v]}
            for code in tally.false:
                tally.false[code] += code in codes
    return f"{'+'.join(langs)} (victim {langs[victim]}): {', '.join(sorted(chosen.values()))}"


def table(n: int, tally: Tally) -> str:
    lines = ["| planted | flag | recall | untouched cells flagged |", "|---|---|---|---|"]
    for kind, code in KINDS.items():
        hits = tally.hits[kind]
        recall = f"{sum(hits)}/{len(hits)}" + (f" ({sum(hits) / len(hits):.2f})" if hits else "")
        share = tally.false[code] / max(tally.untouched, 1)
        lines.append(f"| {kind} | `{code}` | {recall} | {share:.1%} of {tally.untouched} |")
    return f"N = {n}\n\n" + "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--versions", default="3,5")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache-dir", help="embedding cache folder (default: the user cache)")
    ap.add_argument("--show-misses", action="store_true", help="print each planted error not flagged (stderr)")
    args = ap.parse_args()
    rows = read_tsv(NEWS) + read_tsv(NEWS_EXTRA)
    cache = EmbeddingCache(Path(args.cache_dir) / "embeddings.sqlite3" if args.cache_dir else None)
    encoder = CachedEncoder(get_encoder("bundled"), cache)
    out: dict[str, object] = {"rounds": args.rounds, "sentences": len(rows), "seed": args.seed}
    for n in [int(x) for x in args.versions.split(",")]:
        rng = random.Random(args.seed * 1000 + n)
        tally = Tally()
        t0 = time.perf_counter()
        for _ in range(args.rounds):
            print(run_round(rows, n, rng, encoder, tally, args.show_misses), file=sys.stderr, flush=True)
        print(table(n, tally) + "\n")
        out[f"N{n}"] = {
            "seconds": round(time.perf_counter() - t0, 1),
            "recall": {k: [sum(h), len(h)] for k, h in tally.hits.items()},
            "false_share": {c: round(x / max(tally.untouched, 1), 4) for c, x in tally.false.items()},
            "untouched_cells": tally.untouched,
        }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
