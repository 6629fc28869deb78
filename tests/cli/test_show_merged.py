"""`quickread show` on a story that was merged into another: it says so and shows the live story, as the
site answers 301."""

from __future__ import annotations

import json
from pathlib import Path

from tests.store.test_story_moves import assignment
from typer.testing import CliRunner

from quickread.cli import app
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article


def test_show_of_a_merged_story_names_the_story_it_went_into(tmp_path: Path) -> None:
    db = tmp_path / "quickread.db"
    engine = open_database(f"sqlite:///{db}")
    repository = SqlRepository(engine)
    words = {"a1": "Ferry sinks off the coast", "a2": "Divers search the ferry wreck"}
    repository.add_articles(
        [
            IncomingArticle(build_article(id=key, raw_text=f"{text}. It was reported on Monday.", title=text))
            for key, text in words.items()
        ]
    )
    repository.save_assignment(assignment({"a1": "s1", "a2": "s2"}))
    repository.save_assignment(assignment({}, ended={"s2": "s1"}))
    for story in repository.stale_stories():
        repository.add_digest_version(
            story.key,
            article_count=story.article_count,
            headline=story.headline,
            what_changed="First",
            digest=json.dumps({"of": story.key}),
            revision=story.revision,
        )
    engine.dispose()
    result = CliRunner().invoke(app, ["show", "s2", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "s2 was merged into s1; showing s1" in result.output
    payload = json.loads(result.stdout[result.stdout.index("{") :])
    assert payload["story"] == "s1" and payload["digest"] == {"of": "s1"}
    missing = CliRunner().invoke(app, ["show", "s9", "--db", str(db)])
    assert missing.exit_code != 0 and "s9: no such story" in missing.output


def test_show_lists_the_stories_of_the_thread(tmp_path: Path) -> None:
    import datetime as dt

    from quickread.store.repository import StoryLink

    db = tmp_path / "quickread.db"
    engine = open_database(f"sqlite:///{db}")
    repository = SqlRepository(engine)
    reports = {
        "a1": ("The House passed H.R. 8 on background checks", dt.date(2019, 2, 27)),
        "a2": ("The Senate took up H.R. 8 on background checks", dt.date(2019, 3, 5)),
    }
    repository.add_articles(
        [
            IncomingArticle(
                build_article(id=key, raw_text=f"{text}. It was reported today.", title=text, date=day)
            )
            for key, (text, day) in reports.items()
        ]
    )
    repository.save_assignment(assignment({"a1": "s1", "a2": "s2"}))
    for story in repository.stale_stories():
        repository.add_digest_version(
            story.key,
            article_count=story.article_count,
            headline=story.headline,
            what_changed="First",
            digest=json.dumps({"lede": "", "key_points": [], "articles": []}),
            revision=story.revision,
        )
    repository.replace_story_links(["s1", "s2"], [StoryLink("s1", "s2", 0.6)])
    engine.dispose()
    shown = CliRunner().invoke(app, ["show", "s2", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "Earlier in this thread:\n- 2019-02-27  Story s1 (s1, 1 source)" in shown.stdout
    as_json = CliRunner().invoke(app, ["show", "s1", "--db", str(db), "--format", "json"])
    thread = json.loads(as_json.stdout)["thread"]
    assert thread == {
        "earlier": [],
        "later": [{"id": "s2", "headline": "Story s2", "date": "2019-03-05", "sources": 1}],
    }
