"""Flag recall on planted errors, and the share of untouched beads flagged.

Clean parallel text (Text+Berg de–fr gold 1-1 beads; the hand-written ja–en set in
benchmarks/data/ja_en_facts.tsv; the hand-written news set in benchmarks/data/news_multilingual.tsv,
one column per language, run as en→X for 25 languages and X→en for a few) gets errors planted into
its target side, seeded and spaced apart:
a dropped sentence, an inserted sentence, a changed quantity, a swapped name, an untranslated
sentence (the source copied) and an unrelated sentence (another document's sentence). The pair is
then aligned with the real bundled model and flagged. Recall: the bead holding the planted error
carries the expected flag. False-flag share: untouched beads (no planted sentence) that carry it.

    python benchmarks/flag_recall.py [--rounds 4] [--pairs de-fr,ja-en,news] [--docs dev] [--show-false FILE]
    python benchmarks/flag_recall.py --langs de,ja,zh [--reverse ja,zh] [--sample 30] [--cache-dir DIR]

de–fr is reported for the Text+Berg dev document (where thresholds and rules are tuned), for the
test documents (never tuned on), and for both together (the acceptance figure). The planted
documents hold only gold 1-1 pairs, so a last de–fr table flags the gold alignment of the whole,
unplanted documents: human merges (2-1, 1-2 beads) and free translation, where a flag is a false
flag unless the translation itself is wrong. The news set ends with one table row per language pair
(targets: recall ≥ 0.9 per planted kind, ≤ 5 % of untouched beads with any flag).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from align.aligning import align_documents  # noqa: E402
from align.embedding_cache import CachedEncoder, EmbeddingCache  # noqa: E402
from align.encoders import get_encoder  # noqa: E402
from align.entities import EntityContext, extract_entities  # noqa: E402
from align.flagging import FLAG_CODES, flag_alignment  # noqa: E402
from align.langid import CJK_LANGS  # noqa: E402
from align.readers import document_from_text  # noqa: E402
from align.types import Alignment, Bead  # noqa: E402

TEXT_BERG = Path(os.environ.get("TEXT_BERG_DIR") or ROOT.parent / "shared" / "benchmarks" / "text+berg")
JA_EN = ROOT / "benchmarks" / "data" / "ja_en_facts.tsv"
#: one column per language (en first); the extra file holds unrelated sentences to insert
NEWS = ROOT / "benchmarks" / "data" / "news_multilingual.tsv"
NEWS_EXTRA = ROOT / "benchmarks" / "data" / "news_multilingual_extra.tsv"
#: languages of the news set also run into English (X→en), when among those chosen
NEWS_REVERSE = ("ja", "zh", "ar", "th")

#: planted kind → the flag that should catch it
KINDS = {
    "drop": "omission",
    "insert": "addition",
    "quantity": "number_mismatch",
    "name": "entity_mismatch",
    "untranslated": "untranslated",
    "unrelated": "low_similarity",
}


#: Flags at least this heavy are the ones a reviewer sorting by risk meets first.
STRONG = 0.5
#: The targets the news table marks: recall per planted kind, share of untouched beads with any flag.
RECALL_TARGET = 0.9
FALSE_TARGET = 0.05


@dataclass
class Corpus:
    name: str
    src_lang: str
    tgt_lang: str
    docs: list[list[tuple[str, str]]]  # documents of clean (src, tgt) sentence pairs
    foreign: list[str]  # target-language sentences from elsewhere (inserted / unrelated)
    #: per document: "dev" (tuned on) or "test" (reported only)
    splits: list[str] = field(default_factory=list)
    #: planted errors of each kind per document, where the corpus sets it (short documents have few sites)
    per_kind: int | None = None


def text_berg_pairs(stem: str) -> list[tuple[str, str]]:
    de = (TEXT_BERG / f"{stem}.de").read_text(encoding="utf-8").splitlines()
    fr = (TEXT_BERG / f"{stem}.fr").read_text(encoding="utf-8").splitlines()
    pairs = []
    for line in (TEXT_BERG / f"{stem}.gold").read_text(encoding="utf-8").splitlines():
        s, t = line.split(":")
        si, ti = json.loads(s), json.loads(t)  # the gold format is two JSON-style lists
        if len(si) == 1 and len(ti) == 1 and de[si[0]].strip() and fr[ti[0]].strip():
            pairs.append((de[si[0]].strip(), fr[ti[0]].strip()))
    return pairs


def load_corpora(names: list[str], only: set[str] | None = None) -> list[Corpus]:
    """The corpora named; ``only`` keeps the Text+Berg documents named there (dev, test0, ...)."""
    out = []
    if "de-fr" in names:
        stems = ["dev"] + [f"test{i}" for i in range(7)]
        docs = {s: text_berg_pairs(s) for s in stems}
        kept = [s for s in stems if len(docs[s]) >= 30]
        # Foreign sentences for insertion come from a document that is not planted into.
        foreign = [t for _, t in docs[kept[-1]] if len(t) >= 40 and len(t.split()) >= 6]
        planted = [s for s in kept[:-1] if only is None or s in only]
        out.append(
            Corpus(
                "de-fr (Text+Berg)",
                "de",
                "fr",
                [docs[s] for s in planted],
                foreign,
                ["dev" if s == "dev" else "test" for s in planted],
            )
        )
    if "ja-en" in names:
        with JA_EN.open(encoding="utf-8") as f:
            rows = [(r["ja"], r["en"]) for r in csv.DictReader(f, delimiter="\t")]
        extra = (ROOT / "benchmarks" / "data" / "en_extra.txt").read_text(encoding="utf-8").splitlines()
        foreign = [x.strip() for x in extra if x.strip()]
        out.append(Corpus("ja-en (hand-written)", "ja", "en", [rows], foreign, ["all"]))
    return out


def read_tsv(path: Path) -> list[dict[str, str]]:
    # QUOTE_NONE: a Hebrew abbreviation carries an ASCII double quote (האו"ם), no CSV quoting
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def news_languages() -> list[str]:
    """The news set's languages other than English, in column order."""
    with NEWS.open(encoding="utf-8") as f:
        return [c for c in f.readline().rstrip("\n").split("\t") if c != "en"]


