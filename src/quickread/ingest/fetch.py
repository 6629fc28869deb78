"""Fetching web pages and feeds safely: http(s) only, no private addresses, robots.txt, caps and delays.

One ``Fetcher`` per pass holds the per-host state (robots.txt rules, time of the last request); it is passed
explicitly to whatever needs to fetch.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

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
    allow_private_addresses: bool = False  # only for tests and trusted intranets: opens the door to SSRF
    timeout_s: float = 20.0  # connect, and each read
    total_timeout_s: float = 60.0  # the whole response: stops servers that trickle bytes for ever
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
        self._wait_for_host(url)
        deadline = time.monotonic() + self.policy.total_timeout_s
        try:
            with self._http().stream("GET", url, headers=headers) as response:
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
                        last_modified=response.headers.get("last-modified")
                        or headers.get("If-Modified-Since"),
                    )
                if response.status_code >= 400:
                    raise FetchError(
                        original,
                        f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                        response.status_code,
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise FetchError(
                        original,
                        f"response too large ({int(declared):,} bytes declared, "
                        f"limit {self.policy.max_bytes:,})",
                        response.status_code,
                    )
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self.policy.max_bytes:
                        raise FetchError(
                            original,
                            f"response too large (over {self.policy.max_bytes:,} bytes)",
                            response.status_code,
                        )
                    if time.monotonic() > deadline:
                        raise FetchError(
                            original,
                            f"response took longer than {self.policy.total_timeout_s:g} s",
                            response.status_code,
                        )
                return FetchResult(
                    url=url,
                    status=response.status_code,
                    content=bytes(body),
                    content_type=response.headers.get("content-type", ""),
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException as error:
            raise FetchError(original, f"timed out ({type(error).__name__})") from error
        except httpx.HTTPError as error:
            raise FetchError(original, f"connection failed ({error or type(error).__name__})") from error

    def _http(self) -> httpx.Client:
        if self._client is None:
            transport = httpx.HTTPTransport(trust_env=False)
            if not self.policy.allow_private_addresses:
                # The address is checked again where the socket is opened, and the socket goes to exactly
                # the address checked: a DNS answer that changes after _check_url (DNS rebinding) cannot
                # point a request at a private address. httpx 0.28 takes no network backend, so its
                # connection pool is replaced by the same pool on the checking backend (the pinning test
                # in tests/ingest/test_fetch.py fails if a new httpx stops using it).
                transport._pool = httpcore.ConnectionPool(
                    ssl_context=httpx.create_ssl_context(trust_env=False),
                    network_backend=_PublicAddressBackend(),
                )
            self._client = httpx.Client(
                transport=transport,
                follow_redirects=False,
                timeout=httpx.Timeout(self.policy.timeout_s),
                headers={"User-Agent": self.policy.user_agent},
                trust_env=False,  # a proxy from the environment would bypass the address checks
            )
        return self._client

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            remaining = self.policy.per_host_delay_s - (time.monotonic() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last_request[host] = time.monotonic()

    # Safety rules ---------------------------------------------------------------------------------

    def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(
                url, f"only http and https URLs are fetched, not {parts.scheme or 'no scheme'!r}"
            )
        if not parts.hostname:
            raise FetchError(url, "no host in the URL")
        if self.policy.allow_private_addresses:
            return
        try:
            public_addresses(parts.hostname, parts.port or 80)
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


class PrivateAddressError(ValueError):
    """A host that resolves to an address a fetcher must not reach (private, loopback, link-local)."""


def public_addresses(host: str, port: int) -> list[str]:
    """The host's addresses; PrivateAddressError if any is not a global unicast address."""
    addresses = [str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]
    for text in addresses:
        address = ipaddress.ip_address(text)
        if not address.is_global or address.is_multicast:
            raise PrivateAddressError(
                f"refused: {host} resolves to a private, loopback or link-local address ({address}); "
                "use --allow-private-addresses to allow it"
            )
    return addresses


class _PublicAddressBackend(httpcore.NetworkBackend):
    """Opens a connection only to an address it has just checked, and to that very address."""

    def __init__(self) -> None:
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = public_addresses(host, port)
        except (OSError, PrivateAddressError) as error:
            raise httpcore.ConnectError(str(error)) from error
        # TLS still verifies the certificate against the host name: httpcore sends the URL's host as SNI.
        return self._sockets.connect_tcp(addresses[0], port, timeout, local_address, socket_options)
