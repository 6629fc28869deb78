"""`quickread group` and `quickread stories` on Wikinews articles (CC BY 2.5), bad lines mixed in."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from conftest import DEMO_CORPUS, require
from quickread.cli import app


def feed(tmp_path: Path) -> Path:
    lines = require(DEMO_CORPUS, "Wikinews demo corpus").read_text(encoding="utf-8").splitlines()[:12]
    bad = [
        '{"id": "empty", "text": "  "}',
        "{not json",
        '{"text": "An article without an id."}',
        lines[0],  # duplicate id
        json.dumps(
            {
                "id": "fr",
                "text": "Le gouvernement a annoncé mardi une réforme des retraites qui sera "
                "présentée au Parlement dans les prochaines semaines, selon le ministre du Travail à Paris.",
            }
        ),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines[:6] + bad + lines[6:]) + "\n", encoding="utf-8")
    return path


def test_group_writes_one_line_per_input_line_and_names_bad_lines(tmp_path: Path) -> None:
    source = feed(tmp_path)
    result = CliRunner().invoke(app, ["group", str(source), str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(rows) == 17
    assert [row["story"] is None for row in rows].count(True) == 5
    assert rows[6] == {"id": "empty", "story": None, "error": 'empty or missing "text"'}
    assert rows[9]["story"] is None and "duplicate id" in rows[9]["error"]
    for line, words in (
        (7, "line 7: empty"),
        (8, "line 8: malformed JSON"),
        (9, 'line 9: missing "id"'),
        (11, "line 11: not English"),
    ):
        assert words in result.output, line


def test_group_json_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["group", str(feed(tmp_path)), str(tmp_path / "s.json"), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    stories = json.loads((tmp_path / "s.json").read_text())["stories"]
    assert sum(len(story["article_ids"]) for story in stories) == 12
    assert all(story["first_date"] <= story["last_date"] for story in stories)


def test_digest_stories_writes_one_quick_read_per_story(tmp_path: Path) -> None:
    lines = require(DEMO_CORPUS, "Wikinews demo corpus").read_text(encoding="utf-8").splitlines()[:4]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["stories", str(tmp_path), "--format", "json", "-o", str(tmp_path / "out.json")]
    )
    assert result.exit_code == 0, result.output
    stories = json.loads((tmp_path / "out.json").read_text())["stories"]
    assert sum(len(story["article_ids"]) for story in stories) == 4
    assert all(story["digest"] for story in stories)


def test_digest_stories_numbers_a_repeated_id_and_says_so(tmp_path: Path) -> None:
    # two different Wikinews articles exported under one id (the congress demo has such records): both are
    # read, the second under a numbered id, and the warning names both ids
    first, second = require(DEMO_CORPUS, "Wikinews demo corpus").read_text(encoding="utf-8").splitlines()[:2]
    repeated = json.dumps(json.loads(second) | {"id": json.loads(first)["id"]})
    (tmp_path / "in.jsonl").write_text(f"{first}\n{repeated}\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["stories", str(tmp_path / "in.jsonl"), "--format", "json", "-o", str(tmp_path / "out.json")]
    )
    assert result.exit_code == 0, result.output
    same = json.loads(first)["id"]
    assert f"article id {same!r} is repeated; this one is read as {same + '-2'!r}" in result.output
    stories = json.loads((tmp_path / "out.json").read_text())["stories"]
    assert sorted(i for story in stories for i in story["article_ids"]) == sorted([same, same + "-2"])


def test_digest_stories_points_a_too_big_input_to_the_archive(tmp_path: Path) -> None:
    lines = require(DEMO_CORPUS, "Wikinews demo corpus").read_text(encoding="utf-8").splitlines()[:2]
    (tmp_path / "small.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    big = tmp_path / "big.jsonl"
    with big.open("w", encoding="utf-8") as file:  # just over the 10 MB a single input may hold
        while file.tell() <= 10 * 1024 * 1024:
            file.write(lines[0] + "\n")
    result = CliRunner().invoke(
        app, ["stories", str(tmp_path), "--format", "json", "-o", str(tmp_path / "out.json")]
    )
    assert result.exit_code == 0, result.output
    assert "big.jsonl: over the size limit" in result.output
    assert "skipped; `quickread archive` reads inputs of any size" in result.output
    stories = json.loads((tmp_path / "out.json").read_text())["stories"]
    assert sum(len(story["article_ids"]) for story in stories) == 2  # the small input is still read
