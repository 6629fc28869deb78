"""Fetch passes into a real SQLite file from a real local server: good feeds, broken feeds, reruns and kills.

The Wikinews pages are rendered as HTML by the test (tests/ingest/newsroom_http.py) from the demo corpus text;
the White House feed is the real RSS file, served as is.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from ingest.newsroom_http import WHITEHOUSE_RSS, WIKINEWS, Route, Site, serve, wikinews_site
from quickread.cli import app
from quickread.ingest.fetch import Fetcher, FetchPolicy
from quickread.newsroom.feed_pass import fetch_all_feeds
from quickread.store.database import open_database
from quickread.store.schema import articles
from quickread.store.sql_repository import SqlRepository

LOCAL = FetchPolicy(allow_private_addresses=True, per_host_delay_s=0.0, total_timeout_s=2.0, timeout_s=2.0)
BROKEN = {
    "/truncated.xml": "malformed feed",
    "/wrong-type.xml": "wrong content type 'image/png'",
    "/missing.xml": "HTTP 404",
    "/failing.xml": "HTTP 500",
    "/endless.xml": "longer than 2 s",
    "/loop.xml": "redirect loop",
    "/huge.xml": "too large",
}


@pytest.fixture(autouse=True)
def _demo_data() -> None:
    for path in (WHITEHOUSE_RSS, WIKINEWS):
        if not path.exists():
            pytest.skip(f"demo corpus not found at {path}")


def newsroom_site() -> Site:
    rss = WHITEHOUSE_RSS.read_bytes()
    site = Site(
        routes={
            "/whitehouse.xml": Route(body=rss, content_type="application/rss+xml", etag='"wh-1"'),
            "/truncated.xml": Route(body=rss[: len(rss) // 2], content_type="application/rss+xml"),
            "/wrong-type.xml": Route(body=rss, content_type="image/png"),
            "/failing.xml": Route(status=500, body=b"internal error"),
            "/endless.xml": Route(behaviour="endless"),
            "/loop.xml": Route(behaviour="redirect", status=302, location="/loop2.xml"),
            "/loop2.xml": Route(behaviour="redirect", status=302, location="/loop.xml"),
            "/huge.xml": Route(behaviour="huge"),
        }
    )
    wikinews_site(site, 4)
    return site


def test_a_pass_stores_good_feeds_and_logs_each_broken_one(tmp_path: Path) -> None:
    db = tmp_path / "quickread.db"
    repository = SqlRepository(open_database(f"sqlite:///{db}"))
    with serve(newsroom_site()) as site:
        for path in ["/whitehouse.xml", "/wikinews.xml", *BROKEN]:
            repository.add_feed(site.url(path))
        with Fetcher(LOCAL) as fetcher:
            report = fetch_all_feeds(repository, fetcher)
        statuses = {outcome.url.removeprefix(site.base): outcome.status for outcome in report.feeds}
        assert statuses["/whitehouse.xml"] == "ok" and statuses["/wikinews.xml"] == "ok"
        # 10 White House items (full text in the feed), 4 Wikinews pages fetched, plus the whole items
        # of the truncated copy, which are the same White House articles and so are stored once.
        assert repository.counts().articles == 14
        errors = {e.url.removeprefix(site.base): e.reason or "" for e in repository.recent_errors()}
        for path, reason in BROKEN.items():
            assert reason in errors[path], (path, errors.get(path))

        wiki = [a for a in repository.unassigned_articles(100) if a.source == "Wikinews test desk"]
        assert len(wiki) == 4
        first = wiki[0]
        assert first.author == "desk@example.org (Wiki Desk)"  # the feed's fields win over the page's
        assert len(first.text.split()) > 100 and "Main page" not in first.text  # full text, no page furniture

        # a second pass: 304 for the White House feed, nothing doubled
        with Fetcher(LOCAL) as fetcher:
            again = fetch_all_feeds(repository, fetcher)
        assert {o.url.removeprefix(site.base): o.status for o in again.feeds}[
            "/whitehouse.xml"
        ] == "not_modified"
        assert repository.counts().articles == 14

        result = CliRunner().invoke(app, ["status", "--format", "json", "--db", str(db)])
        assert result.exit_code == 0, result.output
        status = json.loads(result.stdout)
        assert (status["articles"], status["feeds"]) == (14, 9)
        assert {e["url"].removeprefix(site.base) for e in status["errors"]} == set(BROKEN)
        assert all(e["reason"] and e["at"].startswith("20") for e in status["errors"])


def test_private_addresses_are_refused_by_default(tmp_path: Path) -> None:
    db = tmp_path / "quickread.db"
    with serve(newsroom_site()) as site:
        runner = CliRunner()
        assert runner.invoke(app, ["add-feed", site.url("/whitehouse.xml"), "--db", str(db)]).exit_code == 0
        env = {"QUICKREAD_ALLOW_PRIVATE": ""}
        refused = runner.invoke(app, ["fetch", "--db", str(db), "--no-stories"], env=env)
        assert refused.exit_code == 1 and "every feed failed (1 of 1)" in refused.output  # cron sees it
        status = json.loads(runner.invoke(app, ["status", "-f", "json", "--db", str(db)]).stdout)
        assert status["articles"] == 0 and "private" in status["errors"][0]["reason"]
        assert site.requests == []
        env = {"QUICKREAD_ALLOW_PRIVATE": "1"}
        assert runner.invoke(app, ["fetch", "--db", str(db), "--host-delay", "0"], env=env).exit_code == 0
        status = json.loads(runner.invoke(app, ["status", "-f", "json", "--db", str(db)]).stdout)
        assert (status["articles"], status["stories"], status["errors"]) == (10, 10, [])


def _wait_for_articles(
    engine: Engine, at_least: int, process: subprocess.Popen[str] | subprocess.Popen[bytes]
) -> int:
    """Poll the database until the running command has stored ``at_least`` articles (or 60 s pass)."""
    deadline = time.monotonic() + 60
    stored = 0
    while stored < at_least and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
        with engine.connect() as connection:
            stored = connection.execute(select(func.count()).select_from(articles)).scalar_one()
    return stored


def test_killed_fetch_finishes_on_rerun_without_doubles(tmp_path: Path) -> None:
    db = tmp_path / "quickread.db"
    site = Site()
    pages = wikinews_site(site, 8, page_delay_s=0.4)  # slow pages: the kill lands mid-feed
    quickread = [sys.executable, "-c", "from quickread.cli import app; app()"]
    env = {**os.environ, "QUICKREAD_DB": str(db), "QUICKREAD_ALLOW_PRIVATE": "1"}
    with serve(site):
        subprocess.run([*quickread, "add-feed", site.url("/wikinews.xml")], env=env, check=True)
        process = subprocess.Popen(
            [*quickread, "fetch", "--host-delay", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        engine = open_database(f"sqlite:///{db}")
        stored = _wait_for_articles(engine, 3, process)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert 3 <= stored < pages, "the kill should land in the middle of the feed"
        rerun = subprocess.run(
            [*quickread, "fetch", "--host-delay", "0"], env=env, capture_output=True, text=True
        )
        assert rerun.returncode == 0, rerun.stderr
    repository = SqlRepository(engine)
    assert repository.counts().articles == pages
    with engine.connect() as connection:
        urls = connection.execute(select(articles.c.canonical_url)).scalars().all()
    assert len(set(urls)) == pages
    assert repository.unassigned_articles(100) == [] and repository.stale_stories() == []
    engine.dispose()


def test_ctrl_c_stops_watch_after_the_current_item(tmp_path: Path) -> None:
    db = tmp_path / "quickread.db"
    site = Site()
    pages = wikinews_site(site, 8, page_delay_s=0.4)  # slow pages: Ctrl-C lands while a page is fetched
    quickread = [sys.executable, "-c", "from quickread.cli import app; app()"]
    env = {**os.environ, "QUICKREAD_DB": str(db), "QUICKREAD_ALLOW_PRIVATE": "1"}
    with serve(site):
        subprocess.run([*quickread, "add-feed", site.url("/wikinews.xml")], env=env, check=True)
        process = subprocess.Popen(
            [*quickread, "watch", "--every", "0.01", "--host-delay", "0"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        engine = open_database(f"sqlite:///{db}")
        _wait_for_articles(engine, 2, process)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 0, stderr
        with engine.connect() as connection:
            kept = connection.execute(select(func.count()).select_from(articles)).scalar_one()
        assert 2 <= kept < pages, "watch should stop in the middle of the feed, keeping what it stored"
        rerun = subprocess.run(
            [*quickread, "fetch", "--host-delay", "0"], env=env, capture_output=True, text=True
        )
        assert rerun.returncode == 0, rerun.stderr
    assert SqlRepository(engine).counts().articles == pages
    engine.dispose()
