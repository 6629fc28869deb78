"""Thread links on real texts: the Congress press releases of 2019 Q1 and Wikinews 2019-2020, each article its
own story (the demo groups some of them; the links between single releases are the hardest case: no story
centroid smooths an office's furniture away). A link needs the same bill, or two of the same rare names,
in both stories' headlines or openings."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from pathlib import Path

import pytest

from conftest import DEMO_CORPUS, REPO
from quickread.group.threads import (
    NEIGHBOURS,
    THREAD_DAYS,
    ThreadLink,
    ThreadStory,
    thread_article,
    thread_links,
)
from quickread.ingest.files import read_articles
from quickread.model import Article
from quickread.text.article import build_article

CONGRESS = REPO / "demo" / "congress_press_2019q1" / "articles.jsonl.gz"


def _stories(path: Path) -> dict[str, ThreadStory]:
    """Each dated article as a story of its own (the corpus repeats three ids: the first copy is kept)."""
    stories: dict[str, ThreadStory] = {}
    for article in read_articles(path):
        if article.date is not None and article.id not in stories:
            stories[article.id] = _story(article.id, article)
    return stories


def _story(key: str, *articles: Article) -> ThreadStory:
    dates = [article.date for article in articles if article.date is not None]
    return ThreadStory(key, min(dates), tuple(thread_article(a) for a in articles))


@pytest.fixture(scope="module")
def congress() -> dict[str, ThreadStory]:
    return _stories(CONGRESS)


@pytest.fixture(scope="module")
def congress_links(congress: dict[str, ThreadStory]) -> list[ThreadLink]:
    started = time.monotonic()
    links = thread_links(list(congress.values()))
    assert time.monotonic() - started < 15  # 1.1 s on 2 busy cores for 2,245 stories
    return links


@pytest.fixture(scope="module")
def wikinews() -> dict[str, ThreadStory]:
    return _stories(DEMO_CORPUS)


@pytest.fixture(scope="module")
def wikinews_links(wikinews: dict[str, ThreadStory]) -> list[ThreadLink]:
    return thread_links(list(wikinews.values()))


def _pairs(links: list[ThreadLink]) -> set[tuple[str, str]]:
    return {(link.earlier, link.later) for link in links}


def _shared(links: list[ThreadLink]) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(link.earlier, link.later): link.shared for link in links}


def test_a_bill_links_its_stages_across_offices(congress_links: list[ThreadLink]) -> None:
    # H.R. 840, the Veterans' Access to Child Care Act: Elise Stefanik's release on it (8 February), then
    # Hal Rogers' on its House passage (11 February); S. 47, the lands package: Richard Burr on the House
    # passage (27 February), then on the President signing it (12 March).
    shared = _shared(congress_links)
    assert shared[
        ("congress-2019-02-08-elise-stefanik-ee5c26ef", "congress-2019-02-11-hal-rogers-9a4eed97")
    ] == ("H.R. 840",)
    assert shared[
        ("congress-2019-02-27-richard-burr-5142a649", "congress-2019-03-12-richard-burr-8ca1f1d2")
    ] == ("S. 47",)


def test_a_bill_is_one_bill_however_it_is_written(congress: dict[str, ThreadStory]) -> None:
    # "H.J.Res. 46" (Boyle's release), "H.J. Res. 46" (Beyer's).
    boyle = congress["congress-2019-02-26-brendan-boyle-cb4e029d"].articles[0].central
    beyer = congress["congress-2019-02-27-don-beyer-175ccd81"].articles[0].central
    assert "H.J.Res. 46" in boyle.bills and "H.J.Res. 46" in beyer.bills
    # Sentences of releases: a highway and a count after "U.S." are no Senate bills; "S.Res.19", "HR790".
    article = build_article(
        id="written",
        title="Kind Votes for S.Res.19",
        raw_text="The plan upgrades U.S. 70 to interstate grade. It helps U.S. 80,000 underage kids. "
        "He backs HR790 and H. Con. Res. 7.",
        date=dt.date(2019, 2, 1),
    )
    assert thread_article(article).central.bills == {"S.Res. 19", "H.R. 790", "H.Con.Res. 7"}


def test_two_different_bills_on_one_subject_are_not_linked(congress_links: list[ThreadLink]) -> None:
    # Alcee Hastings on the Keep Americans Safe Act (magazines, 12 February) and Diana DeGette on the Assault
    # Weapons Ban (15 February); Ron Kind's tariff bill with LaHood (31 January) and his Trade Security Act
    # with LaHood (6 February).
    pairs = _pairs(congress_links)
    assert (
        "congress-2019-02-12-alcee-hastings-1e7517ec",
        "congress-2019-02-15-diane-degette-4548f318",
    ) not in pairs
    assert ("congress-2019-01-31-ron-kind-bbe6b54f", "congress-2019-02-06-ron-kind-e4fe3000") not in pairs


def test_offices_unrelated_releases_of_one_kind_are_not_linked(congress_links: list[ThreadLink]) -> None:
    # Fifteen offices announce their own 2019 Congressional Art Competition from 7 February to 15 March.
    competitions = {
        "congress-2019-02-07-brian-babin-cf22ec8d",
        "congress-2019-02-08-david-scott-b0de714e",
        "congress-2019-02-21-jody-hice-748172cd",
        "congress-2019-02-21-sanford-bishop-jr-6e3c1844",
        "congress-2019-02-25-sean-maloney-b04c4b63",
        "congress-2019-03-04-anna-eshoo-2b1da34c",
        "congress-2019-03-11-mark-desaulnier-b2b2b55c",
        "congress-2019-03-12-frank-lucas-56966a7e",
        "congress-2019-03-12-john-katko-45e746d2",
        "congress-2019-03-14-rick-allen-20462cf6",
        "congress-2019-03-15-stephen-lynch-63edeedd",
    }
    assert not {pair for pair in _pairs(congress_links) if set(pair) & competitions}


def test_links_are_bounded_ordered_and_never_same_day(
    congress: dict[str, ThreadStory], congress_links: list[ThreadLink]
) -> None:
    assert 20 < len(congress_links) < 200  # 53: precision first, about one release in thirty is in a thread
    for link in congress_links:
        gap = (congress[link.later].first_date - congress[link.earlier].first_date).days
        assert 0 < gap <= THREAD_DAYS
        assert link.earlier != link.later and link.shared
    assert max(Counter(link.earlier for link in congress_links).values()) <= NEIGHBOURS
    assert max(Counter(link.later for link in congress_links).values()) <= NEIGHBOURS
    dates = [(congress[link.later].first_date, congress[link.earlier].first_date) for link in congress_links]
    assert dates == sorted(dates)


def test_wikinews_links_a_storm_to_itself_and_not_to_the_next_storm(wikinews_links: list[ThreadLink]) -> None:
    # Dorian makes landfall in the Bahamas (1 September 2019), leaves destruction there (5 September);
    # Humberto becomes a hurricane (16 September), strengthens near Bermuda (19 September).
    shared = _shared(wikinews_links)
    dorian = ("wikinews-2019-09-01-c77aaa17", "wikinews-2019-09-05-adb763de")
    humberto = ("wikinews-2019-09-16-0ecd0b02", "wikinews-2019-09-19-69515c9b")
    assert shared[dorian] == ("bahamas", "dorian")
    assert {"humberto", "bermuda"} <= set(shared[humberto])
    assert not {(a, b) for a in dorian for b in humberto} & set(shared)


def test_wikinews_interviews_of_different_candidates_are_not_linked(wikinews_links: list[ThreadLink]) -> None:
    # Six interviews by one reporter in ten days of October 2020: a series, not one matter.
    assert not [link for link in wikinews_links if link.earlier.startswith("wikinews-2020-10")]
    assert len(wikinews_links) < 30  # 9 in 293 articles


def test_the_same_story_given_twice_is_refused_by_key(congress: dict[str, ThreadStory]) -> None:
    story = next(iter(congress.values()))
    with pytest.raises(ValueError, match=f"thread stories given twice: \\['{story.key}'\\]"):
        thread_links([story, story])


def test_a_story_without_articles_is_refused_by_key() -> None:
    with pytest.raises(ValueError, match=r"thread stories without articles: \['empty'\]"):
        thread_links([ThreadStory("empty", dt.date(2019, 1, 1), ())])


def test_two_copies_of_one_release_a_day_apart_link_but_not_beyond_the_thread_window(
    congress: dict[str, ThreadStory],
) -> None:
    release = congress["congress-2019-02-08-elise-stefanik-ee5c26ef"]
    background = [s for s in congress.values() if s.first_date.month == 2 and s.key != release.key][:300]
    again = ThreadStory("again", release.first_date + dt.timedelta(days=1), release.articles)
    late = ThreadStory("late", release.first_date + dt.timedelta(days=THREAD_DAYS + 1), release.articles)
    pairs = _pairs(thread_links([*background, release, again, late]))
    assert (release.key, "again") in pairs
    assert (release.key, "late") not in pairs
