"""`quickread serve`: seeding a fresh database once, then handing the app to uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from conftest import WIKINEWS
from quickread.cli import app, serve_commands
from quickread.store.database import open_database
from quickread.store.sql_repository import SqlRepository

THREAD = str(WIKINEWS / "soleimani-thread.jsonl")


def test_seed_once_then_reuse_and_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[dict[str, Any]] = []

    def fake_run(application: FastAPI, **options: Any) -> None:
        served.append({"app": application, **options})

    monkeypatch.setattr(serve_commands.uvicorn, "run", fake_run)
    db = str(tmp_path / "site.db")
    command = ["serve", "--db", db, "--seed", THREAD, "--port", "8123"]
    first = CliRunner().invoke(app, command)
    assert first.exit_code == 0, first.output
    repository = SqlRepository(open_database(f"sqlite:///{db}"))
    counts = repository.counts()
    assert counts.articles == 3 and counts.stories >= 1
    assert repository.stale_stories() == []  # every story has its digest
    versions = {s.key: len(repository.story_versions(s.key)) for s in repository.stories()}
    second = CliRunner().invoke(app, command)
    assert second.exit_code == 0, second.output
    assert "reusing it" in second.output
    assert repository.counts() == counts
    assert {s.key: len(repository.story_versions(s.key)) for s in repository.stories()} == versions
    assert [(call["host"], call["port"]) for call in served] == [("127.0.0.1", 8123)] * 2
    assert isinstance(served[0]["app"], FastAPI)
    assert "http://127.0.0.1:8123/" in first.output
    repository.engine.dispose()
