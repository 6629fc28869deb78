"""Screenshots of the front page and a story page at desktop and phone widths, for the README.

Run against a running site (``make run``): ``.venv/bin/python docs/screenshots/take_screenshots.py [SITE]
[STORY_PATH]``; without a story path the front page's first story is shown. The README's were taken with
``/stories/story-wikinews-2020-01-05-4ad5512f`` (the Soleimani killing and the Iraqi parliament's vote).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).parent
SITE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
STORY = sys.argv[2] if len(sys.argv) > 2 else None
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for name, (width, height) in WIDTHS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(SITE + "/")
        page.screenshot(path=HERE / f"front-{name}.png")
        if STORY:
            page.goto(SITE + STORY)
        else:
            page.locator("article.card h2 a").first.click()
            page.wait_for_load_state()
        page.locator("a.cite").first.hover()  # shows the citation popover with its source sentence
        page.screenshot(path=HERE / f"story-{name}.png")
        page.close()
    browser.close()
