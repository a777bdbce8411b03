"""``pair`` and ``group``: which documents of a folder are translations (versions) of each other."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from align.cli.common import encoder_for, open_cache, progress_on, say
from align.errors import InputError

#: Extensions a folder's documents may have (any letter case); extensionless files too.
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}


def skip(path: str, why: str) -> None:
    print(f"skipped: {path}: {why}", file=sys.stderr)


def corpus_files(paths: Sequence[str]) -> list[str]:
    """The text files under ``paths``, each file once (``./a/../a/x.txt`` and ``a/x.txt`` are one file). A
    folder gives its .txt/.text/.md and extensionless files (any letter case), leaving out hidden files and
    folders (``.git/``), other extensions (listed in one message) and README.md files (a folder's read-me);
    a file named directly is read whatever its name. A path that is missing or holds no text file is reported
    and skipped (one bad argument must not sink the others)."""
    files: list[str] = []
    seen: dict[Path, str] = {}

    def add(f: str) -> None:
        real = Path(f).resolve()
        if real in seen:
            skip(f, f"the same file as {seen[real]}")
        else:
            seen[real] = f
            files.append(f)

    for p in paths:
        path = Path(p)
        if path.is_dir():
            if (why := unreadable_folder(path)) is not None:  # rglob would find nothing and say "no text files"
                skip(p, why)
                continue
            found, hidden, other, readmes = [], [], [], []
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    if not any(part.startswith(".") for part in rel.parts[:-1]):  # a hidden folder is named once
                        hidden.append(f"{rel}/" if f.is_dir() else str(rel))
                    continue
                if f.is_dir():
                    if (why := unreadable_folder(f)) is not None:
                        skip(str(f), why)
                    continue
                if f.name.lower() == "readme.md":  # describes the folder's documents, is not one of them
                    readmes.append(str(rel))
                elif f.suffix.lower() not in TEXT_SUFFIXES:
                    other.append(str(rel))
                elif f.is_file():
                    found.append(str(f))
                elif f.is_symlink() and not f.exists():
                    skip(str(f), "a link to nothing")
            if hidden:
                skip(p, f"hidden, left out: {', '.join(hidden)}")
            if other:
                skip(p, f"not .txt/.text/.md or extensionless, left out: {', '.join(other)}")
            for readme in readmes:
                skip(p, f"{readme}: a folder's read-me, not a document")
            if not found:
                skip(p, "no text files (.txt, .text, .md or no extension) in this folder")
            for f in found:
                add(f)
        elif path.exists():
            add(p)
        else:
            skip(p, "no such file or directory")
    return files


def unreadable_folder(path: Path) -> str | None:
    """Why the folder's listing cannot be read (permission denied), or None when it can."""
    try:
        with os.scandir(path):
            return None
    except OSError as exc:
        return f"cannot read this folder: {exc.strerror or exc}"


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
    from align.versions.grouping import linked_groups

    docs = checked_corpus(args)
    result = propose_pairs(docs, encoder_for(args), PairConfig(threshold=args.threshold), progress=progress_on(args))
    table = pd.DataFrame(
        [(p.doc_a, p.doc_b, round(p.score, 4)) for p in result.pairs], columns=["doc_a", "doc_b", "score"]
    )
    write_table(table, args.output or sys.stdout.buffer, "csv")
    for name in result.unpaired:
        say(args, f"unpaired: {name}")
    say(args, f"{len(result.pairs)} pair(s) among {len(docs)} documents, {len(result.unpaired)} unpaired")
    for group in linked_groups([d.name for d in docs], result.scores, args.threshold):
        # pair makes couples: of three or more versions of a text, which two make a couple is arbitrary (every two
        # match), and an odd one is left "unpaired" though it matches the others
        if len(group) >= 3:
            say(args, f"note: {len(group)} documents are versions of one text ({', '.join(group)}): pair matches "
                 "them two by two, any two of them would do; align them together with 'python -m align align' and "
                 "the files, or list every group with 'python -m align group'")  # fmt: skip
    return 0


def checked_corpus(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """``pair``/``group``: options and output checked before anything is read, then the readable documents."""
    from align.exporters import check_output

    if not 0.0 <= args.threshold <= 1.0:
        raise InputError(f"--threshold is a share of sentences, between 0 and 1, not {args.threshold}")
    files = corpus_files(args.paths)
    if args.output:
        check_output(args.output, files)
    open_cache(args)
    return read_corpus(args, files)


def read_corpus(args: argparse.Namespace, files: list[str]):  # type: ignore[no-untyped-def]
    """The readable documents among ``files``, each a different text: a file that cannot be read, is too long
    or repeats another's text is reported and left out; fewer than two left is an error."""
    from align.pairing import same_content
    from align.readers import read_document
    from align.readers.base import language_remedy

    docs = []
    for f in files:
        # One bad file must not sink the corpus: report it and go on.
        try:
            # pair and group take no language options: the align command's would be wrong advice
            with language_remedy(""):
                doc = read_document(f, presplit=args.presplit, encoding=args.encoding)
        except InputError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
            continue
        except (OSError, UnicodeError, ValueError, MemoryError, RecursionError) as exc:
            skip(f, f"cannot read ({type(exc).__name__}: {exc})")
            continue
        if len(doc) > MAX_PAIR_SEGMENTS:
            skip(f, f"{len(doc):,} sentences, more than pair compares ({MAX_PAIR_SEGMENTS:,}); "
                  "align it with its translation directly (python -m align align)")  # fmt: skip
            continue
        docs.append(doc)
    for i, j in same_content(docs):
        skip(docs[i].name, f"the same text as {docs[j].name} (a copy is no translation)")
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
    from align.versions.grouping import by_group

    docs = checked_corpus(args)
    config = PairConfig(threshold=args.threshold, candidates=args.candidates)
    grouped = by_group(group_documents(docs, encoder_for(args), config, progress=progress_on(args)))
    table = pd.DataFrame(
        [(g.group, g.doc, g.lang, g.score) for g in grouped], columns=["group", "doc", "lang", "score"]
    )
    write_table(table, args.output or sys.stdout.buffer, "csv")
    sizes = table["group"].value_counts()
    several = int((sizes > 1).sum())
    say(args, f"{len(sizes)} group(s) among {len(docs)} documents: {several} of several versions, "
         f"{int((sizes == 1).sum())} alone")  # fmt: skip
    return 0
