from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import WIKINEWS
from quickread.cli import app

runner = CliRunner()
KILLED = str(WIKINEWS / "soleimani-killed.txt")
VOTE = str(WIKINEWS / "iraq-parliament-vote.txt")


def test_digest_prints_markdown() -> None:
    result = runner.invoke(app, ["digest", KILLED, VOTE])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# United States military kills Qasem Soleimani")
    assert "## Quick Read" in result.stdout


def test_digest_json_and_html_formats(tmp_path: Path) -> None:
    result = runner.invoke(app, ["digest", KILLED, VOTE, "--format", "json"])
    document = json.loads(result.stdout)
    assert document["headline"] and document["key_points"][0]["citations"]
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["digest", KILLED, "--format", "html", "--output", str(out)])
    assert result.exit_code == 0 and out.read_text().startswith("<!DOCTYPE html>")


def test_bad_input_fails_with_its_name_and_skip_bad_digests_the_rest(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(app, ["digest", KILLED, str(empty)])
    assert result.exit_code == 1
    assert str(empty) in result.stderr and "empty input" in result.stderr
    result = runner.invoke(app, ["digest", KILLED, str(empty), str(tmp_path / "missing.txt"), "--skip-bad"])
    assert result.exit_code == 0
    assert "skipped" in result.stderr and "missing.txt: no such file" in result.stderr
    assert result.stdout.startswith("# United States military")


def test_digest_reads_stdin() -> None:
    result = runner.invoke(app, ["digest", "-", "--source", "Desk"], input=Path(VOTE).read_text())
    assert result.exit_code == 0, result.output
    assert "Desk has the story:" in result.stdout


def test_batch_digest_respects_the_budget_and_skips_bad_clusters(tmp_path: Path) -> None:
    killed = Path(KILLED).read_text().split("\n", 1)[1]
    vote = Path(VOTE).read_text().split("\n", 1)[1]
    records = [
        json.dumps({"id": "c1", "documents": [killed, vote]}),
        "{not json",
        json.dumps({"id": "c3", "documents": []}),
        json.dumps({"id": "c4", "articles": [json.loads((WIKINEWS / "soleimani-killed.json").read_text())]}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(records) + "\n")
    target = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch-digest", str(source), str(target), "--max-words", "60"])
    assert result.exit_code == 0, result.output
    assert "line 2: malformed JSON" in result.stderr and "line 3" in result.stderr
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["c1", "c4"]
    for line in lines:
        words = len(line["lede"].split()) + sum(len(p["text"].split()) for p in line["key_points"])
        assert words <= 60
        assert {"headline", "lede", "key_points"} <= line.keys()
