"""Exporter registry: pick a format by name or by the output file's extension."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from align.errors import AlignError
from align.exporters.base import (
    CORE_COLUMNS,
    FLAG_COLUMNS,
    TABLE_COLUMNS,
    Exporter,
    alignment_rows,
    alignment_table,
    ids_cell,
    parse_ids_cell,
    sort_table,
)
from align.exporters.beads import BeadsExporter
from align.exporters.csv import CsvExporter, neutralize_formulas
from align.exporters.jsonl import JsonlExporter
from align.exporters.rows import Rows
from align.exporters.tmx import TmxExporter

if TYPE_CHECKING:  # the CLI's pair run writes Rows and never imports pandas (see align.exporters.rows)
    import pandas as pd

EXPORTERS: dict[str, type[Exporter]] = {e.name: e for e in (CsvExporter, JsonlExporter, TmxExporter, BeadsExporter)}


def is_sink(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` exists and is neither a regular file nor a folder (``/dev/null``, a terminal, a named pipe),
    or is under ``/dev`` or ``/proc`` (``/dev/stdout``, ``/proc/self/fd/1``: links to an open file, a regular one
    when output is redirected to a file). Such a path is written in place, never replaced by a temporary file: as
    root that rename would turn ``/dev/null`` into a regular file for every program on the machine, or replace the
    ``/dev/stdout`` link itself."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    if Path(os.path.abspath(path)).parts[1:2] in (("dev",), ("proc",)):
        return not stat.S_ISDIR(mode)
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def format_for(path: str | os.PathLike[str]) -> str:
    """The format name for an output path's extension; CSV, as on standard output, for a sink without a known one
    (``/dev/null``, ``/dev/stdout``, a named pipe: see :func:`is_sink`)."""
    ext = Path(path).suffix.lower()
    for name, cls in EXPORTERS.items():
        if ext in cls.extensions:
            return name
    if is_sink(path):
        return "csv"
    known = ", ".join(e for cls in EXPORTERS.values() for e in cls.extensions)
    raise AlignError(f"{path}: unknown output format {ext or '(no extension)'!r}; use one of {known}")


def get_exporter(fmt: str) -> Exporter:
    try:
        return EXPORTERS[fmt]()
    except KeyError:
        raise AlignError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}") from None


def check_output(path: str | os.PathLike[str], inputs: Sequence[str | os.PathLike[str]] = ()) -> None:
    """Raise :class:`AlignError` now if ``path`` cannot take an export: a folder, a missing or read-only
    folder, or one of ``inputs`` (which the export would overwrite). Cheap, so callers run it before the
    expensive part instead of failing after it."""
    if str(path).endswith(("/", os.sep)):  # Path() drops the slash: the export would become a file of that name
        raise AlignError(f"{path}: names a folder (it ends in /); give an output file name")
    out = Path(path)
    for src in inputs:
        # realpath, not resolve(): a link loop among the inputs must not raise here (it is reported when read)
        same = os.path.realpath(out) == os.path.realpath(src)
        if same or (out.exists() and Path(src).exists() and out.samefile(src)):
            raise AlignError(f"{path}: is one of the input files; the export would overwrite it")
    if is_sink(out):  # written in place: no temporary file next to it (not in /dev)
        if not os.access(out, os.W_OK):
            raise AlignError(f"{path}: cannot write there: permission denied")
        return
    _check_target(out)
    try:  # the one reliable test of "can a file be created there" (os.access says yes to root on a read-only disk)
        probe, tmp = _create_temp(out)
    except OSError as exc:
        raise AlignError(f"{path}: cannot write there: {exc.strerror or exc}") from None
    probe.close()
    tmp.unlink(missing_ok=True)
    if out.exists() and not os.access(out, os.W_OK):
        raise AlignError(f"{path}: the file is read-only")


def _check_target(out: Path) -> None:
    if out.is_dir():
        raise AlignError(f"{out}: is a directory; give an output file name")
    if not out.parent.is_dir():
        raise AlignError(f"{out}: folder {out.parent} does not exist")


def _create_temp(path: Path) -> tuple[BinaryIO, Path]:
    """A new file next to ``path`` and its name, created with mode 0666 so that the umask applies as to
    any new file (``tempfile.mkstemp`` makes 0600 whatever the umask)."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        return os.fdopen(fd, "wb"), tmp
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path.parent))


def write_table(
    table: Rows | pd.DataFrame, dest: str | os.PathLike[str] | BinaryIO, fmt: str | None = None, *, excel: bool = False
) -> None:
    """Write a bead table to a path (atomically: a failed export never leaves a half file) or a binary stream.

    A new file gets the permissions the umask allows (as ``open`` would give it); a file replaced keeps its mode.
    A sink (``/dev/null``, a named pipe: :func:`is_sink`) is written in place.
    """
    if isinstance(dest, (str, os.PathLike)) and is_sink(dest):
        exporter = get_exporter(fmt or format_for(dest))
        try:  # no O_CREAT: should the sink vanish meanwhile, no regular file appears in its place; O_APPEND: after
            # what is there, as the shell's '>>' (a file behind /dev/stdout was opened by the shell, '>' emptied it)
            out = os.fdopen(os.open(dest, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY), "wb")
        except OSError as exc:
            raise AlignError(f"{dest}: cannot write there: {exc.strerror or exc}") from None
        with out:
            exporter.write(table, out, excel=excel)
    elif isinstance(dest, (str, os.PathLike)):
        exporter = get_exporter(fmt or format_for(dest))
        path = Path(dest)
        _check_target(path)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = None
        try:
            out, tmp = _create_temp(path)
        except OSError as exc:
            raise AlignError(f"{dest}: cannot write there: {exc.strerror or exc}") from None
        try:
            with out:
                exporter.write(table, out, excel=excel)
                if mode is not None:
                    os.fchmod(out.fileno(), mode)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    else:
        get_exporter(fmt or "csv").write(table, dest, excel=excel)


def table_bytes(table: Rows | pd.DataFrame, fmt: str, *, excel: bool = False) -> bytes:
    """The exported file's bytes (for download buttons)."""
    import io

    buf = io.BytesIO()
    get_exporter(fmt).write(table, buf, excel=excel)
    return buf.getvalue()


__all__ = [
    "CORE_COLUMNS",
    "EXPORTERS",
    "FLAG_COLUMNS",
    "TABLE_COLUMNS",
    "Exporter",
    "Rows",
    "alignment_rows",
    "alignment_table",
    "check_output",
    "format_for",
    "get_exporter",
    "ids_cell",
    "is_sink",
    "neutralize_formulas",
    "parse_ids_cell",
    "sort_table",
    "table_bytes",
    "write_table",
]