def news_corpora(langs: list[str], reverse: list[str], sample: int | None = None) -> list[Corpus]:
    """en→X for each of ``langs``, then X→en for each of ``reverse``; ``sample`` keeps the first rows."""
    rows = read_tsv(NEWS)[:sample]
    extra = read_tsv(NEWS_EXTRA)
    pairs = [("en", x) for x in langs] + [(x, "en") for x in reverse]
    return [
        Corpus(f"{s}-{t} (news)", s, t, [[(r[s], r[t]) for r in rows]], [r[t] for r in extra], ["all"], per_kind=1)
        for s, t in pairs
    ]


@dataclass
class Planted:
    src: list[str]
    tgt: list[str]
    #: (kind, side, index in the planted documents)
    events: list[tuple[str, str, int]] = field(default_factory=list)
    #: the source sentence of each replaced translation: part of the planted site, so a bead holding it
    #: (the aligner may leave it 1-0 beside the planted 0-1) is no untouched bead
    sources: list[int] = field(default_factory=list)


_DIGITS = re.compile(r"\d+")  # any script's digits: Bengali writes ৩১০
#: Scripts that write units and counters right against a number (1958年, 333メートル, 2,450달러).
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI")


def _in_word(c: str) -> bool:
    """Whether a character next to a digit run makes it part of a word (G7, COVID-19, H2O)."""
    return (c.isalnum() or c == "_") and not unicodedata.name(c, "").startswith(_UNSPACED)


