"""TMX 1.4 through translate-toolkit (the localisation world's maintained TMX implementation)."""

from __future__ import annotations

import re
from typing import BinaryIO

from align.errors import AlignError
from align.exporters.base import Exporter
from align.exporters.rows import Cell, Rows, missing, text

# XML 1.0 forbids most control characters; lxml refuses them, so they are dropped from segments.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _credit(tmx: object) -> None:
    """The header names the tool that made the file (translate-toolkit writes its own name and version)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("align-workbench")
    except PackageNotFoundError:  # run from a checkout that was never installed
        ours = "unknown"
    header = tmx.document.getroot().find("header")  # type: ignore[attr-defined]
    header.set("creationtool", "Align Workbench")
    header.set("creationtoolversion", ours)


class TmxExporter(Exporter):
    name = "tmx"
    extensions = (".tmx",)
    required = ("src_text", "tgt_text", "src_lang", "tgt_lang")
    # A long multi-version table (with a ``version`` column) is written as multilingual units, one tuv per version.

    def write_rows(self, rows: Rows, out: BinaryIO, *, excel: bool = False) -> None:
        from translate.storage.tmx import tmxfile

        if rows.empty:
            raise AlignError("nothing to export: the TMX would have no translation units")
        if "version" in rows.columns:
            return _write_versions(rows, out)
        first = rows.records[0]
        tmx = tmxfile(sourcelanguage=str(first["src_lang"]), targetlanguage=str(first["tgt_lang"]))
        for row in rows:
            src, tgt = _XML_INVALID.sub("", text(row["src_text"])), _XML_INVALID.sub("", text(row["tgt_text"]))
            if src and tgt:  # a TU with an empty side is no use to a translation memory
                unit = tmx.addsourceunit(src)
                unit.target = tgt
                _findings(unit.xmlelement, row)
        _credit(tmx)
        tmx.serialize(out)


def _findings(tu: object, row: dict[str, Cell]) -> None:
    """The workbench's findings on a unit, so a translator importing the TMX keeps them: ``prop`` elements
    (x-align-flags: the flag codes, ";"-separated, none on a clean unit; x-align-risk, 0 on a clean unit that
    was flagged; x-align-score: the aligner's confidence; x-align-review in a review export) and the flags'
    messages as a ``note``, which CAT tools show. TMX 1.4 wants notes and props before the first ``tuv``; a
    column the table lacks (not flagged: risk NaN) gives no element."""
    from lxml import etree

    items: list[tuple[str, str | None, str]] = []
    if text(row.get("flag_notes")).strip():
        items.append(("note", None, text(row["flag_notes"])))
    if text(row.get("flags")):
        items.append(("prop", "x-align-flags", text(row["flags"])))
    if not missing(row.get("risk")):
        items.append(("prop", "x-align-risk", f"{float(row['risk']):.3f}"))
    if not missing(row.get("score")):
        items.append(("prop", "x-align-score", f"{float(row['score']):.4f}"))
    if text(row.get("post_edit")).strip():
        # a review export: the target is the reviewer's post-edit; the flags were found on the aligned target
        items.append(("prop", "x-align-review", "post-edited"))
    elif text(row.get("status")):
        items.append(("prop", "x-align-review", text(row["status"])))
    for i, (tag, kind, body) in enumerate(items):
        element = etree.Element(tag) if kind is None else etree.Element(tag, type=kind)
        element.text = _XML_INVALID.sub("", body)
        tu.insert(i, element)  # type: ignore[attr-defined]


def _write_versions(rows: Rows, out: BinaryIO) -> None:
    """A multi-version table in the long layout (one row per joint row and version: ``bead``, ``version``,
    ``tgt_text``, ``tgt_lang``) → one ``tu`` per joint row with one ``tuv`` per version that has text there, each
    naming its version in a ``prop`` (two versions may share a language). Rows with fewer than two are left out."""
    from lxml import etree
    from translate.storage.tmx import tmxfile, tmxunit

    tmx = tmxfile(sourcelanguage=str(rows.records[0]["src_lang"]))
    key = "bead" if "bead" in rows.columns else "row"
    groups: dict[Cell, list[dict[str, Cell]]] = {}  # a joint row's lines, rows in order of first appearance
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    for group in groups.values():
        tuvs = [
            (str(r["tgt_lang"]), str(r["version"]), words)
            for r in group
            if (words := _XML_INVALID.sub("", text(r["tgt_text"])).strip())
        ]
        if len(tuvs) < 2:
            continue
        unit = tmxunit(None)
        for lang, version, words in tuvs:
            tuv = unit.createlanguageNode(lang, words, None)
            prop = etree.Element("prop", type="x-version")
            prop.text = _XML_INVALID.sub("", version)
            tuv.insert(0, prop)
            unit.xmlelement.append(tuv)
        tmx.addunit(unit)
    if not tmx.units:
        raise AlignError("nothing to export: no row has text in two versions")
    _credit(tmx)
    tmx.serialize(out)
