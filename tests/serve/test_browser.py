"""The site in a real browser: Playwright driving Debian's chromium (no browser download is possible here).

.ci/run installs chromium; without it these tests skip and say so.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.serve.browser_fixture import CHROMIUM, MISSING_CHROMIUM, chromium
from tests.serve.site_fixture import SiteData

if not CHROMIUM.exists():
    pytest.skip(MISSING_CHROMIUM, allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need the playwright package")


@pytest.fixture(scope="module")
def browser() -> Iterator[sync_api.Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: sync_api.Browser) -> Iterator[sync_api.Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_front_page_then_story_then_citation(
    page: sync_api.Page, live_site: str, site_data: SiteData
) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto(live_site + "/")
    first = page.locator("article.card h2 a").first
    headline = first.inner_text()
    first.click()
    page.wait_for_url(f"**/stories/{site_data.two_source_story}")
    assert page.locator("h1").inner_text() == headline
    marker = page.locator("button.cite").first  # citations.js made the marker link a button
    assert marker.inner_text() == "[1]"
    marker.hover()
    popover = page.locator(".cite-popover")
    popover.wait_for(state="visible")
    link = popover.get_by_role("link", name="Read in the article")
    target = link.get_attribute("href")
    assert target is not None and "#" in target
    anchor = target.split("#", 1)[1]
    # the cited sentences (the link leads to the first), also listed under their source on the story page
    assert popover.locator("mark").inner_text().startswith(page.locator(f"[id='{anchor}']").inner_text())
    assert "Wikinews" in popover.inner_text()
    link.click()
    page.wait_for_url(f"**{target}")
    sentence = page.locator(f"[id='{anchor}']")
    assert sentence.evaluate("element => element.matches(':target')")
    background = sentence.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert problems == []  # no script or CSP errors


def test_citation_highlight_works_without_javascript(
    browser: sync_api.Browser, live_site: str, site_data: SiteData
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_site}/stories/{site_data.two_source_story}")
    marker = page.locator("a.cite").first  # without JavaScript the marker is a link to the article sentence
    target = marker.get_attribute("href")
    assert target is not None and target.startswith("/articles/") and "#" in target
    marker.click()
    page.wait_for_url(f"**{target}")
    anchor = target.split("#", 1)[1]
    assert page.locator(f"[id='{anchor}']").evaluate("element => element.matches(':target')")
    context.close()


def test_search_finds_the_story(page: sync_api.Page, live_site: str, site_data: SiteData) -> None:
    page.goto(live_site + "/")
    page.get_by_label("Search stories and articles").fill("Soleimani")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=Soleimani")
    links = page.locator("#story-hits ~ article.card h2 a, section article.card h2 a")
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    assert f"/stories/{site_data.two_source_story}" in hrefs


def test_script_in_an_article_shows_as_text(page: sync_api.Page, live_site: str, site_data: SiteData) -> None:
    page.goto(f"{live_site}/articles/{site_data.hostile_article}")
    body = page.locator(".body").inner_text()
    assert '<script>window.__pwned = 2; document.title = "pwned";</script>' in body
    assert "<script>window.__pwned = 1</script>" in page.locator("h1").inner_text()
    assert page.evaluate("() => window.__pwned") is None
    assert page.title() != "pwned"
    page.goto(f"{live_site}/stories/{site_data.hostile_story}")
    assert page.evaluate("() => window.__pwned") is None


def test_phone_width_has_no_sideways_scroll(
    browser: sync_api.Browser, live_site: str, site_data: SiteData
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for path in ("/", f"/stories/{site_data.two_source_story}"):
        page.goto(live_site + path)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    context.close()


def test_keyboard_reaches_skip_link_first(page: sync_api.Page, live_site: str) -> None:
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    assert page.locator("header").count() >= 1 and page.locator("main").count() == 1
    assert page.locator("nav[aria-label]").count() >= 1


def test_api_documentation_page_works_offline(page: sync_api.Page, live_site: str) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_site + "/docs")
    page.locator("#swagger-ui .opblock-summary-path", has_text="/api/stories").first.wait_for()
    assert page.locator("#swagger-ui .opblock").count() >= 5
    assert all(url.startswith(live_site) or url.startswith("data:") for url in requested), requested
    assert problems == []
