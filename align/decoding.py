"""Bytes → text: detect the encoding a user's file really has.

BOMs decide first (UTF-8/16/32), then NUL bytes in the pattern of UTF-16/32 without a BOM, then
ISO-2022 escape sequences, then strict UTF-8. Legacy code pages (Shift_JIS/CP932, cp1250, cp1257,
ISO-8859-16, cp1256, ...) are weighed by how much each decoding looks like the language it then reads
as; charset-normalizer breaks ties. An uncertain guess is logged as a warning naming the encoding and
language (the CLI prints it), and the caller can name the encoding instead. Binary data is refused
rather than decoded into garbage.
"""

from __future__ import annotations

import codecs
import logging
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from align.errors import InputError
from align.mixed_utf8 import mixed_utf8

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
#: Code pages always weighed besides charset-normalizer's own matches: its chaos measure takes Czech cp1250
#: for cp1252 (Mìstské), misses cp1257 and ISO-8859-16, and finds nothing for Persian cp1256 with a ZWNJ.
_CANDIDATES = (
    "cp932",
    "euc_jp",
    "gb18030",
    "big5",
    "cp949",
    "cp1250",
    "cp1251",
    "cp1252",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "iso8859_2",
    "iso8859_4",
    "iso8859_5",
    "iso8859_7",
    "iso8859_8",
    "iso8859_13",
    "iso8859_16",
    "koi8_r",
    "koi8_u",
    "cp874",
)
#: Tried strictly when charset-normalizer finds nothing (it can fail on Shift_JIS text with Cyrillic/Greek in it).
_CJK_FALLBACK = ("cp932", "euc_jp", "gb18030", "big5", "euc_kr")
_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
#: ISO-2022 escape sequences (JIS X 0208/0212/0201, KS C 5601): 7-bit text that only these codecs read.
_ISO2022_ESC = re.compile(rb"\x1b(?:\$[@B(]|\$\(D|\([BJI]|\$\)C)")
#: Bytes sampled to weigh the candidates (the winner then decodes the whole file).
_SAMPLE_BYTES = 64 * 1024
#: How much likelier (log10, over the letters sampled) the chosen decoding must be than the next that reads
#: differently, and the fewest non-ASCII letters, for the guess to count as sure; otherwise the reader says
#: which encoding it chose, for which language.
_SURE_MARGIN = 15.0
_SURE_LETTERS = 20
#: Log10 probability given to a letter the language's frequent words never use (mojibake: ì for ě in Czech).
_UNSEEN = -8.0
#: Stray control bytes (NULs from a bad copy or a buggy exporter) that a UTF-8 file may hold and still be read as
#: text, the stray bytes dropped with a warning: at most this many, and at most 1 % of its characters. More is
#: binary data.
_MAX_STRAY = 8
_STRAY = re.compile(rb"[\x00-\x08\x0e-\x1f]")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Scored:
    encoding: str
    score: float  # mean log10 probability of its non-ASCII letters in the language it reads as
    lang: str
    letters: int  # non-ASCII letters scored
    total: int  # letters scored, ASCII included
    text: str  # the decoded sample


@lru_cache(maxsize=16)
def _letter_logp(lang: str) -> dict[str, float]:
    """log10 share of each letter in ``lang``'s frequent words (wordfreq, weighted by word frequency)."""
    import wordfreq

    from align.entities.frequencies import frequent_words

    counts: Counter[str] = Counter()
    for word, bucket in frequent_words(lang).items():
        freq = wordfreq.cB_to_freq(-bucket)
        for ch in unicodedata.normalize("NFC", word):
            if ch.isalpha():
                counts[ch] += freq
    total = sum(counts.values())
    return {ch: math.log10(c / total) for ch, c in counts.items()} if total else {}


@lru_cache(maxsize=1)
def _wordfreq_langs() -> tuple[str, ...]:
    import wordfreq

    from align.langid import _model_code

    return tuple(sorted(lang for lang in wordfreq.available_languages("small") if _model_code(lang) is not None))


