"""Response headers that keep untrusted article text inert, and the token that guards data-changing actions.

Article text is escaped by the templates; the Content-Security-Policy is the second wall: only the site's own
script and style files run, so even markup that slipped through could not execute or load anything.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import Header, HTTPException, status
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI (the API documentation page, served from the site itself) sets style attributes as it renders.
# That page shows no article text, so it alone allows inline styles; scripts stay limited to the site's own.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = frozenset({"/docs"})
TOKEN_HEADER = "X-Quickread-Token"

_COMMON_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


class SecurityHeaders:
    """Plain ASGI middleware (cheaper per request than Starlette's BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_CONTENT_SECURITY_POLICY if scope["path"] in DOCS_PATHS else CONTENT_SECURITY_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", policy.encode("ascii")))
                headers.extend(_COMMON_HEADERS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def action_guard(token: str | None) -> Callable[..., None]:
    """A FastAPI dependency: refuses every action when no token is configured, else checks the one sent
    (``X-Quickread-Token: <token>`` or ``Authorization: Bearer <token>``) in constant time."""

    def check(
        x_quickread_token: str | None = Header(default=None),
        authorization: str | None = Header(default=None),
    ) -> None:
        if token is None:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "actions are turned off on this server (start it with --action-token to allow them)",
            )
        sent = x_quickread_token
        if sent is None and authorization and authorization.lower().startswith("bearer "):
            sent = authorization[7:].strip()
        if sent is None or not hmac.compare_digest(sent.encode("utf-8"), token.encode("utf-8")):
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                f"send the action token in the {TOKEN_HEADER} header",
                headers={"WWW-Authenticate": "Bearer"},
            )

    return check
