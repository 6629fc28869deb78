"""Screenshots of the front page and a story page at desktop and phone widths, for the README.

Run against a running site (``make run``): ``.venv/bin/python docs/screenshots/take_screenshots.py [SITE]
[STORY_PATH]``; without a story path the front page's first story is shown. The README's (session 6) show
the multi-outlet demo: the front page and its first story, five Congress offices on the Attorney General's
summary of the Special Counsel's report (24-25 March 2019).

The story page is shot with its first citation popover open: citations.js turns each numbered marker link
(``a.cite``) into a ``button.cite`` that opens the popover on a mouse hover (desktop) or a tap (phone).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

HERE = Path(__file__).parent
SITE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
STORY = sys.argv[2] if len(sys.argv) > 2 else None
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def new_page(browser: Browser, name: str) -> Page:
    if name == "phone":  # a touch screen, so the marker is tapped as a phone user would
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
    return context.new_page()


def open_popover(page: Page, name: str) -> None:
    marker = page.locator("button.cite").first
    if name == "phone":
        marker.tap()
    else:
        marker.hover()
    page.locator(".cite-popover").wait_for(state="visible")


with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for name in ("desktop", "phone"):
        page = new_page(browser, name)
        page.goto(SITE + "/")
        page.screenshot(path=HERE / f"front-{name}.png")
        if STORY:
            page.goto(SITE + STORY)
        else:
            page.locator("article.card h2 a").first.click()
            page.wait_for_load_state()
        open_popover(page, name)
        page.screenshot(path=HERE / f"story-{name}.png")
        page.context.close()
    browser.close()
