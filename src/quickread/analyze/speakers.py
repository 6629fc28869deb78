"""Who said a quote: the attribution around it ("X said", "said X", "according to X", "X told Reuters",
"X was quoted as saying"), a pronoun resolved to the nearest person named before it, or the speaker of the
quote just before it in the same paragraph ("“...,” he said. “...”").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.analyze.names import CALENDAR_WORDS, alias_key
from quickread.analyze.quotes import FoundQuote
from quickread.model import Article, Entity, EntityKind

_VERB = (
    r"(?:said|says|say|added|adds|told|tells|wrote|writes|stated|explained|noted|continued|argued|insisted|"
    r"warned|asked|replied|declared|announced|tweeted|posted|commented|remarked|acknowledged|admitted|"
    r"claimed|stressed|urged|recalled|concluded|responded|cautioned|predicted|promised|vowed|conceded|"
    r"complained|observed|emphasi[sz]ed|reiterated|confirmed|spoke|(?:was|were|is|are) quoted as saying)"
)
_NP = r"[^,;:“”\"‘()]{1,90}?"  # ’ stays: it is the possessive in "the minister’s office"
# "“...,” a statement from the prime minister’s office said." / "“...,” said Smith, the spokesman."
_AFTER_SPEAKER_VERB = re.compile(rf"^[,.!?]?\s*(?P<np>{_NP}),?\s+(?:also |later |then |further )?{_VERB}\b")
_AFTER_VERB_SPEAKER = re.compile(
    rf"^[,.!?]?\s*{_VERB}\s+(?P<np>{_NP})(?=\s+(?:on|in|at|during|to|after)\b|[,.;]|$)"
)
# "“...” — Claire Danes, asked how ...": a name after a dash signs the quote.
_AFTER_DASH_NAME = re.compile(r"^[,.!?]?\s*[—–]\s*(?P<np>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)+)(?=[,.;]|\s*$)")
_ACCORDING_TO = re.compile(rf"[Aa]ccording to\s+(?P<np>{_NP})(?=[,.;]|\s*$)")
# "Sudani said:" / "He added that" / "Sudani said Friday that the U.S. had ..., which is “"
_BEFORE = re.compile(rf"(?P<np>{_NP}),?\s+(?:also |later |then |further )?{_VERB}\b")
_NP_EDGE_WORDS = re.compile(r"^(?:and|but|that|while|as|so|then|however|meanwhile)\s+", re.IGNORECASE)
_NP_TAIL = re.compile(
    r"\s+(?:on|in|at|during|late|early|last|this)\b.*$|\s+(?:on )?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$"
)
_PRONOUNS = {"he", "she"}
_OUTLETS = {"nbc", "bbc", "cnn", "reuters", "ap", "afp", "cbs", "abc", "fox news", "associated press"}
_OUTLETS |= {"new york times", "washington post", "guardian", "nbc news", "cbs news", "abc news"}
# "“...” and “...”", "“...,” he told the press. “...”": more words between two quotes (read on the Wikinews
# evaluation articles) and the second needs its own speaker
_MAX_WORDS_BETWEEN_CONTINUED = 8
_NAME_BEFORE_APPOSITIVE = re.compile(r"(?P<name>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)*),\s*$")
_TITLE_ABBREVIATION = re.compile(
    r"(?:Adm|Gen|Lt|Col|Capt|Sgt|Cmdr|Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Prof|Rev|St|U|Sens|Reps)"
)
_NAME_AFTER_ABBREVIATION = re.compile(r"\.(?:\s?[A-Z][\w'’.-]*)+")
# Not a speaker: a single letter or a party tag ("D", "R-Texas"), a credit ("Dwight Adams/IndyStar"), two
# sentences run together ("Afghanistan. On").
_FRAGMENT = re.compile(
    r"^\S$|^[A-Z]-|.*/|.*(?<!\b(?:Mr|Ms|Dr|St|Lt|Jr|Sr))(?<!\b(?:Mrs|Sen|Rep|Gov|Gen|Col|Adm|Sgt))(?<!\bCapt)"
    r"(?<!\b[A-Z])\.\s+[A-Z]"
)
# Descriptions that name a body: "the agency said" stands for a body the article named before, which this
# does not resolve, so the quote is not attributed (the issue-10 audit judged such speakers vague).
_BODY_HEADS = {
    "agency", "department", "group", "company", "committee", "office", "ministry", "government",
    "administration", "campaign", "police", "court", "organization", "organisation", "firm", "board", "team",
    "club", "union", "council", "party", "network", "newspaper", "magazine", "code", "lyrics", "song", "book",
}  # fmt: skip
_DOCUMENT_HEADS = {
    "statement", "report", "lawsuit", "suit", "complaint", "letter", "post", "tweet", "website", "release",
    "study", "paper", "survey", "document", "filing", "memo", "indictment", "ruling", "order", "petition",
}  # fmt: skip
_POSSESSIVE_DETERMINERS = {"his", "her", "their", "its", "our", "my", "your"}
_INDEFINITE = {"a", "an", "one", "another", "two", "three", "several", "some", "many"}
# After a quote, a lower-case word that is no attribution: the quote is part of a new sentence.
_OWN_CLAUSE_AFTER = re.compile(r"\s*(?!(?:he|she|they|said|says|added|adds|wrote|told)\b)[a-z]")
# Words between a speech verb before a quote and the quote: "Sudani said Friday that the U.S. had bypassed the
# government, which is “...”" has 12; further away the quote sits in another clause with its own subject.
_MAX_WORDS_VERB_TO_QUOTE = 15
# An attribution longer than this is a clause, not a speaker ("the U.S. had bypassed the government").
MAX_SPEAKER_WORDS = 10
_DETERMINERS = {"a", "an", "the", "one", "two", "three", "several", "some", "many", "another", "his", "her"}
# A phrase holding one of these is a clause ("the family would", "Had I"), not someone who spoke; first-person
# speakers are interviewees the text does not name at the quote.
_NOT_IN_SPEAKER = set(
    [
        "i",
        "we",
        "you",
        "it",
        "they",
        "me",
        "us",
        "would",
        "will",
        "could",
        "should",
        "can",
        "may",
        "might",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "that",
        "which",
        "who",
        "if",
        "when",
        "because",
        "not",
        "to",
        "what",
        "why",
        "how",
        "there",
        "this",
    ]
)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str  # an entity's canonical name, or the describing phrase as written
    entity: str | None  # the canonical name when resolved to an entity


@dataclass(frozen=True, slots=True)
class _Earlier:
    """The quote before, with the speaker found for it: "he said" after it may be that speaker."""

    speaker: Speaker | None
    quote: FoundQuote


@dataclass(frozen=True, slots=True)
class _Located:
    start: int
    end: int
    entity: Entity


def attribute(
    article: Article, quotes: Sequence[FoundQuote], entities: Sequence[Entity]
) -> list[Speaker | None]:
    """One speaker (or None when the text does not say) per quote, in the order given."""
    quoted = [(q.open_mark, q.close_mark) for q in quotes]
    mentions = sorted(
        (
            _Located(m.start, m.end, e)
            for e in entities
            for m in e.mentions
            if m.article_id == article.id and not any(a <= m.start < b for a, b in quoted)
        ),  # a name inside a quote is never its speaker, nor the one a pronoun after it stands for
        key=lambda located: located.start,
    )
    speakers: list[Speaker | None] = []
    for number, quote in enumerate(quotes):
        earlier = _Earlier(speakers[-1], quotes[number - 1]) if number else None
        speaker = _attribution(article, quote, quotes, mentions, earlier)
        if speaker is None and earlier and _continues(article, earlier.quote, quote, earlier.speaker):
            speaker = earlier.speaker
        if speaker is None and earlier and _goes_on_in_next_paragraph(article, earlier.quote, quote):
            speaker = earlier.speaker
        speakers.append(speaker)
    return speakers


def _attribution(
    article: Article,
    quote: FoundQuote,
    quotes: Sequence[FoundQuote],
    mentions: list[_Located],
    earlier: _Earlier | None,
) -> Speaker | None:
    sentence_start, sentence_end = _sentence_bounds(article, quote)
    following = [q.open_mark for q in quotes if q.open_mark > quote.close_mark]
    after_end = min([sentence_end, *following, _paragraph_end(article, quote.close_mark)])
    after = article.text[quote.close_mark + 1 : after_end]
    base = quote.close_mark + 1
    for pattern in (_AFTER_SPEAKER_VERB, _AFTER_VERB_SPEAKER, _ACCORDING_TO, _AFTER_DASH_NAME):
        found = pattern.search(after)
        if found and _NP_EDGE_WORDS.match(found.group("np").strip()):
            continue  # "'...,' while Sarah Edwards added: '...'": the speaker of the next quote
        if found and (
            pattern is not _ACCORDING_TO or (found.start() < 3 and not _is_outlet(found.group("np")))
        ):
            speaker = _resolve(article, base + found.start("np"), base + found.end("np"), mentions, earlier)
            if speaker:
                return speaker
    ends_before = [q.close_mark + 1 for q in quotes if q.close_mark < quote.open_mark]
    before_start = max([sentence_start, *ends_before, _paragraph_start(article, quote.open_mark)])
    before = article.text[before_start : quote.open_mark]
    candidates = list(_BEFORE.finditer(before)) + list(_ACCORDING_TO.finditer(before))
    for found in sorted(candidates, key=lambda m: -m.end()):
        if len(before[found.end() :].split()) > _MAX_WORDS_VERB_TO_QUOTE:
            continue  # "X said ... and indicates that Trump asked him to “...”": another clause's speaker
        speaker = _resolve(
            article, before_start + found.start("np"), before_start + found.end("np"), mentions, earlier
        )
        if speaker:
            return speaker
    return None


def _resolve(
    article: Article, start: int, end: int, mentions: list[_Located], earlier: _Earlier | None
) -> Speaker | None:
    start, end = _extend_abbreviation(article.text, start, end)
    first_word = article.text[start:end].split()[:1]
    described = bool(first_word) and (first_word[0].lower() in _DETERMINERS or first_word[0][:1].islower())
    appositive = _appositive_name(article, start, mentions) if described else None
    if appositive is not None:  # "Chuck Schumer, the Senate Minority Leader, said": the name, not its role
        return appositive
    phrase = article.text[start:end]
    edge = _NP_EDGE_WORDS.match(phrase)
    while edge:
        start += edge.end()
        phrase = article.text[start:end]
        edge = _NP_EDGE_WORDS.match(phrase)
    tail = _NP_TAIL.search(phrase)
    if tail and tail.start() > 0:
        end = start + tail.start()
        phrase = article.text[start:end]
    while phrase[:1].isspace():
        start += 1
        phrase = phrase[1:]
    words = phrase.split()
    if not words or len(words) > MAX_SPEAKER_WORDS or _FRAGMENT.match(phrase):
        return None
    if phrase.lower() == "who":  # "... Caitlin Checkett, who said:": the person the relative clause is about
        return _appositive_name(article, start, mentions)
    if phrase.lower() in _PRONOUNS:
        person = _antecedent(article, mentions, start, earlier)
        return Speaker(person.name, person.name) if person else None
    inside = [m for m in mentions if start <= m.start and m.end <= end and m.entity.kind != EntityKind.PLACE]
    # a person in the possessive is not the speaker: "Day's animal foundation", "Smith's lawyer"
    people = [
        m
        for m in inside
        if m.entity.kind == EntityKind.PERSON and article.text[m.end : m.end + 2] not in ("'s", "’s")
    ]
    if any(word.lower().strip(".,") in _NOT_IN_SPEAKER for word in words):
        return None  # a clause ("Cosby was also asked"), not someone who spoke
    if people and words[0].lower() not in _DETERMINERS:
        # "Laurie Hedges from the University of Nottingham", "committee member Doug Collins of Georgia": the
        # person the phrase opens with, never the employer or place after
        return Speaker(people[0].entity.name, people[0].entity.name)
    if inside and inside[-1].end >= end - 1 and (not described or _the_and_name(article, start, inside[-1])):
        return Speaker(inside[-1].entity.name, inside[-1].entity.name)
    if described:
        if words[0].lower() not in _DETERMINERS:
            return None  # "opposed the withdrawal and": a clause, not a description of someone
        return _described_speaker(article, phrase, start, mentions, earlier)
    places = [m for m in mentions if m.start < end and start < m.end and m.entity.kind == EntityKind.PLACE]
    if places or not all(word[:1].isupper() for word in words):
        return None  # a place ("Laguna Niguel") or a clause is not a speaker
    return Speaker(phrase, None)  # a name the recogniser missed ("Choul added")


def _the_and_name(article: Article, start: int, named: _Located) -> bool:
    """ "the Rockies", "the Pentagon": the article and a name, no description between."""
    return article.text[start : named.start].strip().lower() == "the"


def _extend_abbreviation(text: str, start: int, end: int) -> tuple[int, int]:
    """ "said Adm. Scott Swift": the phrase stopped at the title's full stop; take the name after it."""
    if _TITLE_ABBREVIATION.fullmatch(text[start:end].strip()) and text.startswith(".", end):
        name = _NAME_AFTER_ABBREVIATION.match(text, end)
        if name:
            return start, name.end()
    return start, end


