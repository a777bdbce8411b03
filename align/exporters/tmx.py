"""TMX 1.4 through translate-toolkit (the localisation world's maintained TMX implementation)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, BinaryIO

from align.errors import AlignError
from align.exporters.base import Exporter

if TYPE_CHECKING:  # pandas is imported where a table is built: ~0.4 s a CLI run, hidden behind the encoder
    import pandas as pd

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

    def write(self, table: pd.DataFrame, out: BinaryIO, *, excel: bool = False) -> None:
        from translate.storage.tmx import tmxfile

        self.check(table)
        if table.empty:
            raise AlignError("nothing to export: the TMX would have no translation units")
        if "version" in table.columns:
            return _write_versions(table, out)
        src_lang, tgt_lang = str(table["src_lang"].iloc[0]), str(table["tgt_lang"].iloc[0])
        tmx = tmxfile(sourcelanguage=src_lang, targetlanguage=tgt_lang)
        for (_, row), src, tgt in zip(table.iterrows(), table["src_text"], table["tgt_text"], strict=True):
            src, tgt = _XML_INVALID.sub("", str(src or "")), _XML_INVALID.sub("", str(tgt or ""))
            if src and tgt:  # a TU with an empty side is no use to a translation memory
                unit = tmx.addsourceunit(src)
                unit.target = tgt
                _findings(unit.xmlelement, row)
        _credit(tmx)
        tmx.serialize(out)


def _findings(tu: object, row: pd.Series) -> None:
    """The workbench's findings on a unit, so a translator importing the TMX keeps them: ``prop`` elements
    (x-align-flags: the flag codes, ";"-separated, none on a clean unit; x-align-risk, 0 on a clean unit that
    was flagged; x-align-score: the aligner's confidence; x-align-review in a review export) and the flags'
    messages as a ``note``, which CAT tools show. TMX 1.4 wants notes and props before the first ``tuv``; a
    column the table lacks (not flagged: risk NaN) gives no element."""
    import pandas as pd
    from lxml import etree

    items: list[tuple[str, str | None, str]] = []
    if "flag_notes" in row and str(row["flag_notes"] or "").strip():
        items.append(("note", None, str(row["flag_notes"])))
    flagged = "risk" in row and pd.notna(row["risk"]) and str(row["risk"]) != ""
    if "flags" in row and str(row["flags"] or ""):
        items.append(("prop", "x-align-flags", str(row["flags"])))
    if flagged:
        items.append(("prop", "x-align-risk", f"{float(row['risk']):.3f}"))
    if "score" in row and pd.notna(row["score"]) and str(row["score"]) != "":
        items.append(("prop", "x-align-score", f"{float(row['score']):.4f}"))
    if "post_edit" in row and str(row["post_edit"] or "").strip():
        # a review export: the target is the reviewer's post-edit; the flags were found on the aligned target
        items.append(("prop", "x-align-review", "post-edited"))
    elif "status" in row and str(row["status"] or ""):
        items.append(("prop", "x-align-review", str(row["status"])))
    for i, (tag, kind, text) in enumerate(items):
        element = etree.Element(tag) if kind is None else etree.Element(tag, type=kind)
        element.text = _XML_INVALID.sub("", text)
        tu.insert(i, element)  # type: ignore[attr-defined]


def _write_versions(table: pd.DataFrame, out: BinaryIO) -> None:
    """A multi-version table in the long layout (one row per joint row and version: ``bead``, ``version``,
    ``tgt_text``, ``tgt_lang``) → one ``tu`` per joint row with one ``tuv`` per version that has text there, each
    naming its version in a ``prop`` (two versions may share a language). Rows with fewer than two are left out."""
    from lxml import etree
    from translate.storage.tmx import tmxfile, tmxunit

    tmx = tmxfile(sourcelanguage=str(table["src_lang"].iloc[0]))
    key = "bead" if "bead" in table.columns else "row"
    for _, group in table.groupby(key, sort=False):
        tuvs = [
            (str(lang), str(version), text)
            for lang, version, raw in zip(group["tgt_lang"], group["version"], group["tgt_text"], strict=True)
            if (text := _XML_INVALID.sub("", str(raw or "")).strip())
        ]
        if len(tuvs) < 2:
            continue
        unit = tmxunit(None)
        for lang, version, text in tuvs:
            tuv = unit.createlanguageNode(lang, text, None)
            prop = etree.Element("prop", type="x-version")
            prop.text = _XML_INVALID.sub("", version)
            tuv.insert(0, prop)
            unit.xmlelement.append(tuv)
        tmx.addunit(unit)
    if not tmx.units:
        raise AlignError("nothing to export: no row has text in two versions")
    _credit(tmx)
    tmx.serialize(out)
