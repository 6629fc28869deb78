"""The timeline section on real Wikinews text: one verbatim, cited line a day, in date order."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from importlib import resources

import jsonschema
import pytest

from conftest import DEMO_CORPUS
from quickread.digest.build import digest
from quickread.digest.timeline import MAX_TIMELINE_DAYS, story_timeline
from quickread.digest.verify import GroundingError, verify_grounding
from quickread.model import Article, Copy, Digest, Timeline
from quickread.render.html import render_html, sentence_anchor
from quickread.render.json_in import digest_from_json
from quickread.render.json_out import digest_to_json
from quickread.render.markdown import render_markdown
from quickread.text.article import build_article

KILLED = "wikinews-2020-01-05-4ad5512f"
VOTE = "wikinews-2020-01-06-aafee3e2"
STAMPEDE = "wikinews-2020-01-09-b181a7ab"
SHOT_DOWN = "wikinews-2020-01-13-35146812"
# one outlet name per article, so that each line's sources say which reports carried that day
OUTLETS = {
    KILLED: "Wikinews",
    VOTE: "Wikinews Iraq desk",
    STAMPEDE: "Wikinews Iran desk",
    SHOT_DOWN: "Airwatch",
}


def _story(label: str, outlets: dict[str, str] | None = None) -> list[Article]:
    articles = []
    for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["story"] == label:
            articles.append(
                build_article(
                    id=record["id"],
                    raw_text=record["text"],
                    title=record["title"],
                    source=(outlets or {}).get(record["id"], record["outlet"]),
                    date=dt.date.fromisoformat(record["date"]),
                )
            )
    return articles


@pytest.fixture(scope="module")
def soleimani() -> Digest:
    return digest(_story("soleimani-killing-aftermath", OUTLETS))


def _timeline(result: Digest) -> Timeline:
    assert result.timeline is not None
    return result.timeline


def test_each_day_of_the_story_is_one_line_in_date_order(soleimani: Digest) -> None:
    timeline = _timeline(soleimani)
    assert [(e.date.isoformat(), e.citation.article_id, e.citation.sentence) for e in timeline.entries] == [
        ("2020-01-02", KILLED, 0),  # "Thursday, United States military forces killed Qasem Soleimani"
        ("2020-01-05", VOTE, 0),  # "Yesterday, the Parliament of Iraq voted..." (published 6 Jan)
        ("2020-01-07", STAMPEDE, 0),  # "During the funeral ... on Tuesday, a stampede erupted"
        ("2020-01-11", SHOT_DOWN, 0),  # "On Saturday morning, representatives from Iran acknowledged"
    ]
    # "pointing to the December 31 attack" names an earlier attack, not the day of this sentence's event: no
    # line for 31 Dec (text/event_dates.py reads "the December 31 attack" as a name, not a date of the event)
    assert timeline.days_left_out == 0
    assert timeline.entries[0].text.startswith(
        "Thursday, United States military forces killed Qasem Soleimani"
    )
    assert timeline.entries[1].text.startswith("Yesterday, the Parliament of Iraq voted on a resolution")


def test_every_line_is_its_cited_source_text_verbatim(soleimani: Digest) -> None:
    for entry in _timeline(soleimani).entries:
        article = soleimani.article(entry.citation.article_id)
        sentence = article.sentences[entry.citation.sentence]
        assert article.text[entry.citation.start : entry.citation.end] == entry.text == sentence.text


def test_each_line_names_the_outlets_that_reported_that_day(soleimani: Digest) -> None:
    sources = {e.date.isoformat(): e.sources for e in _timeline(soleimani).entries}
    # 2 Jan: the killing, stated by the first report and again by the report on the funeral stampede
    assert sources["2020-01-02"] == ("Wikinews", "Wikinews Iran desk")
    # 5 Jan: the vote is reported by the Iraq desk; the Wikinews report on the killing came out that day
    assert sources["2020-01-05"][0] == "Wikinews Iraq desk"
    assert "Wikinews" in sources["2020-01-05"]
    assert sources["2020-01-07"][0] == "Wikinews Iran desk"
    assert sources["2020-01-11"] == ("Airwatch",)


def test_the_digest_verification_covers_the_timeline(soleimani: Digest) -> None:
    verify_grounding(soleimani)
    timeline = _timeline(soleimani)
    forged = dataclasses.replace(timeline.entries[0], text="The United States apologised.")
    with pytest.raises(GroundingError, match="The United States apologised"):
        verify_grounding(dataclasses.replace(soleimani, timeline=Timeline((forged, *timeline.entries[1:]))))


def test_a_story_of_one_day_has_no_timeline() -> None:
    by_election = _story("groom-by-election-2020")  # two reports, both of 27 November 2020
    assert len(by_election) == 2 and {a.date for a in by_election} == {dt.date(2020, 11, 27)}
    assert digest(by_election).timeline is None
    assert 'id="timeline"' not in render_html(digest(by_election))
    assert "## Timeline" not in render_markdown(digest(by_election))
    undated = [dataclasses.replace(a, date=None) for a in _story("soleimani-killing-aftermath")]
    assert digest(undated).timeline is None


def test_a_long_story_keeps_the_days_most_outlets_reported() -> None:
    articles = _story("us-2020-primaries")
    result = digest(articles)
    timeline = _timeline(result)
    assert len(timeline.entries) == MAX_TIMELINE_DAYS
    assert timeline.days_left_out == 1
    dates = [e.date for e in timeline.entries]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)
    # "On Wednesday, ... Sanders ended his bid", published Friday 10 April, is placed on the Wednesday
    ended = next(e for e in timeline.entries if "ended his bid" in e.text)
    assert ended.date == dt.date(2020, 4, 8)
    assert ended.text.startswith("On Wednesday, United States Senator from Vermont Bernie Sanders ended")


def test_a_republished_copy_counts_as_a_source_but_is_never_cited() -> None:
    articles = _story("soleimani-killing-aftermath", OUTLETS)
    vote = next(a for a in articles if a.id == VOTE)
    copy = dataclasses.replace(vote, id="vote-copy", source="Copydesk", date=dt.date(2020, 1, 8))
    result = digest([a for a in articles if a.id != "vote-copy"])
    timeline = story_timeline(
        [*articles, copy], (*result.lede, *result.key_points), [Copy("vote-copy", "Copydesk", VOTE)]
    )
    assert timeline is not None
    assert all(e.citation.article_id != "vote-copy" for e in timeline.entries)
    assert dt.date(2020, 1, 8) not in {e.date for e in timeline.entries}  # a copy alone is no development


def test_the_timeline_survives_a_json_round_trip_and_follows_the_schema(soleimani: Digest) -> None:
    document = digest_to_json(soleimani)
    schema = json.loads(
        resources.files("quickread").joinpath("schema/digest.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(document, schema)
    assert document["schema_version"] == "1.3"
    assert document["timeline"]["entries"][0]["date"] == "2020-01-02"
    assert document["timeline"]["entries"][0]["citation"] == {
        "article": KILLED,
        "sentence": 0,
        "start": 0,
        "end": len(_timeline(soleimani).entries[0].text),
    }
    assert digest_from_json(json.loads(json.dumps(document))).timeline == soleimani.timeline
    without = {k: v for k, v in document.items() if k != "timeline"}
    assert digest_from_json(without).timeline is None  # a 1.2 document written before the timeline


def test_markdown_shows_one_line_a_day_with_date_citation_and_sources(soleimani: Digest) -> None:
    markdown = render_markdown(soleimani)
    section = markdown.split("## Timeline\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(section) == 4
    assert section[0].startswith(
        "- _Thu 2 Jan_ · Thursday, United States military forces killed Qasem Soleimani"
    )
    assert section[0].endswith("[Wikinews, sentence 1] (reported by Wikinews, Wikinews Iran desk)")
    assert markdown.index("## Quick Read") < markdown.index("## Timeline") < markdown.index("## Sources")


def test_html_shows_the_timeline_with_dates_and_markers_that_lead_to_the_cited_sentence(
    soleimani: Digest,
) -> None:
    page = render_html(soleimani)
    section = page.split('<h2 id="timeline">Timeline</h2>', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 4
    assert '<li><time datetime="2020-01-02">Thu 2 Jan</time> · Thursday, United States military' in section
    assert '<span class="reported">(reported by Airwatch)</span>' in section
    anchor = sentence_anchor(STAMPEDE, 0)
    assert f'href="#{anchor}"' in section and f'id="{anchor}"' in page
