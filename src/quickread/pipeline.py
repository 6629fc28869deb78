"""The whole Quick Read for one event: the digest stage, then the analysis stage over it.

``digest.build.digest`` alone gives the headline, lede and key points (what the ROUGE benchmarks measure);
this adds key figures, who said what, where sources differ, people and organisations, and key-point support.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from quickread.analyze.models import NlpModels, load_models
from quickread.analyze.story import analyze_digest
from quickread.digest.build import digest
from quickread.digest.options import DigestOptions
from quickread.digest.timeline import story_timeline
from quickread.digest.verify import verify_grounding
from quickread.group.grouping import copies_among
from quickread.group.reading_list import reading_list
from quickread.model import Article, Copy, Digest


def quick_read(
    articles: Sequence[Article],
    options: DigestOptions | None = None,
    models: NlpModels | None = None,
    copies: Sequence[Copy] = (),
) -> Digest:
    """Digest and analyse articles about one event.

    Pass ``models`` (from ``quickread.load_models()``) when making many digests: loading takes about half a
    second. ``copies`` (from the grouping stage: ``Story.copies``) names the articles that republish another
    of these articles: the key points come from the originals only, so every citation points at the report
    that was written, and the analysis counts a copy's outlet with its origin rather than as an independent
    source.
    """
    ids = {article.id for article in articles}
    copy_of = {c.article_id: c for c in copies if c.article_id in ids and c.origin_id in ids}
    originals = [article for article in articles if article.id not in copy_of]
    made = digest(originals, options)
    built = replace(
        made,
        articles=tuple(articles),
        copies=tuple(copy_of.values()),
        # made again over every article: a copy's outlet reported its day too, though it is never cited
        timeline=story_timeline(articles, (*made.lede, *made.key_points), tuple(copy_of.values())),
    )
    verify_grounding(built)
    origins = {article_id: copy.origin_id for article_id, copy in copy_of.items()}
    return analyze_digest(built, models or load_models(), origins)


def story_digester(models: NlpModels) -> Callable[[Sequence[Article]], Digest]:
    """The newsroom's digest step for a stored story: the copies among its articles are found again here
    (the story index spots them as articles arrive, but only the story membership is stored).

    A giant story's digest reads a bounded part of it (``group.reading_list``): the digest's ``articles`` are
    the ones it read, as far as it read them, so the caller can tell what it left out.
    """

    def digest_story(articles: Sequence[Article]) -> Digest:
        reading = reading_list(articles, copies_among(articles))
        return quick_read(reading.articles, models=models, copies=reading.copies)

    return digest_story
