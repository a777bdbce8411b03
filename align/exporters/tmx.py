"""TMX 1.4 through translate-toolkit (the localisation world's maintained TMX implementation)."""

from __future__ import annotations

import re
from typing import BinaryIO

import pandas as pd

from align.errors import AlignError
from align.exporters.base import Exporter

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
        for src, tgt in zip(table["src_text"], table["tgt_text"], strict=True):
            src, tgt = _XML_INVALID.sub("", str(src or "")), _XML_INVALID.sub("", str(tgt or ""))
            if src and tgt:  # a TU with an empty side is no use to a translation memory
                tmx.addsourceunit(src).target = tgt
        _credit(tmx)
        tmx.serialize(out)


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
