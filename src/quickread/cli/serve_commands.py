"""``quickread serve``: the web front page, JSON API and feeds over a database, with uvicorn.

``--seed`` makes a fresh database useful at once (``make run`` seeds the bundled demo corpora): the files are
ingested only when the database holds no articles, so a second start reuses what the first one built. The
first build shows a progress bar for each step (reading, grouping, digesting): on the demo it takes minutes.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.markup import escape

from quickread.analyze.models import load_models
from quickread.cli.newsroom_commands import Database, open_repository
from quickread.cli.output import errors, progress_bar
from quickread.ingest.files import article_files
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.intake import ingest_paths
from quickread.newsroom.stories import ASSIGN_BATCH, update_stories
from quickread.pipeline import story_digester
from quickread.serve.app import create_app
from quickread.serve.settings import ServeSettings
from quickread.store.sql_repository import SqlRepository


def serve_command(
    host: Annotated[
        str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    db: Database = None,
    seed: Annotated[
        list[Path] | None,
        typer.Option(
            help="Article files or folders (.jsonl, .jsonl.gz, ...) to ingest first when the database has no "
            "articles (repeatable: --seed a.jsonl --seed b.jsonl.gz)."
        ),
    ] = None,
    action_token: Annotated[
        str | None,
        typer.Option(
            envvar="QUICKREAD_ACTION_TOKEN",
            help="Allow the data-changing API actions (add a feed, start a fetch) to requests sending this.",
        ),
    ] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
    full_text_outlet: Annotated[
        list[str] | None,
        typer.Option(
            help="An outlet whose licence allows showing its articles' whole text on the story page "
            "(repeatable; the others show their cited sentences and links)."
        ),
    ] = None,
) -> None:
    """Serve the stories as a website with a JSON API and Atom/JSON feeds."""
    repository = open_repository(db)
    if seed:
        _seed(repository, seed)
    settings = ServeSettings(
        action_token=action_token or None, full_text_outlets=frozenset(full_text_outlet or ())
    )
    app = create_app(repository, settings)
    shown_host = f"[{host}]" if ":" in host else host
    errors.print(f"quickread is serving http://{shown_host}:{port}/ (Ctrl-C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=access_log)


def _seed(repository: SqlRepository, paths: list[Path]) -> None:
    started = time.monotonic()
    if repository.counts().articles == 0:
        with progress_bar() as bar:
            reading = bar.add_task("reading the seed files", total=len(article_files(paths)))
            ingested = ingest_paths(repository, paths, progress=lambda _file: bar.advance(reading))
        for error in ingested.errors:
            errors.print(f"[yellow]skipped[/] {escape(str(error))}")
        errors.print(f"stored {ingested.added} articles from {', '.join(map(str, paths))}")
    else:
        errors.print("the database already holds articles: reusing it")
    # Loading the language models takes seconds: only when some story needs placing or a new digest.
    if repository.unassigned_articles(1) or repository.stale_stories(1):
        errors.print("grouping stories and writing their Quick Reads (once; a few minutes for the demo)...")
        _group_and_digest(repository)
    errors.print(f"ready in {time.monotonic() - started:.1f} s")


def _group_and_digest(repository: SqlRepository) -> None:
    """Two passes so that each has a bar with a known end: the articles are placed first (the number of
    stories to digest is only known after that), then each changed story's Quick Read is written."""
    assigner = load_assigner(repository)
    with progress_bar() as bar:
        # Counted in batches (each reports when done); a fresh seed has every article waiting.
        batches = math.ceil(repository.counts().articles / ASSIGN_BATCH)
        grouping = bar.add_task("grouping articles into stories", total=batches)
        placed = update_stories(repository, assigner, digester=None, progress=lambda _: bar.advance(grouping))
    digester = story_digester(load_models())
    with progress_bar() as bar:
        digesting = bar.add_task("writing Quick Reads", total=len(repository.stale_stories()))
        report = update_stories(
            repository, assigner, digester=digester, progress=lambda _: bar.advance(digesting)
        )
    errors.print(
        f"{placed.assigned} articles placed in stories; {report.versions} digests written"
        + (f"; {report.failed} failed (see `quickread status`)" if report.failed else "")
    )
