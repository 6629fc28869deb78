"""Locating every mention of a story's entities by string search, once their names are known.

spaCy sees only some sentences (see ``ner.py``); every surface form of every entity group is then searched for
in every article, longest first, so "Islamic Resistance in Iraq" claims its "Iraq" before the place does.
Search runs over diacritic-folded text (same offsets), so "Erdogan" also finds "Erdoğan".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from quickread.analyze.names import (
    DESCRIBED_OFFICE,
    TITLE_BEFORE_NAME,
    alias_spellings,
    fold,
    in_photo_credit,
    surname_forms,
)
from quickread.model import Article, Entity, EntityKind, Mention
from quickread.text.stopwords import ENGLISH_STOP_WORDS

# A word that opens a longer place name: "America" in "North America" is not the United States, "Darby" in
# "Upper Darby" not Darby.
_LONGER_PLACE_BEFORE = re.compile(
    r"(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Latin|New|Upper|Lower|Greater)\s$"
)
# Quote marks around a name alone make it the title of a work ("“La La Land”", "'Jurassic Park,'").
_TITLE_MARKS = (("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'"))
# From this share of its mentions in title marks, an entity is a work (a film, a show, a book): the small
# model reads films as places and people, and a real person's name is rarely quoted alone.
_TITLE_SHARE = 0.25
_HONORIFICS = {"Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Dame", "Lord", "Lady", "Prof", "Professor"}
_NOT_FIRST_NAMES = ENGLISH_STOP_WORDS | {"said", "says", "told", "asked", "added", "according"}


@dataclass(slots=True)
class Group:
    """The spans merged into one entity so far: their forms, kind votes and roles."""

    forms: Counter[str] = field(default_factory=Counter)
    votes: Counter[EntityKind] = field(default_factory=Counter)
    roles: Counter[str] = field(default_factory=Counter)
    canonical: str | None = None
    doubtful: bool = False  # the text leaves the kind open ("... League": a body or a competition)

    def name(self) -> str:
        if self.canonical:
            return self.canonical
        return max(self.forms, key=lambda form: (len(form.split()), len(form), self.forms[form]))

    def kind(self) -> EntityKind:
        return max(self.votes, key=lambda kind: self.votes[kind]) if self.votes else EntityKind.OTHER

    def sure_votes(self) -> int:
        """The votes for the winning kind, or 0 when the kind is in doubt: the text leaves it open, or the
        model's votes split with no majority ("La La Land" read as a place 7 times, a person and a body 4
        times each)."""
        votes = self.votes[self.kind()]
        if self.doubtful or votes * 2 <= sum(n for n in self.votes.values() if n > 0):
            return 0
        return votes


def surface_forms(group: Group) -> set[str]:
    forms = {form for form in group.forms if len(form) >= 2}
    if group.kind() == EntityKind.PERSON:
        forms.update(surname_forms(group.name()))
    if group.canonical:
        forms.add(group.canonical)
        forms.update(alias_spellings(group.canonical))
    for form in list(forms):
        forms.update(_short_spellings(form))
    return {fold(form) for form in forms}


def _short_spellings(form: str) -> list[str]:
    """ "United States Embassy" is also written "U.S. Embassy" and "US Embassy"."""
    words = form.split()
    for count in (3, 2):  # "United States" is two words, "United Arab Emirates" three
        head, rest = " ".join(words[:count]), " ".join(words[count:])
        if rest and alias_spellings(head):
            return [f"{short} {rest}" for short in alias_spellings(head)]
    return []


def _another_first_name(text: str, start: int, form: str, group: Group) -> bool:
    """A person's surname right after another capitalised first name is someone else: "Terra Lurie" is not
    Michael Lurie. Titles before a surname ("Mr Lurie", "Senator Lurie") are no first names."""
    if group.kind() != EntityKind.PERSON or " " in form:
        return False
    before = re.search(r"([A-Z][a-z]+)\s$", text[max(0, start - 30) : start])
    if before is None:
        return False
    first = before.group(1)
    if first in group.name().split() or first.lower() in _NOT_FIRST_NAMES or first in _HONORIFICS:
        return False
    return TITLE_BEFORE_NAME.search(first + " ") is None


def collect_mentions(articles: Sequence[Article], groups: dict[str, Group]) -> tuple[Entity, ...]:
    keys = list(groups)
    owner: dict[str, int] = {}  # folded form -> index of its group; a form two groups share goes to the first
    for index, key in enumerate(keys):
        for form in surface_forms(groups[key]):
            owner.setdefault(form, index)
    found: dict[int, list[Mention]] = {index: [] for index in range(len(keys))}
    titled: Counter[int] = Counter()  # mentions written alone in title marks
    if owner:
        # One alternation, longest forms first, scanned once per article (one search per form cost a third
        # of the stage's time on the bench story): at each position the longest form wins.
        alternatives = "|".join(re.escape(form) for form in sorted(owner, key=len, reverse=True))
        pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
        for article in articles:
            for match in pattern.finditer(fold(article.text)):
                text = article.text[match.start() : match.end()]
                group = groups[keys[owner[match.group(0)]]]
                if _another_first_name(article.text, match.start(), text, group) or _not_a_mention(
                    article.text, match.start(), group
                ):
                    continue
                found[owner[match.group(0)]].append(Mention(article.id, match.start(), match.end(), text))
                if quoted_alone(article.text, match.start(), match.end()):
                    titled[owner[match.group(0)]] += 1
    for article in articles:
        _add_described_offices(article, [groups[key] for key in keys], found)
    entities = []
    source_of = {article.id: article.source for article in articles}
    for index, key in enumerate(keys):
        mentions = tuple(sorted(found[index], key=lambda m: (m.article_id, m.start)))
        if not mentions:
            continue
        group = groups[key]
        role = group.roles.most_common(1)[0][0] if group.roles else None
        sources = tuple(sorted({source_of[m.article_id] for m in mentions}))
        kind, votes = group.kind(), group.sure_votes()
        if titled[index] >= _TITLE_SHARE * len(mentions):
            kind, votes, role = EntityKind.OTHER, titled[index], None
        entities.append(Entity(group.name(), kind, mentions, role=role, sources=sources, kind_votes=votes))
    entities.sort(key=lambda e: (-len(e.sources), -len(e.mentions), e.name))
    return tuple(entities)


def quoted_alone(text: str, start: int, end: int) -> bool:
    """The name stands alone between title marks, a comma or full stop at most beside it."""
    before = text[start - 1 : start] if start else ""
    after = text[end : end + 2]
    return any(
        before == opening and (after[:1] == closing or (after[1:] == closing and after[:1] in ",."))
        for opening, closing in _TITLE_MARKS
    )


def _not_a_mention(text: str, start: int, group: Group) -> bool:
    """A photo credit, or a place's or body's name inside a longer place name."""
    if in_photo_credit(text, start):
        return True
    return (
        group.kind() != EntityKind.PERSON
        and _LONGER_PLACE_BEFORE.search(text, max(0, start - 12), start) is not None
    )


def _add_described_offices(
    article: Article, groups: Sequence[Group], found: dict[int, list[Mention]]
) -> None:
    """Link "Iraq's prime minister" to the one person the story gives that office. The description may
    hold a name ("Tonga" in "Tonga's prime minister"): both are mentions, of different entities."""
    holders: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        for role in group.roles:
            holders.setdefault(role.lower(), []).append(index)
    for match in DESCRIBED_OFFICE.finditer(article.text):
        indexes = holders.get(match.group("role").lower(), [])
        if len(indexes) == 1:
            found[indexes[0]].append(Mention(article.id, match.start(), match.end(), match.group(0)))
