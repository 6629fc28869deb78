"""Decoding a compressed response body with a cap on the decoded size, enforced while decoding.

httpx decodes ``Content-Encoding`` for us, but a whole network chunk at a time and layer after layer: 85 KB of
``gzip, gzip`` on the wire became 13 GB in one call before any size check could run. Here the raw bytes are
decoded with ``max_length`` so that no call yields more than the bytes still allowed, and a stacked encoding
(more than one coding) is refused: no real server needs it, and each layer multiplies the ratio.
"""

from __future__ import annotations

import zlib

ACCEPTED_ENCODINGS = "gzip, deflate"  # sent as Accept-Encoding: the codings this module reads
_GZIP = frozenset({"gzip", "x-gzip"})
_STEP = 64 * 1024  # decoded bytes per decompress call: small enough to stop a bomb within one step


class ContentCodingError(ValueError):
    """A body that cannot be decoded within the rules; the message is the reason for the fetch log."""


class BoundedDecoder:
    """Feeds raw body bytes in, gets decoded bytes out; raises once the decoded total passes ``limit``."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise ContentCodingError(f"stacked content encodings refused ({content_encoding})")
        coding = codings[0] if codings else ""
        if coding and coding not in _GZIP and coding != "deflate":
            raise ContentCodingError(f"unsupported content encoding {coding!r}")
        self._coding = coding
        self._limit = limit
        self._decoded = 0
        self._inflater: zlib._Decompress | None = None

    def feed(self, raw: bytes) -> bytes:
        if not self._coding:
            return self._count(raw)
        if self._inflater is None:
            self._inflater = zlib.decompressobj(self._window_bits(raw))
        out = bytearray()
        data = raw
        try:
            while data:
                piece = self._inflater.decompress(data, _STEP)
                out += self._count(piece)
                data = self._inflater.unconsumed_tail
                if self._inflater.eof and self._inflater.unused_data:
                    # Concatenated gzip members are one body (RFC 1952): go on with the next member.
                    data = self._inflater.unused_data
                    self._inflater = zlib.decompressobj(self._window_bits(data))
        except zlib.error as error:
            raise ContentCodingError(f"corrupt {self._coding} body ({error})") from error
        return bytes(out)

    def flush(self) -> bytes:
        if self._inflater is None:
            return b""
        try:
            return self._count(self._inflater.flush(_STEP))
        except zlib.error as error:
            raise ContentCodingError(f"corrupt {self._coding} body ({error})") from error

    def _count(self, piece: bytes) -> bytes:
        self._decoded += len(piece)
        if self._decoded > self._limit:
            raise ContentCodingError(f"response too large (over {self._limit:,} bytes decoded)")
        return piece

    def _window_bits(self, first: bytes) -> int:
        if self._coding in _GZIP:
            return 16 + zlib.MAX_WBITS
        # "deflate" means zlib-wrapped (RFC 9110), but many servers send raw deflate: read the header.
        looks_zlib = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
        return zlib.MAX_WBITS if looks_zlib else -zlib.MAX_WBITS
