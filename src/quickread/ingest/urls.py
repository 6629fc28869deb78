"""Checking a URL where it comes in (a feed added by hand, by OPML or by the API; an entry's link).

``urllib.parse`` accepts almost anything and raises only later, when a field such as the port is read: a
feed URL like ``http://h:99999/`` would be stored and then break every fetch pass. ``checked_url`` reads every
field once, here, and turns each failure into an InputError that names the URL and the reason.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from quickread.ingest.errors import InputError

MAX_URL_CHARS = 2000  # the de-facto limit of browsers and servers; longer ones are not real article links


def checked_url(url: object, name: str = "URL") -> str:
    """The URL, stripped, when it is an absolute http(s) URL with a host and a valid port; else InputError."""
    if not isinstance(url, str):
        raise InputError(name, f"the URL is a {type(url).__name__}, not text")
    text = url.strip()
    shown = text[:200] or name
    if not text:
        raise InputError(name, "empty URL")
    if len(text) > MAX_URL_CHARS:
        raise InputError(shown, f"URL longer than {MAX_URL_CHARS:,} characters")
    if any(ord(c) < 32 or c in " \x7f" for c in text):
        raise InputError(shown, "URL with spaces or control characters")
    try:
        parts = urlsplit(text)
        host = parts.hostname
        port = parts.port  # reading it is the check: it raises on a port that is no number or too big
    except ValueError as error:
        raise InputError(shown, f"invalid URL ({error})") from error
    if parts.scheme.lower() not in ("http", "https"):
        scheme = parts.scheme or "no scheme"
        raise InputError(shown, f"only http and https URLs are supported, not {scheme!r}")
    if not host:
        raise InputError(shown, "no host in the URL")
    if port == 0:
        raise InputError(shown, "invalid URL (port 0)")
    return text