def _score(text: str, encoding: str) -> _Scored | None:
    """How much ``text`` looks like a real language: the mean log probability of its non-ASCII letters in
    the language it is identified as (mojibake letters are rare in any language: ì in "Mìstské", 띖 in
    Shift_JIS read as Korean). None when it holds C1 controls, unassigned or private-use characters,
    which no real text of a legacy code page has."""
    from align.langid import detect_language

    if any(unicodedata.category(ch) in ("Cc", "Cn", "Co") and ord(ch) >= 0x7F for ch in text):
        return None
    if any(ord(ch) < 32 and ch not in "\n\r\t\f\v" for ch in text[:20000]) and "\x1b" in text:
        return None
    # Every letter counts, ASCII too: "Grφίe: 5 Δpfel" (German Latin-1 read as Greek) has common Greek
    # letters, but its Latin ones are rare in Greek.
    letters = [ch for ch in unicodedata.normalize("NFC", text) if ch.isalpha()]
    distinct = sum(ord(ch) > 127 for ch in letters)
    lang = detect_language(text[:20000], _wordfreq_langs())
    logp = _letter_logp(lang)
    if not distinct or not logp:
        return _Scored(encoding, 0.0 if not distinct else _UNSEEN, lang, distinct, len(letters), text)
    score = sum(logp.get(ch, _UNSEEN) for ch in letters) / len(letters)
    return _Scored(encoding, score, lang, distinct, len(letters), text)


def _decode_sample(data: bytes, encoding: str) -> str | None:
    """The first :data:`_SAMPLE_BYTES` of ``data`` decoded strictly (a character cut at the end is left out)."""
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data[:_SAMPLE_BYTES], len(data) <= _SAMPLE_BYTES)
    except (UnicodeDecodeError, LookupError):
        return None


def _language_name(lang: str) -> str:
    from align.langid import language_name

    return language_name(lang)


def _rank_legacy(data: bytes) -> list[_Scored]:
    """Every candidate code page that decodes ``data``, best first: scored by how much its text looks like the
    language it reads as (see :func:`_score`); charset-normalizer's chaos measure and :data:`_PREFERRED` break
    ties. Code pages that read alike come first in the order files are usually in (cp1250 before ISO-8859-2)."""
    from charset_normalizer import from_bytes  # only for files that are not UTF-8: ~50 ms of every run otherwise

    matches = list(from_bytes(data))
    rank = {enc: i for i, enc in enumerate(_PREFERRED)}
    chaos = {m.encoding: m.chaos for m in matches}
    names = list(dict.fromkeys([*(m.encoding for m in matches), *_CANDIDATES]))
    scored = []
    for enc in names:
        sample = _decode_sample(data, enc)
        if sample is not None and (s := _score(sample, enc)) is not None:
            scored.append(s)
    if not scored:
        return []
    cleanest = min(chaos.values(), default=0.0)

    def key(s: _Scored) -> tuple[float, float, int]:
        # charset-normalizer's verdict decides among decodings that score alike (same letters, other bytes)
        return (-round(s.score, 2), chaos.get(s.encoding, cleanest + 0.5) - cleanest, rank.get(s.encoding, len(rank)))

    scored.sort(key=key)
    best = min((s for s in scored if s.text == scored[0].text), key=lambda s: rank.get(s.encoding, len(rank)))
    return [best, *(s for s in scored if s is not best)]


def _legacy_decode(data: bytes, name: str = "<input>") -> tuple[str, str] | None:
    """Legacy code pages ranked by :func:`_rank_legacy`. A guess that is not clearly better than the next one is
    logged (a warning naming the encoding and the language), so the user knows to pass ``--encoding`` if it is
    wrong."""
    scored = _rank_legacy(data)
    if not scored:
        return _cjk_fallback(data)
    best = scored[0]
    try:
        text = data.decode(best.encoding)
    except UnicodeDecodeError:
        return _cjk_fallback(data)
    rival = next((s for s in scored[1:] if s.text != best.text), None)
    margin = math.inf if rival is None else (best.score - rival.score) * best.total
    if best.letters < _SURE_LETTERS or margin < _SURE_MARGIN:
        log.warning("%s: decoded as %s (%s?); pass --encoding if wrong", name, best.encoding, _language_name(best.lang))
    return text, best.encoding


def _guess_legacy(data: bytes) -> tuple[str, str] | None:
    """(code page, language name) that reads ``data`` best, for the legacy runs of a mostly-UTF-8 file."""
    scored = _rank_legacy(data)
    if scored:
        return scored[0].encoding, _language_name(scored[0].lang)
    found = _cjk_fallback(data)
    return (found[1], "") if found else None


def _cjk_fallback(data: bytes) -> tuple[str, str] | None:
    for enc in _CJK_FALLBACK:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        non_ascii = sum(1 for ch in text if ord(ch) > 127) or 1
        if len(_CJK_CHARS.findall(text)) / non_ascii > 0.5:
            return text, enc
    return None


