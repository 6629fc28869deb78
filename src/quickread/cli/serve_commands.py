"""``quickread serve``: the web front page, JSON API and feeds over a database, with uvicorn.

``--seed`` makes a fresh database useful at once (``make run`` seeds the bundled demo corpus): the files are
ingested only when the database holds no articles, so a second start reuses what the first one built.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.markup import escape

from quickread.analyze.models import load_models
from quickread.cli.newsroom_commands import Database, open_repository
from quickread.cli.output import errors
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.intake import ingest_paths
from quickread.newsroom.stories import update_stories
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
        typer.Option(help="Article files to ingest first when the database has no articles (repeatable)."),
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
        ingested = ingest_paths(repository, paths)
        for error in ingested.errors:
            errors.print(f"[yellow]skipped[/] {escape(str(error))}")
        errors.print(f"stored {ingested.added} articles from {', '.join(map(str, paths))}")
    else:
        errors.print("the database already holds articles: reusing it")
    # Loading the language models takes seconds: only when some story needs placing or a new digest.
    if repository.unassigned_articles(1) or repository.stale_stories(1):
        errors.print("grouping stories and writing their Quick Reads (once; about a minute for the demo)...")
        report = update_stories(repository, load_assigner(repository), digester=story_digester(load_models()))
        errors.print(
            f"{report.assigned} articles placed in stories; {report.versions} digests written"
            + (f"; {report.failed} failed (see `quickread status`)" if report.failed else "")
        )
    errors.print(f"ready in {time.monotonic() - started:.1f} s")
