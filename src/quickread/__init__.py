"""quickread: group news articles into stories and write grounded Quick Read digests.

Python API::

    import quickread
    article = quickread.read_article("reuters.txt")
    result = quickread.digest([article, ...])  # headline, lede, key points and the analysis sections

    stories = quickread.group(articles)  # list[Story], most significant first is up to the caller

``quickread.digest`` is the whole pipeline (``quickread.pipeline.quick_read``) and ``quickread.group`` the
grouping function; import the stage modules of the same names with ``from quickread.digest.build import ...``.
"""

from __future__ import annotations

from quickread.analyze.models import load_models
from quickread.digest.options import DigestOptions
from quickread.group.grouping import group
from quickread.group.index import StoryIndex
from quickread.ingest.files import read_article, read_articles
from quickread.pipeline import quick_read as digest

__all__ = ["DigestOptions", "StoryIndex", "digest", "group", "load_models", "read_article", "read_articles"]
__version__ = "0.1.0"
