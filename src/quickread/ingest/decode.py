"""Bytes to text: UTF-8 first, then a declared or legacy encoding, and refusal of binary data.

Damage costs only what is damaged: a UTF-8 text with a few invalid bytes keeps its text, each bad byte turned
into U+FFFD; UTF-16 is recognised with or without a byte-order mark; a NUL is never content and is dropped.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from quickread.ingest.errors import InputError

# A news article is a few tens of kilobytes; the longest Wikinews interview is ~100 KB. 10 MB leaves room for
# whole HTML pages with inline scripts while refusing accidental multi-gigabyte inputs.
MAX_INPUT_BYTES = 10 * 1024 * 1024
# Text has almost no control characters besides line breaks and tabs; random or binary data has ~12%.
MAX_CONTROL_RATIO = 0.01
# A UTF-8 file hurt by a bad copy or one pasted Latin-1 byte has a handful of invalid bytes among many valid
# multi-byte letters; a Windows-1252 file read as UTF-8 has nearly every non-ASCII byte invalid and almost no
# valid sequence (one needs a letter such as "Ã" followed by a symbol such as "©"). So the text counts as
# damaged UTF-8 while invalid bytes are at most 1% of the bytes (or a single one, for a short text) and no
# more than its valid multi-byte characters; the cp1252 test texts have 0 valid ones, damaged UTF-8 articles
# dozens.
MAX_INVALID_UTF8_RATIO = 0.01
# ASCII and Latin-1 text in UTF-16 has a NUL as the high byte of every code unit. 70% leaves room for letters
# outside Latin-1 (curly quotes, dashes: U+2019, U+2014); the low bytes must hold almost no NULs, or the data
# is zeros (binary) rather than text.
MIN_UTF16_HIGH_NULS = 0.7
MAX_UTF16_LOW_NULS = 0.05
_HEAD = 8192  # bytes looked at to tell text from binary
_DECLARED = re.compile(rb"""(?:<meta[^>]+charset=["']?|<\?xml[^>]+encoding=["'])([A-Za-z0-9_.:-]+)""", re.I)
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_ESCAPED_BYTE = re.compile(r"[\udc80-\udcff]")  # what the "surrogateescape" handler makes of an invalid byte
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def decode_bytes(name: str, data: bytes, limit: int = MAX_INPUT_BYTES) -> str:
    if len(data) > limit:
        raise InputError(name, f"over the size limit ({len(data):,} bytes > {limit:,})")
    if not data.strip():
        raise InputError(name, "empty input")
    text = _decoded(name, data)
    if _control_ratio(text) > MAX_CONTROL_RATIO:
        raise InputError(name, "binary data, not text")
    return text.replace("\x00", "")


def _decoded(name: str, data: bytes) -> str:
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return _utf16(data[len(bom) :], encoding)
    if data.startswith(codecs.BOM_UTF8):  # declared UTF-8: an invalid byte in it can only be damage
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    utf16 = _utf16_without_bom(data[:_HEAD])
    if utf16 is not None:
        return _utf16(data, utf16)
    if b"\x00" in data[:_HEAD]:
        raise InputError(name, "binary data, not text")
    text = _utf8(data)
    if text is not None:
        return text
    for encoding in _legacy_encodings(data):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None or _control_ratio(str(best)) > MAX_CONTROL_RATIO:
        raise InputError(name, "not UTF-8 and no other text encoding fits")
    return str(best)


def _utf8(data: bytes) -> str | None:
    """The text when it is UTF-8, or damaged UTF-8 (each invalid byte becomes U+FFFD); else None."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED_BYTE.findall(text))
    multibyte = len(_NON_ASCII.findall(text)) - invalid
    if invalid > max(1, int(len(data) * MAX_INVALID_UTF8_RATIO)) or multibyte < invalid:
        return None
    return _ESCAPED_BYTE.sub("\ufffd", text)


def _utf16_without_bom(head: bytes) -> str | None:
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nuls, odd_nuls = head[0 : pairs * 2 : 2].count(0), head[1 : pairs * 2 : 2].count(0)
    for high, low, encoding in ((odd_nuls, even_nuls, "utf-16-le"), (even_nuls, odd_nuls, "utf-16-be")):
        if high >= MIN_UTF16_HIGH_NULS * pairs and low <= MAX_UTF16_LOW_NULS * pairs:
            return encoding
    return None


def _utf16(data: bytes, encoding: str) -> str:
    # "replace": a lone surrogate or a final odd byte (a truncated copy) costs one character, not the text
    return data.decode(encoding, errors="replace")


def _legacy_encodings(data: bytes) -> list[str]:
    """What the document declares, then Windows-1252: the legacy encoding of most Western news sites (a
    strict superset of Latin-1's printable range, so Latin-1 text decodes correctly too)."""
    declared = _DECLARED.search(data[:4096])
    candidates = [declared.group(1).decode("ascii").lower()] if declared else []
    return [*candidates, "cp1252"]


def _control_ratio(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(1, len(text))
