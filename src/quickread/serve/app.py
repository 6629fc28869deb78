"""The app factory: one FastAPI app over one repository and its settings, no global state."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

import quickread
from quickread.serve.actions import action_routes
from quickread.serve.api import api_routes
from quickread.serve.errors import ErrorPages, InternalErrors
from quickread.serve.feeds import feed_routes
from quickread.serve.http_cache import ConditionalGet
from quickread.serve.pages import page_routes
from quickread.serve.request_filters import HeadAsGet, RefuseNulBytes
from quickread.serve.security import SecurityHeaders
from quickread.serve.settings import ServeSettings
from quickread.serve.site import Site
from quickread.store.repository import Repository

# Bodies smaller than this go out as they are: gzip's header and a round trip of CPU outweigh the bytes saved
# (a 404 page or a short API answer); every page, feed and story document is larger.
GZIP_MINIMUM_BYTES = 500
STATIC = Path(__file__).parent / "static"
# Swagger UI 5 (it reads OpenAPI 3.1, which FastAPI writes) as shipped inside the fastapi-offline package.
SWAGGER_UI = Path(str(resources.files("fastapi_offline") / "static"))
# The OpenAPI page, with Swagger UI from that package and its start-up in a static file, so it
# works offline and under a policy that allows only the site's own scripts; api-docs.css darkens the
# Swagger UI colours that fail WCAG AA contrast (tests/serve/test_validators.py runs axe-core on the page).
API_DOCS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>quickread API</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/docs-assets/swagger-ui.css">
<link rel="stylesheet" href="/static/api-docs.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script><script src="/static/api-docs.js"></script>
</body></html>
"""


def create_app(repository: Repository, settings: ServeSettings | None = None) -> FastAPI:
    site = Site(repository, settings or ServeSettings())
    app = FastAPI(
        title="quickread",
        version=getattr(quickread, "__version__", "0.1.0"),
        description="Stories grouped from many outlets, each with a grounded Quick Read digest.",
        redoc_url=None,
        docs_url=None,  # served below from the fastapi-offline package: FastAPI's own page needs a CDN
    )
    app.state.site = site  # for tests and tools that hold the app; the routes get the site explicitly
    app.include_router(page_routes(site))
    app.include_router(api_routes(site))
    app.include_router(action_routes(site))
    app.include_router(feed_routes(site))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/docs-assets", StaticFiles(directory=str(SWAGGER_UI)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(API_DOCS_PAGE)

    # Pages answer people with a page; the API and feeds answer programs with JSON.
    pages = ErrorPages(site)
    app.add_exception_handler(StarletteHTTPException, pages.http_error)
    app.add_exception_handler(RequestValidationError, pages.validation_error)
    # Added innermost first: a request meets HeadAsGet, then SecurityHeaders (so every answer below it, a
    # refusal or a 500 included, carries the headers), then gzip, then InternalErrors, then RefuseNulBytes,
    # then ConditionalGet (ETag and 304 from the uncompressed body, before gzip changes the bytes).
    app.add_middleware(ConditionalGet)
    app.add_middleware(RefuseNulBytes, pages=pages)
    app.add_middleware(InternalErrors, pages=pages)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    return app
