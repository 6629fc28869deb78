"""The digest's headline: the sources' headline that best matches the story, or its lede shortened."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quickread.digest.rank import RankedStory
from quickread.model import Article

_TRAILING_ATTRIBUTION = re.compile(r",[^,]{0,80}\b(?:said|says|told|reported|announced)\b[^,]*$")
HEADLINE_MAX_WORDS = 14


@dataclass(frozen=True, slots=True)
class Headline:
    text: str
    article_id: str | None  # whose headline it is; None when shortened from a sentence


def choose_headline(story: RankedStory, articles: tuple[Article, ...], lede_text: str) -> Headline:
    titled = [(position, a) for position, a in enumerate(articles) if len(a.title.split()) >= 3]
    if titled:
        # An all-capitals headline (AP's style) reads as shouting: prefer a sentence-case one of close merit.
        def merit(item: tuple[int, Article]) -> float:
            position, article = item
            shouting = 0.15 if article.title.upper() == article.title else 0.0
            return float(story.title_similarity[position]) - shouting

        _, best = max(titled, key=merit)
        return Headline(best.title, best.id)
    return Headline(shorten(lede_text), None)


def shorten(sentence: str) -> str:
    """Cut a sentence to a headline: drop a trailing attribution, then cut at a clause boundary."""
    text = sentence.strip().rstrip(".")
    text = _TRAILING_ATTRIBUTION.sub("", text)
    words = text.split()
    if len(words) <= HEADLINE_MAX_WORDS:
        return text
    head = " ".join(words[:HEADLINE_MAX_WORDS])
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(" – "), head.rfind(" — "))
    if cut > len(head) // 2:
        return head[:cut]
    return head + "…"
