"""Attributed claims that contradict each other across sources, when the text makes it plain.

Conservative by design (a false "sources differ" is worse than a missed one): a claim is an entity named
right before a verb of one of three frames (admitting, approving, surviving); two claims conflict only when
they come from different outlets, name the same entity, use verbs of opposite polarity in the same frame
("confirmed" / "denied", "approved" / "rejected", "was killed" / "survived", or a verb and its negation:
"approved" / "did not approve"), and describe the same event: the words after the verbs share at least two
content words. Anything vaguer is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.analyze.agreement import Origins
from quickread.model import Article, Citation, ClaimVersion, Conflict, ConflictKind, Entity

# frame -> (verbs that assert the event, verbs that deny it); past tense as reporters write them.
_FRAMES = {
    "admit": (
        ("confirmed", "admitted", "acknowledged", "claimed responsibility for", "took responsibility for"),
        ("denied", "rejected claims", "disputed"),
    ),
    "approve": (("approved", "accepted", "endorsed", "ratified"), ("rejected", "vetoed", "turned down")),
    "survive": (("was killed", "were killed", "died"), ("survived", "escaped")),
}
# Base forms after a negation: "did not approve" asserts the opposite of "approved".
_NEGATED_BASE = {
    "confirm": "confirmed", "admit": "admitted", "acknowledge": "acknowledged", "approve": "approved",
    "accept": "accepted", "endorse": "endorsed", "ratify": "ratified", "deny": "denied", "reject": "rejected",
    "survive": "survived",
}  # fmt: skip
_NEGATION = r"(?:did not|didn't|has not|hasn't|have not|haven't|had not|hadn't|never)"
_VERBS = sorted({verb for yes, no in _FRAMES.values() for verb in (*yes, *no)}, key=len, reverse=True)
_CLAIM_AFTER_NAME = re.compile(
    rf" (?:(?:has|have|had) )?(?:(?P<negation>{_NEGATION}) (?P<base>{'|'.join(_NEGATED_BASE)})"
    rf"|(?P<verb>{'|'.join(map(re.escape, _VERBS))}))\b(?P<event>[^.;:!?]*)"
)
_WORD = re.compile(r"[a-z]{4,}")
# Words too common to say two clauses are about one event.
_STOPWORDS = {
    "that", "their", "they", "them", "this", "these", "those", "with", "from", "have", "been", "were",
    "which", "would", "could", "also", "after", "before", "about", "into", "government", "said", "statement",
    "there", "when", "while", "being",
}  # fmt: skip
# Two clauses describe one event when they share this many content words: one shared word ("attack") is
# too weak; two ("shot", "jet") held on the fixture and the seed story without false alarms.
_SHARED_WORDS = 2


@dataclass(frozen=True, slots=True)
class Claim:
    actor: str  # the entity's canonical name
    frame: str
    asserts: bool  # True for "confirmed", False for "denied" or "did not confirm"
    verb: str  # as written, with its negation
    event: frozenset[str]  # content words after the verb
    version: ClaimVersion


def find_claims(articles: Sequence[Article], entities: Sequence[Entity]) -> list[Claim]:
    by_id = {article.id: article for article in articles}
    claims = []
    for entity in entities:
        actor_words = set(_WORD.findall(entity.name.lower()))
        for mention in entity.mentions:
            article = by_id[mention.article_id]
            found = _CLAIM_AFTER_NAME.match(article.text, mention.end)
            if found is None:
                continue
            verb = found.group("verb") or _NEGATED_BASE[found.group("base")]
            frame, asserts = _frame_of(verb)
            if found.group("negation"):
                asserts = not asserts
            sentence = next(s for s in article.sentences if s.start <= mention.start < s.end)
            end = min(found.end(), sentence.end)
            label = article.text[mention.start : end]
            event = frozenset(_WORD.findall(found.group("event").lower())) - _STOPWORDS - actor_words
            citation = Citation(article.id, sentence.index, mention.start, end)
            version = ClaimVersion(label, citation, (article.source,))
            written = f"{found.group('negation')} {found.group('base')}" if found.group("negation") else verb
            claims.append(Claim(entity.name, frame, asserts, written, event, version))
    return claims


def _frame_of(verb: str) -> tuple[str, bool]:
    for frame, (yes, no) in _FRAMES.items():
        if verb in yes or verb in no:
            return frame, verb in yes
    raise ValueError(verb)


def claim_conflicts(claims: Sequence[Claim], origins: Origins) -> tuple[Conflict, ...]:
    conflicts = []
    seen: set[tuple[str, str]] = set()
    for number, first in enumerate(claims):
        for second in claims[number + 1 :]:
            if not _contradict(first, second, origins) or (first.actor, first.frame) in seen:
                continue
            if _also_states(claims, second, first):
                continue  # the second outlet also reports the first version (an earlier denial, say)
            seen.add((first.actor, first.frame))
            yes, no = (first, second) if first.asserts else (second, first)
            topic = f"{first.actor}: {yes.verb} / {no.verb}"
            conflicts.append(Conflict(topic, kind=ConflictKind.CLAIM, claims=(yes.version, no.version)))
    return tuple(conflicts)


def _contradict(first: Claim, second: Claim, origins: Origins) -> bool:
    a, b = first.version.citation.article_id, second.version.citation.article_id
    if origins.outlet.get(origins.origin(a)) == origins.outlet.get(origins.origin(b)):
        return False  # one outlet updating itself is not two sources differing
    same_claim = first.actor == second.actor and first.frame == second.frame
    return same_claim and first.asserts != second.asserts and _same_event(first, second)


def _same_event(first: Claim, second: Claim) -> bool:
    needed = _SHARED_WORDS
    if first.frame == "survive":  # "X was killed" / "X survived": the person is the event
        needed = min(_SHARED_WORDS, len(first.event), len(second.event))
    return len(first.event & second.event) >= needed


def _also_states(claims: Sequence[Claim], holder: Claim, version: Claim) -> bool:
    article = holder.version.citation.article_id
    return any(
        c.version.citation.article_id == article
        and c.actor == version.actor
        and c.frame == version.frame
        and c.asserts == version.asserts
        and _same_event(c, version)
        for c in claims
    )
