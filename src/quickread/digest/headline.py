"""The digest's headline: the sources' headline that best matches the story, or one made from its sentences.

An untitled story (most press releases, plain-text files) gets a headline cut from one of its articles'
opening sentences, never written: an opening is written to be read first, a sentence from further in is often
background ("The Equality Act extends ...") or a quote. In order of preference: a whole opening that reads as
a headline (the lede's first, then the best-ranked), else an opening cut where its main clause ends (before
", which ...", " – ", ", a resolution to ...", "... Act to give ..."), else the lede cut with "…" after a
content word (never "... his opposition to…"). What a headline does not need is dropped from the front and
back: a dateline ("WASHINGTON, D.C. – "), an opening time phrase ("Today, ", "On Tuesday, "), the quote a
statement introduces ("X released the following statement after ...: “...”") and a trailing attribution (",
the minister said"). A press release's title often runs on into its date and dateline ("... Plant Vogtle
ATLANTA, GA – U.S", "... Net Neutrality Wednesday, March 06, 2019") or its deck in sentence case ("...
Economic Security Bipartisan reform amends ..."): the title ends there. A source's "title" that is page
furniture (a photo credit, a "Click on the picture above ..." prompt, a pull quote) is no headline, and a
title too long to be one title (a title-case deck glued on) yields to a sources' title of close merit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quickread.digest.headline_cuts import (
    WHOLE_SENTENCE_MAX_WORDS,
    headline_form,
    headline_words,
    reads_as_headline,
    shorten,
    whole_clause,
)
from quickread.digest.headline_titles import (
    LONG_TITLE_PENALTY,
    TITLE_MAX_WORDS,
    title_headline,
    without_other_title,
)
from quickread.digest.rank import Candidate, RankedStory
from quickread.model import Article

# A sentence split after a bill's prefix: the number is in the next sentence, so it is no whole headline. The
# splitter now keeps "H.J.Res. 46" and "H.R. 8" together (text/sentences.py); a lone "S." ("S. 47") it cannot
# tell from an initial, so this stays.
_ENDS_IN_BILL_PREFIX = re.compile(r"(?<![\w.])(?:H|S)\.\s?(?:R|J\.\s?Res|Res|Con\.\s?Res)?\.?$")
# Best-ranked sentences tried after the lede: deeper ones are less central than a cut lede.
_TRIED_SENTENCES = 8


@dataclass(frozen=True, slots=True)
class Headline:
    text: str
    article_id: str | None  # whose headline it is; None when made from a sentence


def choose_headline(
    story: RankedStory, articles: tuple[Article, ...], lede_text: str, latest: frozenset[str] | None = None
) -> Headline:
    """``latest``: the articles of the story's newest development (digest.latest), whose headlines come
    first; None when the story was reported on one or two days."""
    titled = [
        (position, article, headline)
        for position, article in enumerate(articles)
        if (headline := title_headline(article.title)) is not None
    ]
    titled = [
        (position, article, without_other_title(headline, titled)) for position, article, headline in titled
    ]
    newest = [item for item in titled if latest is not None and item[1].id in latest]
    titled = newest or titled
    if titled:
        # An all-capitals headline (AP's style) reads as shouting, an overlong one has a deck glued on: prefer
        # a sentence-case one of close merit.
        def merit(item: tuple[int, Article, str]) -> float:
            position, article, headline = item
            shouting = 0.15 if article.title.upper() == article.title else 0.0
            overlong = LONG_TITLE_PENALTY if len(headline.split()) > TITLE_MAX_WORDS else 0.0
            return float(story.title_similarity[position]) - shouting - overlong

        _, best, headline = max(titled, key=merit)
        return Headline(headline, best.id)
    return Headline(sentence_headline(_openings(story, lede_text), lede_text), None)


def sentence_headline(openings: list[str], lede_text: str) -> str:
    """A headline cut from the first of ``openings`` (opening sentences, the lede's first when it opens an
    article, then by rank) that reads as one whole, else the first that reads as one cut where its main
    clause ends, else the first opening (or the lede) cut with "…"."""
    forms = [headline_form(text) for text in openings if not _ENDS_IN_BILL_PREFIX.search(text.rstrip())]
    for form in forms:
        if headline_words(form) <= WHOLE_SENTENCE_MAX_WORDS and reads_as_headline(form):
            return form
    for form in forms:
        clause = whole_clause(form)
        if clause is not None:
            return clause
    for form in forms:
        cut = shorten(form)
        if reads_as_headline(cut.rstrip("…")):
            return cut
    return shorten(lede_text)


def _openings(story: RankedStory, lede_text: str) -> list[str]:
    """The story's opening sentences, the lede's first first when it opens an article, then by rank."""
    leading = [c for c in story.candidates if lede_text.startswith(c.sentence.text)]
    lede = max(leading, key=lambda c: len(c.sentence.text)) if leading else None
    ranked = sorted((c for c in story.candidates if _opens_article(c)), key=_score, reverse=True)
    first = [lede.sentence.text] if lede is not None and _opens_article(lede) else []
    if lede is None and not ranked:
        first = [lede_text]  # no sentences ranked: the lede text is the article's own opening
    rest = [c.sentence.text for c in ranked[:_TRIED_SENTENCES] if c is not lede]
    return first + rest


def _opens_article(candidate: Candidate) -> bool:
    """The candidate is its article's first sentence, or comes after fragments only (a splitter's cut after an
    abbreviation it misjudged, as "Today, U.S." | "Senator Joni Ernst ..." was before text/sentences.py kept a
    country's initials before an office)."""
    before = candidate.article.sentences[: candidate.sentence.index]
    return all(len(sentence.text.split()) < 3 for sentence in before)


def _score(candidate: Candidate) -> float:
    return candidate.score
