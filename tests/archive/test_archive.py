"""The whole archive on a LocalCluster of 2 workers over the demo corpora: the stories and Quick Reads of the
single-process path, a resumed run after a kill, bad records named in the report, and the import that the
web pages show."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from distributed import Client
from fastapi.testclient import TestClient
from tests.archive.demo_corpora import CONGRESS, WIKINEWS_DEMO, first_of_each_id
from typer.testing import CliRunner

from quickread.analyze.models import load_models
from quickread.archive.cluster import dask_client
from quickread.archive.importer import import_archive
from quickread.archive.job import ArchiveReport, run_archive
from quickread.archive.options import ArchiveOptions, ArchiveOutput
from quickread.cli import app
from quickread.group.grouping import group
from quickread.ingest.files import read_articles
from quickread.newsroom.threads import update_threads
from quickread.pipeline import quick_read
from quickread.render.json_out import digest_to_json
from quickread.serve.app import create_app
from quickread.store.database import open_database
from quickread.store.sql_repository import SqlRepository

ROOT = Path(__file__).parents[2]
WIKINEWS = WIKINEWS_DEMO


class Silent:
    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self) -> None:
        pass

    def finish(self) -> None:
        pass


@dataclass(frozen=True)
class Run:
    out: Path
    report: ArchiveReport


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with dask_client(workers=2) as started:
        yield started


def tables(out: Path) -> dict[str, list[dict[str, Any]]]:
    return {
        table: sorted(pq.read_table(out / table).to_pylist(), key=lambda row: json.dumps(row, default=str))
        for table in ("articles", "stories", "memberships", "digests")
    }


@pytest.fixture(scope="module")
def demo_stories(client: Client, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Both demo corpora, stories only, in windows of 7 days (so that stories are stitched across many)."""
    out = tmp_path_factory.mktemp("archive") / "demo"
    options = ArchiveOptions(window_days=7, output=ArchiveOutput.STORIES)
    return Run(out, run_archive([CONGRESS, WIKINEWS], out, client, options, Silent()))


