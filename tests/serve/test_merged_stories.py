"""A story the index merged into another leaves the site: its page and API URLs redirect, for good, to the
story its articles went into (through a chain of merges), and no listing, search or feed shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from quickread.digest.build import digest
from quickread.model import Article
from quickread.newsroom.stories import AssignmentStep, update_stories
from quickread.serve.app import create_app
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.sql_repository import SqlRepository
from quickread.text.article import build_article


def report(key: str, title: str, text: str, day: int) -> Article:
    return build_article(
        id=key,
        raw_text=text,
        title=title,
        source=f"Outlet {key}",
        url=f"https://news.example/{key}",
        date=dt.date(2024, 3, 4) + dt.timedelta(days=day),
    )


FERRY = report(
    "ferry",
    "Ferry sinks off Halmstad",
    "A passenger ferry sank off Halmstad on Monday. Coast guard boats searched the cold water overnight. "
    "Forty people were rescued.",
    0,
)
DIVERS = report(
    "divers",
    "Rescue divers reach wreck",
    "Rescue divers reached the wreck of the Kattegat Star near the harbour. "
    "Survivors were taken to hospital. The divers said the hull was intact.",
    1,
)
BUDGET = report(
    "budget",
    "Parliament passes budget",
    "Lawmakers in Oslo approved the national budget after a long debate. Pensions rise by two percent. "
    "Taxes stay as they were.",
    1,
)
BOTH = report(
    "both",
    "Kattegat Star ferry sank off Halmstad",
    "The ferry Kattegat Star sank off Halmstad. Coast guard boats and rescue divers searched the wreck. "
    "Survivors were taken to hospital.",
    2,
)
INQUIRY = report(
    "inquiry",
    "Inquiry into Kattegat Star sinking",
    "Sweden opened an inquiry into why the ferry Kattegat Star sank. Rescue divers will testify. "
    "The report is due in June.",
    3,
)


class Scripted:
    """A story index whose steps are written out: the second ends the divers' story in the ferry's, the third
    ends the ferry's story in the inquiry's (a chain: divers -> ferry -> inquiry)."""

    name = "scripted"

    def __init__(self) -> None:
        self.steps = [
            AssignmentStep(
                story_of={"ferry": "s-ferry", "divers": "s-divers", "budget": "s-budget"},
                headlines={"s-ferry": FERRY.title, "s-divers": DIVERS.title, "s-budget": BUDGET.title},
            ),
            AssignmentStep(
                story_of={"both": "s-ferry"},
                headlines={"s-ferry": BOTH.title},
                moved={"divers": "s-ferry"},
                ended={"s-divers": "s-ferry"},
            ),
            AssignmentStep(
                story_of={"inquiry": "s-inquiry"},
                headlines={"s-inquiry": INQUIRY.title},
                moved={"ferry": "s-inquiry", "divers": "s-inquiry", "both": "s-inquiry"},
                ended={"s-ferry": "s-inquiry"},
            ),
        ]

    def assign(self, articles: Sequence[Article]) -> AssignmentStep:
        step = self.steps.pop(0)
        assert set(step.story_of) == {a.id for a in articles}
        return step

    def state(self) -> str:
        return f'{{"steps left": {len(self.steps)}}}'


@pytest.fixture
def merged_site(tmp_path: Path) -> Iterator[TestClient]:
    repository = SqlRepository(open_database(f"sqlite:///{tmp_path / 'merged.db'}"))
    index = Scripted()
    for arriving in ([FERRY, DIVERS, BUDGET], [BOTH], [INQUIRY]):
        repository.add_articles([IncomingArticle(a) for a in arriving])
        update_stories(repository, index, digester=digest)
    assert repository.stale_stories() == []
    with TestClient(create_app(repository)) as client:
        yield client
    repository.engine.dispose()


def test_a_merged_story_redirects_for_good_to_the_end_of_its_chain(merged_site: TestClient) -> None:
    for old, new in (
        ("/stories/s-divers", "/stories/s-inquiry"),
        ("/stories/s-ferry?version=1", "/stories/s-inquiry"),
        ("/api/stories/s-divers", "/api/stories/s-inquiry"),
        ("/api/stories/s-ferry/versions", "/api/stories/s-inquiry/versions"),
    ):
        response = merged_site.get(old, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (301, new), old
    page = merged_site.get("/stories/s-divers")
    assert page.status_code == 200 and "Inquiry into Kattegat Star sinking" in page.text
    document = merged_site.get("/api/stories/s-divers").json()
    assert document["story"]["id"] == "s-inquiry"
    assert {a["id"] for a in document["digest"]["articles"]} == {"ferry", "divers", "both", "inquiry"}


def test_a_merged_story_is_in_no_listing_search_or_feed(merged_site: TestClient) -> None:
    listed = [s["id"] for s in merged_site.get("/api/stories").json()["stories"]]
    assert sorted(listed) == ["s-budget", "s-inquiry"]
    front = merged_site.get("/").text
    assert "/stories/s-inquiry" in front
    assert "/stories/s-ferry" not in front and "/stories/s-divers" not in front
    found = merged_site.get("/api/search", params={"q": "divers"}).json()
    assert [s["id"] for s in found["stories"]] == ["s-inquiry"]
    assert {a["story"] for a in found["articles"]} == {"s-inquiry"}
    search_page = merged_site.get("/search", params={"q": "divers"}).text
    assert "/stories/s-inquiry" in search_page and "/stories/s-divers" not in search_page
    for feed in ("/feeds/atom.xml", "/feeds/feed.json", "/feeds/feed.json?q=divers"):
        body = merged_site.get(feed).text
        assert "s-inquiry" in body and "s-ferry" not in body and "s-divers" not in body, feed


def test_the_surviving_story_is_digested_with_the_moved_articles(merged_site: TestClient) -> None:
    versions = merged_site.get("/api/stories/s-inquiry/versions").json()
    assert [(v["version"], v["articles"]) for v in versions] == [(1, 4)]
    article = merged_site.get("/api/articles/divers").json()
    assert (article["story"], article["story_headline"]) == ("s-inquiry", versions[0]["headline"])