def _appositive_name(article: Article, start: int, mentions: list[_Located]) -> Speaker | None:
    """The person named right before a role in apposition: "Andersen, an Air Force captain, said"."""
    before = _NAME_BEFORE_APPOSITIVE.search(article.text, max(0, start - 80), start)
    if before is None:
        return None
    named = [m for m in mentions if m.entity.kind == EntityKind.PERSON and m.end == before.end("name")]
    return Speaker(named[-1].entity.name, named[-1].entity.name) if named else None


def _described_speaker(
    article: Article, phrase: str, start: int, mentions: list[_Located], earlier: _Earlier | None
) -> Speaker | None:
    """A speaker given by a description. An indefinite one ("a police spokesman", "a statement from the prime
    minister's office") is shown as written: the article does not name the person; so is a document ("the
    statement said", "says the suit"). A definite person ("the general") stands for a person named before:
    shown only when that person is settled (``_antecedent``) and holds that role ("Gen. Bergeson"), or as
    written when the article names nobody before it. A body ("the agency") or someone else's person ("her
    lawyer", "his e-mail") is not shown."""
    words = phrase.split()
    head = words[-1].lower().strip(".,")
    if words[0].lower() in _INDEFINITE:
        return Speaker(phrase, None)
    if head in _BODY_HEADS or words[0].lower() in _POSSESSIVE_DETERMINERS:
        return None
    if head in _DOCUMENT_HEADS:
        return Speaker(phrase, None)  # "the statement said", "says the suit": the document speaks
    if head.endswith("s") and not head.endswith("ss"):
        return None  # "the authors": more than one person
    if not any(m.entity.kind == EntityKind.PERSON and m.start < start for m in mentions):
        return Speaker(phrase, None)  # nobody is named before "the stylist": the article does not say who
    person = _antecedent(article, mentions, start, earlier)
    if person is None or not person.role or head[:3] not in person.role.lower():
        return (
            None  # "the stylist" is not Davis, the one person named before: only a matching role settles it
        )
    return Speaker(person.name, person.name)


