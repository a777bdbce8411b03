"""Exporter registry: pick a format by name or by the output file's extension."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from align.errors import AlignError
from align.exporters.base import CORE_COLUMNS, Exporter, alignment_table, ids_cell, parse_ids_cell, sort_table
from align.exporters.beads import BeadsExporter
from align.exporters.csv import CsvExporter, neutralize_formulas
from align.exporters.jsonl import JsonlExporter
from align.exporters.tmx import TmxExporter

EXPORTERS: dict[str, type[Exporter]] = {e.name: e for e in (CsvExporter, JsonlExporter, TmxExporter, BeadsExporter)}


def format_for(path: str | os.PathLike[str]) -> str:
    """The format name for an output path's extension."""
    ext = Path(path).suffix.lower()
    for name, cls in EXPORTERS.items():
        if ext in cls.extensions:
            return name
    known = ", ".join(e for cls in EXPORTERS.values() for e in cls.extensions)
    raise AlignError(f"{path}: unknown output format {ext or '(no extension)'!r}; use one of {known}")


def get_exporter(fmt: str) -> Exporter:
    try:
        return EXPORTERS[fmt]()
    except KeyError:
        raise AlignError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORTERS)}") from None


def write_table(
    table: pd.DataFrame, dest: str | os.PathLike[str] | BinaryIO, fmt: str | None = None, *, excel: bool = False
) -> None:
    """Write a bead table to a path (atomically: a failed export never leaves a half file) or a binary stream."""
    if isinstance(dest, (str, os.PathLike)):
        exporter = get_exporter(fmt or format_for(dest))
        path = Path(dest)
        if path.is_dir():
            raise AlignError(f"{dest}: is a directory; give an output file name")
        if not path.parent.exists():
            raise AlignError(f"{dest}: folder {path.parent} does not exist")
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                exporter.write(table, out, excel=excel)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    else:
        get_exporter(fmt or "csv").write(table, dest, excel=excel)


def table_bytes(table: pd.DataFrame, fmt: str, *, excel: bool = False) -> bytes:
    """The exported file's bytes (for download buttons)."""
    import io

    buf = io.BytesIO()
    get_exporter(fmt).write(table, buf, excel=excel)
    return buf.getvalue()


__all__ = [
    "CORE_COLUMNS",
    "EXPORTERS",
    "Exporter",
    "alignment_table",
    "format_for",
    "get_exporter",
    "ids_cell",
    "neutralize_formulas",
    "parse_ids_cell",
    "sort_table",
    "table_bytes",
    "write_table",
]
