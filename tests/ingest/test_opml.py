from __future__ import annotations

from pathlib import Path

import pytest

from quickread.ingest.errors import InputError
from quickread.ingest.opml import Subscription, read_opml, write_opml


def test_round_trip_keeps_urls_and_titles(tmp_path: Path) -> None:
    feeds = [Subscription("https://example.org/rss", "Example & Co"), Subscription("https://b.example/atom")]
    path = tmp_path / "feeds.opml"
    path.write_text(write_opml(feeds), encoding="utf-8")
    assert read_opml(path) == [feeds[0], Subscription("https://b.example/atom", "https://b.example/atom")]


def test_nested_folders_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "reader.opml"
    path.write_text(
        '<opml version="1.0"><body><outline text="News"><outline text="A" xmlUrl="https://a/rss"/>'
        '<outline text="A again" xmlUrl="https://a/rss"/></outline>'
        '<outline text="folder only"/></body></opml>'
    )
    assert read_opml(path) == [Subscription("https://a/rss", "A")]


def test_malformed_opml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.opml"
    path.write_text("<opml><body><outline")
    with pytest.raises(InputError, match=r"broken\.opml: malformed OPML"):
        read_opml(path)
    (tmp_path / "rss.xml").write_text("<rss/>")
    with pytest.raises(InputError, match="not OPML"):
        read_opml(tmp_path / "rss.xml")
