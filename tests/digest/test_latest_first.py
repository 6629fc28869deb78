"""Latest first (issue 12): a story told over several days leads with its newest development.

On real congressional releases (demo/congress_press_2019q1): Congressman Mike Rogers' office announced its
coffee meetings on 2 January, 31 January and 28 February 2019 in releases that differ only in the dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from conftest import DEMO_CORPUS, REPO
from quickread.digest.build import digest
from quickread.digest.latest import newest_development
from quickread.ingest.files import read_articles
from quickread.model import Article
from quickread.render.html import render_html
from quickread.render.json_in import digest_from_json
from quickread.render.json_out import digest_to_json
from quickread.render.markdown import render_markdown
from quickread.text.article import build_article

CONGRESS = REPO / "demo" / "congress_press_2019q1" / "articles.jsonl.gz"
ROGERS = (
    "congress-2019-01-02-mike-rogers-8e7faaf9",
    "congress-2019-01-31-mike-rogers-63b7396f",
    "congress-2019-02-28-mike-rogers-97ffbb68",
)


def _congress(ids: tuple[str, ...]) -> list[Article]:
    found: dict[str, Article] = {}
    for article in read_articles(CONGRESS):
        found.setdefault(article.id, article)
    return [found[i] for i in ids]


@pytest.fixture(scope="module")
def rogers() -> list[Article]:
    return _congress(ROGERS)


def test_the_lede_comes_from_the_newest_release(rogers: list[Article]) -> None:
    result = digest(rogers)
    assert {c.article_id for c in result.lede[0].citations[:1]} == {ROGERS[2]}


def test_points_of_earlier_days_are_marked_and_come_after_the_new_ones(rogers: list[Article]) -> None:
    result = digest(rogers)
    marks = [point.earlier for point in result.key_points]
    assert any(marks) and not all(marks)
    assert marks == sorted(marks), "every new point comes before every earlier one"
    texts = {point.text: point.earlier for point in result.key_points}
    assert texts.get("The dates for the March meetings are: 6th, 13th and 27th.") is False
    assert texts.get("The dates for the January meetings are: 9th and 16th.") is True
    for point in result.key_points:
        if point.earlier:  # no article of the newest development (27-28 February) states it
            assert all(c.article_id != ROGERS[2] for c in point.citations)


def test_the_mark_is_kept_in_json_and_shown_in_markdown_and_html(rogers: list[Article]) -> None:
    result = digest(rogers)
    document = digest_to_json(result)
    assert document["schema_version"] == "1.3"
    assert [p.get("earlier", False) for p in document["key_points"]] == [p.earlier for p in result.key_points]
    assert digest_from_json(document).key_points == result.key_points
    earlier = sum(bullet[0].earlier for bullet in result.bullets())
    assert render_markdown(result).count("- _Earlier_ · ") == earlier
    assert render_html(result).count('<span class="earlier">Earlier</span>') == earlier


def test_a_story_of_one_or_two_days_has_no_earlier_development(rogers: list[Article]) -> None:
    assert rogers[1].date is not None
    next_day = dataclasses.replace(rogers[2], date=rogers[1].date + dt.timedelta(days=1))
    assert newest_development([rogers[1], next_day]) is None
    result = digest([rogers[1], next_day])
    assert not any(point.earlier for point in result.key_points)
    undated = [dataclasses.replace(a, date=None) for a in rogers]
    assert newest_development(undated) is None


def test_a_titled_story_takes_the_headline_of_its_newest_article() -> None:
    # two real Wikinews articles told as one story a week apart: whichever is newer names the story
    records = [json.loads(line) for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines()[:2]]
    first, second = (
        build_article(id=r["id"], raw_text=r["text"], title=r["title"], source="Wikinews") for r in records
    )
    old, new = dt.date(2020, 1, 1), dt.date(2020, 1, 8)
    assert digest([dataclasses.replace(first, date=old), dataclasses.replace(second, date=new)]).headline == (
        second.title
    )
    assert digest([dataclasses.replace(first, date=new), dataclasses.replace(second, date=old)]).headline == (
        first.title
    )
