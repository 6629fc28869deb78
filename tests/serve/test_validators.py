"""Every page type through the Nu Html Checker (valid HTML) and axe-core (WCAG 2.x A and AA).

The checkers are the npm packages pinned in tools/checkers/ (`make checkers`, which `make test` runs, installs
them with `npm ci`); vnu.jar runs on Debian's Java and axe-core in Debian's chromium through Playwright.
Where one of them is missing these tests skip and say which; .ci/run installs all three.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
from fastapi.testclient import TestClient
from tests.serve.browser_fixture import CHROMIUM, chromium
from tests.serve.site_fixture import SiteData

CHECKERS = Path(__file__).resolve().parents[2] / "tools" / "checkers" / "node_modules"
VNU_JAR = CHECKERS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = CHECKERS / "axe-core" / "axe.min.js"
# The WCAG 2.0, 2.1 and 2.2 success criteria of levels A and AA, as axe-core tags its rules.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# axe.min.js is served from this same-origin address by a Playwright route, so the page's own policy
# (script-src 'self', no inline script) stays in force while axe runs.
AXE_ROUTE = "/__axe-core.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


# What the browser does on a page before axe runs: nothing, hover the first citation marker (so axe also sees
# its popover), wait for Swagger UI to draw the API, or also open the first operation and press "Try it out".
Preparation = Literal["none", "popover", "api", "api-try-out"]


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    viewport: Literal["desktop", "phone"] = "desktop"
    preparation: Preparation = "none"


def page_types(site: SiteData) -> list[PageType]:
    story = f"/stories/{site.two_source_story}"
    return [
        PageType("front", "/"),
        PageType("front-page-2", "/?page=2"),
        PageType("story", story),
        PageType("story-popover", story, preparation="popover"),
        PageType("story-phone", story, viewport="phone"),
        PageType("article", "/articles/soleimani-killed?from=cite-1"),
        PageType("hostile-article", f"/articles/{site.hostile_article}"),
        PageType("search", "/search?q=Soleimani"),
        PageType("search-no-hits", "/search?q=zzzqqxnohits"),
        PageType("sources", "/sources"),
        PageType("source", "/sources/Wikinews"),
        PageType("not-found", "/stories/no-such-story"),
        PageType("docs", "/docs", preparation="api"),
        PageType("docs-try-out", "/docs", preparation="api-try-out"),
    ]


PAGE_NAMES = [
    "front",
    "front-page-2",
    "story",
    "story-popover",
    "story-phone",
    "article",
    "hostile-article",
    "search",
    "search-no-hits",
    "sources",
    "source",
    "not-found",
    "docs",
    "docs-try-out",
]


def page_type(site: SiteData, name: str) -> PageType:
    return next(p for p in page_types(site) if p.name == name)


def test_page_names_cover_every_page_type(site_data: SiteData) -> None:
    assert [p.name for p in page_types(site_data)] == PAGE_NAMES


# --- the Nu Html Checker ----------------------------------------------------------------------


def nu_errors(files: list[Path]) -> dict[str, list[str]]:
    """The checker's errors in each file, by file name; one JVM for all files (it takes seconds to start)."""
    java = shutil.which("java")
    assert java is not None
    done = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    # vnu writes its JSON report on standard error.
    messages: list[dict[str, Any]] = json.loads(done.stderr)["messages"]
    errors: dict[str, list[str]] = {file.name: [] for file in files}
    for message in messages:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            name = Path(str(message.get("url", ""))).name
            errors.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


@pytest.mark.skipif(
    shutil.which("java") is None,
    reason="the Nu Html Checker needs Java (apt-get install default-jre-headless)",
)
@pytest.mark.skipif(
    not VNU_JAR.exists(), reason=f"the Nu Html Checker is not installed at {VNU_JAR} (make checkers)"
)
def test_every_page_type_is_valid_html(client: TestClient, site_data: SiteData, tmp_path: Path) -> None:
    files = []
    for kind in page_types(site_data):
        if kind.viewport == "phone" or kind.preparation in ("popover", "api-try-out"):
            continue  # the same HTML as the story or docs page
        response = client.get(kind.path)
        assert response.headers["content-type"].startswith("text/html"), kind.path
        file = tmp_path / f"{kind.name}.html"
        file.write_text(response.text, encoding="utf-8")
        files.append(file)
    errors = nu_errors(files)
    assert {name: found for name, found in errors.items() if found} == {}


# --- axe-core ---------------------------------------------------------------------------------

if not CHROMIUM.exists():
    browser_missing = f"axe-core runs in Debian's chromium at {CHROMIUM} (apt-get install chromium)"
elif not AXE_SCRIPT.exists():
    browser_missing = f"axe-core is not installed at {AXE_SCRIPT} (make checkers)"
else:
    browser_missing = ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if browser_missing:
        pytest.skip(browser_missing)
    with chromium() as launched:
        yield launched


def prepare(page: Any, preparation: Preparation) -> None:
    if preparation == "popover":
        page.locator("button.cite").first.hover()
        page.locator(".cite-popover").wait_for(state="visible")
    elif preparation in ("api", "api-try-out"):
        page.locator("#swagger-ui .opblock").first.wait_for()
        if preparation == "api-try-out":
            page.locator(".opblock-summary-control").first.click()
            page.get_by_role("button", name="Try it out").first.click()
            page.locator(".btn.execute").first.wait_for()


def axe_violations(browser: Any, url: str, kind: PageType) -> list[str]:
    phone = kind.viewport == "phone"
    context = browser.new_context(viewport=PHONE if phone else DESKTOP, is_mobile=phone)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        origin = url.split("/", 3)[:3]
        script = AXE_SCRIPT.read_bytes()
        page.route(
            "/".join(origin) + AXE_ROUTE,
            lambda route: route.fulfill(body=script, content_type="text/javascript"),
        )
        page.goto(url + kind.path)
        prepare(page, kind.preparation)
        page.add_script_tag(url="/".join(origin) + AXE_ROUTE)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    finally:
        context.close()
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_type_passes_axe_core(browser: Any, live_site: str, site_data: SiteData, name: str) -> None:
    assert axe_violations(browser, live_site, page_type(site_data, name)) == []


@pytest.mark.skipif(
    shutil.which("java") is None,
    reason="the Nu Html Checker needs Java (apt-get install default-jre-headless)",
)
@pytest.mark.skipif(
    not VNU_JAR.exists(), reason=f"the Nu Html Checker is not installed at {VNU_JAR} (make checkers)"
)
def test_story_page_is_valid_html_after_its_script_ran(
    browser: Any, live_site: str, site_data: SiteData, tmp_path: Path
) -> None:
    """citations.js turns the markers into buttons and opens a popover: the DOM it leaves is checked too.

    (Not the API docs: Swagger UI's React markup puts links in buttons and divs in spans, and is not ours.)
    """
    page = browser.new_page()
    try:
        page.goto(f"{live_site}/stories/{site_data.two_source_story}")
        prepare(page, "popover")
        rendered = tmp_path / "story-popover-rendered.html"
        rendered.write_text(page.content(), encoding="utf-8")
    finally:
        page.close()
    assert nu_errors([rendered]) == {rendered.name: []}
