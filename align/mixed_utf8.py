"""A UTF-8 file with a few runs of legacy bytes in it (a paragraph pasted from an old cp1250 file).

Read whole as a legacy code page, such a file turns into mojibake everywhere but in the pasted part. It is read
as UTF-8; the lines that are not UTF-8 are decoded with the code page their own bytes look like (or, failing
that, given U+FFFD), and the user is told where: line numbers and byte offsets.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

log = logging.getLogger("align.decoding")

#: Each byte that is not UTF-8, as ``surrogateescape`` decodes it (U+DC80..U+DCFF).
_ESCAPED = re.compile("[\udc80-\udcff]+")
#: A line counts as UTF-8 when it holds no bad byte and at least this many valid multi-byte characters: legacy
#: bytes form one by coincidence (cp1250 "Č" then "š"; in GB18030 or EUC one two-byte character in twelve), so a
#: legacy file has such lines only where a line is one or two characters long.
_LINE_CHARS = 2
#: ... and a file as UTF-8 with flaws when such lines hold this many characters together and number at least a
#: third of the lines with bad bytes (measured: every legacy encoding of the news test texts in 20 languages and of
#: the zh-en sets has no such line at all).
_MIN_UTF8_CHARS = 3
_MIN_CLEAN_SHARE = 1 / 3
#: Places listed in the warning; the rest are counted.
_SHOWN = 5

#: ``guess(bytes)`` → (code page, language name) for the legacy bytes, or None when no code page reads them.
Guess = Callable[[bytes], "tuple[str, str] | None"]


def _non_ascii(line: str) -> int:
    return sum(1 for ch in line if ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF)


def _bad_bytes(line: str) -> int:
    return sum(len(m) for m in _ESCAPED.findall(line))


def _utf8_bytes(line: str) -> int:
    return sum(len(ch.encode()) for ch in line if ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF)


def mixed_utf8(data: bytes, name: str, guess: Guess) -> tuple[str, str] | None:
    """(text, "utf-8") when ``data`` (which is not valid UTF-8) is mostly UTF-8, else None.

    Mostly UTF-8: lines of clean UTF-8 (see :data:`_LINE_CHARS`) with at least :data:`_MIN_UTF8_CHARS` multi-byte
    characters in all, at least a third as many as the lines with bad bytes. The bad bytes are decoded with the code
    page ``guess`` finds for them, line by line or run by run (see below), and one warning says where they are.
    """
    text = data.decode("utf-8", "surrogateescape")
    lines = text.split("\n")
    flawed = [i for i, line in enumerate(lines) if _ESCAPED.search(line)]
    clean = [n for line in lines if (n := _non_ascii(line)) >= _LINE_CHARS and not _ESCAPED.search(line)]
    if not flawed or sum(clean) < _MIN_UTF8_CHARS or len(clean) < _MIN_CLEAN_SHARE * len(flawed):
        return None
    bad = sum(len(m.group()) for m in _ESCAPED.finditer(text))
    # A flawed line with fewer bytes in valid UTF-8 characters than bad bytes was pasted whole (a Shift_JIS line
    # holds UTF-8 characters by coincidence, and its trail bytes are ASCII, so runs of bad bytes would cut its
    # characters): it is decoded whole. In the other flawed lines only the runs of bad bytes are.
    whole = {i for i in flawed if _utf8_bytes(lines[i]) < _bad_bytes(lines[i])}
    sample = "\n".join(lines[i] if i in whole else "".join(_ESCAPED.findall(lines[i])) for i in flawed)
    found = guess(sample.encode("utf-8", "surrogateescape"))
    encoding = found[0] if found else None

    def legacy(escaped: str) -> str:
        raw = escaped.encode("utf-8", "surrogateescape")
        return raw.decode(encoding, "replace") if encoding else "\ufffd" * len(raw)

    places = []
    offset = 0  # byte offset of the current line's start
    for i, line in enumerate(lines):
        m = _ESCAPED.search(line)
        if m:
            places.append(f"line {i + 1} byte {offset + len(line[: m.start()].encode('utf-8', 'surrogateescape'))}")
            lines[i] = legacy(line) if i in whole else _ESCAPED.sub(lambda r: legacy(r.group()), line)
        offset += len(line.encode("utf-8", "surrogateescape")) + 1
    shown = "; ".join(places[:_SHOWN]) + (f"; and {len(places) - _SHOWN} more lines" if len(places) > _SHOWN else "")
    how = "replaced with U+FFFD" if not found else f"decoded as {encoding}" + (f" ({found[1]}?)" if found[1] else "")
    log.warning(
        "%s: read as UTF-8, but %d byte(s) are not UTF-8 (%s): %s; pass --encoding if wrong", name, bad, shown, how
    )
    return "\n".join(lines), "utf-8"
