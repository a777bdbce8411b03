"""What a batch is made of: groups of documents (a pair, or three or more versions of one article), from a
manifest or from a folder's documents grouped by article.

Manifest formats (paths relative to the manifest's folder; in a group the first document is the source, or the
pivot of a multi-version group):

- CSV (``.csv``), one row per document, with a header naming at least ``group`` and ``file``; optional columns
  ``lang`` (the document's language, empty = detect), ``reviewer`` (the group's assignee) and ``name`` (the
  review's name). Rows of one group may be anywhere, and keep their order.
- JSON lines (``.jsonl``), one object per group: ``{"files": ["en/a.txt", "de/a.txt"], "langs": ["en", "de"],
  "reviewer": "anna", "name": "...", "group": "a"}``; only ``files`` is required (``group`` defaults to the
  line number). Blank lines and lines starting with ``#`` are skipped.

Any error in a manifest is one line naming the file and line.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError
from align.types import Document

#: Manifest suffixes and their format.
MANIFEST_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_CSV_COLUMNS = ("group", "file", "lang", "reviewer", "name")
_JSON_KEYS = ("group", "files", "langs", "reviewer", "name")


@dataclass(frozen=True)
class DocSpec:
    """One document of a group: its path and, if known, its language (None: detect)."""

    path: str
    lang: str | None = None


@dataclass(frozen=True)
class Group:
    """Documents to align together: two (a pair, the first is the source) or more (versions, the first the
    pivot). ``label`` names the group in progress lines and failures."""

    label: str
    docs: tuple[DocSpec, ...]
    reviewer: str = ""
    name: str = ""
    #: Documents already read (folder mode reads them to group them); empty: read when the group is aligned.
    documents: tuple[Document, ...] = field(default=(), compare=False, repr=False)

    @property
    def is_pair(self) -> bool:
        return len(self.docs) == 2

    @property
    def files(self) -> str:
        return ", ".join(d.path for d in self.docs)


def file_digest(path: str) -> str:
    """A hash of the file's bytes (the ledger knows a finished group by what its files hold, not their names)."""
    h = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def group_key(group: Group, *, presplit: bool = False, encoding: str | None = None) -> str:
    """The group's identity in the ledger: its documents' contents, in order, with the languages and reading
    options given. A re-run over the same files (wherever they moved) skips it; a changed file is a new group.
    Raises OSError for a file that cannot be read."""
    parts = [[file_digest(d.path), d.lang or ""] for d in group.docs]
    spec = json.dumps([parts, presplit, encoding or ""], separators=(",", ":"))
    return hashlib.blake2b(spec.encode(), digest_size=16).hexdigest()


def read_manifest(path: str | Path) -> list[Group]:
    """The groups a manifest lists (see the module docstring); an error is one line naming file and line."""
    path = Path(path)
    fmt = MANIFEST_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: a manifest is .csv or .jsonl, not {path.suffix or 'a file without extension'}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    groups = _csv_groups(path, text) if fmt == "csv" else _jsonl_groups(path, text)
    if not groups:
        raise InputError(f"{path}: the manifest lists no groups")
    return groups


def _resolve(manifest: Path, file: str) -> str:
    p = Path(file)
    return str(p if p.is_absolute() else manifest.parent / p)


def _check_group(where: str, label: str, docs: Sequence[DocSpec]) -> None:
    if len(docs) < 2:
        raise InputError(f"{where}: group {label!r} has {len(docs)} document; a group needs two or more")
    seen: set[Path] = set()
    for d in docs:
        real = Path(d.path).resolve()
        if real in seen:
            raise InputError(f"{where}: group {label!r} names {d.path} twice")
        seen.add(real)


