"""Reading article files: .txt (headline, optional dateline, body), .html, .json, .jsonl, standard input."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from quickread.ingest.decode import MAX_INPUT_BYTES, decode_bytes
from quickread.ingest.errors import InputError
from quickread.ingest.html import article_from_html
from quickread.ingest.records import article_from_record
from quickread.model import Article
from quickread.text.article import EmptyArticleError, build_article

STDIN = "-"
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson"})


def article_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files named, and the article files inside the folders named (recursively, in name order)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES)
            )
        else:
            found.append(path)
    return found


def read_article(path: str | Path, source: str | None = None) -> Article:
    """Read exactly one article; a JSON Lines file with several records is an error."""
    articles = read_articles(path, source=source)
    if len(articles) != 1:
        raise InputError(str(path), f"holds {len(articles)} articles, expected one")
    return articles[0]


def read_articles(path: str | Path, source: str | None = None, limit: int = MAX_INPUT_BYTES) -> list[Article]:
    """Read every article in one input. Raises InputError naming the input and the reason."""
    name = str(path)
    if name == STDIN:
        text = decode_bytes("<stdin>", sys.stdin.buffer.read(limit + 1), limit)
        return parse_text_input(text, "<stdin>", "stdin", _guess_kind(text), source)
    file = Path(path)
    if not file.exists():
        raise InputError(name, "no such file")
    if file.is_dir():
        raise InputError(name, "is a directory, not an article file")
    try:
        size = file.stat().st_size
        if size > limit:
            raise InputError(name, f"over the size limit ({size:,} bytes > {limit:,})")
        data = file.read_bytes()
    except PermissionError as error:
        raise InputError(name, "not readable (permission denied)") from error
    except OSError as error:
        raise InputError(name, f"not readable ({error.strerror or error})") from error
    text = decode_bytes(name, data, limit)
    suffix = file.suffix.lower()
    kind = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "txt"}.get(suffix)
    if suffix in _HTML_SUFFIXES:
        kind = "html"
    return parse_text_input(text, name, file.stem, kind or _guess_kind(text), source)


def parse_text_input(text: str, name: str, stem: str, kind: str, source: str | None) -> list[Article]:
    if kind == "html":
        return [article_from_html(text, name, stem, source=source)]
    if kind == "json":
        return _from_json(text, name, stem, source)
    if kind == "jsonl":
        return _from_json_lines(text, name, stem, source)
    return [_from_plain_text(text, name, stem, source)]


def _guess_kind(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        first_line = text.lstrip().split("\n", 1)[0]
        try:
            json.loads(first_line)
            return "jsonl"
        except json.JSONDecodeError:
            return "json"
    return "txt"


def _from_plain_text(text: str, name: str, stem: str, source: str | None) -> Article:
    lines = text.strip().split("\n", 1)
    title = lines[0].strip()
    body = lines[1] if len(lines) > 1 else ""
    if not body.strip():
        raise InputError(name, "no article text found (a headline line, then the body, is expected)")
    try:
        # a file whose dateline names no outlet ("BAGHDAD —") is labelled by its name ("ap.txt" -> "ap")
        default = "unknown" if name == "<stdin>" else stem
        return build_article(id=stem, raw_text=body, title=title, source=source, default_source=default)
    except EmptyArticleError as error:
        raise InputError(name, str(error)) from error


def _from_json(text: str, name: str, stem: str, source: str | None) -> list[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(name, f"malformed JSON ({error.msg} at line {error.lineno})") from error
    records = data if isinstance(data, list) else [data]
    articles = [
        article_from_record(
            record, f"{name} item {number}", f"{stem}-{number}" if len(records) > 1 else stem, source
        )
        for number, record in enumerate(records, start=1)
    ]
    if not articles:
        raise InputError(name, "no article records in the JSON file")
    return articles


def _from_json_lines(text: str, name: str, stem: str, source: str | None) -> list[Article]:
    articles = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(where, f"malformed JSON ({error.msg})") from error
        articles.append(article_from_record(record, where, f"{stem}-{number}", source))
    if not articles:
        raise InputError(name, "no article records in the JSON Lines file")
    return articles
