"""A hostile HTTP server on 127.0.0.1 for the feed and fetch cases: each route writes raw bytes on the socket,
so it can misbehave below HTTP (a status line one byte at a time, stacked encodings, bombs built at run time).
"""

from __future__ import annotations

import gzip
import json
import socket
import socketserver
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape

from ingest.newsroom_http import running

Responder = Callable[[socket.socket], None]


@dataclass
class HostileSite:
    routes: dict[str, Responder] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(socketserver.BaseRequestHandler):
    site: HostileSite

    def handle(self) -> None:
        request = b""
        while b"\r\n\r\n" not in request and len(request) < 65536:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            request += chunk
        path = request.split(b" ", 2)[1].decode("latin-1")
        self.site.hits.append(path)
        responder = self.site.routes.get(path)
        try:
            if responder is None:
                self.request.sendall(
                    response(b"not found", status="404 Not Found", content_type="text/plain")
                )
            else:
                responder(self.request)
        except OSError:  # the client gave up: that is the point of most routes
            return


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def serve(site: HostileSite) -> Iterator[HostileSite]:
    handler = type("Handler", (_Handler,), {"site": site})
    with running(_Server(("127.0.0.1", 0), handler)) as site.base:
        yield site


def response(
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "application/rss+xml",
    headers: dict[str, str] | None = None,
) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def plain(body: bytes, **kwargs: object) -> Responder:
    data = response(body, **kwargs)  # type: ignore[arg-type]
    return lambda connection: connection.sendall(data)


def trickle(data: bytes, every_s: float) -> Responder:
    """One byte every ``every_s`` seconds, status line included: defeats any per-read timeout."""

    def respond(connection: socket.socket) -> None:
        for byte in data:
            connection.sendall(bytes([byte]))
            time.sleep(every_s)

    return respond


def slow(body: bytes, delay_s: float, **kwargs: object) -> Responder:
    data = response(body, **kwargs)  # type: ignore[arg-type]

    def respond(connection: socket.socket) -> None:
        time.sleep(delay_s)
        connection.sendall(data)

    return respond


def gzip_bomb(layers: int, decoded_bytes: int) -> bytes:
    """``decoded_bytes`` of zeros, gzipped ``layers`` times: a few KB on the wire for GBs decoded."""
    data = _gzip_zeros(decoded_bytes)
    for _ in range(layers - 1):
        data = gzip.compress(data, compresslevel=9)
    return data


def _gzip_zeros(size: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip container
    block = bytes(1024 * 1024)
    parts = [compressor.compress(block) for _ in range(size // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


def rss(items: list[tuple[str, str, str]], *, title: str = "Hostile desk", doctype: str = "") -> bytes:
    """RSS 2.0 with full-text items (title, link, text); ``doctype`` goes before the root element."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<description>{escape(text)}</description>"
        f"<pubDate>Mon, 06 Jan 2020 10:00:00 +0000</pubDate></item>"
        for t, link, text in items
    )
    return (
        f"<?xml version='1.0' encoding='UTF-8'?>{doctype}<rss version='2.0'><channel><title>{escape(title)}"
        f"</title><link>http://example.org/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


def json_feed(items: list[dict[str, object]]) -> bytes:
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": "JSON desk", "items": items}
    ).encode()


STORY = (
    "Flood waters rose across the valley on Monday, and the regional council opened three shelters for "
    "families who left their homes. The council said 240 people spent the night in the shelters. "
)


def story_text(number: int) -> str:
    """A full-text entry of over 150 words, distinct per number, so the feed entry itself is the article."""
    return f"Report {number}. " + STORY * 6 + f"The council will meet again on day {number}."
