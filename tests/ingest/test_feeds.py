"""Feed parsing: the real White House RSS file, Atom, RSS 1.0, JSON Feed, and broken documents."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ingest.newsroom_http import WHITEHOUSE_RSS
from quickread.ingest.feeds import FeedError, html_to_text, parse_feed


def test_real_whitehouse_rss() -> None:
    feed = parse_feed("wh", WHITEHOUSE_RSS.read_bytes(), "application/rss+xml")
    assert feed.title == "White House Briefings & Statements"
    assert len(feed.entries) == 10 and feed.problem is None
    first = feed.entries[0]
    assert first.title.startswith("Presidential Message on the 45th Anniversary")
    assert first.link and first.link.startswith("https://www.whitehouse.gov/briefings-statements/2026/07/")
    assert first.published == dt.date(2026, 7, 28)
    assert "Father Stanley Rother" in first.text and "\n\n" in first.text


def test_truncated_xml_keeps_whole_entries_and_says_why() -> None:
    data = WHITEHOUSE_RSS.read_bytes()
    feed = parse_feed("wh", data[: len(data) // 2], "application/rss+xml")
    assert feed.problem and "malformed feed" in feed.problem
    assert 0 < len(feed.entries) < 10


def test_wrong_content_type_is_refused() -> None:
    with pytest.raises(FeedError, match="wrong content type 'image/png'"):
        parse_feed("x", WHITEHOUSE_RSS.read_bytes(), "image/png")


def test_html_page_is_not_a_feed() -> None:
    with pytest.raises(FeedError, match=r"malformed feed|not an RSS"):
        parse_feed("x", b"<html><body><p>hello</p></body></html>", "text/xml")


def test_atom_with_html_content() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:x</id><updated>2020-01-05T00:00:00Z</updated>
    <entry><title>Iraq votes</title><link href="https://example.org/a"/><id>urn:a</id>
    <updated>2020-01-05T10:00:00Z</updated><author><name>Ann Reporter</name></author>
    <content type="html">&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</content>
    </entry></feed>"""
    entry = parse_feed("atom", atom, "application/atom+xml").entries[0]
    assert (entry.title, entry.link, entry.author) == ("Iraq votes", "https://example.org/a", "Ann Reporter")
    assert entry.published == dt.date(2020, 1, 5)
    assert entry.text == "First paragraph.\n\nSecond paragraph." and entry.has_full_content


def test_rss_1_0() -> None:
    rdf = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
    <channel rdf:about="https://example.org/"><title>RDF desk</title><link>https://example.org/</link>
    <description>d</description></channel>
    <item rdf:about="https://example.org/1"><title>One</title><link>https://example.org/1</link>
    <description>Teaser.</description><dc:date>2019-09-01T08:00:00Z</dc:date><dc:creator>Bo</dc:creator></item>
    </rdf:RDF>"""
    feed = parse_feed("rdf", rdf, "application/rdf+xml")
    assert feed.title == "RDF desk"
    entry = feed.entries[0]
    assert (entry.link, entry.published, entry.author, entry.has_full_content) == (
        "https://example.org/1",
        dt.date(2019, 9, 1),
        "Bo",
        False,
    )


def test_json_feed() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON desk",
        "items": [
            {
                "id": "1",
                "url": "https://example.org/j",
                "title": "J",
                "content_html": "<p>A.</p><p>B.</p>",
                "date_published": "2020-02-03T04:05:06Z",
                "authors": [{"name": "Cy"}],
            }
        ],
    }
    feed = parse_feed("json", json.dumps(document).encode(), "application/feed+json")
    entry = feed.entries[0]
    assert feed.title == "JSON desk" and entry.text == "A.\n\nB." and entry.author == "Cy"
    assert entry.published == dt.date(2020, 2, 3)
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed("json", b'{"hello": 1}', "application/json")


def test_html_to_text_drops_scripts() -> None:
    assert html_to_text("<p>One <b>bold</b></p><script>x()</script><p>Two</p>") == "One bold\n\nTwo"
    assert html_to_text("plain\n\ntext") == "plain\n\ntext"