def change_quantity(text: str, rng: random.Random, lang: str = "") -> str | None:
    """``text`` with one number changed; not a year (a Thai one is Buddhist-era: 2551 = 2008), nor a
    digit inside a word or a thousands group."""
    years = r"(19|20|25)\d\d" if lang == "th" else r"(19|20)\d\d"
    ms = [
        m
        for m in _DIGITS.finditer(text)
        if not (m.start() and (text[m.start() - 1] in ".,'" or _in_word(text[m.start() - 1])))
        and not (m.end() < len(text) and _in_word(text[m.end()]))
        and not re.fullmatch(years, str(int(m.group())).zfill(len(m.group())))
    ]
    if not ms:
        return None
    m = rng.choice(ms)
    v = int(m.group())
    new = v + rng.choice([1, 2, 3]) if v < 10 else v + rng.choice([-1, 1]) * max(1, v // 10 + 1)
    zero = ord(m.group()[0]) - unicodedata.decimal(m.group()[0])  # the new number in the same digits
    return text[: m.start()] + "".join(chr(zero + int(d)) for d in str(new)) + text[m.end() :]


def swap_name(text: str, lang: str, names: list[str], rng: random.Random) -> str | None:
    ents = [e for e in extract_entities(text, lang) if e.kind == "name"]
    usable = [e for e in ents if e.text in names]
    if not usable:
        return None
    e = rng.choice(usable)
    others = [n for n in names if n.lower() not in text.lower()]
    if not others:
        return None
    return text[: e.start] + rng.choice(others) + text[e.end :]


def doc_names(pairs: list[tuple[str, str]], src_lang: str, tgt_lang: str) -> list[str]:
    """Target-side names that the entity check can verify (known in the source document)."""
    ctx = EntityContext.of([s for s, _ in pairs], src_lang, [t for _, t in pairs], tgt_lang)
    names: set[str] = set()
    for _, t in pairs:
        for e in extract_entities(t, tgt_lang, known_names=ctx.tgt_names):
            if e.kind == "name" and ctx.src_doc.has(e, ctx.cross_script):
                names.add(e.text)
    return sorted(names)


def _sentence(text: str, lang: str) -> bool:
    if lang in CJK_LANGS or lang == "th":  # no spaces between words to count
        return len(text) >= 12
    return len(re.findall(r"\w+", text)) >= 5


def plant(pairs: list[tuple[str, str]], corpus: Corpus, per_kind: int, rng: random.Random) -> Planted:
    n = len(pairs)
    names = doc_names(pairs, corpus.src_lang, corpus.tgt_lang)
    # Sites spaced at least 4 pairs apart so each planted error sits among clean neighbours.
    # Planted errors go into real sentences (titles and fragments like "Inhalt :" are too short for
    # language identification or length statistics to say anything, by design).
    slots = [
        i
        for i in range(2, n - 2, 4)
        if _sentence(pairs[i][0], corpus.src_lang) and _sentence(pairs[i][1], corpus.tgt_lang)
    ]
    rng.shuffle(slots)
    todo = [k for k in KINDS for _ in range(per_kind)]
    rng.shuffle(todo)
    chosen: dict[int, tuple[str, str | None]] = {}
    for kind in todo:
        for i in list(slots):
            s, t = pairs[i]
            new: str | None = t
            if kind == "quantity":
                new = change_quantity(t, rng, corpus.tgt_lang)
            elif kind == "name":
                new = swap_name(t, corpus.tgt_lang, names, rng)
            elif kind == "untranslated":
                new = s
            elif kind == "unrelated":
                new = rng.choice(corpus.foreign)
            if new is None:
                continue
            slots.remove(i)
            chosen[i] = (kind, new)
            break
    src: list[str] = []
    tgt: list[str] = []
    out = Planted(src, tgt)
    for i, (s, t) in enumerate(pairs):
        kind, new = chosen.get(i, ("", None))
        src.append(s)
        if kind == "drop":
            out.events.append(("drop", "src", len(src) - 1))
            continue
        tgt.append(t if kind in ("", "insert") else str(new))
        if kind == "insert":
            tgt.append(rng.choice(corpus.foreign))
            out.events.append(("insert", "tgt", len(tgt) - 1))
        elif kind:
            out.events.append((kind, "tgt", len(tgt) - 1))
            out.sources.append(len(src) - 1)
    return out


@dataclass
class Tally:
    """Counts for one table: planted errors caught, and flags on untouched beads."""

    hits: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in KINDS})  # flag, planted, any
    false: dict[str, int] = field(default_factory=lambda: {c: 0 for c in FLAG_CODES} | {"any": 0, "strong": 0})
    untouched: int = 0

    def add(self, other: Tally) -> None:
        for k, v in other.hits.items():
            self.hits[k] = [a + b for a, b in zip(self.hits[k], v, strict=True)]
        for c, n in other.false.items():
            self.false[c] += n
        self.untouched += other.untouched

    def table(self) -> str:
        rows = [
            "| planted | flag | recall (that flag) | recall (any flag) | false-flag share (untouched beads) |",
            "|---|---|---|---|---|",
        ]
        u = max(self.untouched, 1)
        for kind, code in KINDS.items():
            h, n, a = self.hits[kind]
            rows.append(f"| {kind} | {code} | {h}/{n} = {h / max(n, 1):.2f} | {a / max(n, 1):.2f} "
                        f"| {self.false[code] / u:.3f} |")  # fmt: skip
        rows.append(f"| (none) | any flag | | | {self.false['any'] / u:.3f} |")
        rows.append(f"| (none) | any flag of weight ≥ {STRONG} | | | {self.false['strong'] / u:.3f} |")
        return "\n".join(rows)


