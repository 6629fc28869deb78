"""Hostile feeds and servers (issue 11): one bad entry, feed or host never stops a pass; bombs, trickling
servers and metadata addresses are refused within bounded time and memory; bad feed URLs never get in.

Every case runs against a real server on 127.0.0.1 (hostile_feeds.py) and a real SQLite file; bombs are
built at test time.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import socket
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hostile import hostile_feeds as server
from quickread.cli import app
from quickread.ingest.fetch import Fetcher, FetchError, FetchPolicy
from quickread.newsroom.feed_pass import fetch_all_feeds
from quickread.store.database import open_database
from quickread.store.sql_repository import SqlRepository

LOCAL = FetchPolicy(
    allow_private_addresses=True,
    per_host_delay_s=0.0,
    respect_robots=False,
    timeout_s=3.0,
    total_timeout_s=3.0,
)
BAD_FEED_URLS = {
    "http://x:abc/": "invalid URL (Port could not be cast to integer value as 'abc')",
    "http://[::1/": "invalid URL (Invalid IPv6 URL)",
    "http://h:99999/": "invalid URL (Port out of range 0-65535)",
    "ftp://example.org/feed": "only http and https URLs are supported, not 'ftp'",
    "not a url": "URL with spaces or control characters",
}


def repository(tmp_path: Path) -> SqlRepository:
    return SqlRepository(open_database(f"sqlite:///{tmp_path / 'quickread.db'}"))


def good_items(site: server.HostileSite, prefix: str, count: int) -> list[tuple[str, str, str]]:
    return [(f"{prefix} {n}", site.url(f"/{prefix}/{n}"), server.story_text(n)) for n in range(count)]


def test_bad_entries_and_feeds_are_logged_and_the_rest_is_stored(tmp_path: Path) -> None:
    site = server.HostileSite()
    with server.serve(site):
        bad_ports = [("port", "http://example.com:99999/a", server.story_text(90))]
        bad_ports.append(("letters", "http://example.com:abc/b", server.story_text(91)))
        site.routes["/ports.xml"] = server.plain(server.rss(bad_ports + good_items(site, "ports", 2)))
        numeric_url = [{"id": "1", "url": 5, "content_text": server.story_text(1)}]
        numeric_url.append({"id": "2", "url": site.url("/json/2"), "content_text": server.story_text(2)})
        site.routes["/number-url.json"] = server.plain(
            server.json_feed(numeric_url), content_type="application/feed+json"
        )
        huge = server.json_feed(
            [{"id": "1", "url": site.url("/huge/1"), "content_text": server.story_text(3)}]
        )
        huge = huge.replace(b'"id": "1"', b'"id": ' + b"9" * 5000)
        site.routes["/huge-int.json"] = server.plain(huge, content_type="application/feed+json")
        deep = b'{"version": "https://jsonfeed.org/version/1.1", "items": [' + b"[" * 100_000 + b"]" * 100_000
        site.routes["/deep.json"] = server.plain(deep + b"]}", content_type="application/feed+json")
        dtd = '<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        laughs = good_items(site, "dtd", 3)
        laughs[0] = (laughs[0][0] + " &i;", laughs[0][1], laughs[0][2])
        site.routes["/laughs.xml"] = server.plain(server.rss(laughs, doctype=dtd + "]>"))
        site.routes["/good.xml"] = server.plain(server.rss(good_items(site, "good", 3)))
        store = repository(tmp_path)
        for path in [
            "/ports.xml",
            "/number-url.json",
            "/huge-int.json",
            "/deep.json",
            "/laughs.xml",
            "/good.xml",
        ]:
            store.add_feed(site.url(path))
        with Fetcher(LOCAL) as fetcher:
            report = fetch_all_feeds(store, fetcher)
    outcome = {o.url.rsplit("/", 1)[1]: o for o in report.feeds}
    assert (outcome["good.xml"].status, outcome["good.xml"].added) == ("ok", 3)
    assert (outcome["ports.xml"].status, outcome["ports.xml"].added) == ("partial", 2)
    assert any("example.com:99999" in p and "Port out of range" in p for p in outcome["ports.xml"].problems)
    assert any("example.com:abc" in p for p in outcome["ports.xml"].problems)
    assert outcome["number-url.json"].added == 1
    assert outcome["number-url.json"].problems == ["entry 1: its url is a int, not text"]
    assert outcome["huge-int.json"].added == 1  # the 5,000-digit id is read as absent; the entry is kept
    assert outcome["deep.json"].status == "error" and "RecursionError" in outcome["deep.json"].problems[0]
    assert (outcome["laughs.xml"].status, outcome["laughs.xml"].added) == ("ok", 3)  # entities unexpanded
    errors = {entry.url: entry.reason for entry in store.recent_errors()}
    assert "RecursionError" in (errors[site.url("/deep.json")] or "")
    assert store.counts().articles == 3 + 2 + 1 + 1 + 3


def test_an_unexpected_failure_in_one_entry_costs_only_that_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quickread.newsroom.feed_pass as feed_pass

    real = feed_pass.entry_article

    def flaky(entry: Any, outlet: str, fetcher: Fetcher) -> Any:
        if entry.title.endswith(" 1"):
            raise KeyError("an extractor bug")
        return real(entry, outlet, fetcher)

    monkeypatch.setattr(feed_pass, "entry_article", flaky)
    site = server.HostileSite()
    with server.serve(site):
        site.routes["/feed.xml"] = server.plain(server.rss(good_items(site, "entry", 3)))
        store = repository(tmp_path)
        store.add_feed(site.url("/feed.xml"))
        with Fetcher(LOCAL) as fetcher:
            (outcome,) = fetch_all_feeds(store, fetcher).feeds
    assert (outcome.status, outcome.added) == ("partial", 2)
    assert outcome.problems == ["unexpected error (KeyError: 'an extractor bug')"]


def _fetch_in_child(url: str, results: Any) -> None:
    # A bomb must fail the test, not the machine: 2 GB more address space than the forked test process holds
    # (which depends on what the session loaded before: the archive tests' Dask client, for one).
    mapped = int(Path("/proc/self/statm").read_text().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (mapped + (2 << 30), mapped + (2 << 30)))
    # A forked child starts with the test process's resident memory (more after the archive tests have run),
    # so what refusing the bomb costs is the growth from here.
    inherited_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    started = time.monotonic()
    try:
        with Fetcher(LOCAL) as fetcher:
            fetcher.get(url)
        outcome = "fetched"
    except FetchError as error:
        outcome = error.reason
    except MemoryError:
        outcome = "MemoryError"
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024 - inherited_mb
    results.put((outcome, time.monotonic() - started, peak_mb))


@pytest.mark.parametrize(
    ("layers", "encoding", "expected"),
    [(2, "gzip, gzip", "stacked content encodings refused"), (1, "gzip", "over 5,242,880 bytes decoded")],
)
def test_decompression_bombs_are_refused_with_bounded_memory(
    layers: int, encoding: str, expected: str
) -> None:
    bomb = server.gzip_bomb(layers, (1 << 30) if layers == 1 else (4 << 30))  # 1 GB or 4 GB decoded
    site = server.HostileSite(
        routes={"/bomb.xml": server.plain(bomb, headers={"Content-Encoding": encoding})}
    )
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    with server.serve(site):
        child = context.Process(target=_fetch_in_child, args=(site.url("/bomb.xml"), results))
        child.start()
        outcome, seconds, peak_mb = results.get(timeout=60)
        child.join(10)
    assert expected in outcome
    assert seconds < 5
    assert peak_mb < 400, f"peak RSS grew {peak_mb} MB while refusing a bomb of {len(bomb):,} bytes"


def test_deflate_and_gzip_bodies_within_the_cap_are_decoded() -> None:
    import gzip
    import zlib

    body = server.rss([("a", "http://example.org/a", server.story_text(1))])
    raw_deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    routes = {
        "/gzip.xml": server.plain(gzip.compress(body), headers={"Content-Encoding": "gzip"}),
        "/zlib.xml": server.plain(zlib.compress(body), headers={"Content-Encoding": "deflate"}),
        "/raw.xml": server.plain(
            raw_deflate.compress(body) + raw_deflate.flush(), headers={"Content-Encoding": "deflate"}
        ),
        "/br.xml": server.plain(body, headers={"Content-Encoding": "br"}),
    }
    with server.serve(server.HostileSite(routes=routes)) as site, Fetcher(LOCAL) as fetcher:
        for path in ("/gzip.xml", "/zlib.xml", "/raw.xml"):
            assert fetcher.get(site.url(path)).content == body
        with pytest.raises(FetchError, match="unsupported content encoding 'br'"):
            fetcher.get(site.url("/br.xml"))


def test_a_trickled_status_line_hits_the_whole_request_deadline() -> None:
    trickled = server.response(server.rss([("a", "http://example.org/a", server.story_text(1))]))
    site = server.HostileSite(routes={"/slow.xml": server.trickle(trickled, 0.3)})
    policy = FetchPolicy(
        allow_private_addresses=True, respect_robots=False, timeout_s=2.0, total_timeout_s=2.0
    )
    with server.serve(site), Fetcher(policy) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchError, match="longer than 2 s"):
            fetcher.get(site.url("/slow.xml"))
    assert time.monotonic() - started < 3.5  # was the whole trickle: 0.3 s a byte, minutes for a feed


def test_one_slow_host_does_not_stall_the_others(tmp_path: Path) -> None:
    sites = [server.HostileSite() for _ in range(4)]
    store = repository(tmp_path)
    with server.serve(sites[0]), server.serve(sites[1]), server.serve(sites[2]), server.serve(sites[3]):
        for number, site in enumerate(sites):
            body = server.rss(good_items(site, f"host{number}", 2))
            site.routes["/feed.xml"] = server.slow(body, 1.5)
            store.add_feed(site.url("/feed.xml"))
        started = time.monotonic()
        with Fetcher(LOCAL) as fetcher:
            report = fetch_all_feeds(store, fetcher)
        took = time.monotonic() - started
    assert [outcome.added for outcome in report.feeds] == [2, 2, 2, 2]
    assert took < 4.5, f"four 1.5 s hosts took {took:.1f} s: they are fetched one after another"


def test_link_local_and_metadata_addresses_stay_refused_with_private_addresses_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_getaddrinfo = socket.getaddrinfo
    answers = {
        "metadata.test": "169.254.169.254",
        "mapped.test": "::ffff:169.254.169.254",
        "v6.test": "fe80::1",
    }

    def resolve(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host in answers:
            family = socket.AF_INET6 if ":" in answers[host] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (answers[host], port))]
        return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with Fetcher(LOCAL) as fetcher:
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://[fe80::1]/",
            *map("http://{}/".format, answers),
        ]:
            with pytest.raises(FetchError, match="link-local or cloud metadata address"):
                fetcher.get(url)


def test_feed_urls_are_checked_where_they_come_in(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'quickread.db'}"
    runner = CliRunner()
    for url, reason in BAD_FEED_URLS.items():
        result = runner.invoke(app, ["add-feed", url, "--db", db])
        assert result.exit_code == 1 and f"{url}: {reason}" in result.output, result.output
    opml = tmp_path / "feeds.opml"
    outlines = "".join(
        f'<outline type="rss" text="f" xmlUrl="{u}"/>' for u in [*BAD_FEED_URLS, "https://ok.example/rss"]
    )
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>')
    result = runner.invoke(app, ["import-opml", str(opml), "--db", db])
    assert result.exit_code == 0 and result.output.count("skipped") == len(BAD_FEED_URLS), result.output
    store = SqlRepository(open_database(db))
    assert [feed.url for feed in store.feeds()] == ["https://ok.example/rss"]
    removed = runner.invoke(app, ["remove-feed", "https://ok.example/rss", "--db", db])
    assert removed.exit_code == 0 and store.feeds() == []
    again = runner.invoke(app, ["remove-feed", "https://ok.example/rss", "--db", db])
    assert again.exit_code == 1 and "no feed with this URL" in again.output


def test_the_api_checks_feed_urls_and_removes_feeds(tmp_path: Path) -> None:
    from quickread.serve.app import create_app
    from quickread.serve.settings import ServeSettings

    settings = ServeSettings(action_token="s3cret")
    token = {"X-Quickread-Token": "s3cret"}
    with TestClient(create_app(repository(tmp_path), settings)) as client:
        for url in BAD_FEED_URLS:
            refused = client.post("/api/feeds", json={"url": url}, headers=token)
            assert refused.status_code == 422 and BAD_FEED_URLS[url] in refused.json()["detail"]
        assert (
            client.post("/api/feeds", json={"url": "https://ok.example/rss"}, headers=token).status_code
            == 201
        )
        gone = client.request("DELETE", "/api/feeds", json={"url": "https://ok.example/rss"}, headers=token)
        assert gone.status_code == 200 and gone.json()["removed"] is True
        missing = client.request(
            "DELETE", "/api/feeds", json={"url": "https://ok.example/rss"}, headers=token
        )
        assert missing.status_code == 404
        assert client.request("DELETE", "/api/feeds", json={"url": "https://x/"}).status_code == 401


def test_fetch_exits_non_zero_when_every_feed_failed_and_watch_goes_on(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'quickread.db'}"
    site = server.HostileSite(
        routes={"/broken.xml": server.plain(b"<rss><channel><item>", content_type="text/xml")}
    )
    runner = CliRunner()
    env = {"QUICKREAD_ALLOW_PRIVATE": "1"}
    with server.serve(site):
        assert runner.invoke(app, ["add-feed", site.url("/broken.xml"), "--db", db]).exit_code == 0
        failed = runner.invoke(app, ["fetch", "--db", db, "--host-delay", "0", "--no-stories"], env=env)
        assert failed.exit_code == 1 and "every feed failed (1 of 1)" in failed.output, failed.output
        watched = runner.invoke(app, ["watch", "--db", db, "--every", "0.01", "--passes", "2"], env=env)
        assert watched.exit_code == 0 and "done after 2 passes" in watched.output, watched.output
    status = json.loads(runner.invoke(app, ["status", "--db", db, "--format", "json"]).output)
    (logged,) = [e for e in status["errors"] if e["url"].endswith("/broken.xml")]
    assert logged["status"] == "error" and "malformed feed" in logged["reason"]
