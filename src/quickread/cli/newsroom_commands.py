"""The newsroom commands: ingest, add-feed, remove-feed, import-opml, export-opml, fetch, watch, status,
search, stories and show.

Every command takes ``--db`` (or ``QUICKREAD_DB``); the default is ``quickread.db`` in ``QUICKREAD_HOME`` or
else in ``./data/``.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

from quickread.analyze.models import load_models
from quickread.cli.output import errors, fail, write_text
from quickread.group.threads import NEIGHBOURS
from quickread.ingest.errors import InputError
from quickread.ingest.fetch import Fetcher, FetchPolicy
from quickread.ingest.files import article_files
from quickread.ingest.opml import Subscription, read_opml, write_opml
from quickread.ingest.urls import checked_url
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.control import StopSignal
from quickread.newsroom.feed_pass import FetchReport, fetch_all_feeds
from quickread.newsroom.intake import ingest_paths
from quickread.newsroom.stories import UpdateReport, update_stories
from quickread.pipeline import story_digester
from quickread.store.database import DatabaseError, database_url, default_database_url, open_database
from quickread.store.search import SearchError
from quickread.store.sql_repository import SqlRepository


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


Database = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="QUICKREAD_DB", help="SQLite file or database URL (postgresql+psycopg://...)."
    ),
]
AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private-addresses",
        envvar="QUICKREAD_ALLOW_PRIVATE",
        help="Fetch from private, loopback and link-local addresses (off by default: SSRF protection).",
    ),
]
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
HostDelay = Annotated[float, typer.Option(min=0, help="Seconds between two requests to the same host.")]
NoStories = Annotated[bool, typer.Option("--no-stories", help="Store articles only; update stories later.")]


def open_repository(db: str | None) -> SqlRepository:
    url = database_url(db) if db else default_database_url()
    try:
        return SqlRepository(open_database(url))
    except DatabaseError as error:
        fail(str(error))
        raise AssertionError("unreachable") from error


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(help="Article files and folders (.txt .html .json .jsonl).")],
    source: Annotated[str | None, typer.Option(help="Outlet name for every input.")] = None,
    db: Database = None,
    no_stories: NoStories = False,
) -> None:
    """Store articles from files and folders; a bad file is logged and the others are stored."""
    repository = open_repository(db)
    files = article_files(paths)
    with _progress("ingesting", len(files)) as advance:
        report = ingest_paths(repository, paths, source=source, progress=advance)
    for error in report.errors:
        errors.print(f"[yellow]skipped[/] {escape(str(error))}")
    errors.print(
        f"stored {report.added} new articles "
        f"({report.duplicates} already stored, {len(report.errors)} skipped)"
    )
    if report.every_input_failed:
        fail("every input failed: nothing was stored")  # non-zero, so that cron and systemd see it
    if not no_stories:
        _update(repository)


def add_feed_command(
    url: Annotated[str, typer.Argument(help="RSS, Atom or JSON Feed URL.")],
    title: Annotated[str | None, typer.Option(help="A name for the feed.")] = None,
    db: Database = None,
) -> None:
    """Follow a feed (it is fetched by `quickread fetch` and `quickread watch`)."""
    try:
        url = checked_url(url, "feed URL")
    except InputError as error:
        fail(escape(str(error)))
    feed = open_repository(db).add_feed(url, title)
    errors.print(f"following {escape(feed.url)} (feed {feed.id})")


def remove_feed_command(
    url: Annotated[str, typer.Argument(help="The feed URL, as `quickread status` lists it.")],
    db: Database = None,
) -> None:
    """Stop following a feed; the articles already read from it stay."""
    feed = open_repository(db).remove_feed(url)
    if feed is None:
        fail(f"{escape(url)}: no feed with this URL is followed")
    errors.print(f"no longer following {escape(url)}")


def import_opml_command(
    file: Annotated[Path, typer.Argument(help="OPML file exported by a feed reader.")], db: Database = None
) -> None:
    """Follow every feed listed in an OPML file."""
    try:
        subscriptions = read_opml(file)
    except InputError as error:
        fail(str(error))
    repository = open_repository(db)
    for subscription in subscriptions:
        try:
            repository.add_feed(checked_url(subscription.url, "feed URL"), subscription.title)
        except InputError as error:
            errors.print(f"[yellow]skipped[/] {escape(str(error))}")
    errors.print(f"{len(subscriptions)} feeds in {file}; following {repository.counts().feeds} in all")


def export_opml_command(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    db: Database = None,
) -> None:
    """Print the followed feeds as OPML."""
    feeds = open_repository(db).feeds()
    write_text(write_opml([Subscription(feed.url, feed.title) for feed in feeds]), output)


def fetch_command(
    db: Database = None,
    allow_private_addresses: AllowPrivate = False,
    host_delay: HostDelay = 1.0,
    no_stories: NoStories = False,
) -> None:
    """Fetch every feed once, store new articles and bring stories up to date."""
    repository = open_repository(db)
    stop = StopSignal()
    with _stop_on_interrupt(stop):
        report = _fetch_pass(repository, _policy(allow_private_addresses, host_delay), stop, not no_stories)
    if report.feeds and all(outcome.status == "error" for outcome in report.feeds):
        fail(
            f"every feed failed ({len(report.feeds)} of {len(report.feeds)})"
        )  # non-zero for cron and systemd


def watch_command(
    every: Annotated[float, typer.Option(min=0.01, help="Minutes between two passes.")] = 15.0,
    passes: Annotated[int, typer.Option(min=0, help="Stop after N passes (0: until Ctrl-C).")] = 0,
    db: Database = None,
    allow_private_addresses: AllowPrivate = False,
    host_delay: HostDelay = 1.0,
) -> None:
    """Fetch every N minutes until stopped; Ctrl-C stops after the current item (twice: at once)."""
    repository = open_repository(db)
    stop = StopSignal()
    policy = _policy(allow_private_addresses, host_delay)
    done = 0
    with _stop_on_interrupt(stop):
        while not stop.requested:
            _fetch_pass(repository, policy, stop, True)
            done += 1
            if passes and done >= passes:
                break
            errors.print(f"next pass in {every:g} min (Ctrl-C to stop)")
            deadline = time.monotonic() + every * 60
            while not stop.requested and time.monotonic() < deadline:
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
    errors.print("stopped" if stop.requested else f"done after {done} passes")


def status_command(db: Database = None, format: FormatOption = OutputFormat.TEXT) -> None:
    """Counts of articles, stories and feeds, and the inputs whose last attempt failed."""
    repository = open_repository(db)
    counts = repository.counts()
    problems = repository.recent_errors()
    stale = len(repository.stale_stories())
    if format is OutputFormat.JSON:
        document: dict[str, Any] = {
            "articles": counts.articles,
            "stories": counts.stories,
            "feeds": counts.feeds,
            "stories_awaiting_digest": stale,
            "errors": [
                {
                    "url": e.url,
                    "kind": e.kind,
                    "status": e.status,
                    "reason": e.reason,
                    "http_status": e.http_status,
                    "at": e.at.isoformat(),
                }
                for e in problems
            ],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    lines = [f"{counts.articles} articles, {counts.stories} stories, {counts.feeds} feeds"]
    if stale:
        lines.append(f"{stale} stories awaiting a new digest")
    lines += [f"{e.at:%Y-%m-%d %H:%M} {e.kind} {e.url}: {e.reason}" for e in problems]
    sys.stdout.write("\n".join(lines) + "\n")


def search_command(
    query: Annotated[str, typer.Argument(help="Words to look for (all must match).")],
    limit: Annotated[int, typer.Option(min=1)] = 20,
    db: Database = None,
    format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Full-text search over stories and articles."""
    repository = open_repository(db)
    try:
        stories = repository.search_stories(query, limit)
        articles = repository.search_articles(query, limit)
    except SearchError as error:
        fail(escape(str(error)))
    if format is OutputFormat.JSON:
        document = {
            "query": query,
            "stories": [
                {"story": s.key, "headline": s.headline, "articles": s.article_count} for s in stories
            ],
            "articles": [
                {"id": a.key, "title": a.title, "source": a.source, "url": a.url, "story": a.story_key}
                for a in articles
            ],
        }
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return
    lines = [f"story {s.key}  {s.headline} ({_articles(s.article_count)})" for s in stories]
    lines += [f"article {a.key}  {a.title} — {a.source} (story {a.story_key or '-'})" for a in articles]
    sys.stdout.write("\n".join(lines or [f"nothing matches {query!r}"]) + "\n")


