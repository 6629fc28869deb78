"""Reading article files: .txt (headline, optional dateline, body), .html, .json, .jsonl, standard input, and
any of these gzipped (``articles.jsonl.gz``).

A gzipped file is held to the same size cap as any other input, counted on its DECOMPRESSED bytes: a few
kilobytes of gzip can expand to gigabytes (a "gzip bomb"), so decompression stops one byte past the cap and
the file is refused, with memory bounded by the cap (about three caps at the peak: the compressed bytes, the
pieces inflated and their join), whatever the bomb's size: 29 MB and 0.02 s for 1 GiB of newlines.
"""

from __future__ import annotations

import errno
import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from quickread.ingest.decode import MAX_INPUT_BYTES, decode_bytes
from quickread.ingest.errors import InputError
from quickread.ingest.html import article_from_html
from quickread.ingest.json_input import load_json
from quickread.ingest.records import article_from_record
from quickread.model import Article
from quickread.text.article import EmptyArticleError, build_article

STDIN = "-"
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".xhtml", ".json", ".jsonl", ".ndjson"})
# A corpus folder's own papers (demo/*/README.txt holds the licence and the list of changes): a folder walk
# passes them by, so that they never become articles; named on their own, they are read like any file.
CORPUS_PAPERS = frozenset(
    {"readme", "license", "licence", "copying", "notice", "changes", "changelog", "authors", "attribution"}
)
GZIP_SUFFIX = ".gz"


def article_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files named, and the article files inside the folders named (recursively, in name order; a
    folder's README, LICENSE and the like are not articles: ``CORPUS_PAPERS``).

    What cannot be walked is listed too, so that reading it reports what it is: a folder that cannot be opened
    (read_articles: "folder not readable"), and a link whose target cannot be found (a loop, a dangling link).
    Linked folders are not entered: a link to a parent would make the walk endless.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(_walk(path))
        else:
            found.append(path)
    return found


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        yield folder
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif (
            content_suffix(path) in ARTICLE_SUFFIXES
            and _content_stem(path).lower() not in CORPUS_PAPERS
            and not _is_linked_folder(entry)
        ):
            yield path


def is_gzipped(path: Path) -> bool:
    return path.suffix.lower() == GZIP_SUFFIX


def content_suffix(path: Path) -> str:
    """The suffix that says what the file holds: ".jsonl" for both "a.jsonl" and "a.jsonl.gz"."""
    return Path(path.stem).suffix.lower() if is_gzipped(path) else path.suffix.lower()


def _content_stem(path: Path) -> str:
    """The name without its suffixes: "articles" for "articles.jsonl.gz", as for "articles.jsonl"."""
    return Path(path.stem).stem if is_gzipped(path) else path.stem


def _is_linked_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def read_article(path: str | Path, source: str | None = None) -> Article:
    """Read exactly one article; a JSON Lines file with several records is an error."""
    articles = read_articles(path, source=source)
    if len(articles) != 1:
        raise InputError(str(path), f"holds {len(articles)} articles, expected one")
    return articles[0]


def read_articles(
    path: str | Path,
    source: str | None = None,
    limit: int = MAX_INPUT_BYTES,
    skipped: list[InputError] | None = None,
) -> list[Article]:
    """Read every article in one input. Raises InputError naming the input and the reason.

    A bad record of a JSON or JSON Lines file raises too, unless ``skipped`` is given: then its error is
    appended there and the other records are read.
    """
    name = str(path)
    if name == STDIN:
        text = decode_bytes("<stdin>", sys.stdin.buffer.read(limit + 1), limit)
        return parse_text_input(text, "<stdin>", "stdin", _guess_kind(text), source, skipped)
    file = Path(path)
    data = _read_capped(file, limit)
    if is_gzipped(file):
        data = _decompressed_capped(name, data, limit)
    text = decode_bytes(name, data, limit)
    suffix = content_suffix(file)
    kind = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "txt"}.get(suffix)
    if suffix in _HTML_SUFFIXES:
        kind = "html"
    return parse_text_input(text, name, _content_stem(file), kind or _guess_kind(text), source, skipped)


