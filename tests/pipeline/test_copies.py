"""A wire copy in a Quick Read: shown once under its origin, never cited, counted with it (Wikinews texts,
CC BY 2.5; the copy is made by the test: the same body under another outlet's headline)."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import jsonschema
from lxml import html as lxml_html

from conftest import WIKINEWS
from quickread.analyze.models import load_models
from quickread.group.grouping import group
from quickread.ingest.files import read_articles
from quickread.pipeline import quick_read
from quickread.render.html import render_html
from quickread.render.json_in import digest_from_json
from quickread.render.json_out import digest_to_json
from quickread.render.markdown import render_markdown


def test_a_republished_copy_is_shown_once_under_its_origin() -> None:
    killed = read_articles(WIKINEWS / "soleimani-killed.txt")[0]
    vote = read_articles(WIKINEWS / "iraq-parliament-vote.txt", source="Iraq Desk")[0]
    copy = dataclasses.replace(killed, id="copy", source="Daily Example", title="BREAKING: SOLEIMANI KILLED")
    story = next(s for s in group([killed, copy, vote]) if killed.id in s.article_ids)
    assert [(c.article_id, c.origin_id) for c in story.copies] == [("copy", killed.id)]

    result = quick_read([killed, copy, vote], models=load_models(), copies=story.copies)
    cited = {c.article_id for point in (*result.lede, *result.key_points) for c in point.citations}
    assert "copy" not in cited and killed.id in cited
    assert [a.id for a in result.articles] == [killed.id, "copy", vote.id]

    page = render_markdown(result)
    assert "Wikinews has the story (also carried by Daily Example):" in page
    assert "Daily Example republished Wikinews’s story (exact copy): BREAKING: SOLEIMANI KILLED" in page
    assert page.count("Thursday, United States military forces killed Qasem Soleimani") == 2  # lede + origin

    document = digest_to_json(result)
    schema = json.loads(resources.files("quickread").joinpath("schema/digest.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert digest_from_json(json.loads(json.dumps(document))).copies == result.copies

    tree = lxml_html.fromstring(render_html(result))
    assert tree.xpath("//p[contains(@class, 'copy')]")
    for link in tree.xpath("//a[@class='cite']"):
        assert tree.xpath(f"//span[@id='{link.get('href')[1:]}']")