def stories_command(
    limit: Annotated[int, typer.Option(min=1)] = 20,
    db: Database = None,
    format: FormatOption = OutputFormat.TEXT,
) -> None:
    """The most recently updated stories."""
    stories = open_repository(db).stories(limit)
    if format is OutputFormat.JSON:
        rows = [
            {
                "story": s.key,
                "headline": s.headline,
                "articles": s.article_count,
                "updated_at": s.updated_at.isoformat(),
            }
            for s in stories
        ]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    sys.stdout.write("".join(f"{s.key}  {s.headline} ({_articles(s.article_count)})\n" for s in stories))


def show_command(
    story: Annotated[
        str, typer.Argument(help="Story id, as printed by `quickread list-stories` or `search`.")
    ],
    version: Annotated[int | None, typer.Option(min=1, help="An earlier digest version.")] = None,
    db: Database = None,
    format: FormatOption = OutputFormat.TEXT,
) -> None:
    """A story's digest (the latest version unless --version is given) and what changed in it."""
    repository = open_repository(db)
    if repository.story(story) is None:
        fail(f"{story}: no such story")
    successor = repository.story_successor(story)
    if successor is not None:  # as the site answers 301: the articles are in that story now
        errors.print(f"{story} was merged into {successor}; showing {successor}", markup=False)
        story = successor
    found = repository.digest_version(story, version)
    if found is None:
        fail(f"{story}: no digest version {version}" if version else f"{story}: no digest yet (run fetch)")
        return
    document = json.loads(found.digest)
    thread = repository.story_thread(story, NEIGHBOURS)
    if format is OutputFormat.JSON:
        payload = {
            "story": story,
            "version": found.version,
            "created_at": found.created_at.isoformat(),
            "what_changed": found.what_changed,
            "digest": document,
            "thread": {
                "earlier": [entry.to_json() for entry in thread.earlier],
                "later": [entry.to_json() for entry in thread.later],
            },
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    lines = [
        f"# {found.headline}",
        "",
        f"Version {found.version}, {found.created_at:%Y-%m-%d %H:%M} UTC — {found.what_changed}",
        "",
        str(document.get("lede", "")),
        "",
    ]
    for point in document.get("key_points", []):
        if point.get("continues") and lines[-1].startswith("- "):
            lines[-1] += f" {point.get('text', '')}"  # the sentence leans on the point before it
        else:
            lines.append(f"- {point.get('text', '')}")
    for title, entries in (
        ("Earlier in this thread", thread.earlier),
        ("Later in this thread", thread.later),
    ):
        if entries:
            lines += ["", f"{title}:"]
            lines += [
                f"- {e.date.isoformat()}  {e.headline} ({e.key}, {_sources(e.source_count)})" for e in entries
            ]
    lines += [
        "",
        "Sources: " + "; ".join(f"{a.get('source')}: {a.get('title')}" for a in document["articles"]),
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def _sources(count: int) -> str:
    return f"{count} source" if count == 1 else f"{count} sources"


def _fetch_pass(
    repository: SqlRepository, policy: FetchPolicy, stop: StopSignal, stories: bool
) -> FetchReport:
    feeds = repository.counts().feeds
    with Fetcher(policy) as fetcher, _progress("fetching feeds", feeds) as advance:
        report = fetch_all_feeds(repository, fetcher, progress=advance, stop=stop)
    _print_fetch(report)
    if stories and not stop.requested:
        _update(repository, stop)
    return report


def _update(repository: SqlRepository, stop: StopSignal | None = None) -> None:
    with _progress("updating stories", None) as advance:
        report: UpdateReport = update_stories(
            repository,
            load_assigner(repository),
            digester=story_digester(load_models()),
            progress=advance,
            stop=stop,
        )
    errors.print(
        f"{report.assigned} articles placed in stories; {report.versions} digests rebuilt"
        + (f"; {report.failed} failed (see `quickread status`)" if report.failed else "")
    )


def _print_fetch(report: FetchReport) -> None:
    for outcome in report.feeds:
        if outcome.status in ("error", "partial"):
            errors.print(
                f"[yellow]{outcome.status}[/] {escape(outcome.url)}: {escape('; '.join(outcome.problems))}"
            )
    errors.print(f"{report.added} new articles from {len(report.feeds)} feeds")


def _policy(allow_private: bool, host_delay: float) -> FetchPolicy:
    return FetchPolicy(allow_private_addresses=allow_private, per_host_delay_s=host_delay)


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Any]:
    columns = [
        SpinnerColumn(),
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    ]
    with Progress(*columns, console=errors, transient=True) as progress:
        task = progress.add_task("", total=total)

        def advance(item: str) -> None:
            progress.update(task, advance=1, description=escape(item[-60:]))

        yield advance


@contextmanager
def _stop_on_interrupt(stop: StopSignal) -> Iterator[None]:
    """First Ctrl-C: finish the current item, then stop. Second: stop at once (each item is one commit)."""

    def handle(_signum: int, _frame: FrameType | None) -> None:
        if stop.requested:
            raise KeyboardInterrupt
        stop.request()
        errors.print("stopping after the current item (Ctrl-C again to stop now)")

    previous = signal.signal(signal.SIGINT, handle)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _articles(count: int) -> str:
    return f"{count} article" if count == 1 else f"{count} articles"