def _csv_groups(path: Path, text: str) -> list[Group]:
    rows = csv.reader(text.splitlines())
    header = next(rows, None)
    if header is None:
        return []
    cols = [h.strip().lower() for h in header]
    unknown = [c for c in cols if c not in _CSV_COLUMNS]
    if unknown or "group" not in cols or "file" not in cols:
        raise InputError(
            f"{path}:1: the header must name the columns group and file, optionally lang, reviewer, name"
            + (f" (unknown: {', '.join(unknown)})" if unknown else "")
        )
    order: list[str] = []
    docs: dict[str, list[DocSpec]] = {}
    extra: dict[str, dict[str, str]] = {}
    first_line: dict[str, int] = {}
    for line_no, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(cols):
            raise InputError(f"{path}:{line_no}: {len(row)} fields, the header has {len(cols)}")
        cell = {c: v.strip() for c, v in zip(cols, row, strict=True)}
        label, file = cell["group"], cell["file"]
        if not label or not file:
            raise InputError(f"{path}:{line_no}: empty {'group' if not label else 'file'}")
        if label not in docs:
            order.append(label)
            docs[label], extra[label], first_line[label] = [], {}, line_no
        docs[label].append(DocSpec(_resolve(path, file), cell.get("lang") or None))
        for key in ("reviewer", "name"):
            value = cell.get(key, "")
            if value and extra[label].setdefault(key, value) != value:
                raise InputError(f"{path}:{line_no}: group {label!r} has two {key}s: {extra[label][key]!r}, {value!r}")
    for label in order:
        _check_group(f"{path}:{first_line[label]}", label, docs[label])
    return [Group(g, tuple(docs[g]), extra[g].get("reviewer", ""), extra[g].get("name", "")) for g in order]


def _jsonl_groups(path: Path, text: str) -> list[Group]:
    groups: list[Group] = []
    labels: set[str] = set()
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}:{line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{where}: a line is one JSON object per group, not {type(obj).__name__}")
        unknown = sorted(set(obj) - set(_JSON_KEYS))
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(_JSON_KEYS)}")
        files = obj.get("files")
        if not isinstance(files, list) or not all(isinstance(f, str) and f.strip() for f in files):
            raise InputError(f'{where}: "files" must be a list of file names')
        langs = obj.get("langs", [None] * len(files))
        if not isinstance(langs, list) or len(langs) != len(files):
            raise InputError(f'{where}: "langs" must be a list with one code (or null) per file')
        if not all(x is None or isinstance(x, str) for x in langs):
            raise InputError(f'{where}: "langs" holds language codes (strings) or null')
        label = str(obj.get("group", line_no))
        if label in labels:
            raise InputError(f"{where}: group {label!r} is listed twice")
        labels.add(label)
        for key in ("reviewer", "name"):
            if not isinstance(obj.get(key, ""), str):
                raise InputError(f'{where}: "{key}" must be a string')
        docs = [
            DocSpec(_resolve(path, f.strip()), (lang or "").strip() or None)
            for f, lang in zip(files, langs, strict=True)
        ]
        _check_group(where, label, docs)
        groups.append(Group(label, tuple(docs), obj.get("reviewer", ""), obj.get("name", "")))
    return groups


def groups_from_grouping(docs: Sequence[Document], numbers: Sequence[int]) -> tuple[list[Group], list[Document]]:
    """Groups of several documents from a folder's grouping (``numbers[i]``: document ``i``'s group, as
    :func:`align.versions.group_documents` numbers them), in the order of their first document; and the
    documents left alone (no version found)."""
    members: dict[int, list[Document]] = {}
    for doc, g in zip(docs, numbers, strict=True):
        members.setdefault(g, []).append(doc)
    groups, alone = [], []
    for g, ds in members.items():
        if len(ds) == 1:
            alone.extend(ds)
            continue
        specs = tuple(DocSpec(d.name, d.lang) for d in ds)
        groups.append(Group(f"group {g}", specs, documents=tuple(ds)))
    return groups, alone


def assign_round_robin(groups: Sequence[Group], reviewers: Sequence[str]) -> list[Group]:
    """Each group without a reviewer of its own gets the next of ``reviewers`` in turn (none: unchanged)."""
    if not reviewers:
        return list(groups)
    out, k = [], 0
    for g in groups:
        if g.reviewer:
            out.append(g)
            continue
        out.append(Group(g.label, g.docs, reviewers[k % len(reviewers)], g.name, g.documents))
        k += 1
    return out