def _iso2022(data: bytes) -> tuple[str, str] | None:
    """7-bit ISO-2022-JP/KR mail text: valid ASCII, so only its escape sequences tell it apart."""
    if not _ISO2022_ESC.search(data[:_SAMPLE_BYTES]):
        return None
    for enc in ("iso2022_jp_2", "iso2022_jp_ext", "iso2022_kr"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x1b" not in text:
            return text, enc
    return None


def _looks_binary(text: str) -> bool:
    """Control characters other than whitespace are a sign of a non-text file."""
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / min(len(text), 20000) > 0.01 or "\x00" in text


def _first_control(text: str) -> int:
    """Index of the first control character that is not whitespace (what :func:`_looks_binary` counts)."""
    return next((i for i, ch in enumerate(text) if ord(ch) < 32 and ch not in "\n\r\t\f\v"), 0)


def _byte_offset(data: bytes, text: str, encoding: str, index: int) -> int:
    """Where character ``index`` of ``text`` (``data`` decoded with ``encoding``) starts in ``data``: the bytes
    after it, encoded again, end the file (an encoder that writes a byte-order mark first is given the BOM-less
    codec of its byte order)."""
    codec = {"utf-8-sig": "utf-8", "utf-16": "utf-16-be", "utf-32": "utf-32-be"}.get(encoding, encoding)
    if encoding in ("utf-16", "utf-32") and data[:2] == b"\xff\xfe":
        codec = encoding + "-le"
    try:
        return len(data) - len(text[index:].encode(codec))
    except (LookupError, UnicodeEncodeError):
        return index


def _binary(name: str, data: bytes, offset: int, why: str = "") -> InputError:
    """The error for a file that is no text, naming its first offending byte."""
    return InputError(f"{name}: looks like a binary file, not text{why}: byte 0x{data[offset]:02x} at offset {offset}")


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
        # The decoding must read as text: UTF-8 or binary data read as UTF-16 gives unassigned code points,
        # private-use characters and C1 controls (a PDF header: U+2065, U+E3E2, U+009D), which real text has not.
        if not _looks_binary(text) and not any(
            unicodedata.category(ch) in ("Cn", "Co", "Cs") or 0x7F <= ord(ch) < 0xA0 for ch in text
        ):
            return text, enc
    return None


def _stray_controls(data: bytes) -> list[int] | None:
    """Byte offsets of the few stray control bytes (NULs above all) in ``data`` that is valid UTF-8 apart from
    them, or None when there are none, too many to be strays, or the rest is no UTF-8."""
    offsets = [m.start() for m in _STRAY.finditer(data)]
    if not offsets or len(offsets) > _MAX_STRAY or len(offsets) > 0.01 * len(data):
        return None
    try:
        _STRAY.sub(b"", data).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return offsets


def _nuls_like_utf16(data: bytes, lone_newline: bool) -> bool:
    """Whether the NULs sit where short BOM-less UTF-16 puts them: all in the same byte of their code unit, each
    beside an ASCII byte (a space, digit or newline's other half), and at least two of them or (``lone_newline``)
    one in the final newline. Stray NULs fall anywhere: two in the same byte of their unit by chance, both beside
    ASCII, is rarer. A lone NUL before the final newline is ambiguous; it counts as UTF-16 only for ASCII, whose
    UTF-8 reading is no evidence (UTF-16 of kana and CJK is often ASCII bytes), unlike multi-byte characters."""
    where = [i for i, byte in enumerate(data) if byte == 0]
    if len(data) % 2 or len({i % 2 for i in where}) != 1:
        return False
    partners = [data[i + 1] if i % 2 == 0 else data[i - 1] for i in where]
    if not all(b < 0x80 for b in partners):
        return False
    return len(where) >= 2 or (lone_newline and where[0] >= len(data) - 2 and partners[0] == 0x0A)


def _utf8_with_stray_nuls(data: bytes) -> str | None:
    """``data`` read as valid UTF-8 but for a few NULs, however short (one NUL is over 1 % of a short text), the NULs
    dropped; None when it is not that. Read as UTF-16 it was garbage ("abc\0def\n" as 扡c敤੦, short Russian as
    Hangul) or, at an odd length, refused as binary. UTF-16 of ASCII has a NUL in every code unit; UTF-16 of other
    text, its NULs dropped, is hardly ever UTF-8 (lone bytes over 0x7F, control bytes such as Cyrillic's 0x04)."""
    nuls = data.count(0)
    rest = data.replace(b"\x00", b"")
    if not 0 < nuls <= _MAX_STRAY or _STRAY.search(rest):
        return None
    if len(data) % 2 == 0 and (not any(data[1::2]) or not any(data[0::2])):
        return None  # a NUL in every code unit: UTF-16/32 of ASCII text, read as such
    try:
        return rest.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _nuls_or_utf16(data: bytes, name: str) -> tuple[str, str] | None:
    """Text with NULs in its first 8 KiB that :func:`_stray_controls` did not take: UTF-8 with a few stray NULs or
    BOM-less UTF-16/32, whichever the NULs' places speak for (see :func:`_nuls_like_utf16`) and then the other."""
    utf8 = _utf8_with_stray_nuls(data)
    if utf8 is not None and _nuls_like_utf16(data, lone_newline=utf8.isascii()):
        found = _utf16_or_32_without_bom(data)
        if found is not None:
            return found
    if utf8 is not None:
        shown = ", ".join(str(i) for i, byte in enumerate(data) if byte == 0)
        log.warning("%s: dropped %d stray control byte(s) (NUL etc.) at byte offset(s) %s", name, data.count(0), shown)
        return utf8, "utf-8"
    return _utf16_or_32_without_bom(data)


def _decode_as(data: bytes, encoding: str, name: str) -> str:
    """``data`` in the encoding the user named (``--encoding``), or an :class:`InputError` saying where it fails."""
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"{encoding!r} is not a text encoding Python knows (e.g. cp1250, iso8859_16, shift_jis)"
        ) from None
    try:
        text = data.decode(codec.name)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not valid {codec.name}: byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from None
    return text.removeprefix("\ufeff")


