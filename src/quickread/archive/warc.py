"""WARC files (CC-NEWS style: one HTTP response per record, gzipped per record or not) read as a stream of
articles: each HTML page that answered 200 goes through trafilatura as an ``.html`` input does.

warcio parses the records. What it forgives is checked here, because it would otherwise lose data without
a word: it takes a gzip stream cut short, or a record cut short, for the end of the archive, and reads a
record header line of any length into memory. So the gzip data is inflated by Python's gzip module (strict: a
cut or a corruption is an error that names itself) and fed to warcio as a plain WARC, every record's block is
checked to be whole, and a record header over ``MAX_HEADER_BYTES`` ends the reading. Byte offsets in the
messages count the WARC as warcio reads it: for a .warc.gz, the decompressed data.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from quickread.archive.inputs import (
    InputItem,
    SkippedRecord,
    content_stem,
    one_line,
    open_failure,
    read_failure,
)
from quickread.ingest.decode import MAX_INPUT_BYTES, decode_bytes
from quickread.ingest.errors import InputError
from quickread.ingest.files import is_gzipped
from quickread.ingest.html import article_from_html
from quickread.ingest.records import parse_date
from quickread.ingest.urls import checked_url

# A page is held to the cap of an .html input: 10 MB leaves room for inline scripts and styles around any
# article (CC-NEWS pages are ~100 KB); a bigger body is skipped, read past in small pieces, never held.
MAX_PAGE_BYTES = MAX_INPUT_BYTES
# The WARC and HTTP headers of one record are a few kilobytes (servers refuse HTTP headers over 8-64 KB);
# a "header" of a megabyte is data that is not a WARC record, and warcio would hold all of it at once.
MAX_HEADER_BYTES = 1024 * 1024
_DRAIN_BYTES = 64 * 1024  # the pieces a record's unread rest is read past in
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
# Pages labelled Latin-1 or ASCII are Windows-1252, as browsers read them (WHATWG Encoding Standard).
_WINDOWS_1252_LABELS = frozenset({"iso8859-1", "ascii"})
_REST_NOT_READ = "; the rest of the file is not read"
_CUT_SHORT = "record cut short (the file is truncated)"


class _StreamBroken(Exception):
    """The WARC cannot be read on from here. Not an EOFError: warcio takes that for the end of the archive."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _CheckedStream:
    """The bytes warcio reads: counted (warcio's offsets come from ``tell``), every failure to read them
    turned into _StreamBroken, and held to MAX_HEADER_BYTES while a record's headers are parsed."""

    def __init__(self, inner: io.BufferedIOBase) -> None:
        self._inner = inner
        self.position = 0
        self.ended = False  # the file gave all it has
        self._headers_from: int | None = None

    def read(self, size: int = -1) -> bytes:
        try:
            # read1, not read: GzipFile.read gathers several pieces, and a cut in the gzip data discards them
            # all with the error, the rest of the record before the cut included
            data = self._inner.read1(size)
        except (OSError, EOFError, zlib.error) as error:
            raise _StreamBroken(read_failure(error)) from None
        self.position += len(data)
        self.ended = self.ended or (size != 0 and not data)
        if self._headers_from is not None and self.position - self._headers_from > MAX_HEADER_BYTES:
            reason = f"a record header over {MAX_HEADER_BYTES:,} bytes, not a WARC record{_REST_NOT_READ}"
            raise _StreamBroken(reason)
        return data

    def tell(self) -> int:
        return self.position

    def parsing_headers(self, active: bool) -> None:
        self._headers_from = self.position if active else None


@dataclass(frozen=True, slots=True)
class _Page:
    body: bytes
    charset: str | None  # as the HTTP Content-Type declares it


def warc_items(path: Path) -> Iterator[InputItem]:
    """The articles of one WARC file, and a SkippedRecord for each response that gave none and for a break."""
    name = str(path)
    try:
        raw = path.open("rb")
    except (OSError, ValueError) as error:
        yield SkippedRecord(name, "", open_failure(path, error))
        return
    with raw:
        inner: io.BufferedIOBase = gzip.GzipFile(fileobj=raw, mode="rb") if is_gzipped(path) else raw
        stream = _CheckedStream(inner)
        yield from _records(stream, name, content_stem(path), is_gzipped(path))


def _records(stream: _CheckedStream, name: str, stem: str, gzipped: bool) -> Iterator[InputItem]:
    records = ArchiveIterator(stream)
    number = 0
    while True:
        number += 1
        stream.parsing_headers(True)
        try:
            record = next(records)
        except StopIteration:
            if records.offset < stream.position:  # warcio took a record cut short for the end of the archive
                yield SkippedRecord(name, _where(number, records.offset, gzipped), _CUT_SHORT)
            return
        except Exception as error:
            # "" when nothing could be read: the file is not a WARC (or not gzip) at all
            where = "" if number == 1 and records.offset == 0 else _where(number, records.offset, gzipped)
            yield SkippedRecord(name, where, _break_reason(error, _all_read(records, stream)))
            return
        finally:
            stream.parsing_headers(False)
        where = _where(number, records.offset, gzipped)
        if record.format == "warc" and not _has_valid_length(record):
            # without its length a record cannot be told from the next one
            no_length = f"no valid Content-Length in the record header{_REST_NOT_READ}"
            yield SkippedRecord(name, where, _CUT_SHORT if _all_read(records, stream) else no_length)
            return
        try:
            item = _record_item(record, name, where, f"{stem}-{number}")
        except _StreamBroken as error:
            yield SkippedRecord(name, where, error.reason)
            return
        if item is not None:
            yield item