def _antecedent(
    article: Article, mentions: list[_Located], offset: int, earlier: _Earlier | None
) -> Entity | None:
    """The person "he", "she" or "the general" stands for: the speaker of the quote just before, when it is
    in this or the previous paragraph and no other person is named (outside quotes) after it. Nothing else:
    on the issue-10 audit, pronouns resolved to the only or the first person named nearby were wrong one
    time in six (the person spoken to, the one the quote is about, a name further back)."""
    window_start = _paragraph_start(article, max(0, _paragraph_start(article, offset) - 2))
    if earlier is None or earlier.speaker is None or earlier.speaker.entity is None:
        return None
    if earlier.quote.open_mark < window_start:
        return None
    named_after = {
        m.entity.name
        for m in mentions
        if earlier.quote.close_mark < m.start < offset and m.entity.kind == EntityKind.PERSON
    }
    if not named_after <= {earlier.speaker.entity}:
        return None
    between = article.text[earlier.quote.close_mark + 1 : offset]
    own = set(earlier.speaker.entity.split())
    if any(_is_other_name(word, own) for word in re.findall(r"(?<=[a-z,] )[A-Z][\w'’-]+", between)):
        return None  # "Terra Lurie believes ...": a person the recogniser missed comes between
    chained = [m.entity for m in mentions if m.entity.name == earlier.speaker.entity]
    return chained[0] if chained and chained[0].kind == EntityKind.PERSON else None


