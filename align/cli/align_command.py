"""``align``: two documents, or three or more versions of one text."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from align.cli.common import (
    check_inputs,
    encoder_for,
    encodings,
    open_cache,
    prepare_while_aligning,
    progress_on,
    read_pair_side,
    say,
)
from align.errors import InputError

if TYPE_CHECKING:
    from align.types import Document

T = TypeVar("T")


def flag_or_reason(args: argparse.Namespace, compute: Callable[[], T]) -> tuple[T | None, str]:
    """Flags from ``compute`` (None with ``--no-flags``), or None and why it failed: the finished alignment is
    worth more than its flags, so the caller writes it and then reports (:func:`report_flag_failure`)."""
    if args.no_flags:
        return None, ""
    try:
        return compute(), ""
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def report_flag_failure(args: argparse.Namespace, reason: str) -> int:
    where = args.output or "standard output"
    print(f"error: flagging failed ({reason}); the alignment was written to {where} without flags", file=sys.stderr)
    return 1


def check_align_options(args: argparse.Namespace) -> None:
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
    if threading.current_thread() is not threading.main_thread():
        return _align_pair(args)
    previous = signal.signal(signal.SIGINT, _stop_now)
    try:
        return _align_pair(args)
    finally:
        signal.signal(signal.SIGINT, previous)


def _stop_now(signum: int, frame: object) -> None:
    """Ctrl-C during a pair's alignment ends the process at once (exit 130). Raising KeyboardInterrupt instead
    could land inside an import of the main thread while the background threads import too (see align.background):
    Python swallows it there and leaves that module's import lock held, and the run hung (3 of 32 runs interrupted
    at 0.3 s). Nothing is lost: the output file is written whole or not at all (a temporary file renamed), and the
    embedding cache is SQLite, which a killed process leaves consistent."""
    os.write(2, b"interrupted\n")
    os._exit(130)


def _align_pair(args: argparse.Namespace) -> int:
    from align.background import Background
    from align.exporters import check_output, format_for

    # The model loads in the background while the documents are read and the aligner's modules import (ONNX
    # Runtime builds its session without the GIL). Everything that can be refused is still refused before
    # any alignment, and a refusal waits for the load to end (see Background.settle).
    check_inputs([args.src, args.tgt])
    if args.output:
        check_output(args.output, [args.src, args.tgt])
    fmt = format_for(args.output) if args.output else "csv"
    src_enc, tgt_enc = encodings(args.encoding)
    open_cache(args)
    if args.src_lang or args.tgt_lang:  # (language identification's module loads while the model does, if not)
        from align.langid import language_tag

        for lang in (args.src_lang, args.tgt_lang):
            if lang:
                language_tag(lang)  # an unknown tag is a one-line error before the model loads
    loading = Background(lambda: encoder_for(args), name="load-model")
    try:
        check_align_options(args)
        src = read_pair_side(args.src, args.src_lang, args.presplit, args.allow_empty, src_enc)
        tgt = read_pair_side(args.tgt, args.tgt_lang, args.presplit, args.allow_empty, tgt_enc)
        check_pair(args, src, tgt, fmt)
        from align.aligning import AlignConfig
        from align.pipeline import align_and_flag, flags_for
    except BaseException:
        loading.settle()
        raise
    # Flagging's word lists load while the model finishes loading (its session is built without the
    # interpreter lock); the aligner starts its own work once the encoder's tokeniser is ready.
    prepare_while_aligning(src.lang, tgt.lang, flags=not args.no_flags)
    encoder = loading.result()
    config = AlignConfig(max_bead=args.max_bead, moved=not args.monotonic)
    alignment = align_and_flag(src, tgt, encoder, config, flags=False, progress=progress_on(args))
    flags, flag_error = flag_or_reason(args, lambda: flags_for(alignment, encoder))
    if flags is not None:
        alignment.flags = flags
    from align.exporters import alignment_rows, sort_table, write_table
    from align.relatedness import Relatedness

    table = sort_table(alignment_rows(alignment), "document" if flag_error else args.sort)
    write_table(table, args.output or sys.stdout.buffer, fmt, excel=args.excel)
    if flag_error:
        return report_flag_failure(args, flag_error)
    relation = Relatedness.from_meta(alignment.meta.get("relatedness"))
    if relation is not None and relation.unrelated:
        # said even with -q, like an encoding guess: the whole output is in doubt
        print(f"warning: {args.src} and {args.tgt} do not look like translations of each other: {relation.reason()}",
              file=sys.stderr)  # fmt: skip
    pairs = sum(1 for b in alignment.beads if b.src and b.tgt)
    flagged = sum(1 for fl in alignment.flags if fl)
    # a TMX unit needs both sides: say so, or an omission flagged in the table is silently missing from the file
    lone = len(alignment.beads) - pairs
    left_out = ", not in the TMX" if fmt == "tmx" and lone else ""
    say(
        args,
        f"{len(alignment.beads)} beads ({pairs} pairs, {lone} with one side empty{left_out}, "
        f"{flagged} flagged) {src.lang}→{tgt.lang}, model {encoder.name}"
        + (f" → {args.output}" if args.output else ""),
    )
    return 0


def check_pair(args: argparse.Namespace, src: Document, tgt: Document, fmt: str) -> None:
    """Refuse a pair with nothing to align, or that the output format cannot hold; warn of a file given twice."""
    if not src.segments and not tgt.segments:
        raise InputError("both documents are empty: nothing to align")
    if fmt == "tmx" and not (src.segments and tgt.segments):
        raise InputError(f"{args.output}: a TMX holds only pairs, and one document is empty; use .csv or .jsonl")
    if src.segments and src.text.split() == tgt.text.split():
        # said even with -q: a file aligned with itself or a copy is almost surely the wrong file, not a translation
        print(f"warning: {args.src} and {args.tgt} have the same text (a file aligned with itself or a copy?)",
              file=sys.stderr)  # fmt: skip


def per_file(spec: str | None, n: int, option: str) -> list[str | None]:
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


def pivot_index(spec: str | None, files: list[str]) -> int | str:
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
    from align.versions.crosscheck import unrelated_warnings

    check_align_options(args)
    if args.src_lang or args.tgt_lang:
        raise InputError("--src-lang/--tgt-lang name the two sides of a pair; for versions use --langs L1,L2,...")
    files = list(args.files)
    check_inputs(files)
    seen: dict[Path, str] = {}
    for f in files:
        if Path(f).resolve() in seen:
            raise InputError(f"{f}: the same file as {seen[Path(f).resolve()]}; name each version once")
        seen[Path(f).resolve()] = f
    pivot = pivot_index(args.pivot, files)
    if args.output:
        check_output(args.output, files)
    fmt = format_for(args.output) if args.output else "csv"
    if fmt == "beads":
        raise InputError(f"{args.output}: the bead format holds pairs; write versions as .csv, .jsonl or .tmx")
    layout = "long" if fmt == "tmx" else args.layout or "wide"
    if fmt == "tmx" and args.layout == "wide":
        raise InputError("a TMX holds one unit per row with one variant per version: drop --layout wide")
    langs = per_file(args.langs, len(files), "langs")
    file_encodings = per_file(args.encoding, len(files), "encoding")
    for e in file_encodings:
        encodings(e)  # an unknown codec is refused before anything is read
    open_cache(args)
    docs = [
        read_pair_side(f, lang, args.presplit, args.allow_empty, enc)
        for f, lang, enc in zip(files, langs, file_encodings, strict=True)
    ]
    encoder = encoder_for(args)
    config = AlignConfig(max_bead=args.max_bead, moved=not args.monotonic)
    multi = align_versions(docs, encoder, config, pivot=pivot, flags=False, progress=progress_on(args))
    label = multi.labels[multi.pivot]
    if pivot == "auto":
        scores = [float(x) for x in multi.meta["centrality"]]  # type: ignore[attr-defined]
        others = ", ".join(f"{multi.labels[v]} {x:.3f}" for v, x in enumerate(scores) if v != multi.pivot)
        say(args, f"pivot: {label} ({files[multi.pivot]}), the most central version (mean parallel score "
             f"{scores[multi.pivot]:.3f}; the others: {others})")  # fmt: skip
    version_flags, flag_error = flag_or_reason(args, lambda: flag_versions(multi, encoder))
    if version_flags is not None:
        multi.flags = version_flags
    table = sort_versions_table(versions_table(multi, layout), "document" if flag_error else args.sort)
    write_table(table, args.output or sys.stdout.buffer, fmt, excel=args.excel)
    if flag_error:
        return report_flag_failure(args, flag_error)
    for warning in unrelated_warnings(multi, files, pivot_advice=", or --pivot auto"):
        print(f"warning: {warning}", file=sys.stderr)  # even with -q, as for a pair: that column is another text
    flagged = sum(1 for row in multi.flags for cell in row if cell)
    say(
        args,
        f"{len(multi.rows)} rows × {len(docs)} versions ({flagged} cells flagged), pivot {label}, "
        f"model {encoder.name}" + (f" → {args.output}" if args.output else ""),
    )
    return 0
