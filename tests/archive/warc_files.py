"""WARC files written for the tests with warcio's WARCWriter, CC-NEWS style: one HTTP exchange per record.

The pages are real Wikinews texts (tests/fixtures/wikinews, demo/wikinews_2019_2020, CC BY 2.5): the
fixture's HTML page as it is, and two articles of the demo corpus rendered as bare pages (no date in the page,
one of them in ISO-8859-2 declared only by the HTTP header). Each record gets a fixed id and date, so that
what the reader gives can be compared with what was written; the plain and gzipped files hold the same
records.
"""

from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from tests.archive.demo_corpora import WIKINEWS_DEMO
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import WIKINEWS

MATOVIC_ID = "wikinews-2020-12-21-26408d80"  # "Prime Minister of Slovakia Igor Matovič tests positive ..."
SOLEIMANI_ID = "wikinews-2020-01-05-4ad5512f"


def demo_record(article_id: str) -> dict[str, str]:
    with WIKINEWS_DEMO.open(encoding="utf-8") as lines:
        for line in lines:
            record: dict[str, str] = json.loads(line)
            if record["id"] == article_id:
                return record
    raise LookupError(article_id)


def bare_page(record: dict[str, str], charset_meta: bool = True) -> str:
    """The record as a plain article page, with no date in it."""
    paragraphs = "".join(f"<p>{html.escape(part)}</p>" for part in record["text"].split("\n\n"))
    meta = '<meta charset="utf-8">' if charset_meta else ""
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>{html.escape(record['title'])}</title></head>"
        f"<body><article><h1>{html.escape(record['title'])}</h1>{paragraphs}</article></body></html>"
    )


STAMPEDE_PAGE = (WIKINEWS / "stampede.html").read_bytes()  # states its date: 2020-01-09
MENU_PAGE = (
    b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@dataclass(frozen=True)
class Exchange:
    """One record: a response (status, content type, body) or a request, at a fixed id, date and URL."""

    uuid: str
    url: str
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    kind: str = "response"
    date: str = "2020-01-06T10:00:00Z"

    @property
    def record_id(self) -> str:
        return f"<urn:uuid:{self.uuid}>"


def uuid(number: int) -> str:
    return f"00000000-0000-4000-8000-{number:012d}"


def news_exchanges() -> list[Exchange]:
    """A warcinfo-less CC-NEWS-like crawl: three article pages, a request, a 404, an image, a menu page."""
    soleimani = bare_page(demo_record(SOLEIMANI_ID)).encode("utf-8")
    matovic = bare_page(demo_record(MATOVIC_ID), charset_meta=False).encode("iso-8859-2")
    return [
        Exchange(uuid(1), "https://en.wikinews.org/wiki/Stampede", STAMPEDE_PAGE),
        Exchange(uuid(2), "https://en.wikinews.org/wiki/Soleimani", kind="request"),
        Exchange(uuid(3), "https://en.wikinews.org/wiki/Soleimani", soleimani, date="2020-01-06T10:00:00Z"),
        Exchange(
            uuid(4),
            "https://en.wikinews.org/wiki/Missing",
            b"<html><body>Not found</body></html>",
            status="404 Not Found",
        ),
        Exchange(uuid(5), "https://en.wikinews.org/logo.png", PNG, content_type="image/png"),
        Exchange(uuid(6), "https://en.wikinews.org/wiki/Main_Page", MENU_PAGE),
        Exchange(
            uuid(7),
            "https://en.wikinews.org/wiki/Matovic",
            matovic,
            "text/html; charset=ISO-8859-2",
            date="2020-12-21T08:30:00Z",
        ),
    ]


@dataclass
class WarcFile:
    """The bytes of a WARC and where each record starts in its uncompressed form."""

    data: bytes
    offsets: list[int] = field(default_factory=list)


def warc_bytes(exchanges: list[Exchange], gzipped: bool, warcinfo: bool = True) -> WarcFile:
    """The records written as a WARC (gzipped per record or plain); offsets always count the plain WARC."""
    plain, output = io.BytesIO(), io.BytesIO()
    plain_writer, writer = WARCWriter(plain, gzip=False), WARCWriter(output, gzip=gzipped)
    offsets: list[int] = []
    if warcinfo:
        info = {"software": "quickread tests", "format": "WARC File Format 1.1"}
        for target in (plain_writer, writer):
            record = target.create_warcinfo_record("news.warc.gz", info)
            record.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:{uuid(0)}>")
            record.rec_headers.replace_header("WARC-Date", "2020-01-06T10:00:00Z")
            target.write_record(record)
    for exchange in exchanges:
        offsets.append(plain.tell())
        for target in (plain_writer, writer):
            target.write_record(_record(target, exchange))
    return WarcFile(output.getvalue(), offsets)


def _record(writer: WARCWriter, exchange: Exchange) -> object:
    headers = {"WARC-Record-ID": exchange.record_id, "WARC-Date": exchange.date}
    if exchange.kind == "request":
        http = StatusAndHeaders(
            "GET /wiki/Soleimani HTTP/1.1", [("Host", "en.wikinews.org")], is_http_request=True
        )
        return writer.create_warc_record(
            exchange.url, "request", payload=io.BytesIO(b""), http_headers=http, warc_headers_dict=headers
        )
    http = StatusAndHeaders(exchange.status, [("Content-Type", exchange.content_type)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        exchange.url,
        "response",
        payload=io.BytesIO(exchange.body),
        http_headers=http,
        warc_headers_dict=headers,
    )


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
