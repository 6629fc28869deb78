"""Citations and the story page (issue 13): short numbered markers whose popover is reachable by hover,
keyboard and tap (WCAG 1.4.13) and whose link lands on the highlighted sentence in the article with a way
back; quotes and figures linked too; sources shown as cited sentences unless their licence allows the full
text; valid ``datetime`` values; description and Open Graph tags.

The browser tests drive Debian's chromium like tests/serve/test_browser.py and skip, saying why, without it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html
from tests.serve.browser_fixture import chromium
from tests.serve.site_fixture import SiteData, live_server

from quickread.model import Article, Citation, Figure
from quickread.pipeline import quick_read
from quickread.render.html import PageLinks, machine_time, page_view, sentence_anchor
from quickread.render.markdown import render_markdown
from quickread.serve.settings import ServeSettings
from quickread.serve.story_page import DESCRIPTION_CHARACTERS, summary

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# A valid HTML "date string", "local date and time string" or "global date and time string" (HTML allows at
# most three fractional digits of a second; Python's isoformat writes six).
# The HTML datetime forms the pages use: a date or date and time (at most 3 fractional digits), and for a
# bullet's event date of a week, month or year, the week, month and year strings.
HTML_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?|\d{4}-W\d{2}|\d{4}-\d{2}|\d{4}"
)
MARKER_TEXT = re.compile(r"\[\d+\]")


def _tree(html: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(html)


def _cited_anchors(digest: dict[str, Any], article_id: str) -> set[str]:
    """The anchors of every sentence of one article that a stored digest (its JSON) cites."""
    citations = [
        *digest["lede_citations"],
        *(c for point in digest["key_points"] for c in point["citations"]),
        *(item["citation"] for item in (*digest["quotes"], *digest["figures"])),
    ]
    return {sentence_anchor(article_id, c["sentence"]) for c in citations if c["article"] == article_id}


# --- the page's HTML --------------------------------------------------------------------------------------


def test_markers_are_short_numbers_of_the_sources_and_link_the_article_sentence(
    client: TestClient, site_data: SiteData
) -> None:
    tree = _tree(client.get(f"/stories/{site_data.two_source_story}").text)
    markers = tree.xpath("//a[@class='cite']")
    assert len(markers) >= 5
    sources = {
        int(s.get("id").removeprefix("source-")): s for s in tree.xpath("//*[starts-with(@id, 'source-')]")
    }
    assert sorted(sources) == [1, 2]
    for marker in markers:
        assert MARKER_TEXT.fullmatch(marker.text_content()), marker.text_content()
        number = int(marker.text_content().strip("[]"))
        # the outlet is named in the source list under that number, and in the popover (data-outlet)
        assert f"{marker.get('data-outlet')} has the story" in sources[number].text_content()
        page, anchor = marker.get("href").split("#")
        assert re.fullmatch(rf"/articles/[^?]+\?from={marker.get('id')}", page)
        assert marker.get("title", "").startswith(tree.get_element_by_id(anchor).text_content())
    assert {m.get("data-outlet") for m in markers} == {"Wikinews", "Wikinews Iraq desk"}
    assert len({m.get("id") for m in markers}) == len(markers)  # each marker can be returned to
    assert ", sentence " not in "".join(m.text_content() for m in markers)


def test_markdown_and_json_keep_the_full_citation(
    client: TestClient, site_data: SiteData, two_sources: list[Article]
) -> None:
    assert "[Wikinews, sentence 1]" in render_markdown(quick_read(two_sources))
    document = client.get(f"/api/stories/{site_data.two_source_story}").json()
    first = document["digest"]["lede_citations"][0]
    assert first["article"] == "soleimani-killed" and first["sentence"] == 0


def test_quotes_and_figures_link_their_sentence(two_sources: list[Article]) -> None:
    digest = quick_read(two_sources)
    killed = digest.articles[0]
    figure_sentence = killed.sentences[5]
    figure = Figure(
        text="two",
        value=2.0,
        unit="people",
        qualifier=None,
        citation=Citation(killed.id, figure_sentence.index, figure_sentence.start, figure_sentence.end),
        phrase="two people",
    )
    digest = replace(digest, figures=(figure,))
    assert digest.quotes, "the two-source digest has a quote"
    sections = {s.title: s for s in page_view(digest).sections}
    (figure_item,) = sections["Key figures"].items
    assert [m.anchor for m in figure_item.markers] == [sentence_anchor(killed.id, 5)]
    assert [m.number for m in figure_item.markers] == [1]
    for quote, item in zip(digest.quotes, sections["Who said what"].items, strict=True):
        (marker,) = item.markers
        assert marker.anchor == sentence_anchor(quote.citation.article_id, quote.citation.sentence)
        assert marker.href == f"#{marker.anchor}"  # the standalone page links within itself
        assert item.text.startswith(f"{quote.speaker}: “")


def test_sources_show_their_cited_sentences_unless_the_outlet_allows_full_text(
    site_data: SiteData, two_sources: list[Article]
) -> None:
    path = f"/stories/{site_data.two_source_story}"
    with TestClient(site_data.app()) as default:
        excerpts = _tree(default.get(path).text)
        digest = default.get(f"/api{path}").json()["digest"]
    with TestClient(site_data.app(ServeSettings(full_text_outlets=frozenset({"Wikinews"})))) as licensed:
        full = _tree(licensed.get(path).text)
    killed, vote = two_sources
    for tree in (excerpts, full):  # the Iraq desk is not licensed in either: its cited sentences only
        shown = {s.get("id") for s in tree.get_element_by_id("source-2").xpath(".//span[@class='sentence']")}
        assert shown == _cited_anchors(digest, vote.id) and 0 < len(shown) < len(vote.sentences)
        (more,) = tree.get_element_by_id("source-2").xpath(".//p[@class='more']/a")
        # the whole article is at its outlet; this site shows only what it cites (see the article page test)
        if vote.url:
            expected = (f"Read the whole article at {vote.source}", vote.url)
            assert (more.text_content(), more.get("href")) == expected
        else:
            assert more.text_content() == "The cited sentences in their article"
    only_cited = {
        s.get("id") for s in excerpts.get_element_by_id("source-1").xpath(".//span[@class='sentence']")
    }
    assert only_cited == _cited_anchors(digest, killed.id) and len(only_cited) < len(killed.sentences)
    every = full.get_element_by_id("source-1").xpath(".//span[@class='sentence']")
    assert [s.get("id") for s in every] == [
        sentence_anchor(killed.id, n) for n in range(len(killed.sentences))
    ]
    assert len(lxml_html.tostring(excerpts)) < len(lxml_html.tostring(full))


def test_datetime_values_are_valid_html(client: TestClient, site_data: SiteData) -> None:
    assert machine_time(dt.datetime(2020, 1, 5, 10, 30, 15, 123456)) == "2020-01-05T10:30:15"
    assert (
        machine_time(dt.datetime(2020, 1, 5, 10, 30, 15, 999, tzinfo=dt.UTC)) == "2020-01-05T10:30:15+00:00"
    )
    assert machine_time(dt.date(2020, 1, 5)) == "2020-01-05"
    for path in (f"/stories/{site_data.two_source_story}", f"/articles/{site_data.hostile_article}"):
        values = _tree(client.get(path).text).xpath("//time/@datetime")
        assert values, path
        for value in values:
            assert HTML_DATETIME.fullmatch(value), (path, value)
    # the version history's times carried microseconds before
    history = _tree(client.get(f"/stories/{site_data.two_source_story}").text).xpath(
        "//ol[@class='history']//time"
    )
    assert history and all("T" in t.get("datetime") for t in history)


def test_story_page_has_a_description_and_open_graph_tags(client: TestClient, site_data: SiteData) -> None:
    tree = _tree(client.get(f"/stories/{site_data.two_source_story}").text)
    meta = {
        (m.get("name") or m.get("property")): m.get("content") for m in tree.xpath("//head/meta[@content]")
    }
    headline = tree.xpath("//h1")[0].text_content()
    lede_start = "Thursday, United States military forces killed Qasem Soleimani"
    assert (
        meta["og:title"] == headline and meta["og:type"] == "article" and meta["og:site_name"] == "quickread"
    )
    assert meta["description"] == meta["og:description"]
    assert meta["description"].startswith(lede_start) and meta["description"].endswith("…")
    assert len(meta["description"]) <= DESCRIPTION_CHARACTERS
    article = _tree(client.get(f"/articles/{site_data.hostile_article}").text)
    (title,) = article.xpath("//head/meta[@property='og:title']/@content")
    assert title == "Council meeting report <script>window.__pwned = 1</script>"  # escaped, shown as text


def test_summary_cuts_at_a_word() -> None:
    assert summary("A short  lede\nhere.") == "A short lede here."
    long = " ".join(["word"] * 100)
    cut = summary(long)
    assert len(cut) <= DESCRIPTION_CHARACTERS and cut.endswith("word…")


def test_article_page_leads_back_to_the_marker_it_was_reached_from(
    client: TestClient, site_data: SiteData
) -> None:
    page = client.get("/articles/soleimani-killed?from=cite-2")
    assert page.status_code == 200
    (back,) = _tree(page.text).xpath("//p[@class='back-bar']/a")
    assert back.get("href") == f"/stories/{site_data.two_source_story}#cite-2"
    assert back.text_content() == "← Back to the Quick Read"
    for hostile in ("javascript:alert(1)", "cite-2#x", "x" * 5000, '"><script>'):
        refused = client.get("/articles/soleimani-killed", params={"from": hostile})
        assert refused.status_code == 200, hostile
        assert _tree(refused.text).xpath("//p[@class='back-bar']") == [], hostile
    assert _tree(client.get("/articles/soleimani-killed").text).xpath("//p[@class='back-bar']") == []


def test_a_custom_article_page_link_is_used_for_markers_and_sources(two_sources: list[Article]) -> None:
    view = page_view(quick_read(two_sources), PageLinks(article_page=lambda article_id: f"/a/{article_id}"))
    assert view.lede is not None
    first = view.lede.markers[0]
    assert first.href == f"/a/soleimani-killed?from={first.key}#{first.anchor}"
    assert [a.page for a in view.articles] == ["/a/soleimani-killed", "/a/iraq-parliament-vote"]
    assert all(a.full_text for a in view.articles)  # full_text's default: every source in full
    assert all(a.page is None for a in page_view(quick_read(two_sources)).articles)


# --- in a browser -------------------------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
IN_VIEW = (
    "element => element.getBoundingClientRect().top >= 0 && element.getBoundingClientRect().top < innerHeight"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def desktop(browser: Browser, live_site: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    yield page
    context.close()
    assert problems == []  # no script or CSP errors


def _story(page: Page, live_site: str, site_data: SiteData) -> None:
    page.goto(f"{live_site}/stories/{site_data.two_source_story}")


def test_keyboard_opens_and_escape_closes_the_popover_returning_focus(
    desktop: Page, live_site: str, site_data: SiteData
) -> None:
    page = desktop
    _story(page, live_site, site_data)
    for _ in range(30):  # Tab from the top of the page to the first marker
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('button.cite')"):
            break
    marker = page.locator("button.cite").first
    assert marker.evaluate("element => element === document.activeElement")
    assert marker.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    popover = page.locator(f"[id='{marker.get_attribute('aria-controls')}']")
    popover.wait_for(state="visible")
    assert marker.get_attribute("aria-expanded") == "true"
    assert "Wikinews" in popover.inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Read in the article"
    page.keyboard.press("Escape")
    assert page.locator(".cite-popover").count() == 0
    assert marker.evaluate("element => element === document.activeElement")
    assert marker.get_attribute("aria-expanded") == "false"


def test_the_popover_stays_open_while_hovered(desktop: Page, live_site: str, site_data: SiteData) -> None:
    page = desktop
    _story(page, live_site, site_data)
    marker = page.locator("button.cite").nth(1)
    marker.hover()
    popover = page.locator(".cite-popover")
    popover.wait_for(state="visible")
    box = popover.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=8)
    page.wait_for_timeout(800)  # well past the close delay
    assert popover.is_visible()
    page.locator("h1").hover()
    popover.wait_for(state="detached", timeout=2_000)


def test_a_tap_opens_the_popover_on_a_phone(browser: Browser, live_site: str, site_data: SiteData) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    _story(page, live_site, site_data)
    marker = page.locator("button.cite").nth(2)
    marker.tap()
    popover = page.locator(".cite-popover")
    popover.wait_for(state="visible")
    page.wait_for_timeout(400)  # a tap's emulated mouse events must not close it again
    assert popover.is_visible() and marker.get_attribute("aria-expanded") == "true"
    box = popover.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    page.locator("h1").tap()
    popover.wait_for(state="detached", timeout=2_000)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_the_popover_link_lands_on_the_highlighted_sentence_and_the_back_link_returns(
    desktop: Page, live_site: str, site_data: SiteData
) -> None:
    page = desktop
    _story(page, live_site, site_data)
    marker = page.locator("button.cite").nth(3)
    key = marker.get_attribute("id")
    marker.click()
    link = page.locator(".cite-popover").get_by_role("link", name="Read in the article")
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{target}")
    anchor = target.split("#", 1)[1]
    sentence = page.locator(f"[id='{anchor}']")
    assert sentence.evaluate("element => element.matches(':target')")
    assert sentence.evaluate("element => getComputedStyle(element).backgroundColor") not in (
        "rgba(0, 0, 0, 0)",
        "transparent",
    )
    assert sentence.is_visible() and sentence.evaluate(IN_VIEW)
    back = page.get_by_role("link", name="← Back to the Quick Read")
    assert back.is_visible()  # kept in sight at the bottom of the screen
    back.click()
    page.wait_for_url(f"**/stories/{site_data.two_source_story}#{key}")
    returned = page.locator(f"[id='{key}']")
    assert returned.evaluate("element => element.matches('button.cite')")
    page.wait_for_function(f"() => ({IN_VIEW})(document.getElementById('{key}'))")  # scrolled to it


def test_the_excerpt_page_is_shorter_on_a_phone(browser: Browser, site_data: SiteData) -> None:
    """The page height at 390 px with the cited sentences only against the full text of every source."""
    heights = []
    for settings in (
        ServeSettings(),
        ServeSettings(full_text_outlets=frozenset({"Wikinews", "Wikinews Iraq desk"})),
    ):
        with live_server(site_data.app(settings)) as url:
            context = browser.new_context(viewport=PHONE, is_mobile=True)
            page = context.new_page()
            page.goto(f"{url}/stories/{site_data.two_source_story}")
            heights.append(page.evaluate("() => document.body.scrollHeight"))
            context.close()
    excerpts, full = heights
    # measured 4,944 px against 6,488 px; the richest demo story: 6,185 px against 10,539 px
    assert excerpts < 0.8 * full, heights


def test_the_article_page_shows_the_whole_text_only_for_licensed_outlets(
    site_data: SiteData, two_sources: list[Article]
) -> None:
    killed = two_sources[0]
    path = f"/articles/{killed.id}"
    with TestClient(site_data.app()) as default:
        digest = default.get(f"/api/stories/{site_data.two_source_story}").json()["digest"]
        excerpt = _tree(default.get(path).text)
    with TestClient(site_data.app(ServeSettings(full_text_outlets=frozenset({killed.source})))) as licensed:
        full = _tree(licensed.get(path).text)
    cited = _cited_anchors(digest, killed.id)
    shown = [s.get("id") for s in excerpt.xpath("//span[@class='sentence']")]
    assert set(shown) == cited and 0 < len(shown) < len(killed.sentences)  # every citation still lands
    assert "the whole article is at its outlet" in excerpt.xpath("//p[@class='note']")[0].text_content()
    every = [s.get("id") for s in full.xpath("//span[@class='sentence']")]
    assert every == [sentence_anchor(killed.id, n) for n in range(len(killed.sentences))]
