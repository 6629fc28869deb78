from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import DEMO_CORPUS
from quickread.digest.build import digest
from quickread.digest.options import DigestOptions
from quickread.digest.verify import GroundingError, verify_grounding
from quickread.model import Article, Citation, Digest, KeyPoint
from quickread.render.html import render_html
from quickread.render.markdown import render_markdown
from quickread.text.article import build_article


def _demo_stories() -> dict[str, list[Article]]:
    stories: dict[str, list[Article]] = {}
    for line in DEMO_CORPUS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["story"]:
            article = build_article(
                id=record["id"], raw_text=record["text"], title=record["title"], source="Wikinews"
            )
            stories.setdefault(record["story"], []).append(article)
    return {label: articles for label, articles in stories.items() if len(articles) >= 2}


def _cited_ids(result: Digest) -> set[str]:
    return {c.article_id for point in (*result.lede, *result.key_points) for c in point.citations}


def test_two_source_digest_has_headline_lede_and_grounded_key_points(two_sources: list[Article]) -> None:
    result = digest(two_sources)
    assert result.headline == "United States military kills Qasem Soleimani"
    assert result.lede_text.startswith("Thursday, United States military forces killed Qasem Soleimani")
    assert 5 <= len(result.bullets()) <= 9
    for point in result.key_points:
        first = point.citations[0]
        source = result.article(first.article_id).text[first.start : first.end]
        assert point.text in (source, source[0].upper() + source[1:])


def test_every_source_with_its_own_facts_contributes(two_sources: list[Article]) -> None:
    result = digest(two_sources)
    vote = two_sources[1].id
    assert any(point.citations[0].article_id == vote for point in result.key_points)
    assert any("Parliament of Iraq voted" in point.text for point in (*result.lede, *result.key_points))


def test_no_bullet_leans_on_an_antecedent(two_sources: list[Article]) -> None:
    for first, *_ in digest(two_sources).bullets():
        assert not first.continues
        assert first.text.split()[0].lower() not in {"he", "she", "it", "they", "this", "these", "but", "and"}
        assert " he said" not in first.text and " he added" not in first.text


def test_a_sentence_that_leans_on_a_key_point_is_shown_right_after_it(two_sources: list[Article]) -> None:
    result = digest(two_sources)
    vote = next(b for b in result.bullets() if b[0].text.startswith("Yesterday, the Parliament of Iraq"))
    assert [p.continues for p in vote] == [False, True]
    assert vote[1].text == (
        "The move follows the United States' killing of Qasem Soleimani in an airstrike last week."
    )
    first, second = (p.citations[0] for p in vote)
    assert second.article_id == first.article_id and second.sentence == first.sentence + 1
    # one bullet in every rendering, with the markers of both sentences
    lines = render_markdown(result).splitlines()
    line = next(x for x in lines if x.startswith("- Yesterday, the Parliament"))
    assert "The move follows the United States' killing" in line
    assert not any(x.startswith("- The move follows") for x in lines)
    html = render_html(result)
    assert "voted on a resolution to expel United States troops" in html
    item = html[html.index("Yesterday, the Parliament of Iraq voted") :]
    assert item.index("The move follows") < item.index("</li>")


def test_no_two_bullets_are_the_same_sentence(two_sources: list[Article]) -> None:
    result = digest(two_sources)
    spans = [(p.citations[0].article_id, p.citations[0].sentence) for p in (*result.lede, *result.key_points)]
    assert len(spans) == len(set(spans))


@pytest.mark.parametrize("budget", [20, 55, 60, 120, 230])
def test_word_budget_holds_for_lede_and_key_points(two_sources: list[Article], budget: int) -> None:
    result = digest(two_sources, DigestOptions(max_words=budget))
    words = sum(len(p.text.split()) for p in (*result.lede, *result.key_points))
    assert 0 < words <= budget


def test_point_count_is_configurable(two_sources: list[Article]) -> None:
    """max_points counts bullets: a sentence that continues a point is shown in its bullet."""
    result = digest(two_sources, DigestOptions(min_points=1, max_points=3))
    assert 1 <= len(result.bullets()) <= 3


def test_every_demo_story_digest_is_grounded_and_covers_its_sources() -> None:
    for label, articles in _demo_stories().items():
        result = digest(articles)
        verify_grounding(result)
        assert result.key_points, label
        assert len(_cited_ids(result)) >= min(len(articles), 2), label


def test_a_bullet_that_is_not_its_cited_text_is_refused(two_sources: list[Article]) -> None:
    result = digest(two_sources)
    point = result.key_points[0]
    forged = KeyPoint(point.text.replace("the", "a", 1) + " allegedly", point.citations)
    with pytest.raises(GroundingError):
        verify_grounding(dataclasses.replace(result, key_points=(forged, *result.key_points[1:])))
    outside = KeyPoint(point.text, (Citation(point.citations[0].article_id, 999, 0, 5),))
    with pytest.raises(GroundingError):
        verify_grounding(dataclasses.replace(result, key_points=(outside,)))


def test_a_single_article_is_digested(two_sources: list[Article]) -> None:
    result = digest(two_sources[:1])
    assert result.key_points and result.headline_article == two_sources[0].id


def test_duplicate_ids_and_empty_input_are_refused(two_sources: list[Article]) -> None:
    with pytest.raises(ValueError, match="no articles"):
        digest([])
    with pytest.raises(ValueError, match="duplicate article ids"):
        digest([two_sources[0], two_sources[0]])