def _where(number: int, offset: int, gzipped: bool) -> str:
    return f"WARC record {number} at byte {offset}" + (" of the decompressed data" if gzipped else "")


def _all_read(records: Any, stream: _CheckedStream) -> bool:
    """Whether warcio has read the whole file: a record header that fails then was cut short."""
    return stream.ended and (records.reader is None or records.reader.rem_length() == 0)


def _break_reason(error: Exception, all_read: bool) -> str:
    if isinstance(error, _StreamBroken):
        return error.reason
    if all_read:
        return _CUT_SHORT
    # warcio has many ways to fail on data that is not a WARC record (ArchiveLoadFailed, and AttributeError
    # for a response record with no WARC-Target-URI, among others): each ends the reading the same way.
    return f"not a WARC record ({_described(error)}){_REST_NOT_READ}"


def _record_item(record: Any, name: str, where: str, default_id: str) -> InputItem | None:
    """The article of one record, a SkippedRecord saying why it has none, or None for a record that is no
    page (request, metadata, warcinfo, revisit). Raises _StreamBroken when the record is not whole."""
    page = _page_or_reason(record)
    _read_past(record)  # before the page is used: a record cut short must not give an article
    if page is None:
        return None
    if isinstance(page, str):
        return SkippedRecord(name, where, page)
    try:
        html = _page_text(page, f"{name} {where}")
        return article_from_html(
            html,
            f"{name} {where}",
            _record_id(record) or default_id,
            url=_target_url(record),
            fallback_date=parse_date(record.rec_headers.get_header("WARC-Date")),
        )
    except InputError as error:
        return SkippedRecord(name, where, error.reason)


def _has_valid_length(record: Any) -> bool:
    length = record.rec_headers.get_header("Content-Length")
    return isinstance(length, str) and length.strip().isdigit()


def _page_or_reason(record: Any) -> _Page | str | None:
    if record.rec_type != "response":
        return None
    http = record.http_headers
    if http is None:
        return "not an HTTP response"
    status = http.get_statuscode()
    if status != "200":
        return f"HTTP status {status or 'missing'}, not 200"
    content_type = http.get_header("Content-Type") or ""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type not in _HTML_TYPES:
        return f"not an HTML response ({media_type or 'no content type'})"
    try:
        body: bytes = record.content_stream().read(MAX_PAGE_BYTES + 1)
    except _StreamBroken:
        raise
    except Exception as error:  # a bad chunked or compressed body: warcio's decoders raise all kinds
        return f"page body not decodable ({_described(error)})"
    if len(body) > MAX_PAGE_BYTES:
        return f"page over the size limit ({MAX_PAGE_BYTES:,} bytes)"
    if not body.strip():
        return "empty page"
    found = _CHARSET.search(content_type)
    return _Page(body, found.group(1) if found else None)


def _read_past(record: Any) -> None:
    """Read past the record's unread rest, a small piece at a time; _StreamBroken when the file ends first."""
    stream = record.raw_stream
    while stream.read(_DRAIN_BYTES):
        pass
    if isinstance(stream, LimitReader) and stream.limit > 0:
        raise _StreamBroken(_CUT_SHORT)


def _page_text(page: _Page, name: str) -> str:
    """The page decoded: UTF-8 when it is UTF-8 (the charset label of a page is wrong more often than its
    bytes), else by the charset its HTTP header declares, else as any HTML input is (``decode_bytes``)."""
    declared = _codec(page.charset)
    if declared is not None and not _is_utf8(page.body):
        try:
            return page.body.decode(declared).replace("\x00", "")
        except UnicodeDecodeError:
            pass
    return decode_bytes(name, page.body, MAX_PAGE_BYTES)


def _codec(charset: str | None) -> str | None:
    """Python's codec for a declared charset other than UTF-8 and UTF-16 (decode_bytes recognises those by
    their bytes), or None."""
    if charset is None:
        return None
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        return None
    if codec.startswith("utf"):
        return None
    return "cp1252" if codec in _WINDOWS_1252_LABELS else codec


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _record_id(record: Any) -> str | None:
    """The WARC-Record-ID without its wrapping: "<urn:uuid:0d2a...>" -> "0d2a..."."""
    value = record.rec_headers.get_header("WARC-Record-ID") or ""
    value = value.strip().removeprefix("<").removesuffix(">").strip()
    return value.removeprefix("urn:uuid:") or None


def _target_url(record: Any) -> str | None:
    """The URL the page was fetched from; one that is not a valid http(s) URL is left out (the page's own
    canonical link may stand in), not a reason to lose the page."""
    value = record.rec_headers.get_header("WARC-Target-URI")
    if value is None:
        return None
    try:
        return checked_url(value.strip().removeprefix("<").removesuffix(">"))
    except InputError:
        return None


def _described(error: Exception) -> str:
    kind, message = type(error).__name__, one_line(error)
    return kind if message == kind else f"{kind}: {message}"
