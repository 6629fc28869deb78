"""Where the fetcher may connect, and the socket layer that enforces it together with the request deadline.

Every connection goes through ``CheckedBackend``: it resolves the host, checks every address, and connects to
exactly the address it checked, so a DNS answer that changes after the URL was checked (DNS rebinding) cannot
point a request at an address it must not reach. Its streams also end every read and write at the deadline of
the request in progress, so a server that sends its status line one byte every few seconds cannot hold a
fetch longer than the whole-request limit (httpx's own timeouts apply to each read, not to the request).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from enum import Enum

import httpcore

# Never reachable, whatever the operator allows: link-local (cloud metadata services answer on
# 169.254.169.254 and fd00:ec2::254, and handing out their credentials is the classic SSRF) and the
# metadata address of Alibaba Cloud, which sits in the shared address space.
_ALWAYS_REFUSED = tuple(
    ipaddress.ip_network(network)
    for network in ("169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "100.100.100.200/32")
)


class AddressRule(Enum):
    PUBLIC_ONLY = "public-only"  # the default: global unicast addresses only
    PRIVATE_ALLOWED = "private-allowed"  # tests and trusted intranets: loopback and private networks too


class PrivateAddressError(ValueError):
    """A host that resolves to an address the fetcher must not reach."""


def allowed_addresses(host: str, port: int, rule: AddressRule = AddressRule.PUBLIC_ONLY) -> list[str]:
    """The host's addresses; PrivateAddressError if any of them is one the rule refuses."""
    addresses = [str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])  # a scope id (fe80::1%eth0) is no address
        mapped = getattr(address, "ipv4_mapped", None)
        if mapped is not None:
            address = mapped  # ::ffff:169.254.169.254 is 169.254.169.254
        if any(address in network for network in _ALWAYS_REFUSED):
            raise PrivateAddressError(
                f"refused: {host} resolves to a link-local or cloud metadata address ({address}), "
                "which is never fetched"
            )
        if rule is AddressRule.PUBLIC_ONLY and (not address.is_global or address.is_multicast):
            raise PrivateAddressError(
                f"refused: {host} resolves to a private, loopback or link-local address ({address}); "
                "use --allow-private-addresses to allow it"
            )
    return addresses


class RequestDeadline(threading.local):
    """The monotonic time by which the request in progress on this thread must be done (None: no limit)."""

    at: float | None = None

    def remaining(self, timeout: float | None) -> float | None:
        """The per-operation timeout cut to what is left of the deadline; raises once the deadline passed."""
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the whole-request deadline passed")
        return left if timeout is None else min(timeout, left)


class CheckedBackend(httpcore.NetworkBackend):
    """Opens a connection only to an address it has just checked, and to that very address."""

    def __init__(self, rule: AddressRule, deadline: RequestDeadline) -> None:
        self._sockets = httpcore.SyncBackend()
        self._rule = rule
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            addresses = allowed_addresses(host, port, self._rule)
        except (OSError, PrivateAddressError) as error:
            raise httpcore.ConnectError(str(error)) from error
        # TLS still verifies the certificate against the host name: httpcore sends the URL's host as SNI.
        stream = self._sockets.connect_tcp(
            addresses[0], port, self._deadline.remaining(timeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self._deadline)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: RequestDeadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.remaining(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.remaining(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: object,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._stream.start_tls(
            ssl_context,  # type: ignore[arg-type]
            server_hostname,
            self._deadline.remaining(timeout),
        )
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)
