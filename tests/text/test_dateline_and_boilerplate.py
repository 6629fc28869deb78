from __future__ import annotations

import pytest

from quickread.text.article import EmptyArticleError, build_article
from quickread.text.boilerplate import is_boilerplate
from quickread.text.dateline import match_dateline


@pytest.mark.parametrize(
    ("opening", "place", "date", "outlet"),
    [
        ("BAGHDAD, Jan 5 (Reuters) – The Iraqi government", "BAGHDAD", "Jan 5", "Reuters"),
        ("BAGHDAD — Iraqi Prime Minister", "BAGHDAD", None, None),
        ("WASHINGTON (AP) — The Senate", "WASHINGTON", None, "AP"),
        ("NEW YORK, March 3 (Reuters) - Stocks fell", "NEW YORK", "March 3", "Reuters"),
        ("ST. PAUL, Minn. (AP) — A judge", "ST. PAUL, Minn.", None, "AP"),
    ],
)
def test_wire_datelines_are_recognised(
    opening: str, place: str, date: str | None, outlet: str | None
) -> None:
    found = match_dateline(opening)
    assert found is not None
    assert (found.dateline.place, found.dateline.date, found.dateline.outlet) == (place, date, outlet)
    assert opening[found.length :][0].isupper()


def test_cnn_credit_is_a_dateline() -> None:
    found = match_dateline("(CNN) -- Gary Locke will be confirmed")
    assert found is not None and found.dateline.outlet == "CNN"


@pytest.mark.parametrize("opening", ["However — this is text", "US officials said", "A — B", "I — me"])
def test_ordinary_openings_are_not_datelines(opening: str) -> None:
    assert match_dateline(opening) is None


def test_dateline_is_stripped_from_the_first_sentence_and_kept_as_metadata() -> None:
    article = build_article(
        id="x", raw_text="BAGHDAD, Jan 5 (Reuters) –\nThe committee met on Friday in the city."
    )
    assert article.sentences[0].text == "The committee met on Friday in the city."
    assert article.dateline is not None and article.dateline.place == "BAGHDAD"
    assert article.source == "Reuters"


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Timour Azhari and Ahmed Rasheed; Editing by William Maclean",
        "Additional reporting by John Smith in London",
        "Read more: How the strike unfolded",
        "Photo: Reuters/Thaier al-Sudani",
        "Reuters has the story:",
        "By Jane Doe, Reuters",
        "Associated Press writer Abby Sewell contributed to this report.",
        "Copyright 2024 The Associated Press. All rights reserved.",
        "RELATED: Best Places To Live In The World 2016",
    ],
)
def test_furniture_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "By the time rescuers arrived, the building had collapsed and dozens were missing.",
        "The committee would include representatives of the military coalition, a government official said.",
        "Read the statement in full, the minister told reporters on Friday after the meeting ended.",
    ],
)
def test_story_text_is_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_boilerplate_is_removed_but_kept_for_audit() -> None:
    article = build_article(
        id="x",
        raw_text="The council voted on Monday to close the plant.\n"
        "Reporting by A. Writer; Editing by B. Editor",
    )
    assert all("Reporting by" not in s.text for s in article.sentences)
    assert article.removed_boilerplate == ("Reporting by A. Writer; Editing by B. Editor",)


def test_an_article_of_only_furniture_is_empty() -> None:
    with pytest.raises(EmptyArticleError):
        build_article(id="x", raw_text="Reporting by A. Writer\nRead more: elsewhere")
