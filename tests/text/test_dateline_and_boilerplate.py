from __future__ import annotations

import pytest

from quickread.text.article import EmptyArticleError, build_article
from quickread.text.boilerplate import is_boilerplate, is_furniture_sentence
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


def test_cnn_web_dateline_without_a_dash_or_space_is_a_dateline() -> None:
    opening = "Washington (CNN)President Donald Trump mocked Swedish climate activist Greta Thunberg"
    found = match_dateline(opening)
    assert found is not None
    assert (found.dateline.place, found.dateline.outlet) == ("Washington", "CNN")
    assert opening[found.length :].startswith("President Donald Trump")
    assert match_dateline("Paris (France) is the capital") is None  # only known credits


def test_dateline_after_a_headline_line_is_still_the_dateline() -> None:
    article = build_article(
        id="x",
        raw_text="Rockies misspell Tulowitzki's name on jerseys\n\n"
        "DENVER (AP) — Troy Tulowitzki has a tough name to spell, even at his own ballpark.",
    )
    assert article.dateline is not None and article.dateline.place == "DENVER"
    assert article.source == "AP"
    assert article.sentences[-1].text.startswith("Troy Tulowitzki has a tough name to spell")


def test_a_sentence_paragraph_before_a_dash_is_not_a_dateline_search() -> None:
    # "BAGHDAD — ..." later in a story is text once a real sentence came first
    article = build_article(
        id="x", raw_text="The talks ended on Friday.\n\nBAGHDAD — Officials met again on Saturday."
    )
    assert article.dateline is None


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


@pytest.mark.parametrize(
    "sentence",
    [
        "In this Feb. 11, 2007, file photo, adult film actress Stormy Daniels arrives for the Grammy Awards.",
        "In this image released by Turner Classic Movies, Clark Gable appears as Rhett Butler.",
        "FILE - Senate Majority Leader Mitch McConnell speaks to reporters on Capitol Hill.",
        "Shopping when hungry could be a bad idea (Image: UpperCut Images/Getty)",
        "Football Coach Jonathan Magwood (Photo: Dwayne Eberhart)",
        "Swedish freelance journalist Kim Wall. Photo: Tom Wall via AP",
        "Image copyright Getty Images Image caption The band broke up in 1980",
        "Credit: Dr. Oliver J. T. O'Grady",
        "Follow Tia Ghose on Twitter and Google+.",
        "Join The Conversation On The KDKA Facebook Page",
        "Just fill in your contact details in the form below to join our mailing list.",
        "View all New York Times newsletters.",
        "Photo Advertisement Continue reading the main story",
        "Warning: The following video contains graphic footage.",
        "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.",
        "You can add location information to your Tweets, such as your city or precise location.",
        "Download the Us Weekly iPhone app now!",
        "Sign up for our daily newsletter to get the latest news.",
        "An error has occurred.",
        "CLOSE Four Reno dispensaries begin sales of recreational marijuana.",
        "WATCH: How to make the perfect cup of coffee",
        "Italian Premier Silvio Berlusconi sits in the lower chamber to attend a confidence vote, in Rome, "
        "Friday, Oct. 14, 2011.",
    ],
)
def test_captions_credits_and_prompts_are_furniture(sentence: str) -> None:
    assert is_furniture_sentence(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "In this case, the photo was taken by a neighbour, police said.",
        "A photo from the 1998 excavation shows the brachiosaur foot bones below a tail.",
        "Stephen Colbert has launched a Twitter campaign to get Gov. Nikki Haley to appoint him.",
        "Police released a photo: it shows a man in a hooded jacket near the bank.",
        "Two staffers were indicted for circulating nude pictures (and videos) of her.",
        "Few economists subscribe to the theory that tariffs lower prices.",
        "Residents can sign up for a vaccine appointment online from Monday.",
        "An error has occurred in the count of absentee ballots, the county clerk said.",
        "Close ties between the two leaders were on display in Rome on Monday.",
        "The confidence vote was held on Friday, Oct. 14, 2011, in Rome.",
    ],
)
def test_story_sentences_about_photos_and_sign_ups_are_not_furniture(sentence: str) -> None:
    assert not is_furniture_sentence(sentence)


def test_furniture_sentences_inside_a_paragraph_are_removed_and_kept_for_audit() -> None:
    caption = "Football Coach Jonathan Magwood (Photo: Dwayne Eberhart)"
    prompt = "Follow Tia Ghose on Twitter and Google+."
    article = build_article(
        id="x",
        raw_text=f"The school board met on Monday.\n\n{caption}\n\n"
        f"The coach was suspended for a week. {prompt} The season starts in May.",
    )
    assert [s.text for s in article.sentences] == [
        "The school board met on Monday.",
        "The coach was suspended for a week.",
        "The season starts in May.",
    ]
    assert all(article.text[s.start : s.end] == s.text for s in article.sentences)
    assert article.removed_boilerplate == (caption, prompt)


def test_an_article_of_only_furniture_is_empty() -> None:
    with pytest.raises(EmptyArticleError):
        build_article(id="x", raw_text="Reporting by A. Writer\nRead more: elsewhere")
