"""Fetching web pages and feeds safely: http(s) only, no private addresses, robots.txt, caps and delays.

One ``Fetcher`` per pass holds the per-host state (robots.txt rules, time of the last request); it is passed
explicitly to whatever needs to fetch.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from quickread.ingest.addresses import (
    AddressRule,
    CheckedBackend,
    PrivateAddressError,
    RequestDeadline,
    allowed_addresses,
)
from quickread.ingest.content_coding import ACCEPTED_ENCODINGS, BoundedDecoder, ContentCodingError
from quickread.ingest.errors import InputError
from quickread.ingest.urls import checked_url

USER_AGENT = "quickread/0.1 (self-hosted news reader; +https://github.com/quickread/quickread)"
MAX_PAGE_BYTES = 5 * 1024 * 1024  # far above any article page or feed, far below a runaway download
_REDIRECT_CODES = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A URL that could not be fetched: names the URL and the reason, which goes into the fetch log."""

    def __init__(self, url: str, reason: str, http_status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.http_status = http_status


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    allow_private_addresses: bool = False  # only for tests and trusted intranets (link-local stays refused)
    timeout_s: float = 20.0  # connect, and each read
    total_timeout_s: float = 60.0  # the whole request, headers included: stops trickling servers
    max_bytes: int = MAX_PAGE_BYTES
    max_redirects: int = 5
    per_host_delay_s: float = 1.0
    respect_robots: bool = True
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # after redirects
    status: int  # 200, or 304 when the conditional GET found nothing new
    content: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Fetcher:
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    sleep: Callable[[float], None] = time.sleep
    _client: httpx.Client | None = None
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)
    _last_request: dict[str, float] = field(default_factory=dict)
    # One request at a time per host, whichever thread asks: feeds are fetched concurrently (feed_pass.py),
    # and a host must see the same politeness as from a single reader.
    _host_locks: dict[str, threading.Lock] = field(default_factory=dict)
    _host_locks_guard: threading.Lock = field(default_factory=threading.Lock)
    _deadline: RequestDeadline = field(default_factory=RequestDeadline)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchResult:
        """GET, following redirects by hand so that every hop passes the same checks. Raises FetchError."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        visited: list[str] = []
        current = url
        while True:
            self._check_url(current)
            if current in visited:
                raise FetchError(url, f"redirect loop ({' -> '.join([*visited, current])})")
            visited.append(current)
            if self.policy.respect_robots and not self._robots_allow(current):
                raise FetchError(url, f"disallowed by robots.txt ({current})")
            result = self._get_once(url, current, headers)
            if isinstance(result, FetchResult):
                return result
            if len(visited) > self.policy.max_redirects:
                raise FetchError(url, f"more than {self.policy.max_redirects} redirects")
            current = result

    # One request ----------------------------------------------------------------------------------

    def _get_once(self, original: str, url: str, headers: dict[str, str]) -> FetchResult | str:
        """A FetchResult, or the next URL when the response is a redirect."""
        host = urlsplit(url).netloc
        with self._host_lock(host):
            self._wait_for_host(host)
            self._deadline.at = time.monotonic() + self.policy.total_timeout_s
            try:
                with self._http().stream("GET", url, headers=headers) as response:
                    return self._read(original, url, headers, response)
            except httpx.TimeoutException as error:
                if self._deadline.at is not None and time.monotonic() >= self._deadline.at:
                    raise FetchError(
                        original, f"response took longer than {self.policy.total_timeout_s:g} s"
                    ) from error
                raise FetchError(original, f"timed out ({type(error).__name__})") from error
            except httpx.HTTPError as error:
                raise FetchError(original, f"connection failed ({error or type(error).__name__})") from error
            finally:
                self._deadline.at = None

    def _read(
        self, original: str, url: str, headers: dict[str, str], response: httpx.Response
    ) -> FetchResult | str:
        if response.status_code in _REDIRECT_CODES:
            location = response.headers.get("location")
            if not location:
                raise FetchError(original, f"HTTP {response.status_code} redirect without a Location")
            return str(urljoin(url, location))
        if response.status_code == 304:
            # Servers may omit the validators on a 304; the ones we sent are still current then.
            return FetchResult(
                url=url,
                status=304,
                content=b"",
                content_type=response.headers.get("content-type", ""),
                etag=response.headers.get("etag") or headers.get("If-None-Match"),
                last_modified=response.headers.get("last-modified") or headers.get("If-Modified-Since"),
            )
        if response.status_code >= 400:
            raise FetchError(
                original,
                f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                response.status_code,
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and len(declared) < 20 and int(declared) > self.policy.max_bytes:
            raise FetchError(
                original,
                f"response too large ({int(declared):,} bytes declared, limit {self.policy.max_bytes:,})",
                response.status_code,
            )
        body = bytearray()
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding", ""), self.policy.max_bytes)
            # Raw bytes, decoded here with the cap applied while decoding (see content_coding.py).
            for chunk in response.iter_raw():
                body += decoder.feed(chunk)
                if time.monotonic() > (self._deadline.at or float("inf")):
                    raise FetchError(
                        original,
                        f"response took longer than {self.policy.total_timeout_s:g} s",
                        response.status_code,
                    )
            body += decoder.flush()
        except ContentCodingError as error:
            raise FetchError(original, str(error), response.status_code) from error
        return FetchResult(
            url=url,
            status=response.status_code,
            content=bytes(body),
            content_type=response.headers.get("content-type", ""),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

    def _http(self) -> httpx.Client:
        if self._client is None:
            transport = httpx.HTTPTransport(trust_env=False)
            # The pool is replaced by the same pool on the checking backend (addresses.py): httpx 0.28 takes
            # no network backend (the pinning test in tests/ingest/test_fetch.py fails if a new httpx stops
            # using it).
            transport._pool = httpcore.ConnectionPool(
                ssl_context=httpx.create_ssl_context(trust_env=False),
                network_backend=CheckedBackend(self._address_rule, self._deadline),
            )
            self._client = httpx.Client(
                transport=transport,
                follow_redirects=False,
                timeout=httpx.Timeout(self.policy.timeout_s),
                headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": ACCEPTED_ENCODINGS},
                trust_env=False,  # a proxy from the environment would bypass the address checks
            )
        return self._client

    @property
    def _address_rule(self) -> AddressRule:
        if self.policy.allow_private_addresses:
            return AddressRule.PRIVATE_ALLOWED
        return AddressRule.PUBLIC_ONLY

    def _host_lock(self, host: str) -> threading.Lock:
        with self._host_locks_guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def _wait_for_host(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            remaining = self.policy.per_host_delay_s - (time.monotonic() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = time.monotonic()

    # Safety rules ---------------------------------------------------------------------------------

    def _check_url(self, url: str) -> None:
        try:
            parts = urlsplit(checked_url(url))
        except InputError as error:
            raise FetchError(url, error.reason) from error
        try:
            allowed_addresses(parts.hostname or "", parts.port or 80, self._address_rule)
        except socket.gaierror as error:
            raise FetchError(url, f"host not found ({parts.hostname})") from error
        except PrivateAddressError as error:
            raise FetchError(url, str(error)) from error

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._load_robots(root)
        rules = self._robots[root]
        return rules is None or rules.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's rules; None (allow all) when it has none. A 5xx robots.txt means disallow (RFC 9309)."""
        rules = urllib.robotparser.RobotFileParser(root + "/robots.txt")
        try:
            result = self._get_once(root + "/robots.txt", root + "/robots.txt", {})
        except FetchError as error:
            if error.http_status is None:
                raise  # the host is unreachable: that, not robots.txt, is the reason to report
            if 400 <= error.http_status < 500:
                return None
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules
        if isinstance(result, str):  # a redirected robots.txt: treat as none, as most crawlers do
            return None
        rules.parse(result.content.decode("utf-8", errors="replace").splitlines())
        return rules