def decode_bytes(data: bytes, name: str = "<input>", encoding: str | None = None) -> tuple[str, str]:
    """→ (text with newlines normalised to ``\\n``, encoding name). ``encoding`` skips detection."""
    text: str | None = None
    if encoding:
        text = _decode_as(data, encoding, name)
        encoding = codecs.lookup(encoding).name
    encoding = encoding or ""
    for bom, enc in _BOMS:
        if text is None and data.startswith(bom):
            try:
                text, encoding = data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not valid {enc}") from exc
            break
    stray = _stray_controls(data) if text is None and not data.startswith(codecs.BOM_UTF8) else None
    if stray is not None:
        # Valid UTF-8 but for a few NULs/control bytes: the text is UTF-8 (as UTF-16 it would be CJK garbage).
        shown = ", ".join(map(str, stray))
        log.warning("%s: dropped %d stray control byte(s) (NUL etc.) at byte offset(s) %s", name, len(stray), shown)
        text, encoding = _STRAY.sub(b"", data).decode("utf-8"), "utf-8"
    if text is None and b"\x00" in data[:8192]:
        # UTF-16/32 without a BOM only on evidence: NULs in the code units' high bytes and a decoding that reads as
        # text; otherwise the data is binary, refused at its first NUL.
        found = _nuls_or_utf16(data, name)
        if found is None:
            raise _binary(name, data, data.index(b"\x00"))
        text, encoding = found
    if text is None and b"\x1b" in data and (found := _iso2022(data)) is not None:
        text, encoding = found
    if text is None:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            # A UTF-8 file with a paragraph pasted from an old file stays UTF-8 (read whole as a legacy code page it
            # was mojibake throughout); only a file with no UTF-8 to speak of is weighed as a legacy code page.
            found = mixed_utf8(data, name, _guess_legacy) or _legacy_decode(data, name)
            if found is None:
                raise _binary(name, data, exc.start, " (no text encoding fits)") from None
            text, encoding = found
    if _looks_binary(text):
        raise _binary(name, data, _byte_offset(data, text, encoding, _first_control(text)))
    text = text.removeprefix("\ufeff")
    if "\ufeff" in text:
        # A byte-order mark inside the text (files joined with cat): invisible, and it would split or glue words.
        boms = [i for i, ch in enumerate(text) if ch == "\ufeff"]
        text = text.replace("\ufeff", "")
        if not all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text):  # a blank file is said as empty
            shown = ", ".join(map(str, boms[:8])) + (", ..." if len(boms) > 8 else "")
            log.warning("%s: dropped %d stray control character(s) (byte-order mark U+FEFF) at character offset(s) %s",
                        name, len(boms), shown)  # fmt: skip
    # Vertical tab (a manual line break in Word) and form feed (a page break) are line breaks: as controls a CSV
    # kept them and a TMX (XML) could not hold them.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\f", "\n"), encoding
