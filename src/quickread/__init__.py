"""quickread: group news articles into stories and write grounded Quick Read digests.

Python API::

    import quickread
    article = quickread.read_article("reuters.txt")
    result = quickread.digest([article, ...])
"""

from __future__ import annotations

from quickread.digest.build import digest
from quickread.digest.options import DigestOptions
from quickread.ingest.files import read_article, read_articles

__all__ = ["DigestOptions", "digest", "read_article", "read_articles"]
__version__ = "0.1.0"
