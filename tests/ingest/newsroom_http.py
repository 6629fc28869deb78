"""A real HTTP server on 127.0.0.1 for the newsroom tests, serving fixed routes and misbehaving on purpose."""

from __future__ import annotations

import http.server
import json
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

DEMO = Path(__file__).resolve().parents[2] / "demo"  # the corpora shipped with quickread
WHITEHOUSE_RSS = DEMO / "whitehouse_rss_2025_2026" / "feed_whitehouse_briefings_HEAD.xml"
WIKINEWS = DEMO / "wikinews_2019_2020" / "articles.jsonl"


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    behaviour: str = "plain"  # plain, endless, huge, redirect, slow
    location: str = ""
    delay_s: float = 0.0


@dataclass
class Site:
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(http.server.BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        self.site.requests.append((self.path, dict(self.headers.items())))
        route = self.site.routes.get(self.path)
        if route is None:
            self._send(404, b"not found", "text/plain")
            return
        if route.delay_s:
            time.sleep(route.delay_s)
        if route.behaviour == "redirect":
            self.send_response(route.status)
            self.send_header("Location", route.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif route.behaviour == "endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel>")
            try:
                while True:  # a few bytes at a time, for ever: never times out per read
                    self.wfile.write(b"<item><title>again</title></item>\n")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                return
        elif route.behaviour == "huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the size cap must trigger while reading
            chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
            try:
                for _ in range(50):
                    self.wfile.write(chunk)
            except OSError:
                return
        elif route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
        else:
            self._send(route.status, route.body, route.content_type, route.etag)

    def _send(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    handler = type("Handler", (_Handler,), {"site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    with running(server) as site.base:
        yield site


@contextmanager
def running(server: socketserver.TCPServer) -> Iterator[str]:
    """The server (bound to a loopback port) serving in a thread until the block ends; yields its base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def wikinews_records(count: int) -> list[dict[str, Any]]:
    lines = WIKINEWS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[:count]]


def wikinews_page(record: dict[str, Any]) -> bytes:
    """A Wikinews article rendered as an HTML page by this test (the corpus holds plain text)."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in record["text"].split("\n\n") if p.strip())
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(record['title'])}"
        f" - Wikinews</title></head><body><nav><a href='/'>Main page</a> | <a href='/random'>Random</a></nav>"
        f"<article><h1>{escape(record['title'])}</h1><p class='date'>{record['date']}</p>"
        f"{paragraphs}</article>"
        f"<footer>Text licensed CC BY 2.5. {escape(record['attribution'])}</footer></body></html>"
    ).encode()


def teaser_rss(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """RSS 2.0 whose items carry only a one-line teaser, so the full text must come from the page."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<description>{escape(teaser)}</description>"
        f"<pubDate>Mon, 06 Jan 2020 10:00:00 +0000</pubDate>"
        f"<author>desk@example.org (Wiki Desk)</author></item>"
        for t, link, teaser in items
    )
    return (
        f"<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>{escape(title)}</title>"
        f"<link>http://example.org/</link><description>test feed</description>{entries}</channel></rss>"
    ).encode()


def wikinews_site(site: Site, count: int, feed_path: str = "/wikinews.xml", page_delay_s: float = 0.0) -> int:
    """Add ``count`` Wikinews pages and a teaser feed linking them; returns the number of pages."""
    items = []
    for number, record in enumerate(wikinews_records(count)):
        path = f"/wiki/article-{number}"
        site.routes[path] = Route(body=wikinews_page(record), delay_s=page_delay_s)
        items.append((record["title"], site.url(path), record["text"].split(". ")[0][:120]))
    site.routes[feed_path] = Route(
        body=teaser_rss("Wikinews test desk", items), content_type="application/rss+xml"
    )
    return len(items)
