"""Hypothesis strategies for the parser fuzz tests: news-like text, raw text, JSON-like values, feeds.

News-like text is built from the pieces the parsers look for (datelines, abbreviations, number words,
currency signs, percentages, quotes, dashes, furniture words) so that the rules are exercised, not only
their early exits; raw text and hostile values (NUL, control characters, huge integers, nested objects,
very long strings) cover what an outlet or a broken feed can send.
"""

from __future__ import annotations

import json
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as st

_WORDS = (
    "the", "police", "said", "people", "were", "killed", "troops", "in", "Syria", "Iraq", "and", "of", "a",
    "U.S.", "Mr.", "Mrs.", "Gen.", "Lt.", "Dr.", "St.", "No.", "Jan.", "Oct.", "Sept.", "a.m.", "p.m.",
    "J.R.", "Inc.", "vs.", "BAGHDAD", "NEW YORK", "ST. PAUL, Minn.", "Washington", "(Reuters)", "(AP)",
    "(CNN)", "(AFP)", "Reuters", "photo", "Photo:", "FILE -", "file photo", "By", "Reporting by",
    "Editing by", "contributed to this report", "Copyright", "©", "All rights reserved", "Advertisement",
    "Follow us on Twitter", "Sign up for our newsletter", "CLOSE", "WATCH:", "Image caption",
    "In this Feb. 11, 2007, file photo,", "Friday,", "Monday", "May", "June", "dozen", "a dozen", "dozens",
    "hundreds of", "thousands", "half", "percent", "per cent", "million", "billion", "trillion", "ago",
    "years", "old", "per", "out of", "between", "to", "at least", "nearly", "more than", "about", "up to",
    "fewer than", "times", "square", "miles", "dollars", "euros", "pounds", "wounded", "left", "injured",
    "Channel", "Boeing", "Flight", "Top", "rank", "errors", "x", "+", "a day", "per minute", "age",
    "Mike Parr,", "he", "told", "reporters", "Tulowhoopski!", "However", "US", "I",
)  # fmt: skip
_NUMBERS = (
    "1,000", "2,500", "3.5", "0.5", "12", "84", "900", "1995", "2020", "1,00", "1,000,000.5", "007",
    "½", "¾", "1/2", "3/4", "٣٤", "١٢٣", "१२३", "²", "³", "Ⅻ", "−5", "-5", "–3", "5%", "10 %", "$5",
    "$1.5 billion", "€3", "£2", "¥7", "₹9", "$", "€", "£", "%", "1e9", "1.2.3", "2-4", "20,000 to 30,000",
    "six to 10", "one in four", "24/7", "9/11", "3c x 5", "1,5", "12:30", "#1", "4th", "1980s",
    "9" * 30, "1" + ",000" * 12, "thouſand", "bıllıon", "ſix", "DOZEN", "Thousands", "K",
)  # fmt: skip
_PUNCTUATION = (
    ".", ",", "!", "?", ";", ":", "—", "–", "-", "--", "“", "”", "‘", "’", '"', "'", "(", ")", "[", "]",
    "…", "...", "«", "»", "„", "/", "&", "*",
)  # fmt: skip
_SEPARATORS = (
    " ", " ", " ", " ", "", "\n", "\n\n", " \n \n ", "\t", "\u00a0", "\u200b", "\r\n", "\r", "\x00",
    "\u2028", "\u3000", "\ufeff", "\x0b",
)  # fmt: skip

unicode_words = st.text(st.characters(categories=["L", "M", "Nd", "No"]), min_size=1, max_size=12)
raw_text = st.text(max_size=400)
news_piece = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_NUMBERS),
    st.sampled_from(_PUNCTUATION),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f"{n:,}"),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    unicode_words,
)


@st.composite
def _news(draw: st.DrawFn, max_pieces: int) -> str:
    pieces = draw(st.lists(news_piece, max_size=max_pieces))
    out: list[str] = []
    for piece in pieces:
        out.append(piece)
        out.append(draw(st.sampled_from(_SEPARATORS)))
    return "".join(out)


