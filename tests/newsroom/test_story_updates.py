"""Stories kept current in a real SQLite file: new articles join stories; digests get versions and a
change line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from conftest import DEMO_CORPUS
from quickread.analyze.models import load_models
from quickread.digest.build import digest
from quickread.ingest.files import read_articles
from quickread.model import Article
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.changes import what_changed
from quickread.newsroom.stories import AssignmentStep, update_stories
from quickread.pipeline import story_digester
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article

FIRST = (
    "Iraq's parliament voted on Sunday to ask the government to expel U.S. troops from the country. "
    "The vote came two days after a U.S. drone strike killed Iranian general Qasem Soleimani in Baghdad. "
    "About 5,000 U.S. troops are stationed in Iraq."
)
SECOND = (
    "Iraq's caretaker prime minister said on Monday the government would act on the parliament vote. "
    "About 5,200 U.S. troops are stationed in Iraq, officials said. "
    "NATO suspended its training mission in the country."
)


class OneStory:
    """A stand-in story index: everything is one story; its state counts the articles it has seen."""

    name = "one-story"

    def __init__(self) -> None:
        self.seen = 0

    def assign(self, articles: Sequence[Article]) -> AssignmentStep:
        self.seen += len(articles)
        return AssignmentStep(
            story_of={a.id: "iraq" for a in articles}, headlines={"iraq": articles[0].title}
        )

    def state(self) -> str:
        return json.dumps({"seen": self.seen})


def test_versions_and_what_changed(tmp_path: Path) -> None:
    repository = SqlRepository(open_database(f"sqlite:///{tmp_path / 'quickread.db'}"))
    first = build_article(
        id="wn-1", raw_text=FIRST, title="Iraq votes to expel U.S. troops", source="Wikinews"
    )
    repository.add_articles([IncomingArticle(first)])
    index = OneStory()
    report = update_stories(repository, index, digester=digest)
    assert (report.assigned, report.versions) == (1, 1)
    v1 = repository.digest_version("iraq")
    assert v1 is not None and v1.version == 1 and v1.what_changed.startswith("First version: 1 article")

    assert update_stories(repository, index, digester=digest).versions == 0  # nothing changed, no new version

    second = build_article(id="bbc-2", raw_text=SECOND, title="Iraq to act on troop vote", source="BBC")
    repository.add_articles([IncomingArticle(second)])
    report = update_stories(repository, index, digester=digest)
    assert (report.assigned, report.versions) == (1, 1)
    v2 = repository.digest_version("iraq")
    assert v2 is not None and v2.version == 2
    assert "1 new article" in v2.what_changed and "new sources: BBC" in v2.what_changed
    assert repository.index_state("one-story") == '{"seen": 2}'
    stored = json.loads(v2.digest)
    assert {a["id"] for a in stored["articles"]} == {"wn-1", "bbc-2"}
    assert "text" not in stored["articles"][0]  # bodies live once, in the articles table
    v1_again = repository.digest_version("iraq", 1)
    assert v1_again is not None and v1_again.digest == v1.digest


def test_what_changed_names_points_figures_and_sources() -> None:
    before = {
        "headline": "H",
        "articles": [{"source": "AP"}],
        "key_points": [{"text": "Troops stay."}],
        "figures": [{"text": "5,000", "unit": "troops"}],
    }
    after = {
        "headline": "H",
        "articles": [{"source": "AP"}, {"source": "Reuters"}],
        "key_points": [{"text": "Troops stay."}, {"text": "NATO suspended its training mission."}],
        "figures": [{"text": "5,200", "unit": "troops"}],
    }
    line = what_changed(before, after)
    assert line == (
        "Updates with 1 new article; 1 new key point (“NATO suspended its training mission.”); "
        "figures changed: troops 5,000 → 5,200; new sources: Reuters."
    )
    assert what_changed(after, after).startswith("Rebuilt; no change")


def _stories_after_passes(tmp_path: Path, articles: list[Article], cuts: list[int]) -> set[tuple[str, ...]]:
    """Feed the articles in passes, restoring the story index from the database before each pass."""
    repository = SqlRepository(open_database(f"sqlite:///{tmp_path / f'passes-{len(cuts)}.db'}"))
    start = 0
    for end in [*cuts, len(articles)]:
        repository.add_articles([IncomingArticle(a) for a in articles[start:end]])
        update_stories(repository, load_assigner(repository), digester=None)
        start = end
    members: dict[str, list[str]] = {}
    for article in articles:
        stored = repository.article(article.id)
        assert stored is not None and stored.story_key is not None
        members.setdefault(stored.story_key, []).append(article.id)
    return {tuple(sorted(ids)) for ids in members.values()}


def test_the_story_index_resumes_from_the_database_as_if_never_stopped(tmp_path: Path) -> None:
    articles = sorted(read_articles(DEMO_CORPUS), key=lambda a: (a.date or dt.date.min, a.id))
    uninterrupted = _stories_after_passes(tmp_path, articles, [])
    restarted = _stories_after_passes(tmp_path, articles, [50, 100, 150, 200, 250])
    assert restarted == uninterrupted
    told_twice = [ids for ids in uninterrupted if len(ids) > 1]
    assert len(told_twice) >= 8  # the demo year's stories of several articles are found at all
    # the Soleimani killing and the Iraqi parliament's vote a day later are one story
    assert any(
        {"wikinews-2020-01-05-4ad5512f", "wikinews-2020-01-06-aafee3e2"} <= set(ids) for ids in told_twice
    )


def test_stored_digests_show_a_republished_copy_once(tmp_path: Path) -> None:
    original = read_articles(DEMO_CORPUS)[0]
    copy = replace(original, id="copy", source="Daily Example", title="BREAKING", url="https://example.org/c")
    repository = SqlRepository(open_database(f"sqlite:///{tmp_path / 'copies.db'}"))
    repository.add_articles([IncomingArticle(original), IncomingArticle(copy)])
    assert repository.counts().articles == 2  # another outlet's copy is stored: it is part of the record
    report = update_stories(repository, load_assigner(repository), digester=story_digester(load_models()))
    assert report.versions == 1
    stored = repository.digest_version(next(iter(s.key for s in repository.stories())))
    assert stored is not None
    document = json.loads(stored.digest)
    assert [c["article_id"] for c in document["copies"]] == ["copy"]
    cited = {c["article"] for p in document["key_points"] for c in p["citations"]}
    assert "copy" not in cited
