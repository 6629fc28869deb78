"""Error answers: a page for people, JSON for programs, with the same status and message either way.

Pages answer with a page (404, 405, a bad query value: 422), the API, the feeds and static files with
``{"detail": ...}``. ``InternalErrors`` is the last resort for an exception no route handled: it answers 500
itself, inside the security-headers middleware, because Starlette's own 500 is sent from the outermost layer,
past every middleware, and so without the Content-Security-Policy.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from quickread.serve.site import Site

# Paths whose clients are programs: they get JSON errors. Everything else is a page someone looks at.
MACHINE_PREFIXES = ("/api/", "/feeds/", "/static/", "/docs-assets/", "/openapi.json")
TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Not allowed",
    422: "Not a valid request",
    500: "Something went wrong",
    503: "Busy",
}
_SHOWN_VALUE_CHARS = 60  # how much of a rejected value an error page repeats
# Sent when even rendering the error page failed: no template, no data, nothing that can raise.
_LAST_RESORT_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head>'
    b"<body><h1>Something went wrong</h1><p>The server could not answer this request; it has been logged."
    b'</p><p><a href="/">Back to the front page</a></p></body></html>\n'
)
_log = logging.getLogger("quickread.serve")


def wants_json(path: str) -> bool:
    return path.startswith(MACHINE_PREFIXES)


class ErrorPages:
    """Renders one error for the path that caused it, through the site's message template."""

    def __init__(self, site: Site) -> None:
        self.site = site

    def response(
        self, path: str, status: int, message: str, headers: Mapping[str, str] | None = None
    ) -> Response:
        if wants_json(path):
            return JSONResponse({"detail": message}, status_code=status, headers=headers)
        title = TITLES.get(status, "Error")
        html = self.site.render("message.html.j2", title=title, message=message)
        return HTMLResponse(html, status_code=status, headers=headers)

    async def http_error(self, request: Request, error: Exception) -> Response:
        status = getattr(error, "status_code", 500)
        detail = getattr(error, "detail", None)
        headers = getattr(error, "headers", None)
        if wants_json(request.url.path):
            return JSONResponse({"detail": detail}, status_code=status, headers=headers)
        if status == 404:
            message = f"Nothing at {request.url.path}."
        elif status == 405:
            message = f"{request.method} is not allowed at {request.url.path}."
        else:
            message = str(detail)
        return self.response(request.url.path, status, message, headers)

    async def validation_error(self, request: Request, error: Exception) -> Response:
        problems: Sequence[Any] = error.errors() if isinstance(error, RequestValidationError) else []
        if wants_json(request.url.path):
            # The API keeps FastAPI's documented 422 body: a list of {loc, msg, type, input}.
            return JSONResponse({"detail": jsonable_encoder(problems)}, status_code=422)
        lines = [_problem_line(problem) for problem in problems] or ["The request is not valid."]
        return self.response(request.url.path, 422, " ".join(lines))


def _problem_line(problem: Mapping[str, Any]) -> str:
    location = [str(part) for part in problem.get("loc", ()) if part not in ("query", "path")]
    name = ".".join(location) or "value"
    value = str(problem.get("input", ""))
    shown = value[:_SHOWN_VALUE_CHARS] + ("…" if len(value) > _SHOWN_VALUE_CHARS else "")
    return f"{name}=“{shown}”: {problem.get('msg', 'not accepted')}."


class InternalErrors:
    """Plain ASGI middleware: an exception that escaped every route answers 500 (a page or JSON by path) and
    is logged with its traceback; the connection stays usable."""

    def __init__(self, app: ASGIApp, pages: ErrorPages) -> None:
        self.app = app
        self.pages = pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def track(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, track)
        except Exception:
            _log.exception("unhandled error answering %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise  # half a response is on the wire: only closing the connection is left
            await self._answer_500(scope, receive, send)

    async def _answer_500(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        message = "The server could not answer this request; it has been logged."
        try:
            response = self.pages.response(path, 500, message)
        except Exception:
            _log.exception("the error page itself failed for %s", path)
            response = Response(_LAST_RESORT_PAGE, status_code=500, media_type="text/html")
        await response(scope, receive, send)
