"""TMX 1.4 through translate-toolkit (the localisation world's maintained TMX implementation)."""

from __future__ import annotations

import re
from typing import BinaryIO

import pandas as pd

from align.errors import AlignError
from align.exporters.base import Exporter

# XML 1.0 forbids most control characters; lxml refuses them, so they are dropped from segments.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class TmxExporter(Exporter):
    name = "tmx"
    extensions = (".tmx",)
    required = ("src_text", "tgt_text", "src_lang", "tgt_lang")

    def write(self, table: pd.DataFrame, out: BinaryIO, *, excel: bool = False) -> None:
        from translate.storage.tmx import tmxfile

        self.check(table)
        if table.empty:
            raise AlignError("nothing to export: the TMX would have no translation units")
        src_lang, tgt_lang = str(table["src_lang"].iloc[0]), str(table["tgt_lang"].iloc[0])
        tmx = tmxfile(sourcelanguage=src_lang, targetlanguage=tgt_lang)
        for src, tgt in zip(table["src_text"], table["tgt_text"], strict=True):
            src, tgt = _XML_INVALID.sub("", str(src or "")), _XML_INVALID.sub("", str(tgt or ""))
            if src and tgt:  # a TU with an empty side is no use to a translation memory
                tmx.addsourceunit(src).target = tgt
        tmx.serialize(out)