def _decompressed_capped(name: str, compressed: bytes, limit: int) -> bytes:
    """The gzip data decompressed, never more than ``limit`` + 1 bytes of it: GzipFile inflates in small
    pieces, so a bomb is stopped at the cap before it can fill memory. Several members (``cat a.gz b.gz``)
    are read as one stream, as gunzip does."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(compressed), mode="rb") as stream:
            data = stream.read(limit + 1)
    except gzip.BadGzipFile as error:
        raise InputError(name, f"not a gzip file ({error})") from None
    except EOFError:
        raise InputError(name, "gzip data cut short (the file is truncated)") from None
    except zlib.error as error:
        raise InputError(name, f"corrupt gzip data ({error})") from None
    if len(data) > limit:
        raise InputError(name, f"over the size limit once decompressed (more than {limit:,} bytes)")
    return data


def _read_capped(file: Path, limit: int) -> bytes:
    """The file's bytes, never more than ``limit`` + 1 of them: a pipe, /dev/zero or a file still growing is
    refused at the cap like a large file, with no more memory than the cap."""
    name = str(file)
    try:
        info = file.stat()
        if stat.S_ISDIR(info.st_mode):
            os.scandir(file).close()  # the reason a folder is named here may be that it cannot be opened
            raise InputError(name, "is a directory, not an article file")
        size = info.st_size if stat.S_ISREG(info.st_mode) else 0  # a pipe's or a device's size means nothing
        if size > limit:
            raise InputError(name, f"over the size limit ({size:,} bytes > {limit:,})")
        with file.open("rb") as handle:
            data = handle.read(limit + 1)
    except InputError:
        raise
    except FileNotFoundError as error:
        reason = "a link to a missing file" if file.is_symlink() else "no such file"
        raise InputError(name, reason) from error
    except PermissionError as error:
        what = "folder" if file.is_dir() else "file"
        raise InputError(name, f"{what} not readable (permission denied)") from error
    except ValueError as error:  # a name with a NUL character: no file can have it
        raise InputError(name.replace("\x00", "\\0"), "not a valid file name") from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(name, "a symbolic link loop (the link leads back to itself)") from error
        raise InputError(name, f"not readable ({error.strerror or error})") from error
    if len(data) > limit:
        raise InputError(name, f"over the size limit (more than {limit:,} bytes)")
    return data


def parse_text_input(
    text: str, name: str, stem: str, kind: str, source: str | None, skipped: list[InputError] | None = None
) -> list[Article]:
    if kind == "html":
        return [article_from_html(text, name, stem, source=source)]
    if kind == "json":
        return _from_json(text, name, stem, source, skipped)
    if kind == "jsonl":
        return _from_json_lines(text, name, stem, source, skipped)
    return [_from_plain_text(text, name, stem, source)]


def _guess_kind(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        try:
            load_json(text.lstrip().split("\n", 1)[0], "<first line>")
            return "jsonl"
        except InputError:
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


def _from_json(
    text: str, name: str, stem: str, source: str | None, skipped: list[InputError] | None
) -> list[Article]:
    data = load_json(text, name)
    records = data if isinstance(data, list) else [data]
    articles = []
    for number, record in enumerate(records, start=1):
        try:
            articles.append(
                article_from_record(
                    record, f"{name} item {number}", f"{stem}-{number}" if len(records) > 1 else stem, source
                )
            )
        except InputError as error:
            _skip_or_raise(error, skipped)
    if not articles:
        raise InputError(name, _none_read("JSON file", len(records)))
    return articles


def _from_json_lines(
    text: str, name: str, stem: str, source: str | None, skipped: list[InputError] | None
) -> list[Article]:
    articles = []
    records = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        records += 1
        where = f"{name} line {number}"
        try:
            articles.append(article_from_record(load_json(line, where), where, f"{stem}-{number}", source))
        except InputError as error:
            _skip_or_raise(error, skipped)
    if not articles:
        raise InputError(name, _none_read("JSON Lines file", records))
    return articles


def _skip_or_raise(error: InputError, skipped: list[InputError] | None) -> None:
    if skipped is None:
        raise error
    skipped.append(error)


def _none_read(kind: str, records: int) -> str:
    if records == 0:
        return f"no article records in the {kind}"
    return f"no readable article record in the {kind} ({records} skipped)"
