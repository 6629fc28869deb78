"""`quickread digest` and `quickread batch-digest`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from quickread.analyze.models import load_models
from quickread.cli.output import Format, errors, fail, progress_bar, write_text
from quickread.digest.options import DigestOptions
from quickread.ingest.clusters import articles_from_cluster
from quickread.ingest.errors import InputError
from quickread.ingest.files import read_articles
from quickread.ingest.ids import number_repeated_ids
from quickread.ingest.json_input import json_lines
from quickread.model import Article, Digest
from quickread.pipeline import quick_read
from quickread.render.html import render_html
from quickread.render.json_out import digest_to_json
from quickread.render.markdown import render_markdown

MinPoints = Annotated[int, typer.Option(min=1, help="Fewest key points to aim for.")]
MaxPoints = Annotated[
    int | None,
    typer.Option(min=1, help="Most key points [default: 9, or as many as fit when --max-words is given]."),
]
MaxWords = Annotated[
    int | None, typer.Option(min=1, help="Lede and key points together stay within N words.")
]


def digest_command(
    files: Annotated[
        list[str], typer.Argument(help="Article files (.txt, .html, .json, .jsonl) or - for stdin.")
    ],
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.MD,
    source: Annotated[
        str | None, typer.Option(help="Outlet name for every input (overrides the dateline).")
    ] = None,
    min_points: MinPoints = 5,
    max_points: MaxPoints = None,
    max_words: MaxWords = None,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Digest the readable inputs, list the rest.")
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Print one Quick Read built from articles about one event."""
    articles: list[Article] = []
    skipped: list[InputError] = []
    for name in files:
        try:
            # with --skip-bad a bad record of a JSON (Lines) file is skipped and its good records are kept
            articles.extend(read_articles(name, source=source, skipped=skipped if skip_bad else None))
        except InputError as error:
            if not skip_bad:
                fail(escape(str(error)))
            skipped.append(error)
    for problem in skipped:
        errors.print(f"skipped {escape(str(problem))}")
    if not articles:
        fail("no readable article among the inputs")
    options = _options(min_points, max_points, max_words)
    try:
        result = quick_read(number_repeated_ids(articles).articles, options, load_models())
    except ValueError as error:
        fail(escape(str(error)))
    write_text(render(result, format), output)


def batch_digest_command(
    input: Annotated[
        Path, typer.Argument(help="JSON Lines: one cluster per line.", exists=True, dir_okay=False)
    ],
    output: Annotated[Path, typer.Argument(help="JSON Lines: one digest per line.")],
    min_points: MinPoints = 5,
    max_points: MaxPoints = None,
    max_words: MaxWords = None,
) -> None:
    """Digest many clusters, one JSON object per line: {"id", "documents"} or {"id", "articles"}."""
    options = _options(min_points, max_points, max_words)
    try:
        handle = input.open("rb")
    except OSError as error:
        fail(escape(f"{input}: not readable ({error.strerror or error})"))
    models = load_models()
    done = failed = 0
    with handle, output.open("w", encoding="utf-8") as out, progress_bar() as progress:
        task = progress.add_task("digesting", total=None)
        for line in json_lines(handle, str(input)):
            progress.advance(task)
            try:
                record = line.value()
                result = quick_read(articles_from_cluster(record, line.where), options, models)
            except InputError as error:
                errors.print(f"skipped {escape(str(error))}")
                failed += 1
                continue
            except ValueError as error:
                errors.print(f"skipped {escape(line.where)}: {escape(str(error))}")
                failed += 1
                continue
            out.write(
                json.dumps(
                    {"id": str(record.get("id", line.number)), **digest_to_json(result)}, ensure_ascii=False
                )
                + "\n"
            )
            done += 1
    errors.print(f"{done} digests written to {output}" + (f", {failed} clusters skipped" if failed else ""))


def render(result: Digest, format: Format) -> str:
    if format is Format.JSON:
        return json.dumps(digest_to_json(result), ensure_ascii=False, indent=2) + "\n"
    if format is Format.HTML:
        return render_html(result)
    return render_markdown(result)


def _options(min_points: int, max_points: int | None, max_words: int | None) -> DigestOptions:
    try:
        return DigestOptions(min_points=min_points, max_points=max_points, max_words=max_words)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
