"""Whether a source sentence can stand alone as a key point, and the meaning-preserving trims allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from quickread.text.sentences import ends_in_person_title, ends_sentence

# An opening word that points back to something the reader of a lone bullet has not seen.
_ANAPHORIC_START = re.compile(
    r"^(?:he|she|it|they|them|his|her|its|their|this|that|these|those|there|such|both|another|"
    r"the (?:group|company|man|woman|agency|move|decision|official|source|statement|report|"
    r"president|minister|party|attack|incident|case|plan|bill|deal|measure|firm|club|team)\b|"
    r"(?:but|and|so|yet|or|also|still)\b[ ,])",
    re.IGNORECASE,
)
# A definite description whose referent the bullet does not show: after an article's first sentence, "The" and
# a common noun as the sentence's subject refers back ("The victim recently disclosed ...", "The 27-year-old
# has been placed ...", "The film begins where most Kong movies end", "The price hike in June marked ...").
# The subject names its referent when an apposition or an "of" phrase gives a name ("The patient, Richard
# Plotts, was ...", "The family of Chris Lane ...") or when it is a superlative, which picks its referent out
# by itself ("The longest escalator at any Underground station is ..."). On the issue-10 audit's judged key
# points such openings were good in 15 of 80 bullets; the earlier form of this rule (no capital in the first
# six words, ``_subject_names_no_one``, still the rule for the lede, read under the headline) let through 12
# dangling ones that this form catches, for 1 good one lost.
_THE_COMMON_NOUN = re.compile(r"^The (?![A-Z])(?P<rest>(?:\S+\s+){0,5}\S+)")
_NAMING_SUBJECT = re.compile(
    r"^[^,]*,\s+(?:[\w'’-]+\s+){0,2}[A-Z][\w'’.-]*|\b(?:of|for)\s+(?:the\s+)?[A-Z]|"
    r"^The\s+(?:first|only|last|longest|largest|biggest|highest|lowest|oldest|youngest|best|worst|most|least|"
    r"fastest|deadliest|smallest|tallest|richest|greatest)\b"
)
_RELATIVE_DESCRIPTION = re.compile(r"^The (?:other|same|latter|former|remaining|rest|next|previous)\b")
# The same kind of noun later in the sentence, as its actor ("..., the statement said", "the couple told",
# "the researchers found"). Demonstratives inside the sentence ("this case", "these sections") and definite
# event nouns anywhere ("on the news", "the move was done") lean on earlier text too, but flagging them costs
# ROUGE below the floors (issue 10: with both, Multi-News R1 45.17 -> 44.85; with event nouns alone,
# 45.09, its floor being 45.10).
_REFERRING_PHRASE = re.compile(
    r"\bthe (?:statement|suit|lawsuit|couple|pair|team|researchers|scientists|doctors|study|report|plan|"
    r"bill|measure|deal|property|victims?|suspects?|family|band|group|company|judge|jury|defen[cs]e|"
    r"prosecution|accused|driver|gunman|shooter|movie|film|show|book|song|album|program|series|two|three)"
    r"\s+(?:said|says|told|tells|found|finds|wrote|writes|read|reads|claims|claimed|suggests|suggested|"
    r"estimated|employed|added|noted|argued|is|was|has|had|were|are)\b",
    re.IGNORECASE,
)
# "Lehmkuhl was, however, a prolific tweeter": a connective set inside the sentence answers one not shown.
_ASIDE_CONNECTIVE = re.compile(
    r",\s+(?:however|though|too|meanwhile|instead|nevertheless|nonetheless),", re.IGNORECASE
)
# An opening phrase that points back in time or argument ("At the time", "Since then", "For example",
# "Even so", "Then"): the bullet answers a sentence it does not show.
_REFERRING_OPENER = re.compile(
    r"^(?:at the time|since then|then|for example|for instance|even so|instead|as a result|in response|"
    r"in turn|after that|by then|until then|in (?:that|this|such) case|otherwise|likewise|similarly|"
    r"in an earlier|at that point|at least that|just look|over the course of|previously|indeed|equally|"
    r"for one|by comparison|in contrast|on the other hand|in other words|that said|even then)\b",
    re.IGNORECASE,
)
# A writer's or speaker's own voice ("I think of that a lot.", "We started homeschooling."): a lone bullet
# cannot say who "I" or "we" is. Case-sensitive, so "US officials" is not "us".
_FIRST_OR_SECOND_PERSON_START = re.compile(r"^(?:I|We|You|My|Our|Your|Us|Me)\b(?![-\d])")
# "After reading the Attorney General's summary, I am pleased to learn ...": a press release or column in its
# writer's voice, outside quotation marks; shown without its speaker it reads as the page's own claim.
_FIRST_PERSON_OUTSIDE_QUOTES = re.compile(r"\b(?:I(?![-\d])|I'm|I’m|I've|I’ve|my|we|our|us)\b")
# "Because it may be time we all moved to Sweden.": an answer to a question the bullet does not show.
_BECAUSE_FRAGMENT = re.compile(r"^Because\b(?![^,]*,)")
# "..., he added." and "she said" hide the actor behind a pronoun.
_PRONOUN_ATTRIBUTION = re.compile(
    r"\b(?:he|she|they|it) (?:said|added|says|adds|told|noted|explained|continued|wrote|stated|argued)\b"
    r"|\b(?:said|added|says|told) (?:he|she|they)\b",
    re.IGNORECASE,
)
# "In March, he debuted..." hides the actor behind a pronoun after a short opening phrase.
_PRONOUN_AFTER_OPENER = re.compile(
    r"^[^,]{1,60},\s+(?:he|she|they|it|his|her|their|its|i|we|you|my|our|your)\b", re.IGNORECASE
)
# A sentence that is only a quotation ("“I have lost a brother!”", or with the full stop outside the quote
# marks) does not say who is speaking.
_BARE_QUOTE = re.compile(r"^[“\"‘'][^“”\"]*[”\"’'][.!]?$")
_NOISE = re.compile(r"https?://|www\.|@\w|\b(?:click|subscribe|newsletter|cookies?)\b|\|", re.IGNORECASE)
# Page furniture that reads like a sentence: a contributor's credit ("Jane Roe contributed to this report."),
# the prompt of an embedded tweet ("When you tweet with a location, Twitter stores that location."), a photo
# caption marked as such ("Image The White House's spokeswoman ...", "(picture posed by model)"). Issue 10:
# none may be a key point.
_FURNITURE = re.compile(
    r"\bcontributed (?:to )?(?:this|the) (?:report|story|article)\b|\btweet with a location\b|"
    r"\bTwitter stores that location\b|^(?:Image|Photo|Caption)\s+(?=[A-Z])|"
    r"\(pictured?(?: posed by model)?\)|(?i:\bfor immediate release\b)|"
    # a photo caption's position marks ("Zainab al-Khawaja (L) is greeted by ...", "(2nd R)") and its closing
    # place and full date (", west of Manama, February 16, 2014.", not "on Wednesday, January 1, 2020."); a
    # poll's method note
    r"\((?:\d(?:st|nd|rd|th) )?[LRC]\)|"
    r"(?<!day), (?:January|February|March|April|May|June|July|August|September|October|November|December) "
    r"\d{1,2}, \d{4}\.$|(?i:\bmargin of (?:sampling )?error\b)",
)
# A list item whose number opens it ("6. The movie Troy with Brad Pitt is one he likes ..."). Lines of a
# results table ("Felipe Massa (Brazil) Williams-Mercedes 1:36.954 5.": under two lower-case words) and items
# whose number the page glued to their end ("Mayweather takes his food very seriously 7.") are fragments too,
# but on CNN/DM (75 stories) those rows are what two stories' references list: flagging them took CNN/DM
# RLsum from 34.93 to 34.59, below its floor (issue 10, session 7), so they are not flagged.
_LIST_ITEM_START = re.compile(r"\d{1,2}\.\s")
# A section label glued to the sentence by the page ("Why it matters: ...", "The big picture: ...", a list
# heading in capitals "PERSONALIZATION IS ON THE RISE, INCLUDING CHANGES IN VENUES: ..."): a fragment of the
# page's layout, not a sentence of the story (issue 10 audit: judged fragments).
# "Pelosi said: ..." introduces a quote: a label holds no verb of speech.
_GLUED_LABEL = re.compile(
    r"^(?![^:]*\b(?:said|says|told|tells|added|adds|wrote|writes|stated|explained|tweeted|posted|warned|"
    r"declared|noted|announced|asked|replied|continued|reads?)\b)"
    r"(?:[A-Z][\w’'-]*(?: [\w’'-]+){0,3}|[A-Z0-9 ,'’-]{12,}):\s+\S"
)
# Leading connectives that can be dropped without changing what the sentence asserts.
_CONNECTIVE = re.compile(
    r"^(?:however|meanwhile|moreover|furthermore|additionally|in addition|separately|also|still|"
    r"nevertheless|nonetheless|in the meantime|at the same time|for its part),\s+",
    re.IGNORECASE,
)
# Share of capital letters above which a sentence is shouted, not written: a broadcast transcript, a headline
# or a banner ("LOCAL 6 COVERED THIS LOTTERY WINNER BEFORE."); ordinary sentences with acronyms stay far
# below it (read off Multi-News key points).
_MAX_CAPITALS_SHARE = 0.6
MIN_WORDS = 6
MAX_WORDS = 70


class Fitness(StrEnum):
    """How fit a sentence is to stand as a bullet on its own."""

    GOOD = "good"
    DEPENDENT = "dependent"  # points back to earlier text: usable only after its antecedent, never alone
    UNFIT = "unfit"  # a question, a fragment, a headline, a link, a sentence cut off (mid-quote, "...")


class Reading(StrEnum):
    """Where a sentence is read, which decides what it may leave to the text before it."""

    OPENING = "opening"  # an article's first sentence: written to be read first, under the headline only
    LEDE = "lede"  # the Quick Read's lede, read right under the headline, which names the story's subject
    BULLET = "bullet"  # a key point, read alone


def fitness(text: str, opens_article: bool = False) -> Fitness:
    """How fit ``text`` is to stand alone as a key point. An article's opening sentence (``opens_article``) is
    written to be read first, under the headline only: a definite description there ("The suspect was shot
    outside ...") is the story's own, and only pronouns and the like make it dependent."""
    return fitness_as(text, Reading.OPENING if opens_article else Reading.BULLET)


def fitness_as(text: str, reading: Reading) -> Fitness:
    """How fit ``text`` is to be read where ``reading`` says. Under the headline (``Reading.LEDE``) a definite
    description ("The bill passed the Senate 52-48.") resolves to the story the headline names; what points
    further back (a pronoun, "At the time", "the couple told") does not."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return Fitness.UNFIT
    if text.endswith("?") or text.endswith(":") or _NOISE.search(text) or not _marks_balanced(text):
        return Fitness.UNFIT
    if _FURNITURE.search(text) or _GLUED_LABEL.match(text):
        return Fitness.UNFIT
    if _LIST_ITEM_START.match(text):
        return Fitness.UNFIT
    if _shouted(text) or ends_in_person_title(text):
        return Fitness.UNFIT
    if text.endswith(("...", "…")) or not ends_sentence(text):
        # an excerpt cut off by its publisher ("... is the most sweeping...", "As The Post's Philip Rucker,
        # Robert Costa and"), a headline or a caption: not a whole sentence, and a cut can change what a
        # sentence asserts
        return Fitness.UNFIT
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "“\"‘'"):
        return Fitness.UNFIT
    unquoted = outside_quotes(text)
    if (
        _ANAPHORIC_START.match(text)
        or _PRONOUN_ATTRIBUTION.search(text)
        or _PRONOUN_AFTER_OPENER.match(text)
        or _BARE_QUOTE.match(text)
        or _FIRST_OR_SECOND_PERSON_START.match(text)
        or _BECAUSE_FRAGMENT.match(text)
        or _FIRST_PERSON_OUTSIDE_QUOTES.search(unquoted)
    ):
        return Fitness.DEPENDENT
    if reading is Reading.OPENING:
        return Fitness.GOOD
    if (
        _REFERRING_OPENER.match(text)
        or _REFERRING_PHRASE.search(unquoted)
        or _ASIDE_CONNECTIVE.search(unquoted)
    ):
        return Fitness.DEPENDENT
    if reading is Reading.LEDE:
        return Fitness.DEPENDENT if _subject_names_no_one(text) else Fitness.GOOD
    if _subject_is_an_unnamed_description(text):
        return Fitness.DEPENDENT
    return Fitness.GOOD


def _subject_names_no_one(text: str) -> bool:
    """A subject "The" + common noun with no capitalised word after it (up to a comma, six words at most)."""
    found = _THE_COMMON_NOUN.match(text)
    if found is None:
        return False
    subject = found["rest"].split(",")[0].split()
    return not any(word[:1].isupper() for word in subject)


def _subject_is_an_unnamed_description(text: str) -> bool:
    """ "The" and a common noun as the subject, named by no apposition or "of" phrase, and no superlative; or
    a description relative to one shown before ("The other boy, 8-year-old ...", "The same court ...")."""
    found = _THE_COMMON_NOUN.match(text)
    if found is None:
        return False
    return (
        _RELATIVE_DESCRIPTION.match(text) is not None or _NAMING_SUBJECT.search(text[: found.end()]) is None
    )


def outside_quotes(text: str) -> str:
    """``text`` with what stands inside double quotation marks blanked: the page's own words."""
    return re.sub(r"[“\"][^”\"]*[”\"]", " ", text)


def _shouted(text: str) -> bool:
    head = text[:40]
    if sum(map(str.islower, head)) > 2 * sum(map(str.isupper, head)):
        return False  # nearly every sentence is decided by its opening ("Reporter: FOR 12 YEARS" is not)
    upper, lower = sum(map(str.isupper, text)), sum(map(str.islower, text))
    return upper > _MAX_CAPITALS_SHARE * (upper + lower)


def _marks_balanced(text: str) -> bool:
    """Quotes and brackets that open also close: otherwise the sentence was cut ("... twelve (so far!")."""
    straight = text.count('"')
    return (
        straight % 2 == 0
        and text.count("“") == text.count("”")
        and text.count("(") == text.count(")")
        and text.count("[") == text.count("]")
    )


@dataclass(frozen=True, slots=True)
class Trim:
    """The part of a sentence kept for a bullet: ``sentence[offset:]`` with its first letter capitalised."""

    offset: int
    text: str


def trim_sentence(text: str) -> Trim:
    found = _CONNECTIVE.match(text)
    if found is None:
        return Trim(0, text)
    rest = text[found.end() :]
    if not rest or not rest[0].isalpha():
        return Trim(0, text)
    return Trim(found.end(), rest[0].upper() + rest[1:])
