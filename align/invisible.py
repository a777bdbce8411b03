"""Invisible format characters that a pasted text carries and a reader never sees.

A zero-width space from a web page or a CMS (often inside words, as a soft line-break hint), a word joiner, a
byte-order mark in the middle of a file, a soft hyphen, and the direction marks and embeddings that right-to-left
text carries around its left-to-right parts. The model's normaliser turns several of them into a space, which
cuts a word in two ("Partisi pemilih"): one in every few words left an Indonesian translation looking unrelated to
its English original. They are dropped from what the model and the language identifier read; the documents keep
them (offsets and exports show the text as written). The zero-width (non-)joiners stay: Persian and the Indic
scripts spell with them.
"""

from __future__ import annotations

import re

#: Deleted by :func:`visible`.
INVISIBLE = "\u00ad\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
_TABLE = dict.fromkeys(map(ord, INVISIBLE))
_ANY = re.compile(f"[{INVISIBLE}]")


def visible(text: str) -> str:
    """``text`` without the invisible format characters of :data:`INVISIBLE` (the same string when it has none)."""
    return text.translate(_TABLE) if _ANY.search(text) else text
