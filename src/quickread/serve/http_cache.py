"""Conditional GET for the pages, the API and the feeds: validators on every answer worth caching, 304 when
the client already holds the same answer.

``ConditionalGet`` holds back the body of a GET answered 200 with HTML, XML or JSON (all rendered in memory
and bounded), sets a weak ETag from a hash of the body, and answers 304 Not Modified without the body when
``If-None-Match`` names that ETag, or, without ``If-None-Match``, when the route set ``Last-Modified`` (the
feeds do) and ``If-Modified-Since`` is not older. A hash of the body is always right, whatever the answer
depends on (listing revision, story version, query, the site's address), and costs about a millisecond per
megabyte; the rendering it spares the network is already cached by the routes. The ETag is weak because the
gzip layer outside may change the bytes on the wire while the content stays the same.

``Cache-Control: public, max-age=60``: a shared cache or a browser may reuse a page, a feed or an API
document for a minute without asking (a news site a minute late is fine, and a burst of readers of one story
costs one request per cache), then revalidates cheaply with the validators. Files under /static keep
Starlette's own ETag and Last-Modified; error answers, streamed answers and refusals pass unchanged.
"""

from __future__ import annotations

import hashlib
from email.utils import parsedate_to_datetime

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHE_CONTROL = "public, max-age=60"
# Answers these media types hold are built whole in memory by the routes, so holding the body costs nothing.
CACHED_TYPES = ("text/html", "application/json", "application/atom+xml", "application/feed+json")


def body_etag(body: bytes) -> str:
    return f'W/"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): ``*`` or any listed tag with the same opaque value."""
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def not_modified_since(if_modified_since: str, last_modified: str) -> bool:
    """True when the resource has not changed since the client's copy; an unreadable date never matches."""
    try:
        since, modified = parsedate_to_datetime(if_modified_since), parsedate_to_datetime(last_modified)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None or modified.tzinfo is None:
        return False
    return modified <= since


class ConditionalGet:
    """Plain ASGI middleware, innermost but one: it sees the route's answer before gzip does."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        request_headers = Headers(scope=scope)
        start: Message | None = None
        chunks: list[bytes] = []

        async def hold_back(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if _cacheable(message):
                    start = message
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                await _finish(start, b"".join(chunks), request_headers, send)
                return
            await send(message)

        await self.app(scope, receive, hold_back)


def _cacheable(start: Message) -> bool:
    headers = Headers(raw=start.get("headers", []))
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    return start["status"] == 200 and "etag" not in headers and media_type in CACHED_TYPES


async def _finish(start: Message, body: bytes, request: Headers, send: Send) -> None:
    headers = MutableHeaders(raw=list(start.get("headers", [])))
    etag = body_etag(body)
    headers["ETag"] = etag
    headers.setdefault("Cache-Control", CACHE_CONTROL)
    if_none_match = request.get("if-none-match")
    last_modified = headers.get("last-modified")
    if if_none_match is not None:
        unchanged = etag_matches(if_none_match, etag)
    else:
        since = request.get("if-modified-since")
        unchanged = (
            since is not None and last_modified is not None and not_modified_since(since, last_modified)
        )
    if unchanged:
        # 304 carries the validators and caching headers, never the body or its length (RFC 9110 15.4.5).
        del headers["content-length"]
        del headers["content-type"]
        await send({**start, "status": 304, "headers": headers.raw})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    await send({**start, "headers": headers.raw})
    await send({"type": "http.response.body", "body": body, "more_body": False})
