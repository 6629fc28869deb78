"""Merging entity mentions across sentences and sources into one Entity each.

spaCy's spans are the seeds. They are grouped by normalised name, persons' short forms ("Sudani",
"al-Sudani") join the full name they end, aliases ("US", "the United States") join their canonical name, and
the kind is corrected where the text itself settles it ("... militia" is an organisation). Then every surface
form of every entity is searched for in every sentence, so mentions are counted in text spaCy never saw.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from quickread.analyze.names import (
    DESCRIBED_OFFICE,
    TITLE_BEFORE_NAME,
    alias_key,
    canonical_alias,
    name_tokens,
    surname_forms,
)
from quickread.analyze.ner import RecognisedSpan
from quickread.model import Article, Entity, EntityKind, Mention

# What follows a name and settles its kind, whatever the model said ("Kataib Hezbollah militia").
_ORG_AFTER = re.compile(
    r"\s(?:militias?|group|faction|movement|brigades?|organi[sz]ation|party|network|coalition|alliance)\b"
)
_PLACE_AFTER = re.compile(r"\s(?:province|governorate|district|city|county|region|village|town)\b")
_POSSESSIVE = re.compile(r"['’]s?$")
# A kind settled by the text counts this many model votes: one "X militia" outweighs the model's guesses.
_SETTLED_VOTES = 3


@dataclass(slots=True)
class _Group:
    forms: Counter[str] = field(default_factory=Counter)
    votes: Counter[EntityKind] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    canonical: str | None = None

    def name(self) -> str:
        if self.canonical:
            return self.canonical
        return max(self.forms, key=lambda form: (len(form.split()), len(form), self.forms[form]))

    def kind(self) -> EntityKind:
        return self.votes.most_common(1)[0][0]


def build_entities(articles: Sequence[Article], spans: Sequence[RecognisedSpan]) -> tuple[Entity, ...]:
    """Entities of a story, most widely reported first."""
    by_id = {article.id: article for article in articles}
    groups: dict[str, _Group] = {}
    for span in spans:
        article = by_id[span.article_id]
        start, end = _clean(article.text, span.start, span.end)
        if end - start < 2 or not article.text[start].isupper():
            continue
        text = article.text[start:end]
        alias = canonical_alias(text)
        key = alias_key(alias or text)
        group = groups.setdefault(key, _Group(canonical=alias))
        group.forms[text] += 1
        kind = _settled_kind(article.text, start, end, span.kind)
        group.votes[kind or span.kind] += _SETTLED_VOTES if kind else 1
        role = TITLE_BEFORE_NAME.search(article.text, max(0, start - 60), start)
        if role and span.kind == EntityKind.PERSON:
            group.roles[role.group("role")] += 1
    _merge_short_person_names(groups)
    return _collect_mentions(articles, groups)


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the" and a trailing possessive: "the Pentagon's" -> "Pentagon"."""
    if text[start : start + 4].lower() == "the ":
        start += 4
    possessive = _POSSESSIVE.search(text, start, end)
    if possessive:
        end = possessive.start()
    return start, end


def _settled_kind(text: str, start: int, end: int, model_kind: EntityKind) -> EntityKind | None:
    if _ORG_AFTER.match(text, end):
        return EntityKind.ORGANIZATION
    if _PLACE_AFTER.match(text, end):
        return EntityKind.PLACE
    if model_kind == EntityKind.PERSON and text[max(0, start - 4) : start].lower() == "the ":
        # people are not "the X": a "person" the text writes "the Islamic Resistance" is a group
        return EntityKind.ORGANIZATION
    return None


def _merge_short_person_names(groups: dict[str, _Group]) -> None:
    """Fold "Sudani" and "al-Sudani" into "Mohammed Shia al-Sudani", whatever kind the model gave them."""
    persons = [k for k, g in groups.items() if g.kind() == EntityKind.PERSON and len(g.name().split()) > 1]
    for key in list(groups):
        group = groups[key]
        tokens = name_tokens(group.name())
        if key in persons or not tokens or len(tokens) > 2:
            continue
        targets = [p for p in persons if name_tokens(groups[p].name())[-len(tokens) :] == tokens and p != key]
        mostly_not_person = group.votes[EntityKind.PERSON] < sum(group.votes.values()) / 2
        if not targets or (mostly_not_person and len(tokens) > 1):
            continue
        target = max(targets, key=lambda p: sum(groups[p].forms.values()))
        groups[target].forms.update(group.forms)
        groups[target].roles.update(group.roles)
        del groups[key]


def _surface_forms(group: _Group) -> set[str]:
    forms = {form for form in group.forms if len(form) >= 2}
    if group.kind() == EntityKind.PERSON:
        forms.update(surname_forms(group.name()))
    if group.canonical:
        forms.add(group.canonical)
    return forms


def _collect_mentions(articles: Sequence[Article], groups: dict[str, _Group]) -> tuple[Entity, ...]:
    keys = list(groups)
    patterns = [(index, form) for index, key in enumerate(keys) for form in _surface_forms(groups[key])]
    # longest forms first so "Islamic Resistance in Iraq" claims its "Iraq" before the place does
    patterns.sort(key=lambda item: -len(item[1]))
    found: dict[int, list[Mention]] = {index: [] for index in range(len(keys))}
    for article in articles:
        taken: list[tuple[int, int]] = []
        for index, form in patterns:
            for match in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", article.text):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append((match.start(), match.end()))
                found[index].append(Mention(article.id, match.start(), match.end(), match.group(0)))
        _add_described_offices(article, keys, groups, found, taken)
    entities = []
    source_of = {article.id: article.source for article in articles}
    for index, key in enumerate(keys):
        mentions = tuple(sorted(found[index], key=lambda m: (m.article_id, m.start)))
        if not mentions:
            continue
        group = groups[key]
        role = group.roles.most_common(1)[0][0] if group.roles else None
        sources = tuple(sorted({source_of[m.article_id] for m in mentions}))
        entities.append(Entity(group.name(), group.kind(), mentions, role=role, sources=sources))
    entities.sort(key=lambda e: (-len(e.sources), -len(e.mentions), e.name))
    return tuple(entities)


def _add_described_offices(
    article: Article,
    keys: list[str],
    groups: dict[str, _Group],
    found: dict[int, list[Mention]],
    taken: list[tuple[int, int]],
) -> None:
    """Link "Iraq's prime minister" to the one person the story titles Prime Minister."""
    holders: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        for role in groups[key].roles:
            holders.setdefault(role.lower(), []).append(index)
    for match in DESCRIBED_OFFICE.finditer(article.text):
        indexes = holders.get(match.group("role").lower(), [])
        overlaps = any(match.start() < end and start < match.end() for start, end in taken)
        if len(indexes) == 1 and not overlaps:
            found[indexes[0]].append(Mention(article.id, match.start(), match.end(), match.group(0)))
