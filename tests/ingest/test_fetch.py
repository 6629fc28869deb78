"""The safe fetcher against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import time

import pytest

from ingest.newsroom_http import Route, Site, serve
from quickread.ingest.fetch import Fetcher, FetchError, FetchPolicy

LOCAL = FetchPolicy(allow_private_addresses=True, per_host_delay_s=0.0, total_timeout_s=5.0, timeout_s=5.0)


def fetch_error(fetcher: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    return caught.value


def test_loopback_is_refused_unless_allowed() -> None:
    with serve(Site(routes={"/page": Route(body=b"<p>hi</p>")})) as site:
        with Fetcher(FetchPolicy(per_host_delay_s=0)) as fetcher:
            error = fetch_error(fetcher, site.url("/page"))
        assert "private, loopback or link-local" in error.reason and "127.0.0.1" in error.reason
        assert site.requests == []  # refused before any byte was sent
        with Fetcher(LOCAL) as fetcher:
            assert fetcher.get(site.url("/page")).content == b"<p>hi</p>"


def test_an_address_that_changes_after_the_check_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # DNS rebinding: the name first resolves to a public address (the URL check passes), then to 127.0.0.1
    # when the socket is opened. The connection must be refused there, before any byte reaches the server.
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.215.14"])

    def rebinding(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host != "rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)  # type: ignore[arg-type]
        address = next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with serve(Site(routes={"/page": Route(body=b"<p>internal</p>")})) as site:
        port = site.url("/").split(":")[2].split("/")[0]
        with Fetcher(FetchPolicy(per_host_delay_s=0, respect_robots=False)) as fetcher:
            error = fetch_error(fetcher, f"http://rebind.test:{port}/page")
        assert "private, loopback or link-local" in error.reason and "127.0.0.1" in error.reason
        assert site.requests == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/feed", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    with Fetcher(LOCAL) as fetcher:
        assert "only http and https" in fetch_error(fetcher, url).reason


def test_link_local_address_is_refused() -> None:
    with Fetcher(FetchPolicy()) as fetcher:
        error = fetch_error(fetcher, "http://169.254.169.254/latest/meta-data/")
    assert "169.254.169.254" in error.reason


def test_user_agent_and_conditional_get() -> None:
    with (
        serve(
            Site(routes={"/feed": Route(body=b"<rss/>", etag='"v1"', content_type="application/rss+xml")})
        ) as site,
        Fetcher(LOCAL) as fetcher,
    ):
        first = fetcher.get(site.url("/feed"))
        second = fetcher.get(site.url("/feed"), etag=first.etag)
    assert first.status == 200 and first.etag == '"v1"'
    assert second.not_modified and second.etag == '"v1"'
    feed_requests = [headers for path, headers in site.requests if path == "/feed"]
    assert feed_requests[1]["If-None-Match"] == '"v1"'
    assert feed_requests[0]["User-Agent"].startswith("quickread/")


def test_http_errors_carry_status() -> None:
    with serve(Site(routes={"/gone": Route(status=500, body=b"oops")})) as site, Fetcher(LOCAL) as fetcher:
        server_error = fetch_error(fetcher, site.url("/gone"))
        missing = fetch_error(fetcher, site.url("/missing"))
    assert server_error.http_status == 500 and "HTTP 500" in server_error.reason
    assert missing.http_status == 404 and "HTTP 404" in missing.reason


def test_redirect_loop_and_redirect_limit() -> None:
    routes = {
        "/a": Route(behaviour="redirect", status=302, location="/b"),
        "/b": Route(behaviour="redirect", status=301, location="/a"),
        **{f"/r{i}": Route(behaviour="redirect", status=302, location=f"/r{i + 1}") for i in range(10)},
        "/r10": Route(body=b"end"),
    }
    with serve(Site(routes=routes)) as site, Fetcher(LOCAL) as fetcher:
        assert "redirect loop" in fetch_error(fetcher, site.url("/a")).reason
        assert "more than 5 redirects" in fetch_error(fetcher, site.url("/r0")).reason
        assert fetcher.get(site.url("/r6")).content == b"end"


def test_redirect_to_another_scheme_is_refused() -> None:
    routes = {"/x": Route(behaviour="redirect", status=302, location="file:///etc/passwd")}
    with serve(Site(routes=routes)) as site, Fetcher(LOCAL) as fetcher:
        assert "only http and https" in fetch_error(fetcher, site.url("/x")).reason


def test_size_cap_stops_a_50_mb_page() -> None:
    with serve(Site(routes={"/big": Route(behaviour="huge")})) as site, Fetcher(LOCAL) as fetcher:
        started = time.monotonic()
        error = fetch_error(fetcher, site.url("/big"))
    assert "too large" in error.reason
    assert time.monotonic() - started < 5


def test_never_ending_response_hits_the_total_deadline() -> None:
    policy = FetchPolicy(allow_private_addresses=True, per_host_delay_s=0, total_timeout_s=1.0)
    with serve(Site(routes={"/endless": Route(behaviour="endless")})) as site, Fetcher(policy) as fetcher:
        error = fetch_error(fetcher, site.url("/endless"))
    assert "longer than 1 s" in error.reason


def test_robots_txt_is_respected() -> None:
    robots = Route(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    routes = {"/robots.txt": robots, "/private/page": Route(body=b"secret"), "/public": Route(body=b"ok")}
    with serve(Site(routes=routes)) as site, Fetcher(LOCAL) as fetcher:
        assert "robots.txt" in fetch_error(fetcher, site.url("/private/page")).reason
        assert fetcher.get(site.url("/public")).content == b"ok"
    assert [path for path, _ in site.requests].count("/robots.txt") == 1  # cached per host


def test_per_host_delay_waits_between_requests() -> None:
    waits: list[float] = []
    policy = FetchPolicy(allow_private_addresses=True, per_host_delay_s=0.5)
    with serve(Site(routes={"/p": Route(body=b"x")})) as site, Fetcher(policy, sleep=waits.append) as fetcher:
        fetcher.get(site.url("/p"))
        fetcher.get(site.url("/p"))
    assert waits and all(0 < wait <= 0.5 for wait in waits)
