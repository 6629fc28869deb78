from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from lxml import html as lxml_html

from quickread.digest.build import digest
from quickread.model import Article
from quickread.render.html import render_html, sentence_anchor
from quickread.render.json_in import DigestFormatError, digest_from_json
from quickread.render.json_out import digest_to_json
from quickread.render.markdown import render_markdown
from quickread.text.article import build_article


@pytest.fixture(scope="module")
def schema() -> dict[str, object]:
    text = resources.files("quickread").joinpath("schema/digest.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, object] = json.loads(text)
    return loaded


def _hostile_article() -> Article:
    return build_article(
        id="hostile",
        title="Council <script>alert('title')</script> votes",
        raw_text=(
            "The council voted on Monday to close the plant <script>alert('x')</script> after a long debate. "
            "The mayor said the vote of 7 to 2 would cost the town about 300 jobs over the next year. "
            "Workers protested outside the hall on Tuesday with signs that read <b>Save our plant</b> loudly."
        ),
        source="Example <Gazette>",
        url="javascript:alert(1)",
    )


def test_json_output_follows_the_schema(two_sources: list[Article], schema: dict[str, object]) -> None:
    document = digest_to_json(digest(two_sources))
    jsonschema.validate(document, schema)
    for point in document["key_points"]:
        citation = point["citations"][0]
        article = next(a for a in document["articles"] if a["id"] == citation["article"])
        assert article["text"][citation["start"] : citation["end"]].endswith(point["text"][1:])


def test_schema_rejects_a_key_point_without_citations(
    two_sources: list[Article], schema: dict[str, object]
) -> None:
    document = digest_to_json(digest(two_sources))
    document["key_points"][0]["citations"] = []
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_markdown_follows_the_seed_layout(two_sources: list[Article]) -> None:
    result = digest(two_sources)
    page = render_markdown(result)
    headline, quick_read, sources = (
        page.index("# United States"),
        page.index("## Quick Read"),
        page.index("## Sources"),
    )
    assert headline < quick_read < sources
    assert "Wikinews has the story:" in page and "Wikinews Iraq desk has the story:" in page
    assert page.count("\n- ") >= len(result.bullets())
    assert "[Wikinews, sentence 1]" in page


def test_html_escapes_article_text_and_links_citations_to_sentences() -> None:
    result = digest([_hostile_article()])
    page = render_html(result)
    assert "<script>" not in page and "<b>Save" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//script") == []
    for link in tree.xpath("//a[@class='cite']"):
        target = link.get("href")[1:]
        assert tree.xpath(f"//span[@id='{target}']"), target
    assert sentence_anchor("hostile", 0) in page


def test_markdown_escapes_markup_in_source_text() -> None:
    page = render_markdown(digest([_hostile_article()]))
    assert "<script>" not in page and "\\<script\\>" in page


def test_json_round_trip_rebuilds_the_same_digest(two_sources: list[Article]) -> None:
    result = digest(two_sources)
    rebuilt = digest_from_json(json.loads(json.dumps(digest_to_json(result))))
    assert rebuilt.lede == result.lede and rebuilt.key_points == result.key_points
    assert rebuilt.articles[0].text == result.articles[0].text
    assert rebuilt.articles[0].sentences == result.articles[0].sentences
    assert rebuilt.articles[0].dateline == result.articles[0].dateline


def test_a_continuing_key_point_is_marked_in_json_and_read_back(
    two_sources: list[Article], schema: dict[str, object]
) -> None:
    result = digest(two_sources)
    document = digest_to_json(result)
    jsonschema.validate(document, schema)
    marked = [p["text"] for p in document["key_points"] if p.get("continues")]
    assert marked == [p.text for p in result.key_points if p.continues] and marked
    assert digest_from_json(document).bullets() == result.bullets()


def test_json_of_schema_1_0_is_still_read(two_sources: list[Article], schema: dict[str, object]) -> None:
    document = digest_to_json(digest(two_sources))
    document["schema_version"] = "1.0"
    for point in document["key_points"]:
        point.pop("continues", None)
    jsonschema.validate(document, schema)
    assert not any(p.continues for p in digest_from_json(document).key_points)


def test_json_of_another_schema_version_is_refused(two_sources: list[Article]) -> None:
    document = digest_to_json(digest(two_sources))
    document["schema_version"] = "0.9"
    with pytest.raises(DigestFormatError):
        digest_from_json(document)
