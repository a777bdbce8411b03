"""``python -m align``: the workbench without a browser.

A thin layer: argument parsing, progress and error reporting. Every decision is made in the library.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import logging
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from align.cli.align_command import cmd_align
from align.cli.common import DB_HELP, add_model_args
from align.cli.corpus import cmd_group, cmd_pair
from align.cli.evaluate import cmd_eval
from align.cli.review import cmd_export, cmd_quality
from align.errors import AlignError


class _Parser(argparse.ArgumentParser):
    """argparse with the program's one-line errors (exit 2): its usage block buried the message."""

    def error(self, message: str) -> NoReturn:
        action = self._subparsers._group_actions[0] if self._subparsers else None
        if action is not None and message.startswith(f"argument {action.metavar}: invalid choice"):
            wanted = message.split("'")[1]
            close = difflib.get_close_matches(wanted, list(action.choices), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            message = f"unknown {action.metavar.lower()} '{wanted}'{hint}; one of: {', '.join(action.choices)}"
        self.exit(2, f"error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    add_model_args(p)
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
        "files and folders, other extensions and README.md files, a folder's read-me, not a document, are left out "
        "and listed) and/or files (read whatever their name)",
    )
    p.add_argument("-o", "--output", help="CSV file (default: standard output)")
    p.add_argument(
        "--threshold",
        type=float,
        default=0.3,
        help="minimum score (share of sentences matched in order, 0-1) to propose a pair (default 0.3)",
    )
    add_model_args(p)
    p.set_defaults(func=cmd_pair)

    p = sub.add_parser(
        "group",
        help="find which documents are versions of one article",
        description="Group the documents in a folder (or list of files) by article: versions of one text (its "
        "translations) form a group, comparable articles on the same story do not. Writes CSV with columns "
        "group (a number), doc, lang, score (in a group: the mean score of the couples that put it there; alone: "
        "its best score with any document), group by group.",
    )
    p.add_argument(
        "paths",
        nargs="+",
        help="folders (searched recursively, as for pair; README.md files, a folder's read-me, not a document, are "
        "left out and listed) and/or files",
    )
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
    add_model_args(p)
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
    p.add_argument("--db", help=DB_HELP)
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
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--review", help="review id or name (needed when the database holds several)")
    p.add_argument("--list", action="store_true", help="list the reviews in the database and exit")
    p.add_argument("--reference", metavar="FILE", help="a human reference translation of the source (plain text)")
    p.add_argument(
        "--weights",
        metavar="SPEC",
        help="MQM severity weights, e.g. minor=1,major=5,critical=25 (the default); left-out severities keep theirs",
    )
    p.add_argument("-o", "--output", help="also write the report: .json (everything) or .csv (one row per figure)")
    add_model_args(p)
    p.set_defaults(func=cmd_quality)

    p = sub.add_parser(
        "eval",
        help="score an alignment against a gold alignment",
        description="Strict and lax precision, recall and F1 of a bead file against gold (Text+Berg scoring).",
    )
    p.add_argument("--gold", required=True, help="gold beads, one per line: [0]:[0, 1]")
    p.add_argument(
        "--test", required=True, help="beads to score: the same format, or the align command's CSV/JSONL output"
    )
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    # accepted as every other command does, so that a script can pass it to all of them
    p.add_argument("--quiet", "-q", action="store_true", help="nothing on stderr (eval writes only its scores)")
    p.set_defaults(func=cmd_eval)

    from align.batch.command import add_parser as add_batch_parser  # its own module: see align.batch

    add_batch_parser(sub, add_model_args)
    from align.cli.users import add_parser as add_users_parser

    add_users_parser(sub)
    from align.cli.sets import add_parser as add_sets_parser

    add_sets_parser(sub)
    from align.cli.store import add_parser as add_store_parser

    add_store_parser(sub)
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


def _quiet_libraries() -> None:
    """-q silences the model libraries' own bars too (a sentence-transformers model drew "Loading weights" on
    stderr): the Hugging Face libraries read this variable when they are imported, and transformers, if it already
    was, is told directly."""
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    if "transformers" in sys.modules:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()


def exit_without_teardown(code: int) -> NoReturn:
    """``sys.exit(code)`` for ``python -m align`` without the interpreter's teardown, which frees numpy's, pandas'
    and ONNX Runtime's objects one by one (~0.2 s of every run, measured; the OS reclaims the memory at once).
    The atexit handlers still run (caches, Ray, temporary folders) and the standard streams are flushed; while
    another non-daemon thread runs, the ordinary exit, which waits for it."""
    import atexit
    import threading

    others = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon and t.is_alive()]
    if others:
        sys.exit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that left (`| head`) or a closed stream
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    try:  # the options too: Ctrl-C while the parser is built (the first ~0.2 s of a run) is no traceback either
        args = build_parser().parse_args(argv)
        _show_warnings()
        if getattr(args, "quiet", False):
            _quiet_libraries()
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
