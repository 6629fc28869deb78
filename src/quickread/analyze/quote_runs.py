"""Quotes that go on with the speaker of the quote before, in the same paragraph or the next."""

from __future__ import annotations

import re
from collections.abc import Sequence

from quickread.analyze.attribution_patterns import (
    AFTER_DASH_NAME,
    AFTER_SPEAKER_VERB,
    AFTER_VERB_SPEAKER,
    NOT_AFTER_TITLE,
    is_outlet,
)
from quickread.analyze.quote_bounds import after_quote_end, paragraph_end, paragraph_start
from quickread.analyze.quotes import FoundQuote
from quickread.analyze.speaker_types import EarlierQuote, Speaker
from quickread.model import Article

# "“...” and “...”", "“...,” he told the press. “...”": more words between two quotes (read on the Wikinews
# evaluation articles) and the second needs its own speaker
_MAX_WORDS_BETWEEN_CONTINUED = 8
# After a quote, a lower-case word that is no attribution: the quote is part of a new sentence.
_OWN_CLAUSE_AFTER = re.compile(r"\s*(?!(?:he|she|they|said|says|added|adds|wrote|told)\b)[a-z]")
# A full stop and a capital that start a new sentence (not a title's full stop: "Lt. Jon Hubbard").
_SENTENCE_BREAK = re.compile(rf"{NOT_AFTER_TITLE}[.!?]\s+[A-Z]")
_ASKS = re.compile(r"\b(?:asked|asks|asking)\b")


def goes_on_in_next_paragraph(article: Article, earlier: EarlierQuote, second: FoundQuote) -> bool:
    """A paragraph that is only a quote, right after a paragraph that ends in a quote and at most its
    attribution: the same speaker goes on (news style attributes a quote that runs over paragraphs once)."""
    first = earlier.quote
    start = paragraph_start(article, second.open_mark)
    end = paragraph_end(article, second.close_mark)
    alone = (
        not article.text[start : second.open_mark].strip()
        and len(article.text[second.close_mark + 1 : end].strip()) <= 1
    )
    if not alone or start < 2:
        return False
    previous_end = start - 2
    previous_start = paragraph_start(article, previous_end)
    if not previous_start <= first.close_mark < previous_end:
        return False
    trailing = article.text[first.close_mark + 1 : previous_end]
    return len(trailing.split()) <= _MAX_WORDS_BETWEEN_CONTINUED or _is_attribution_of(
        trailing, earlier.speaker
    )


def follows_its_attribution(
    article: Article, earlier: EarlierQuote, second: FoundQuote, quotes: Sequence[FoundQuote]
) -> bool:
    """ "“...,” said Catharine Winstanley, senior author of the study and an associate professor. “...”": in
    the same paragraph, the second quote comes right after the whole attribution of the first, however long,
    and has no attribution of its own: the same speaker goes on (a new speaker is always introduced by
    name). Not after a question put to someone named ("“...?” Larson asks Stone. “...”": the answer may be
    Stone's). Session 7 audit: 15 withheld quotes gained their right speaker, one wrong (a band read as the
    speaker of the first quote, fixed in ``speaker_of_phrase``)."""
    between = article.text[earlier.quote.close_mark + 1 : second.open_mark]
    if "\n\n" in between or not _is_attribution_of(between, earlier.speaker):
        return False
    if earlier.quote.text.rstrip().endswith("?") and _ASKS.search(between):
        return False
    return not _has_own_attribution(article, second, quotes)


def _is_attribution_of(text: str, speaker: Speaker | None) -> bool:
    """The text after a quote is one clause that attributes it to the speaker: "he said.", ", said Smith, the
    bank's chief, in a statement on Monday." (no second sentence, the speaker's own name or a pronoun or
    description as the attributed phrase)."""
    clause = text.strip()
    if speaker is None or not clause.endswith((".", ",", ":")) or _SENTENCE_BREAK.search(clause[:-1]):
        return False
    found = AFTER_SPEAKER_VERB.match(text) or AFTER_VERB_SPEAKER.match(text)
    if found is None:
        return False
    named = found.group("np").split()
    return bool(named) and (named[0][:1].islower() or bool(set(named) & set(speaker.name.split())))


def _has_own_attribution(article: Article, quote: FoundQuote, quotes: Sequence[FoundQuote]) -> bool:
    """Words after the quote that attribute it ("“...,” the agency said") or make it part of a new
    sentence."""
    after = article.text[quote.close_mark + 1 : after_quote_end(article, quote, quotes)]
    if _OWN_CLAUSE_AFTER.match(after):
        return True
    return any(pattern.search(after) for pattern in (AFTER_SPEAKER_VERB, AFTER_VERB_SPEAKER, AFTER_DASH_NAME))


def goes_on_after_few_words(
    article: Article, first: FoundQuote, second: FoundQuote, speaker: Speaker | None
) -> bool:
    """The second quote goes on from the first: same paragraph, only a few words between them, and no name
    there but the first quote's speaker's own or an outlet's ("“...,” usher Leon Thomas told the AP. “...”";
    "Mercy Fitzgerald Hospital called the incident “...”" has its own speaker)."""
    between = article.text[first.close_mark + 1 : second.open_mark]
    own = set(speaker.name.split()) if speaker is not None else set()
    named = [
        word
        for word in (w.strip(",.:;") for w in between.split())
        if word[:1].isupper()
        and word not in ("He", "She", "They")
        and word not in own
        and not is_outlet(word)
    ]
    if _OWN_CLAUSE_AFTER.match(article.text, second.close_mark + 1):
        # "“Tired, overworked” was how a director described it": its own sentence, its own speaker
        return False
    return "\n\n" not in between and len(between.split()) <= _MAX_WORDS_BETWEEN_CONTINUED and not named
