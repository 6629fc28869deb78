"""Requests adjusted or refused before any route sees them.

``HeadAsGet``: FastAPI routes declared with GET answer HEAD with 405, yet uptime monitors and link checkers
use HEAD. A HEAD request runs as a GET and its body is dropped, so the status and headers (Content-Length
included) are exactly what a GET would get.

``RefuseNulBytes``: a NUL byte (``%00``) has no meaning in any URL here; PostgreSQL rejects it in text and
file systems in names, which surfaced as 500s. It is refused with 400 before routing, for every path.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quickread.serve.errors import ErrorPages


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


class RefuseNulBytes:
    def __init__(self, app: ASGIApp, pages: ErrorPages) -> None:
        self.app = app
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _has_nul(scope):
            path = str(scope["path"]).replace("\x00", "%00")
            response = self.pages.response(path, 400, f"{path}: a URL cannot contain a NUL byte (%00).")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _has_nul(scope: Scope) -> bool:
    raw_path = scope.get("raw_path") or b""
    query = scope.get("query_string") or b""
    return (
        "\x00" in scope["path"]
        or b"\x00" in raw_path
        or b"\x00" in query
        or b"%00" in raw_path.lower()
        or b"%00" in query.lower()
    )
