"""Bytes to text: UTF-8 first, then a declared or legacy encoding, and refusal of binary data."""

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
_DECLARED = re.compile(rb"""(?:<meta[^>]+charset=["']?|<\?xml[^>]+encoding=["'])([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(name: str, data: bytes, limit: int = MAX_INPUT_BYTES) -> str:
    if len(data) > limit:
        raise InputError(name, f"over the size limit ({len(data):,} bytes > {limit:,})")
    if not data.strip():
        raise InputError(name, "empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary data, not text")
    for encoding in _candidate_encodings(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _control_ratio(text) > MAX_CONTROL_RATIO:
            raise InputError(name, "binary data, not text")
        return text
    best = from_bytes(data).best()
    if best is None or best.encoding is None or _control_ratio(str(best)) > MAX_CONTROL_RATIO:
        raise InputError(name, "not UTF-8 and no other text encoding fits")
    return str(best)


def _candidate_encodings(data: bytes) -> list[str]:
    """UTF-8, then what the document declares, then Windows-1252: the legacy encoding of most Western news
    sites (a strict superset of Latin-1's printable range, so Latin-1 text decodes correctly too)."""
    declared = _DECLARED.search(data[:4096])
    candidates = ["utf-8"]
    if declared:
        candidates.append(declared.group(1).decode("ascii").lower())
    candidates.append("cp1252")
    return candidates


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / max(1, len(text))
