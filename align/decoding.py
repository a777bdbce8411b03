"""Bytes → text: detect the encoding a user's file really has.

BOMs decide first (UTF-8/16/32), then strict UTF-8, then charset-normalizer for legacy encodings
(Shift_JIS/CP932, Latin-1, ...). Binary data is refused rather than decoded into garbage.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from align.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(text: str) -> bool:
    """Control characters other than whitespace are a sign of a non-text file."""
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / min(len(text), 20000) > 0.01 or "\x00" in text


def decode_bytes(data: bytes, name: str = "<input>") -> tuple[str, str]:
    """→ (text with newlines normalised to ``\\n``, encoding name)."""
    text: str | None = None
    encoding = ""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not valid {enc}") from exc
            break
    if text is None:
        if b"\x00" in data[:8192]:
            raise InputError(f"{name}: looks like a binary file, not text")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = from_bytes(data).best()
            if best is None:
                raise InputError(f"{name}: looks like a binary file, not text (no text encoding fits)") from None
            text, encoding = str(best), best.encoding
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
