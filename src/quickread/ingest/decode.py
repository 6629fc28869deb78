"""Bytes to text: UTF-8 first, then a detected legacy encoding, and refusal of binary data."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from quickread.ingest.errors import InputError

# A news article is a few tens of kilobytes; the longest Wikinews interview is ~100 KB. 10 MB leaves room for
# whole HTML pages with inline scripts while refusing accidental multi-gigabyte inputs.
MAX_INPUT_BYTES = 10 * 1024 * 1024


def decode_bytes(name: str, data: bytes, limit: int = MAX_INPUT_BYTES) -> str:
    if len(data) > limit:
        raise InputError(name, f"over the size limit ({len(data):,} bytes > {limit:,})")
    if not data.strip():
        raise InputError(name, "empty input")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary data, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(name, "not UTF-8 and no other text encoding fits")
    text = str(best)
    if _control_ratio(text) > 0.01:
        raise InputError(name, "binary data, not text")
    return text


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t")
    return controls / max(1, len(text))