@pytest.fixture(scope="module")
def wikinews_quick_reads(client: Client, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out = tmp_path_factory.mktemp("archive") / "wikinews"
    return Run(out, run_archive([WIKINEWS], out, client, ArchiveOptions(), Silent()))


def test_the_stories_of_both_demo_corpora_are_those_of_the_single_process(demo_stories: Run) -> None:
    articles = first_of_each_id(read_articles(CONGRESS) + read_articles(WIKINEWS))
    expected = {
        story.id: (tuple(story.article_ids), story.headline, story.independent_sources, len(story.copies))
        for story in group(articles)
    }
    found = tables(demo_stories.out)
    members: dict[str, list[tuple[int, str]]] = {}
    for row in found["memberships"]:
        members.setdefault(row["story_id"], []).append((row["position"], row["article_id"]))
    copies = {row["id"]: 0 for row in found["stories"]}
    for row in found["memberships"]:
        copies[row["story_id"]] += row["copy_of"] is not None
    archived = {
        row["id"]: (
            tuple(a for _, a in sorted(members[row["id"]])),
            row["headline"],
            tuple(row["independent_sources"]),
            copies[row["id"]],
        )
        for row in found["stories"]
    }
    assert archived == expected
    report = demo_stories.report
    assert report.articles == len(articles) == 2_538 and report.stories == len(expected)
    assert report.copies == 41 and report.digests == 0
    # the demo's source repeats three ids (one of them five times): each later record is named in the report
    repeated = [s for s in report.skipped.first if "mike-thompson-b2cd0ef4" in s.where]
    assert len(repeated) == 4 and {s.input for s in repeated} == {str(CONGRESS)}
    assert dict(report.skipped.by_reason) == {"an earlier article has its id": 6}
    assert len(found["articles"]) == len(articles) and all(row["digest"] is None for row in found["digests"])


def test_the_quick_reads_are_those_of_the_single_process(wikinews_quick_reads: Run) -> None:
    articles = read_articles(WIKINEWS)
    by_id = {a.id: a for a in articles}
    models = load_models()
    digests = {row["story_id"]: row["digest"] for row in tables(wikinews_quick_reads.out)["digests"]}
    stories = group(articles)
    assert len(digests) == len(stories) == wikinews_quick_reads.report.digests
    for story in stories:
        made = quick_read([by_id[a] for a in story.article_ids], models=models, copies=story.copies)
        assert json.loads(digests[story.id]) == json.loads(json.dumps(digest_to_json(made))), story.id


_KILLABLE = """
import sys
from pathlib import Path
from quickread.archive.cluster import dask_client
from quickread.archive.job import run_archive
from quickread.archive.options import ArchiveOptions
class Silent:
    def start(self, stage, total): pass
    def advance(self): pass
    def finish(self): pass
with dask_client(workers=1) as client:
    run_archive([Path(sys.argv[1])], Path(sys.argv[2]), client, ArchiveOptions(block_articles=40), Silent())
"""


def test_a_run_killed_midway_resumes_from_its_finished_parts(
    client: Client, wikinews_quick_reads: Run, tmp_path: Path
) -> None:
    out = tmp_path / "killed"
    job = subprocess.Popen(
        [sys.executable, "-c", _KILLABLE, str(WIKINEWS), str(out)], start_new_session=True, cwd=ROOT
    )
    digested = out / "_work" / "digested"
    deadline = time.monotonic() + 240
    while not (digested.exists() and len(list(digested.iterdir())) >= 2):
        assert job.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "no Quick Read block was finished in 4 minutes"
        time.sleep(0.2)
    os.killpg(job.pid, signal.SIGKILL)  # the job and its cluster, as a crash or `kill -9` would
    job.wait()
    resumed = run_archive([WIKINEWS], out, client, ArchiveOptions(block_articles=40), Silent())
    assert any(stage.startswith("digests (") for stage in resumed.resumed), resumed.resumed
    assert "statistics" in resumed.resumed
    assert tables(out) == tables(wikinews_quick_reads.out)
    again = run_archive([WIKINEWS], out, client, ArchiveOptions(block_articles=40), Silent())
    assert again.resumed == ["all: the run had finished"] and again.digests == resumed.digests


def test_bad_records_are_counted_and_named_and_the_rest_is_read(client: Client, tmp_path: Path) -> None:
    lines = WIKINEWS.read_text(encoding="utf-8").splitlines()[:20]
    broken = tmp_path / "broken.jsonl"
    broken.write_text(
        "\n".join([*lines[:5], '{"id": "x", "title": "no text"}', "not json", *lines[5:]]) + "\n"
    )
    report = run_archive([broken], tmp_path / "out", client, ArchiveOptions(), Silent())
    assert report.articles == 20 and report.records == 20
    assert [(s.where, s.reason) for s in report.skipped.first] == [
        ("line 6", 'no "text" field with the article text'),
        ("line 7", "malformed JSON (Expecting value at column 1)"),
    ]
    saved = json.loads((tmp_path / "out" / "report.json").read_text())
    assert saved["skipped"] == 2 and saved["skipped_records"][0]["input"] == str(broken)


def test_the_command_refuses_an_input_it_cannot_read(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    result = CliRunner().invoke(app, ["archive", str(notes), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert str(notes) in result.stderr


def test_an_imported_archive_is_what_the_site_shows(wikinews_quick_reads: Run, tmp_path: Path) -> None:
    repository = SqlRepository(open_database(f"sqlite:///{tmp_path / 'site.db'}"))
    imported = import_archive(wikinews_quick_reads.out, repository)
    assert (
        imported.articles == 293
        and imported.digests == imported.stories == wikinews_quick_reads.report.digests
    )
    assert repository.stale_stories() == []  # nothing left for the newsroom to digest again
    # the threads are those a newsroom pass over every imported story makes
    keys = sorted(row["id"] for row in tables(wikinews_quick_reads.out)["stories"])
    assert update_threads(repository, keys) == imported.thread_links
    story = tables(wikinews_quick_reads.out)["digests"][0]
    headline = json.loads(story["digest"])["headline"]
    with TestClient(create_app(repository)) as site:
        page = site.get(f"/stories/{story['story_id']}")
        assert page.status_code == 200 and headline.split()[0] in page.text
        listing = site.get("/api/stories").json()
        assert listing["total"] == imported.stories
