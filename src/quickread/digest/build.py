"""The digest stage: articles about one event in, a grounded Quick Read out."""

from __future__ import annotations

from collections.abc import Sequence

from quickread.digest.headline import choose_headline
from quickread.digest.latest import mark_earlier, newest_development
from quickread.digest.options import DigestOptions
from quickread.digest.rank import SAME_FACT_SIMILARITY, Candidate, RankedStory, rank_story
from quickread.digest.select import select
from quickread.digest.standalone import trim_sentence
from quickread.digest.timeline import story_timeline
from quickread.digest.verify import verify_grounding
from quickread.model import Article, Citation, Digest, KeyPoint
from quickread.text.event_dates import reference_date, sentence_event_date


def digest(articles: Sequence[Article], options: DigestOptions | None = None) -> Digest:
    """Build a Quick Read from articles about one event. Raises ValueError when there is nothing to digest."""
    options = options or DigestOptions()
    articles = tuple(articles)
    if not articles:
        raise ValueError("no articles to digest")
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate article ids: {sorted({i for i in ids if ids.count(i) > 1})}")
    story = rank_story(articles)
    # latest first: the headline and lede of a story told over several days come from its newest development
    development = newest_development(articles)
    latest = development.article_ids if development is not None else None
    selection = select(story, options, latest)
    lede = tuple(_key_point(story, c, trim=False) for c in selection.lede)
    continuations = selection.continuations
    key_points = mark_earlier(
        [_key_point(story, c, trim=True, continues=c.row in continuations) for c in selection.key_points],
        development,
        articles,
    )
    headline = choose_headline(
        story, articles, " ".join(p.text for p in lede) or _first_text(articles), latest
    )
    result = Digest(
        headline=headline.text,
        headline_article=headline.article_id,
        lede=lede,
        key_points=key_points,
        articles=articles,
        timeline=story_timeline(articles, (*lede, *key_points)),
    )
    verify_grounding(result)
    return result


def _key_point(story: RankedStory, candidate: Candidate, *, trim: bool, continues: bool = False) -> KeyPoint:
    sentence = candidate.sentence
    # a continuation keeps its opening word: "But ..." after the point it leans on reads as written
    cut = trim_sentence(sentence.text) if trim and not continues else None
    offset = cut.offset if cut else 0
    text = cut.text if cut else sentence.text
    primary = Citation(candidate.article.id, sentence.index, sentence.start + offset, sentence.end)
    # the whole sentence dates the point: a trimmed opening ("On Tuesday, ...") still says when it happened
    when = sentence_event_date(sentence.text, reference_date(candidate.article))
    return KeyPoint(text, (primary, *_supporting_citations(story, candidate)), continues, when)


def _supporting_citations(story: RankedStory, candidate: Candidate) -> list[Citation]:
    """The best sentence of each other article that states the same fact."""
    best: dict[str, Candidate] = {}
    for other in story.candidates:
        if other.article.id == candidate.article.id:
            continue
        similarity = story.similarity[candidate.row, other.row]
        if similarity < SAME_FACT_SIMILARITY:
            continue
        current = best.get(other.article.id)
        if current is None or similarity > story.similarity[candidate.row, current.row]:
            best[other.article.id] = other
    return [Citation(c.article.id, c.sentence.index, c.sentence.start, c.sentence.end) for c in best.values()]


def _first_text(articles: tuple[Article, ...]) -> str:
    return articles[0].sentences[0].text if articles[0].sentences else articles[0].title
