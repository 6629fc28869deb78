"""The whole Quick Read for one event: the digest stage, then the analysis stage over it.

``digest.build.digest`` alone gives the headline, lede and key points (what the ROUGE benchmarks measure);
this adds key figures, who said what, where sources differ, people and organisations, and key-point support.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from quickread.analyze.models import NlpModels, load_models
from quickread.analyze.story import analyze_digest
from quickread.digest.build import digest
from quickread.digest.options import DigestOptions
from quickread.model import Article, Digest


def quick_read(
    articles: Sequence[Article],
    options: DigestOptions | None = None,
    models: NlpModels | None = None,
    origins: Mapping[str, str] | None = None,
) -> Digest:
    """Digest and analyse articles about one event.

    Pass ``models`` (from ``quickread.load_models()``) when making many digests: loading takes about half a
    second. ``origins`` maps a republished wire copy's article id to the id of the article it copies, so that
    copies are not counted as independent sources.
    """
    return analyze_digest(digest(articles, options), models or load_models(), origins)
