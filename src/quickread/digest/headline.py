"""The digest's headline: the sources' headline that best matches the story, or one made from its sentences.

An untitled story (most press releases, plain-text files) gets a headline cut from one of its own sentences,
never written: the lede's first sentence when it reads as a headline, else the best-ranked whole sentence
that does, else the lede cut before a phrase of circumstance ("in response to ..."), else cut with "…". What a
headline does not need is dropped from the front and back: a dateline ("WASHINGTON, D.C. – "), an opening
time phrase ("Today, ", "On Tuesday, ") and a trailing attribution (", the minister said"). A press release's
title often runs on into its date and dateline ("... Plant Vogtle ATLANTA, GA – U.S", "... Net Neutrality
Wednesday, March 06, 2019"): the title ends there. A source's "title" that is page furniture (a photo credit,
a "Click on the picture above ..." prompt) is no headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quickread.digest.rank import RankedStory
from quickread.digest.standalone import Fitness
from quickread.model import Article
from quickread.text.event_dates import MONTH_PATTERN, WEEKDAY_PATTERN

_TRAILING_ATTRIBUTION = re.compile(r",[^,]{0,80}\b(?:said|says|told|reported|announced)\b[^,]*$")
# A press release's dateline left in its first sentence: "Walnut Creek, CA – ", "WASHINGTON, D.C. — ",
# "RALEIGH, N.C. (Jan. 28, 2019) - ": up to five capitalised words, an optional parenthesis, then a dash.
_LEADING_DATELINE = re.compile(
    r"^[A-Z][\w.'’]*(?:[ ,]+[A-Z][\w.'’]*){0,4}\.?(?:\s*\([^()]{1,40}\))?\s*[–—-]+\s+(?=[A-Z0-9“\"])"
)
# Where a release's title runs on into its date ("Wednesday, March 06, 2019", "March 22nd, 2019") or its
# dateline ("ATLANTA, GA – ", "WASHINGTON—"): a place in capitals, then a dash. Five letters at least, or
# a state after a comma: an acronym in a title ("... on NATO – allies react") is no dateline.
_TITLE_RUN_ON = re.compile(
    rf"\s+(?:(?:{WEEKDAY_PATTERN},?\s+)?{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\(?(?:[A-Z]{5,}|[A-Z][A-Z.]{2,},\s*[A-Z][A-Za-z.]+)(?:[ ,]+[A-Z][A-Za-z.]*){0,3}\)?\s*[–—-]+)"
)
# A "title" that is page furniture: a photo or video credit, a prompt to click, watch or read on.
_FURNITURE_TITLE = re.compile(
    r"^\(|^(?:click|watch|listen|photo|image|video|courtesy|read more|download|see)\b|\bclick (?:here|on)\b"
    r"|\bfor immediate release\b|^\W*press release\W*$|\bmedia advisory\b",
    re.IGNORECASE,
)
_LEADING_TIME = re.compile(
    rf"^(?:Today|Yesterday|Tonight|Earlier today|This (?:morning|afternoon|evening|week)|Last (?:week|night)|"
    rf"On {WEEKDAY_PATTERN}(?:,? [A-Z][a-z]+\.? \d{{1,2}}(?:, \d{{4}})?)?),\s+"
)
# Phrases that open a circumstance (when, why, in answer to what) after a whole clause.
# "released the following statement" is no circumstance.
_CIRCUMSTANCE = re.compile(
    r"(?<!\bthe) (?:in response to|following|after|ahead of|during|in honor of|on behalf of) "
)
# A release's announcement that says only that there is a statement ("X released the following statement"):
# no headline by itself; what the statement is about comes after it ("... after voting no on H.R. 8").
_BARE_STATEMENT = re.compile(r"\b(?:the following|a|this) statement$|\bthe following$", re.IGNORECASE)
# An opening adverbial clause ("Following a vote Friday, ...", "In an effort to keep children safe, ..."):
# the main clause after it is the news, and a cut before its comma would leave only the circumstance.
_LEADING_CLAUSE = re.compile(
    r"^(?:Following|After|Before|In|As|While|When|On|With|Despite|Since|Amid|Ahead of|Thanks to|Under)\b"
    r"[^,]{0,90},\s+(?=[A-Z])"
)
HEADLINE_MAX_WORDS = 14
# A whole sentence may run a little longer than a cut one: it needs no "…" and says all it meant to.
WHOLE_SENTENCE_MAX_WORDS = 16
MIN_HEADLINE_WORDS = 5
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
    newest = [item for item in titled if latest is not None and item[1].id in latest]
    titled = newest or titled
    if titled:
        # An all-capitals headline (AP's style) reads as shouting: prefer a sentence-case one of close merit.
        def merit(item: tuple[int, Article, str]) -> float:
            position, article, _ = item
            shouting = 0.15 if article.title.upper() == article.title else 0.0
            return float(story.title_similarity[position]) - shouting

        _, best, headline = max(titled, key=merit)
        return Headline(headline, best.id)
    # Only sentences that open an article: they are written to be read first, under a headline; a sentence
    # from further in, however central, is often a quote, an opinion or leans on what came before.
    openings = sorted(
        (c for c in story.candidates if c.sentence.index == 0 and c.fitness is Fitness.GOOD),
        key=lambda c: c.score,
        reverse=True,
    )
    for text in (lede_text, *(c.sentence.text for c in openings[:_TRIED_SENTENCES])):
        whole = headline_form(text)
        if (
            MIN_HEADLINE_WORDS <= len(whole.split()) <= WHOLE_SENTENCE_MAX_WORDS
            and not _quoted(whole)
            and not _BARE_STATEMENT.search(whole)
        ):
            return Headline(whole, None)
    return Headline(shorten(lede_text), None)


def title_headline(title: str) -> str | None:
    """A source's title as the story's headline: up to where it runs on into a date or dateline; None when it
    is no headline (under three words, or page furniture)."""
    text = " ".join(title.split())
    if _FURNITURE_TITLE.search(text):
        return None
    text = _cut_run_on(text)
    quoted = text.find(" “")  # a pull quote after the title: "... Debt Crisis “The single greatest ...”"
    if quoted > 0 and len(text[:quoted].split()) >= MIN_HEADLINE_WORDS:
        text = text[:quoted]
    return text if len(text.split()) >= 3 else None


def _cut_run_on(text: str) -> str:
    """``text`` up to a date or dateline it runs on into, when at least MIN_HEADLINE_WORDS come before it."""
    for found in _TITLE_RUN_ON.finditer(text):
        head = text[: found.start()].rstrip(" ,–—-")
        if len(head.split()) >= MIN_HEADLINE_WORDS:
            return head
    return text


def headline_form(sentence: str) -> str:
    """The sentence as a headline: no dateline, opening time phrase, final stop or trailing attribution."""
    text = " ".join(sentence.replace("\u00ad", "").split()).rstrip(".")
    text = _LEADING_DATELINE.sub("", text, count=1)
    text = _LEADING_TIME.sub("", text, count=1)
    text = _cut_run_on(text)
    rest = _LEADING_CLAUSE.sub("", text, count=1)
    if len(rest.split()) >= MIN_HEADLINE_WORDS + 1:
        text = rest
    text = _TRAILING_ATTRIBUTION.sub("", text)
    return text[:1].upper() + text[1:]


def shorten(sentence: str) -> str:
    """Cut a sentence to a headline: its headline form, then cut at a clause boundary."""
    text = headline_form(sentence)
    words = text.split()
    if len(words) <= HEADLINE_MAX_WORDS:
        return text
    # "X released the following statement after voting no on H.R. 8: “...”": the clause before the colon
    introduced = text.split(":", 1)[0]
    if ":" in text and MIN_HEADLINE_WORDS <= len(introduced.split()) <= WHOLE_SENTENCE_MAX_WORDS:
        return introduced
    head = " ".join(words[:HEADLINE_MAX_WORDS])
    # Before a phrase that only adds circumstance, the clause is whole: "X released the following statement"
    # | "in response to ...".
    found = [m.start() for m in _CIRCUMSTANCE.finditer(head) if m.start() > len(head) // 2]
    if found and not _BARE_STATEMENT.search(head[: found[-1]]):
        return head[: found[-1]]
    # Else cut where a clause or phrase ends, and say it was cut: "Congressman X (TX-28), a member of the
    # Blue Dog Coalition" reads as whole but is not.
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(" – "), head.rfind(" — "))
    return (head[:cut] if cut > len(head) // 2 else head) + "…"


def _quoted(text: str) -> bool:
    """A quotation alone is no headline: without its speaker it reads as the page's own claim."""
    return text[:1] in "“\"‘'"