def run(
    corpus: Corpus,
    rounds: int,
    per_kind: int,
    encoder: CachedEncoder,
    verbose: bool = False,
    false_log: TextIO | None = None,
) -> dict[str, Tally]:
    """Tallies per split of ``corpus`` (see :attr:`Corpus.splits`)."""
    tallies = {sp: Tally() for sp in corpus.splits}
    for r in range(rounds):
        for d, pairs in enumerate(corpus.docs):
            tally = tallies[corpus.splits[d]]
            rng = random.Random(1000 * r + d)
            p = plant(pairs, corpus, corpus.per_kind or per_kind, rng)
            src = document_from_text("\n".join(p.src), corpus.src_lang, presplit=True)
            tgt = document_from_text("\n".join(p.tgt), corpus.tgt_lang, presplit=True)
            al = align_documents(src, tgt, encoder)
            flags = flag_alignment(al, encoder.encode(src.texts), encoder.encode(tgt.texts))
            where = {}
            for k, b in enumerate(al.beads):
                for i in b.src:
                    where[("src", i)] = k
                for j in b.tgt:
                    where[("tgt", j)] = k
            touched = {where[("src", i)] for i in p.sources}
            for kind, side, idx in p.events:
                k = where[(side, idx)]
                touched.add(k)
                tally.hits[kind][1] += 1
                ok = any(f.code == KINDS[kind] for f in flags[k])
                tally.hits[kind][0] += ok
                tally.hits[kind][2] += bool(flags[k])
                if not ok and verbose:
                    b = al.beads[k]
                    print(f"  missed {kind}: {b.kind} {[(f.code, f.message) for f in flags[k]]}\n"
                          f"    S: {al.src_text(b)[:120]}\n    T: {al.tgt_text(b)[:120]}")  # fmt: skip
            for k in range(len(al.beads)):
                if k in touched:
                    continue
                tally.untouched += 1
                codes = {f.code for f in flags[k]}
                for c in codes:
                    tally.false[c] += 1
                tally.false["any"] += bool(codes)
                tally.false["strong"] += any(f.weight >= STRONG for f in flags[k])
                if codes and false_log is not None:
                    b = al.beads[k]
                    false_log.write(
                        f"{corpus.name} {corpus.splits[d]} doc{d} r{r} bead {k} {b.kind}\n"
                        + "".join(f"  [{f.code} {f.weight}] {f.message}\n" for f in flags[k])
                        + f"  S: {al.src_text(b)}\n  T: {al.tgt_text(b)}\n"
                    )
    return tallies


