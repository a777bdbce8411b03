"""Bytes → text: detect the encoding a user's file really has.

BOMs decide first (UTF-8/16/32), then NUL bytes in the pattern of UTF-16/32 without a BOM, then
strict UTF-8, then charset-normalizer for legacy encodings (Shift_JIS/CP932, Latin-1, ...). Binary
data is refused rather than decoded into garbage.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from align.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


#: Tie-break among encodings charset-normalizer finds equally clean: the ones users' files really are in.
#: (On short Western text it otherwise picks rarities such as cp775 over cp1252.)
_PREFERRED = (
    "cp932",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "gbk",
    "big5",
    "euc_kr",
    "cp949",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "cp1251",
    "koi8_r",
    "iso8859_2",
    "iso8859_7",
    "cp1253",
    "iso8859_9",
)
#: Tried strictly when charset-normalizer finds nothing (it can fail on Shift_JIS text with Cyrillic/Greek in it).
_CJK_FALLBACK = ("cp932", "euc_jp", "gb18030", "big5", "euc_kr")
_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def _legacy_decode(data: bytes) -> tuple[str, str] | None:
    matches = list(from_bytes(data))
    if matches:
        cleanest = min(m.chaos for m in matches)
        tied = [m for m in matches if m.chaos <= cleanest + 0.01]
        rank = {enc: i for i, enc in enumerate(_PREFERRED)}
        best = min(tied, key=lambda m: rank.get(m.encoding, len(rank)))
        return str(best), best.encoding
    for enc in _CJK_FALLBACK:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        non_ascii = sum(1 for ch in text if ord(ch) > 127) or 1
        if len(_CJK_CHARS.findall(text)) / non_ascii > 0.5:
            return text, enc
    return None


def _looks_binary(text: str) -> bool:
    """Control characters other than whitespace are a sign of a non-text file."""
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / min(len(text), 20000) > 0.01 or "\x00" in text


def _utf16_or_32_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 or UTF-32 written without a byte-order mark (some Windows tools and exports do).

    Their NUL bytes fall at fixed places in each code unit: the high byte of every ASCII character
    (spaces, newlines, digits), and in UTF-32 the top byte of every character. That picks the byte
    order; the strict decoding must then read as text, which random binary data never does.
    """
    sample = data[:8192]
    tries = []
    if len(data) % 4 == 0:
        # UTF-32: the top byte of every character is 0, and the next one for all but rare astral characters.
        if not any(sample[3::4]) and 2 * sample[2::4].count(0) >= len(sample[2::4]):
            tries.append("utf-32-le")
        elif not any(sample[0::4]) and 2 * sample[1::4].count(0) >= len(sample[1::4]):
            tries.append("utf-32-be")
    if len(data) % 2 == 0:
        # UTF-16: ASCII's high byte is 0; the other byte is 0 only in rarer characters (U+4E00 一).
        le_first = sample[1::2].count(0) >= sample[0::2].count(0)
        tries += ["utf-16-le", "utf-16-be"] if le_first else ["utf-16-be", "utf-16-le"]
    for enc in tries:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text, enc
    return None


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
    if text is None and b"\x00" in data[:8192]:
        found = _utf16_or_32_without_bom(data)
        if found is None:
            raise InputError(f"{name}: looks like a binary file, not text")
        text, encoding = found
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            found = _legacy_decode(data)
            if found is None:
                raise InputError(f"{name}: looks like a binary file, not text (no text encoding fits)") from None
            text, encoding = found
    if _looks_binary(text):
        raise InputError(f"{name}: looks like a binary file, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
