"""OPML subscription lists in and out: the format every feed reader imports and exports."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quickread.ingest.errors import InputError

MAX_OPML_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Subscription:
    url: str
    title: str | None = None


def read_opml(path: str | Path) -> list[Subscription]:
    """Every feed (``outline`` with an ``xmlUrl``) at any depth of folders. Raises InputError."""
    name = str(path)
    file = Path(path)
    if not file.is_file():
        raise InputError(name, "no such file")
    if file.stat().st_size > MAX_OPML_BYTES:
        raise InputError(name, f"over the size limit ({MAX_OPML_BYTES:,} bytes)")
    try:
        root = ET.fromstring(file.read_bytes())
    except ET.ParseError as error:
        raise InputError(name, f"malformed OPML ({error})") from error
    if root.tag.lower() != "opml":
        raise InputError(name, f"not OPML (the root element is <{root.tag}>)")
    found: dict[str, Subscription] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in found:
            title = outline.get("title") or outline.get("text")
            found[url] = Subscription(url=url, title=title.strip() if title else None)
    return list(found.values())


def write_opml(subscriptions: Sequence[Subscription], title: str = "quickread feeds") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    body = ET.SubElement(root, "body")
    for subscription in subscriptions:
        label = subscription.title or subscription.url
        ET.SubElement(body, "outline", type="rss", text=label, title=label, xmlUrl=subscription.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