def gold_alignment(stem: str) -> Alignment:
    """A whole Text+Berg document with its gold beads (human 2-1, 1-2 and empty-side beads included)."""
    de = (TEXT_BERG / f"{stem}.de").read_text(encoding="utf-8").splitlines()
    fr = (TEXT_BERG / f"{stem}.fr").read_text(encoding="utf-8").splitlines()
    beads = []
    for line in (TEXT_BERG / f"{stem}.gold").read_text(encoding="utf-8").splitlines():
        s, t = line.split(":")
        beads.append(Bead(tuple(json.loads(s)), tuple(json.loads(t)), 1.0))
    src = document_from_text("\n".join(de), "de", presplit=True)
    tgt = document_from_text("\n".join(fr), "fr", presplit=True)
    return Alignment(src, tgt, beads)


def gold_false_flags(encoder: CachedEncoder, stems: list[str]) -> str:
    """Flags on the gold alignment of unplanted documents, over the beads with both sides: the
    planted corpus keeps only 1-1 pairs, so this is where human merges (two sentences translated as
    one) and free translation show up. Empty-side gold beads are real omissions/additions, left out."""
    rows = ["| documents | beads (both sides) | of them merged | " + " | ".join(FLAG_CODES) + " | any flag |",
            "|---|---|---|" + "---|" * (len(FLAG_CODES) + 1)]  # fmt: skip
    for label, group in (("dev", [s for s in stems if s == "dev"]), ("test", [s for s in stems if s != "dev"])):
        if not group:
            continue
        counts = dict.fromkeys(FLAG_CODES, 0)
        n = merged = any_flag = 0
        for stem in group:
            al = gold_alignment(stem)
            flags = flag_alignment(al, encoder.encode(al.src.texts), encoder.encode(al.tgt.texts))
            for b, fl in zip(al.beads, flags, strict=True):
                if not b.src or not b.tgt:
                    continue
                n += 1
                merged += len(b.src) + len(b.tgt) > 2
                any_flag += bool(fl)
                for c in {f.code for f in fl}:
                    counts[c] += 1
        cells = " | ".join(f"{counts[c] / max(n, 1):.3f}" for c in FLAG_CODES)
        rows.append(f"| {label} ({', '.join(group)}) | {n} | {merged} | {cells} | {any_flag / max(n, 1):.3f} |")
    return "\n".join(rows)


def _recall_cell(hits: list[int]) -> str:
    """ "h/n" caught by the kind's own flag, with the count caught by any flag where that is more."""
    h, n, a = hits
    if not n:
        return "–"  # none planted: no name of the target side is one the entity check can verify
    return f"{h}/{n}" + (" ✗" if h / n < RECALL_TARGET else "") + (f" (any {a})" if a > h else "")