def _is_other_name(word: str, own: set[str]) -> bool:
    if word in CALENDAR_WORDS or word in ("I", "He", "She"):
        return False
    return word not in own and word.removesuffix("'s").removesuffix("’s") not in own


def _is_outlet(phrase: str) -> bool:
    """News media an article credits for its information: not the speaker of a quote."""
    return alias_key(phrase) in _OUTLETS or phrase.split()[-1].lower() in ("media", "reports", "reported")


def _sentence_bounds(article: Article, quote: FoundQuote) -> tuple[int, int]:
    start, end = quote.open_mark, quote.close_mark + 1
    for sentence in article.sentences:
        if sentence.start <= quote.open_mark < sentence.end:
            start = sentence.start
        if sentence.start <= quote.close_mark < sentence.end:
            end = sentence.end
    return start, end


def _paragraph_start(article: Article, offset: int) -> int:
    return article.text.rfind("\n\n", 0, offset) + 2 if "\n\n" in article.text[:offset] else 0


def _paragraph_end(article: Article, offset: int) -> int:
    found = article.text.find("\n\n", offset)
    return len(article.text) if found == -1 else found


def _goes_on_in_next_paragraph(article: Article, first: FoundQuote, second: FoundQuote) -> bool:
    """A paragraph that is only a quote, right after a paragraph that ends in a quote and at most its short
    attribution: the same speaker goes on (news style attributes a quote that runs over paragraphs once)."""
    start = _paragraph_start(article, second.open_mark)
    end = _paragraph_end(article, second.close_mark)
    alone = (
        not article.text[start : second.open_mark].strip()
        and len(article.text[second.close_mark + 1 : end].strip()) <= 1
    )
    if not alone or start < 2:
        return False
    previous_end = start - 2
    previous_start = _paragraph_start(article, previous_end)
    return (
        previous_start <= first.close_mark < previous_end
        and len(article.text[first.close_mark + 1 : previous_end].split()) <= _MAX_WORDS_BETWEEN_CONTINUED
    )


def _continues(article: Article, first: FoundQuote, second: FoundQuote, speaker: Speaker | None) -> bool:
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
        and not _is_outlet(word)
    ]
    if _OWN_CLAUSE_AFTER.match(article.text, second.close_mark + 1):
        return (
            False  # "“Tired, overworked”" was how a director described it": its own sentence, its own speaker
        )
    return "\n\n" not in between and len(between.split()) <= _MAX_WORDS_BETWEEN_CONTINUED and not named
