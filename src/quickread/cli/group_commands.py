"""`quickread group` (articles in, story per article out) and `quickread stories` (a Quick Read per
story, most significant first)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from quickread.analyze.models import load_models
from quickread.cli.output import errors, fail, progress_bar, write_text
from quickread.group.grouping import group
from quickread.group.records import Feed, read_feed
from quickread.group.stories import significance
from quickread.ingest.errors import InputError
from quickread.ingest.files import article_files, read_articles
from quickread.ingest.ids import number_repeated_ids
from quickread.model import Article, Story
from quickread.pipeline import quick_read
from quickread.render.json_out import digest_to_json
from quickread.render.markdown import render_markdown


class GroupFormat(StrEnum):
    JSONL = "jsonl"  # one {"id", "story"} per input line
    JSON = "json"  # a summary of the stories


class StoriesFormat(StrEnum):
    MD = "md"
    JSON = "json"


def group_command(
    input: Annotated[
        Path,
        typer.Argument(
            help="JSON Lines of articles: id and text, optional title, source, url, date.",
            exists=True,
            dir_okay=False,
        ),
    ],
    output: Annotated[Path, typer.Argument(help="Where to write the result.")],
    format: Annotated[GroupFormat, typer.Option("--format", "-f")] = GroupFormat.JSONL,
) -> None:
    """Group articles into stories: one {"id", "story"} line per input line, in input order."""
    try:
        feed = read_feed(input)
    except InputError as error:
        fail(str(error))
    for problem in feed.problems:
        errors.print(f"{input} line {problem.line}: {problem.message}; skipped", markup=False)
    stories = _group_with_progress(feed.articles)
    story_of = {article_id: story.id for story in stories for article_id in story.article_ids}
    if format is GroupFormat.JSON:
        text = json.dumps(
            {"stories": [story_summary(story) for story in stories]}, ensure_ascii=False, indent=2
        )
        write_text(text + "\n", output)
        return
    rows = [
        {"id": line.article_id, "story": story_of.get(line.article_id or "") if line.article else None}
        | ({} if line.article else {"error": _problem_text(feed, line.line)})
        for line in feed.lines
    ]
    write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), output)


def digest_stories_command(
    inputs: Annotated[list[Path], typer.Argument(help="Article files or folders of them.", exists=True)],
    format: Annotated[StoriesFormat, typer.Option("--format", "-f")] = StoriesFormat.MD,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
) -> None:
    """Group the articles and write one Quick Read per story, most significant story first."""
    articles: list[Article] = []
    for file in article_files(inputs):
        try:
            articles.extend(read_articles(file))
        except InputError as error:
            # this command holds every article at once; the archive streams inputs of any size
            hint = "; `quickread archive` reads inputs of any size" if "size limit" in error.reason else ""
            errors.print(f"{error}; skipped{hint}", markup=False)
    if not articles:
        fail("no articles to group")
    unique = number_repeated_ids(articles)
    for renamed in unique.renamed:
        message = f"article id {renamed.old_id!r} is repeated; this one is read as {renamed.new_id!r}"
        errors.print(message, markup=False)
    articles = unique.articles
    by_id = {article.id: article for article in articles}
    stories = sorted(_group_with_progress(articles), key=significance, reverse=True)
    pages: list[str] = []
    summaries: list[dict[str, Any]] = []
    models = load_models()
    with progress_bar() as progress:
        task = progress.add_task("digesting", total=len(stories))
        for story in stories:
            # A republished wire copy is shown once, under its origin, and counted with it.
            result = quick_read([by_id[a] for a in story.article_ids], models=models, copies=story.copies)
            if format is StoriesFormat.JSON:
                summaries.append(story_summary(story) | {"digest": digest_to_json(result)})
            else:
                pages.append(render_markdown(result))
            progress.advance(task)
    if format is StoriesFormat.JSON:
        write_text(json.dumps({"stories": summaries}, ensure_ascii=False, indent=2) + "\n", output)
    else:
        write_text("\n\n---\n\n".join(page.rstrip() for page in pages) + "\n", output)


def story_summary(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "headline": story.headline,
        "article_ids": list(story.article_ids),
        "sources": list(story.sources),
        "independent_sources": list(story.independent_sources),
        "copies": [
            {
                "article_id": copy.article_id,
                "source": copy.source,
                "origin_id": copy.origin_id,
                "wire": copy.wire,
                "exact": copy.exact,
            }
            for copy in story.copies
        ],
        "first_date": story.first_date.isoformat() if story.first_date else None,
        "last_date": story.last_date.isoformat() if story.last_date else None,
    }


def _group_with_progress(articles: list[Article]) -> list[Story]:
    with progress_bar() as progress:
        task = progress.add_task(f"grouping {len(articles):,} articles", total=1)
        stories = group(articles)
        progress.advance(task)
    return stories


def _problem_text(feed: Feed, line: int) -> str:
    return next((problem.message for problem in feed.problems if problem.line == line), "rejected")