def test_untitled_articles_get_a_headline_from_the_lede() -> None:
    article = build_article(
        id="a",
        raw_text=(
            "The Iraqi government is forming a committee to prepare the closing down of the international "
            "coalition's mission in the country, the prime minister's office said on Friday. "
            "The committee would include representatives of the military coalition, "
            "a government official said."
        ),
    )
    result = digest([article])
    assert result.headline_article is None
    assert result.headline.startswith("The Iraqi government is forming a committee")
    assert "said" not in result.headline


def test_seed_digest_covers_the_ap_story(seed_articles: list[Article]) -> None:
    result = digest(seed_articles)
    ap_points = [p for p in result.key_points if p.citations[0].article_id == seed_articles[1].id]
    assert any("violation of Iraqi sovereignty" in p.text for p in ap_points)
    assert result.lede_text.startswith("The Iraqi government is forming a committee")


def test_an_untitled_release_gets_a_headline_without_its_dateline_or_time_phrase() -> None:
    from quickread.digest.headline_cuts import headline_form, shorten

    # openings of real congressional releases (demo/congress_press_2019q1)
    assert headline_form(
        "Walnut Creek, CA – Today, Congressman Mark DeSaulnier (CA-11) announced a town hall."
    ) == ("Congressman Mark DeSaulnier (CA-11) announced a town hall")
    assert headline_form(
        "WASHINGTON \u00ad\u00ad–\u00ad– Congressman Mario Diaz-Balart (FL-25) voted no."
    ) == ("Congressman Mario Diaz-Balart (FL-25) voted no")
    assert headline_form("On Tuesday, the House of Representatives passed a resolution.") == (
        "The House of Representatives passed a resolution"
    )
    assert headline_form(
        "Following a vote by his colleagues Friday, Congressman Collin C. Peterson was elected."
    ) == ("Congressman Collin C. Peterson was elected")
    # cut before what only adds circumstance; any other cut says it is one
    assert (
        shorten(
            "Congressman John B. Larson (CT-01) spoke at the new station in response to "
            "Congresswoman Jahana Hayes joining the Committee."
        )
        == "Congressman John B. Larson (CT-01) spoke at the new station"
    )
    # ... unless all that is left says only that there is a statement: then what it is about, cut with "…"
    assert (
        shorten(
            "Congressman John B. Larson (CT-01) released the following statement in response to "
            "Congresswoman Jahana Hayes joining the Committee."
        )
        == "Congressman John B. Larson (CT-01) released the following statement in response to "
        "Congresswoman Jahana Hayes…"
    )
    assert shorten(
        "Congressman Cuellar (TX-28), a member of the Blue Dog Coalition, voted for the bill that would "
        "fund the government through September."
    ).endswith("…")


def test_a_release_title_ends_where_it_runs_on_into_its_date_or_dateline() -> None:
    from quickread.digest.headline_cuts import headline_form
    from quickread.digest.headline_titles import title_headline

    # titles and openings of real congressional releases (demo/congress_press_2019q1)
    assert title_headline(
        "Stabenow, Peters Introduce Legislation to Reinstate Net Neutrality Wednesday, March 06, 2019"
    ) == ("Stabenow, Peters Introduce Legislation to Reinstate Net Neutrality")
    assert title_headline("Rounds Statement on EPA’s Proposed Rule on E-15 Waiver WASHINGTON—U.S") == (
        "Rounds Statement on EPA’s Proposed Rule on E-15 Waiver"
    )
    assert (
        headline_form(
            "Senator David Perdue Applauds Trump Administration’s Commitment To Plant Vogtle "
            "ATLANTA, GA – U.S. Senator David Perdue (R-GA) today applauded Secretary of Energy Rick Perry."
        )
        == "Senator David Perdue Applauds Trump Administration’s Commitment To Plant Vogtle"
    )
    # an acronym and a dash inside a headline are no dateline
    assert title_headline("Senate passes the bill on NATO – allies react") == (
        "Senate passes the bill on NATO – allies react"
    )


def test_a_title_that_is_page_furniture_is_no_headline() -> None:
    from quickread.digest.headline_titles import title_headline

    for furniture in (
        "(Courtesy of the Congressional Western Caucus)",
        "Click on the picture above to watch Rep. Hill's questions from today's hearing.",
        "Watch here.",
        "***Press Release*** FOR IMMEDIATE RELEASE",
    ):
        assert title_headline(furniture) is None


def test_a_statement_headline_says_what_the_statement_is_about() -> None:
    from quickread.digest.headline_cuts import shorten
    from quickread.digest.headline_titles import title_headline

    # openings of real congressional releases (demo/congress_press_2019q1)
    newhouse = (
        "Today, Rep. Newhouse (R-WA) released the following statement after voting ‘no’ on H.R. 8: "
        "“The Second Amendment is guaranteed by our Constitution to law-abiding citizens.”"
    )
    assert (
        shorten(newhouse)
        == "Rep. Newhouse (R-WA) released the following statement after voting ‘no’ on H.R. 8"
    )
    # "the following statement" is no circumstance to cut before
    rogers = (
        'U.S. Rep. Harold "Hal" Rogers (KY-05) released the following statement regarding his opposition '
        "to the Democrat-led House Resolution, H.J.Res.46, to block the national emergency declaration."
    )
    assert shorten(rogers).endswith("regarding his opposition…")  # never on a dangling "to…"
    debt = (
        "Senators Sound Alarm On $22 Trillion Debt Crisis “The single greatest threat to our national "
        "security is our national debt.”"
    )
    assert title_headline(debt) == "Senators Sound Alarm On $22 Trillion Debt Crisis"
