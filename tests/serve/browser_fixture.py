"""Debian's chromium under Playwright, for the browser tests (no browser download is possible here)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched browser; skips the test, saying why, without chromium or the playwright package."""
    if not CHROMIUM.exists():
        pytest.skip(MISSING_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
