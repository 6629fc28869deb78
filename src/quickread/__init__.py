"""quickread: group news articles into stories and write grounded Quick Read digests.

Python API::

    import quickread
    article = quickread.read_article("reuters.txt")
    result = quickread.digest([article, ...])  # headline, lede, key points and the analysis sections

``quickread.digest`` is the whole pipeline (``quickread.pipeline.quick_read``); import stage modules with
``from quickread.digest.build import ...``.
"""

from __future__ import annotations

from quickread.analyze.models import load_models
from quickread.digest.options import DigestOptions
from quickread.ingest.files import read_article, read_articles
from quickread.pipeline import quick_read as digest

__all__ = ["DigestOptions", "digest", "load_models", "read_article", "read_articles"]
__version__ = "0.1.0"
