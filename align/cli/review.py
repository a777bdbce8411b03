"""``export`` and ``quality``: what a review in the workbench's database holds."""

from __future__ import annotations

import argparse
from pathlib import Path

from align.cli.common import encoder_for, encodings, say
from align.errors import AlignError, InputError


def existing_db(arg: str | None) -> str:
    """The review database --db (else $ALIGN_DB, else the default file) names; an SQLite file must exist (a
    database URL is checked by connecting)."""
    from align.review_store import default_db
    from align.review_store.backends import is_url

    db = arg or default_db()
    if not is_url(db) and not Path(db).exists():
        raise InputError(f"{db}: no review database here (set --db or ALIGN_DB)")
    return db


def open_review(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The store and the review named by --review (id or name); the only review if there is just one."""
    from align.review_store import ReviewStore

    store = ReviewStore(existing_db(args.db))
    db = store.display
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
    from align.review_store import ReviewStore

    if not args.output:
        raise AlignError("give an output file with -o (.csv, .jsonl, .tmx)")
    fmt = format_for(args.output)
    if fmt == "beads":
        raise InputError(f"{args.output}: the bead format holds pairs; write a review set as .csv, .jsonl or .tmx")
    if fmt == "tmx" and args.layout == "wide":
        raise InputError("a TMX holds one unit per row with one variant per version: drop --layout wide")
    store = ReviewStore(existing_db(args.db))
    check_output(args.output, [store.path] if store.path else [])
    db = store.display
    sets = store.list_review_sets()
    chosen = [s for s in sets if str(s.id) == args.set or s.name == args.set]
    if len(chosen) != 1:
        names = ", ".join(f"{s.id} ({s.name})" for s in sets) or "none"
        raise AlignError(f"no review set matches {args.set!r}; review sets in {db}: {names}")
    info = chosen[0]
    if fmt == "tmx":
        table = store.set_tmx_table(info.id)
        if not table["status"].ne("").any():  # only the pivot's rows: "no row has text in two versions" hid why
            raise AlignError(
                f"nothing to export to {args.output}: no cell of review set {info.id} is marked correct or "
                "post-edited yet"
            )
    else:
        table = sort_versions_table(store.set_table(info.id, args.layout or "wide"), args.sort)
    write_table(table, args.output, fmt, excel=args.excel)
    say(args, f"review set {info.id} ({info.name}): {len(table)} rows → {args.output}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from align.exporters import check_output, format_for, sort_table, write_table

    if args.set is not None:
        return cmd_export_set(args)
    if args.layout is not None:
        raise InputError("--layout is for a review set (--set N): a pairwise review has one layout")
    store, review = open_review(args)
    if review is None:
        return 0
    if not args.output:
        raise AlignError("give an output file with -o (.csv, .jsonl, .tmx, .beads)")
    fmt = format_for(args.output)
    check_output(args.output, [store.path] if store.path else [])  # -o naming the database would overwrite it
    # A translation memory takes only what a reviewer approved: beads marked correct, post-edits as targets.
    left_out = 0
    if fmt == "tmx":
        table, left_out = store.tmx_export(review.id)
    else:
        table = store.review_table(review.id)
    if fmt == "tmx" and table.empty:  # refused by the TMX writer too; here with the reason
        raise AlignError(f"nothing to export to {args.output}: {tmx_empty_reason(left_out)}")
    write_table(sort_table(table, args.sort), args.output, fmt, excel=args.excel)
    say(args, f"review {review.id} ({review.name}): {len(table)} rows → {args.output}")
    if left_out:  # not silent: approved work that is not in the file
        say(args, f"{left_out} approved bead{'s' * (left_out != 1)} left out of the TMX: a side is empty")
    return 0


def tmx_empty_reason(left_out: int) -> str:
    """Why a review's TMX has no unit, given how many approved beads it left out for an empty side."""
    if left_out:
        only = "the only approved bead has" if left_out == 1 else f"the only approved beads ({left_out}) have"
        return (
            f"{only} an empty side (1-0 or 0-1), and a translation unit needs a source and a target "
            "(a post-edit written for a bead without a target puts it in)"
        )
    return "no bead is marked correct or post-edited yet"


def cmd_quality(args: argparse.Namespace) -> int:
    from align.exporters import is_sink
    from align.mqm import parse_weights
    from align.readers import read_document
    from align.review_quality import review_quality, review_reference, write_quality

    try:
        weights = parse_weights(args.weights) if args.weights else None
    except ValueError as exc:
        raise InputError(f"--weights: {exc}") from None
    if args.output and Path(args.output).suffix.lower() not in (".json", ".csv") and not is_sink(args.output):
        raise InputError(f"{args.output}: the quality report is written as .json or .csv")
    store, review = open_review(args)
    if review is None:
        return 0
    reference, ref_name = None, ""
    if args.reference:
        ref_doc = read_document(
            args.reference, review.tgt_lang, presplit=args.presplit, encoding=encodings(args.encoding)[-1]
        )
        # The review's own model by default: its sentence vectors are already in the cache.
        args.model = args.model or review.model or None
        say(args, f"aligning the reference {args.reference} to the source ({len(ref_doc)} segments)")
        reference, ref_name = review_reference(store, review.id, ref_doc, encoder_for(args)), args.reference
    report = review_quality(store, review.id, weights=weights, reference=reference, reference_name=ref_name)
    print("\n".join(report.summary()))
    if args.output:
        write_quality(report, args.output)
        say(args, f"report → {args.output}")
    return 0
