"""`quickread digest-groups`: one Quick Read per group of an archive already labelled by event."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from quickread.analyze.models import load_models
from quickread.cli.digest_commands import render
from quickread.cli.output import Format, errors, fail
from quickread.ingest.errors import InputError
from quickread.ingest.json_input import json_lines
from quickread.ingest.records import article_from_record
from quickread.model import Article, Digest
from quickread.pipeline import quick_read

_SUFFIX = {Format.MD: ".md", Format.JSON: ".json", Format.HTML: ".html"}
# File systems allow 255 bytes in a name; 80 characters say which story a page is and leave room for a
# number ("-12") and the suffix.
MAX_SLUG_CHARS = 80


def digest_groups_command(
    input: Annotated[Path, typer.Argument(help="JSON Lines of articles.", exists=True, dir_okay=False)],
    field: Annotated[str, typer.Option(help="The record field that names each article's group.")] = "story",
    out_dir: Annotated[Path, typer.Option(help="Folder for the pages and their index.")] = Path("out"),
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.HTML,
    min_articles: Annotated[int, typer.Option(min=1, help="Skip groups with fewer articles.")] = 2,
) -> None:
    """Write one Quick Read per group of articles that share FIELD, and an index page."""
    groups: dict[str, list[Article]] = defaultdict(list)
    licences: set[str] = set()
    try:
        handle = input.open("rb")
    except OSError as error:
        fail(escape(f"{input}: not readable ({error.strerror or error})"))
    with handle:
        for line in json_lines(handle, str(input)):
            try:
                record: Any = line.value()
                article = article_from_record(record, line.where, f"{input.stem}-{line.number}")
            except InputError as error:
                errors.print(f"skipped {escape(str(error))}")
                continue
            label = record.get(field)
            if isinstance(label, str) and label.strip():
                groups[label].append(article)
                if isinstance(record.get("license"), str):
                    licences.add(f"{record['license']} ({record.get('license_url', '')})")
    chosen = {label: articles for label, articles in groups.items() if len(articles) >= min_articles}
    if not chosen:
        fail(f"no group of {min_articles} or more articles by field {field!r} in {input}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[str, Digest]] = []
    models = load_models()
    names = page_names(chosen, _SUFFIX[format])
    for label, articles in sorted(chosen.items()):
        articles.sort(key=lambda a: (a.date is None, a.date, a.id))
        result = quick_read(articles, models=models)
        path = out_dir / names[label]
        path.write_text(render(result, format), encoding="utf-8")
        written.append((path.name, result))
    index = out_dir / ("index.html" if format is Format.HTML else "index.md")
    index.write_text(_index(written, sorted(licences), format), encoding="utf-8")
    errors.print(f"{len(written)} Quick Read pages written to {out_dir}/ (index: {index})")


def page_names(labels: Iterable[str], suffix: str) -> dict[str, str]:
    """A distinct file name for each group label, made from the label so that it says which story it is.

    Labels that make the same name ("Fire in Rome", "fire-in-rome", or two all non-Latin labels: "story")
    are numbered in label order ("fire-in-rome-2"), and no page takes the index page's name.
    """
    used = {"index"}
    names: dict[str, str] = {}
    for label in sorted(labels):
        base = _slug(label)
        name, number = base, 1
        while name in used:
            number += 1
            name = f"{base}-{number}"
        used.add(name)
        names[label] = name + suffix
    return names


def _slug(label: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    return slug[:MAX_SLUG_CHARS].rstrip("-") or "story"


def _index(pages: list[tuple[str, Digest]], licences: list[str], format: Format) -> str:
    if format is Format.HTML:
        items = "\n".join(
            f'<li><a href="{html.escape(name)}">{html.escape(d.headline)}</a> '
            f"({len(d.articles)} articles)</li>"
            for name, d in pages
        )
        notes = "".join(f"<p>Source texts licensed {html.escape(licence)}.</p>" for licence in licences)
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>quickread</title></head>"
            f"<body><main><h1>Quick Reads</h1><ul>\n{items}\n</ul>{notes}</main></body></html>\n"
        )
    lines = ["# Quick Reads", ""] + [
        f"- [{d.headline}]({name}) ({len(d.articles)} articles)" for name, d in pages
    ]
    lines += ["", *[f"Source texts licensed {licence}." for licence in licences]]
    return "\n".join(lines) + "\n"
