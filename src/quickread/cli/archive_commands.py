"""`quickread archive` (whole archives on Dask: Parquet tables and a report in DIR) and `quickread
archive-import` (those tables into the database that `quickread serve` shows)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import Progress, TaskID

from quickread.archive.options import ArchiveOptions, ArchiveOutput
from quickread.cli.newsroom_commands import Database, FormatOption, OutputFormat, open_repository
from quickread.cli.output import errors, fail, progress_bar

_INSTALL_HINT = "the archive needs the `archive` extra: pip install 'quickread[archive]'"


class _Bars:
    """One progress bar per stage on stderr (archive.job.StageProgress)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: TaskID | None = None

    def start(self, stage: str, total: int) -> None:
        self.task = self.progress.add_task(stage, total=total)

    def advance(self) -> None:
        if self.task is not None:
            self.progress.advance(self.task)

    def finish(self) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = None


def archive_command(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Archive files: JSON Lines (.jsonl, .jsonl.gz), Parquet, WARC (.warc, .warc.gz), folders.",
            exists=True,
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the Parquet tables and report.json.")],
    workers: Annotated[
        int | None, typer.Option(min=1, help="Worker processes of the local cluster (default: one per CPU).")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="A running Dask scheduler (tcp://host:8786) instead of a local cluster."),
    ] = None,
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="First day kept.")] = None,
    until: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day kept.")] = None,
    window_days: Annotated[
        int, typer.Option(min=7, help="Days of one story-grouping window (each also reads 7 days each side).")
    ] = 14,
    output: Annotated[
        ArchiveOutput,
        typer.Option(
            help="quick-reads: every story and its Quick Read; stories: the stories alone (cheaper)."
        ),
    ] = ArchiveOutput.QUICK_READS,
    format: FormatOption = OutputFormat.TEXT,
) -> None:
    """Group a whole archive into stories and write every story's Quick Read, on Dask (resumable)."""
    if importlib.util.find_spec("distributed") is None or importlib.util.find_spec("pyarrow") is None:
        fail(_INSTALL_HINT)
    if workers is not None and scheduler is not None:
        fail("give --workers (a local cluster) or --scheduler (a running one), not both")
    from quickread.archive.cluster import dask_client, has_dashboard
    from quickread.archive.inputs import input_kind
    from quickread.archive.job import run_archive
    from quickread.ingest.errors import InputError

    files = _archive_files(inputs)
    for file in files:
        try:
            input_kind(file)
        except InputError as error:
            fail(str(error))
    if not files:
        fail("no archive files in the inputs given")
    options = ArchiveOptions(
        since=since.date() if since else None,
        until=until.date() if until else None,
        window_days=window_days,
        output=output,
    )
    with dask_client(workers, scheduler) as client:
        if has_dashboard():
            errors.print(f"Dask dashboard: {client.dashboard_link}")
        with progress_bar() as progress:
            report = run_archive(files, out, client, options, _Bars(progress))
    summary = report.to_json()
    if format is OutputFormat.JSON:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_report(summary, out)


def _archive_files(inputs: list[Path]) -> list[Path]:
    from quickread.archive.inputs import input_kind
    from quickread.ingest.errors import InputError

    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                try:
                    input_kind(child)
                except InputError:
                    continue  # a folder's other files (README, notices) are not archive inputs
                files.append(child)
        else:
            files.append(path)
    return files


def _print_report(summary: dict[str, Any], out: Path) -> None:
    errors.print(
        f"{summary['articles']:,} articles from {summary['inputs']} inputs "
        f"({summary['skipped']:,} records skipped, {summary['outside_dates']:,} outside the dates); "
        f"{summary['copies']:,} copies; {summary['stories']:,} stories "
        f"({summary['multi_article_stories']:,} with several articles); {summary['digests']:,} Quick Reads"
        + (f"; {len(summary['failed_digests'])} failed" if summary["failed_digests"] else "")
    )
    for reason, count in list(summary["skipped_by_reason"].items())[:10]:
        errors.print(f"  skipped {count:,}: {escape(reason)}")
    timings = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in summary["seconds"].items())
    errors.print(f"stages: {timings}")
    if summary["resumed"]:
        errors.print(f"resumed from the last run: {', '.join(summary['resumed'])}")
    errors.print(f"wrote {out}/ (articles, stories, memberships, digests: Parquet; report.json)")


def archive_import_command(
    folder: Annotated[Path, typer.Argument(help="The --out folder of a finished `quickread archive` run.")],
    db: Database = None,
) -> None:
    """Import an archive run's stories and Quick Reads into the database that `quickread serve` shows."""
    if importlib.util.find_spec("pyarrow") is None:
        fail(_INSTALL_HINT)
    from quickread.archive.importer import ArchiveImportError, import_archive

    repository = open_repository(db)
    parts = len(list((folder / "digests").glob("part-*.parquet")))
    try:
        with progress_bar() as progress:
            task = progress.add_task("importing", total=parts)
            imported = import_archive(folder, repository, progress=lambda _n: progress.advance(task))
    except ArchiveImportError as error:
        fail(str(error))
        return
    errors.print(
        f"imported {imported.articles:,} articles ({imported.not_stored:,} already stored), "
        f"{imported.stories:,} stories, {imported.digests:,} Quick Reads, "
        f"{imported.thread_links:,} thread links"
    )