def news_tables(totals: dict[str, Tally]) -> str:
    """The news set, one row per language pair: recall of each planted kind (by its flag) and the
    untouched beads flagged, in all and by flag. ✗ marks a figure that misses its target."""
    kinds = " | ".join(f"{k} ({c})" for k, c in KINDS.items())
    rows = [
        f"| pair | {kinds} | untouched beads | any flag | weight ≥ {STRONG} |",
        "|---|" + "---|" * (len(KINDS) + 3),
    ]
    for name, t in totals.items():
        u = max(t.untouched, 1)
        share = t.false["any"] / u
        cells = " | ".join(_recall_cell(t.hits[k]) for k in KINDS)
        mark = " ✗" if share > FALSE_TARGET else ""
        rows.append(
            f"| {name} | {cells} | {t.untouched} | {100 * share:.1f} %{mark} | {100 * t.false['strong'] / u:.1f} % |"
        )
    rows += [
        "",
        "Untouched beads flagged, by flag (%):",
        "",
        "| pair | " + " | ".join(FLAG_CODES) + " |",
        "|---|" + "---|" * len(FLAG_CODES),
    ]
    for name, t in totals.items():
        u = max(t.untouched, 1)
        rows.append(f"| {name} | " + " | ".join(f"{100 * t.false[c] / u:.1f}" for c in FLAG_CODES) + " |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="seeded plantings per document (x4 for one-document sets)")
    ap.add_argument("--per-kind", type=int, default=2, help="planted errors of each kind per document (news: 1)")
    ap.add_argument("--pairs", default=None, help="of de-fr, ja-en, news; default all three, only news with --langs")
    ap.add_argument("--docs", default="", help="only these Text+Berg documents (e.g. dev); default all")
    ap.add_argument("--langs", default="", help="news set: only these languages, run en→X (e.g. de,ja,zh)")
    ap.add_argument("--reverse", default=",".join(NEWS_REVERSE), help="news set: those of --langs also run X→en")
    ap.add_argument("--sample", type=int, default=None, help="news set: only its first N rows")
    ap.add_argument("--cache-dir", default=str(ROOT / ".cache"), help="embedding cache kept between runs")
    ap.add_argument("--verbose", action="store_true", help="print every missed planted error")
    ap.add_argument("--show-false", default="", help="write every flagged untouched bead to this file")
    ap.add_argument("--no-gold", action="store_true", help="skip flagging the unplanted gold alignments")
    args = ap.parse_args()
    names = args.pairs.split(",") if args.pairs else ["news"] if args.langs else ["de-fr", "ja-en", "news"]
    if unknown := set(names) - {"de-fr", "ja-en", "news"}:
        ap.error(f"unknown pair {', '.join(sorted(unknown))} (use de-fr, ja-en, news)")
    available = news_languages()
    langs = args.langs.split(",") if args.langs else available
    reverse = [x for x in args.reverse.split(",") if x] if args.reverse else []
    if unknown := (set(langs) | set(reverse)) - set(available):
        ap.error(f"the news set has no {', '.join(sorted(unknown))} (it has {', '.join(available)})")
    if args.sample is not None and args.sample < 1:
        ap.error("--sample must be at least 1")
    encoder = CachedEncoder(get_encoder(), EmbeddingCache(Path(args.cache_dir) / "bench-embeddings.sqlite3"))
    only = set(args.docs.split(",")) if args.docs else None
    corpora = load_corpora(names, only)
    if "news" in names:
        corpora += news_corpora(langs, [x for x in reverse if x in langs], args.sample)
    false_log = open(args.show_false, "w", encoding="utf-8") if args.show_false else None  # noqa: SIM115
    news_totals: dict[str, Tally] = {}
    for corpus in corpora:
        t0 = time.perf_counter()
        rounds = args.rounds if len(corpus.docs) > 1 else args.rounds * 4
        tallies = run(corpus, rounds, args.per_kind, encoder, args.verbose, false_log)
        total = Tally()
        for t in tallies.values():
            total.add(t)
        n_pairs = sum(len(d) for d in corpus.docs)
        print(f"\n{corpus.name}: {n_pairs} clean pairs, {rounds} seeded rounds, {total.untouched} untouched beads, "
              f"{time.perf_counter() - t0:.0f} s", flush=True)  # fmt: skip
        if corpus.name.endswith("(news)"):
            news_totals[corpus.name.removesuffix(" (news)")] = total
            continue  # one table for all pairs, below
        if len(tallies) > 1:
            for split, t in tallies.items():
                n = sum(len(d) for d, sp in zip(corpus.docs, corpus.splits, strict=True) if sp == split)
                print(f"\n{corpus.name}, {split} documents only ({n} clean pairs, {t.untouched} untouched beads):")
                print(t.table())
            print(f"\n{corpus.name}, all documents:")
        print(total.table())
        if corpus.src_lang == "de" and not args.no_gold:
            stems = ["dev", *(f"test{i}" for i in range(7))]
            stems = [x for x in stems if only is None or x in only]
            print(f"\n{corpus.name}, gold alignment of the whole documents, nothing planted "
                  "(share of beads with both sides flagged):")  # fmt: skip
            print(gold_false_flags(encoder, stems))
    if news_totals:
        print(f"\nnews set, recall per planted kind (target ≥ {RECALL_TARGET}) and untouched beads flagged "
              f"(target ≤ {100 * FALSE_TARGET:.0f} %):\n")  # fmt: skip
        print(news_tables(news_totals))
    if false_log is not None:
        false_log.close()


if __name__ == "__main__":
    main()