news_text = _news(60)
"""Text that reads somewhat like news: words, numbers, punctuation and unicode letters with varied spacing."""

news_or_raw = st.one_of(news_text, raw_text)
news_sentence = st.one_of(_news(25), st.text(max_size=200))
"""One sentence-sized piece of text, news-like or raw."""


# ---- JSON-like values -------------------------------------------------------------------------------------

hostile_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    # past Python's int-to-str limit (4,300 digits), drawn small and mapped: Hypothesis prints its choices
    st.integers(min_value=0, max_value=99).map(lambda n: 10**4300 + n),
    st.floats(),
    st.text(max_size=40),
    st.just("\x00"),
    st.just("x" * 20_000),
    st.just("   "),
    st.just("2020-13-45"),
    st.just("2020-01-05T10:00:00Z"),
    st.just("javascript:alert(1)"),
    st.just("http://[::1"),
    st.just("//evil.example/\x00"),
)
json_like = st.recursive(
    hostile_scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
"""Any value a JSON document can hold (and a huge integer, which one can only hold as text)."""


def field_value(plain: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A field's value: mostly what belongs there, often something hostile in its place."""
    return st.one_of(plain, json_like)


_RECORD_KEYS = ("id", "title", "text", "body", "article", "source", "outlet", "url", "date", "author")


@st.composite
def article_records(draw: st.DrawFn) -> dict[Any, Any]:
    """A JSON-like article record whose known fields hold news text or hostile values."""
    record: dict[Any, Any] = draw(st.dictionaries(st.text(max_size=8), json_like, max_size=3))
    for key in draw(st.lists(st.sampled_from(_RECORD_KEYS), unique=True)):
        record[key] = draw(field_value(news_or_raw))
    return record


# ---- feed documents ---------------------------------------------------------------------------------------

_HTML_PIECES = (
    "<p>", "</p>", "<br>", "<br/>", "<div>", "</div>", "<script>", "</script>", "<style>", "<!--", "-->",
    "<![CDATA[", "]]>", "<a href='javascript:alert(1)'>", "</a>", "&amp;", "&#0;", "&#x110000;",
    "&#9999999999;", "&nbsp;", "&bogus;", "<", ">", "</", "<!DOCTYPE html>", "<?xml?>", "<li>",
    "<pre>", "<tr>", "<![", "<!x", "<a ", "<a href='", "<p", "</", "<!-", "<?",
)  # fmt: skip
html_markup = st.lists(st.one_of(st.sampled_from(_HTML_PIECES), news_piece, raw_text), max_size=30).map(
    "".join
)
"""Feed-entry HTML: tags, broken tags, comments, entities (some out of range) and text."""

xml_safe_text = st.one_of(news_text, html_markup, st.text(max_size=80))
_DATES = st.one_of(
    st.sampled_from(
        (
            "Mon, 06 Jan 2020 10:00:00 GMT", "2020-01-05T10:00:00Z", "Sun, 31 Feb 2020 25:61:61 +9999",
            "Mon, 06 Jan 0000 10:00:00 GMT", "Mon, 06 Jan 99999 10:00:00 GMT", "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+14:00", "yesterday", "",
        )
    ),
    st.text(max_size=30),
)  # fmt: skip


def _attribute(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _xml(text: str, *, cdata: bool) -> str:
    if cdata:
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    return escape(text)


@st.composite
def rss_documents(draw: st.DrawFn) -> bytes:
    """An RSS 2.0 document whose fields hold hostile text (escaped or raw CDATA, sometimes left broken)."""
    items = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        fields = []
        for tag in ("title", "link", "description", "content:encoded", "pubDate", "author", "guid"):
            if draw(st.booleans()):
                value = draw(_DATES if tag == "pubDate" else xml_safe_text)
                fields.append(f"<{tag}>{_xml(value, cdata=draw(st.booleans()))}</{tag}>")
        items.append("<item>" + "".join(fields) + "</item>")
    title = _xml(draw(xml_safe_text), cdata=False)
    document = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title>{''.join(items)}</channel></rss>"
    ).encode("utf-8", "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(document))))
    return document if cut is None else document[:cut]  # a truncated download


@st.composite
def atom_documents(draw: st.DrawFn) -> bytes:
    """An Atom document with hostile entry fields and content of every type attribute."""
    entries = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        kind = draw(st.sampled_from(("text", "html", "xhtml", "image/png", "")))
        content = draw(xml_safe_text)
        entries.append(
            "<entry>"
            f"<title>{_xml(draw(xml_safe_text), cdata=False)}</title>"
            f'<link href="{_attribute(draw(st.text(max_size=40)))}"/>'
            f"<updated>{escape(draw(_DATES))}</updated>"
            f"<author><name>{_xml(draw(xml_safe_text), cdata=False)}</name></author>"
            f'<content type="{kind}">{_xml(content, cdata=draw(st.booleans()))}</content>'
            "</entry>"
        )
    document = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{_xml(draw(xml_safe_text), cdata=False)}</title>{''.join(entries)}</feed>"
    ).encode("utf-8", "surrogatepass")
    return document


_JSON_FEED_ITEM_FIELDS = {
    "id": st.text(max_size=20),
    "url": st.sampled_from(("https://example.com/a", "/relative", "http://[::1", "javascript:x", "")),
    "external_url": st.text(max_size=30),
    "title": news_text,
    "content_text": news_or_raw,
    "content_html": html_markup,
    "summary": news_text,
    "date_published": _DATES,
    "date_modified": _DATES,
    "author": st.fixed_dictionaries({"name": st.text(max_size=20)}),
    "authors": st.lists(st.fixed_dictionaries({"name": st.text(max_size=20)}), max_size=2),
}


@st.composite
def json_feed_values(draw: st.DrawFn) -> dict[str, Any]:
    """A JSON Feed object whose item fields are right, or numbers, objects, lists, NUL and huge values."""
    items: list[Any] = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        if draw(st.integers(min_value=0, max_value=9)) == 0:
            items.append(draw(json_like))  # an item that is not an object at all
            continue
        item = {}
        for key, plain in _JSON_FEED_ITEM_FIELDS.items():
            if draw(st.booleans()):
                item[key] = draw(field_value(plain))
        items.append(item)
    feed: dict[str, Any] = {
        "version": draw(
            st.one_of(
                st.just("https://jsonfeed.org/version/1.1"), field_value(st.just("https://jsonfeed.org/"))
            )
        ),
        "items": draw(st.one_of(st.just(items), field_value(st.just(items)))),
    }
    if draw(st.booleans()):
        feed["title"] = draw(field_value(news_text))
    return feed


# Python refuses to print an int of more than 4,300 digits; a hostile server can still send one.
_PRINTABLE_INT_BITS = 14_000


def to_json_bytes(value: Any) -> bytes:
    """``value`` as JSON, huge integers written out as digits (``json.dumps`` refuses to print them)."""
    return _json_text(value).encode("utf-8", "surrogatepass")


def _json_text(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_text(str(k))}:{_json_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json_text(v) for v in value) + "]"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _PRINTABLE_INT_BITS:
        return "9" * 4400
    return json.dumps(value)


json_feed_documents = st.one_of(
    json_feed_values().map(to_json_bytes),
    # nesting deeper than Python's recursion limit, where a feed's items belong
    st.integers(min_value=2_000, max_value=100_000).map(
        lambda depth: (
            b'{"version": "https://jsonfeed.org/version/1.1", "items": ['
            + b"[" * depth
            + b"]" * depth
            + b"]}"
        )
    ),
)
"""JSON Feed documents as bytes: hostile item fields, huge integers, nesting past the recursion limit."""
