"""The Atom feed as a real feed reader sees it (issue 13): newsboat reloads the live test site's feed into a
fresh cache, and each stored item must carry the whole Quick Read, the story's own date and its outlets.

Before issue 13 newsboat dated every item the moment the feed was built and showed only the lede. newsboat
keeps what it read in SQLite (table rss_item: title, author, url, pubDate as Unix time, content as HTML), so
the test reads that cache back. .ci/run installs newsboat; without it this test skips and says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest

from quickread.serve.settings import ServeSettings

NEWSBOAT = shutil.which("newsboat")
if NEWSBOAT is None:
    pytest.skip(
        "the newsboat check needs newsboat on PATH (apt-get install newsboat)", allow_module_level=True
    )

# A reload of a few dozen entries from loopback takes well under a second; the margin is for a busy machine.
RELOAD_TIMEOUT_S = 60
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ReaderItem:
    """One row of newsboat's rss_item table."""

    title: str
    author: str
    url: str
    published: dt.datetime
    text: str  # the content HTML as a reader shows it: tags dropped, entities decoded, spaces collapsed


def _newsboat(folder: Path, *command: str) -> str:
    # HOME is the temporary folder too, so newsboat never reads or writes the real user's files.
    arguments = ["-u", "urls", "-C", "config", "-c", "cache.db", "-x", *command]
    done = subprocess.run(
        [str(NEWSBOAT), *arguments],
        cwd=folder,
        env={**os.environ, "HOME": str(folder), "XDG_CONFIG_HOME": str(folder), "XDG_DATA_HOME": str(folder)},
        capture_output=True,
        text=True,
        timeout=RELOAD_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, f"newsboat -x {' '.join(command)} failed: {done.stderr}"
    return done.stdout


def _reader_text(content: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", content))).strip()


def _get(url: str) -> Any:
    with urlopen(url, timeout=30) as response:  # the live test site on loopback
        return json.load(response)


@pytest.fixture(scope="module")
def reader_items(live_site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReaderItem]:
    """The live site's Atom feed as newsboat stored it, by item URL."""
    folder = tmp_path_factory.mktemp("newsboat")
    (folder / "urls").write_text(f"{live_site}/feeds/atom.xml\n", encoding="utf-8")
    (folder / "config").write_text("", encoding="utf-8")
    _newsboat(folder, "reload")
    with sqlite3.connect(folder / "cache.db") as cache:
        rows = cache.execute("SELECT title, author, url, pubDate, content FROM rss_item").fetchall()
    unread = _newsboat(folder, "print-unread")
    assert unread.strip() == f"{len(rows)} unread articles"
    return {
        url: ReaderItem(title, author, url, dt.datetime.fromtimestamp(published, dt.UTC), _reader_text(body))
        for title, author, url, published, body in rows
    }


@pytest.fixture(scope="module")
def stories(live_site: str) -> list[dict[str, Any]]:
    """The stories the feed lists (its 50 most significant), as /api/stories gives them."""
    size = ServeSettings().feed_size
    listed: list[dict[str, Any]] = _get(f"{live_site}/api/stories?limit={size}")["stories"]
    assert len(listed) > 20  # the test site's stories: enough that a per-entry slip shows
    return listed


def test_newsboat_stores_one_item_per_story(
    reader_items: dict[str, ReaderItem], stories: list[dict[str, Any]], live_site: str
) -> None:
    assert sorted(reader_items) == sorted(live_site + story["url"] for story in stories)
    for story in stories:
        assert reader_items[live_site + story["url"]].title == story["headline"]


def test_newsboat_items_carry_the_whole_quick_read(
    reader_items: dict[str, ReaderItem], stories: list[dict[str, Any]], live_site: str
) -> None:
    for story in stories:
        item = reader_items[live_site + story["url"]]
        digest = _get(f"{live_site}/api/stories/{story['id']}")["digest"]
        assert digest["key_points"], story["id"]
        # Each lede sentence and key point is followed by its citation links, so each is looked up whole.
        expected = [s["text"] for s in digest["lede_sentences"]] + [p["text"] for p in digest["key_points"]]
        missing = [text for text in expected if _SPACE.sub(" ", text) not in item.text]
        assert not missing, f"{story['id']}: newsboat's content lacks {missing}"
        assert "Quick Read" in item.text


def test_newsboat_dates_each_item_by_its_story_not_by_now(
    reader_items: dict[str, ReaderItem], stories: list[dict[str, Any]], live_site: str
) -> None:
    # The test site's digests were written now, its articles in 2019 and 2020: published is the earliest
    # article's day (00:00 UTC), never the moment the feed was built.
    for story in stories:
        first = dt.date.fromisoformat(story["first_date"])
        expected = dt.datetime.fromtimestamp(calendar.timegm(first.timetuple()), dt.UTC)
        assert reader_items[live_site + story["url"]].published == expected, story["id"]
    assert len({item.published for item in reader_items.values()}) > 1


def test_newsboat_shows_the_outlets_as_author(
    reader_items: dict[str, ReaderItem], stories: list[dict[str, Any]], live_site: str
) -> None:
    # newsboat joins an entry's Atom authors with ", "; the two-source story has two outlets.
    assert any(len(story["outlets"]) > 1 for story in stories)
    for story in stories:
        assert reader_items[live_site + story["url"]].author == ", ".join(story["outlets"]), story["id"]
