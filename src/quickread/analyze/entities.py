"""Merging entity mentions across sentences and sources into one Entity each.

spaCy's spans are the seeds. They are grouped by normalised name (case, dots and diacritics ignored);
persons' short forms ("Sudani", "al-Sudani") join the full name they end; aliases ("US", "the United States",
"Islamic Republic of Iran") and acronyms the text defines ("Syrian Democratic Forces (SDF)") join their full
name; an organisation's bare head word ("the Embassy") joins the one organisation it heads; the kind is
corrected where the text itself settles it ("... militia" is an organisation, "President X" a person). Then
``mentions.py`` searches for every surface form in every sentence, so mentions are counted in text spaCy never
saw.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from quickread.analyze.mentions import Group, collect_mentions, quoted_alone
from quickread.analyze.names import (
    ALIASES,
    POSSESSIVE_END,
    ROLE_AFTER_NAME,
    TITLE_BEFORE_NAME,
    alias_key,
    canonical_alias,
    expand_leading_alias,
    name_tokens,
)
from quickread.analyze.ner import RecognisedSpan
from quickread.model import Article, Entity, EntityKind

# What follows a name and settles its kind, whatever the model said ("Kataib Hezbollah militia").
_ORG_AFTER = re.compile(
    r"\s(?:militias?|group|faction|movement|brigades?|organi[sz]ation|party|network|coalition|alliance)\b"
)
_PLACE_AFTER = re.compile(r"\s(?:province|governorate|district|city|county|region|village|town)\b")
# A role noun with the name in apposition settles a person: "a State Department spokesperson, Morgan Ortagus,"
# (the small model tags that name ORG).
_ROLE_BEFORE = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|president|secretary|official|leader|director|chairman|"
    r"chairwoman|ambassador|governor|senator|commander|professor|lawyer|attorney|mayor|officer|executive|"
    r"founder|candidate|activist|analyst|researcher|journalist|reporter|actor|actress|singer|player|coach),\s+$",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = re.compile(r"[,;:]+$")
# An acronym the text defines right after the full name: "Popular Mobilization Forces (PMF)".
_ACRONYM_AFTER = re.compile(r" \((?P<acronym>[A-Z][A-Z-]{1,7})\)")
# A name's own last word settles its kind where the small model often errs (on the issue-10 audit: "Andrews
# Air Force Base" and "Teton National Park" as organisations, "Orange County Sheriff's Office" as a place,
# "American Rescue Plan" and "COVID-19" as organisations). Not for a name the model reads as a person:
# "Anita Hill", "Park Geun-hye".
_PLACE_HEAD = re.compile(
    r"\s(?:Base|Airfield|Airport|Province|Prefecture|Islands|Mountains|River|Lake|Bay|Street|Avenue|Square|"
    r"Bridge|Station|Valley|Beach|Harbou?r|Trails?)$"
)
# ... these only when the model does not read a person: "Anita Hill", "Park Geun-hye".
_PLACE_HEAD_NOT_PERSON = re.compile(r"\s(?:Park|Hill|Island|Mountain)$")
_ORGANIZATION_HEAD = re.compile(
    r"\s(?:Office|Department|Ministry|School|Academy|University|College|Hospital|Clinic|Commission|"
    r"Committee|Council|Agency|Bureau|Institute|Association|Foundation|Corporation|Company|Inc\.?|Ltd\.?|"
    r"Club|Union|Party|Court|Police|Army|Navy|Network|Airlines?|Airways|Bank|Group|Senate|Assembly)$"
)
_OTHER_NAME = re.compile(
    r"\s(?:Plan|Act|Bill|League|Cup|Games|Olympics|Championships?|Awards?|Festival|Variant|Syndrome|"
    r"Disease|Fever|Virus|Telescope)$|^(?:COVID|Covid|Coronavirus|SARS)\b"
)
# Not "vaccine": "the Pfizer vaccine", "U.S. vaccine regulators" name a maker or a country (issue-10 audit:
# "United States" and "J&J" shown as other).
_OTHER_AFTER = re.compile(r"\s(?:variant|strain|virus|syndrome)\b")
# A day of remembrance or celebration is an event: "International Holocaust Remembrance Day", "Labor Day".
_EVENT_NAME = re.compile(r"\s(?:Day|Week)$")
# A "League" is a body ("Premier League") as often as a competition ("Champions League"): one of each on the
# issue-10 audit, so its kind is not shown.
_DOUBTFUL_KIND_NAME = re.compile(r"\sLeague$")
# A place or body named before a player's position is a team: "the Manchester United defender", "a
# Pittsburgh pitcher", "the Washington coach" (teams shown as places, 8 times on the issue-10 audit).
_TEAM_ROLE_AFTER = re.compile(
    r"(?:['’]s)?\s(?:defender|striker|midfielder|goalkeeper|goalie|winger|full-?back|forward|quarterback|"
    r"linebacker|receiver|pitcher|outfielder|shortstop|coach|head coach)\b"
)
# A name followed by its state ("Sandy Hook, Connecticut", "Darby, Pa.") is a place.
_US_STATE_AFTER = re.compile(
    r",\s(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
    r"Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|"
    r"Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|"
    r"North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|"
    r"Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|"
    r"Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev|"
    r"Okla|Ore|Pa|Tenn|Vt|Va|Wash|Wis|Wyo|N\.[HJMYCD]|S\.[CD]|W\.Va|"
    r"AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|"
    r"ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)\b"
)
# Words after a body's name that leave it the same body: "Apple Inc", "NBC News", "Stanford University".
_BODY_SUFFIXES = frozenset(
    ("inc", "corp", "corporation", "co", "company", "ltd", "llc", "plc", "sa", "ag", "group", "holdings",
     "international", "news", "university", "college", "motors", "pictures", "studios", "department",
     "ministry")
)  # fmt: skip
_NATIONALITY = re.compile(r"[a-z]+(?:an|ish|ese|i)")  # "russian navy", "british army", "iraqi army"
# A kind settled by the text counts this many model votes: one "X militia" outweighs the model's guesses.
_SETTLED_VOTES = 3


def build_entities(articles: Sequence[Article], spans: Sequence[RecognisedSpan]) -> tuple[Entity, ...]:
    """Entities of a story, most widely reported first."""
    by_id = {article.id: article for article in articles}
    groups: dict[str, Group] = {}
    acronyms: dict[str, str] = {}  # acronym's key -> key of the name it abbreviates
    for span in spans:
        article = by_id[span.article_id]
        start, end = _clean(article.text, span.start, span.end)
        if end - start < 2 or not article.text[start].isupper():
            continue
        text = article.text[start:end]
        alias = canonical_alias(text)
        key = alias_key(alias or expand_leading_alias(text))
        group = groups.setdefault(key, Group())
        group.canonical = group.canonical or alias
        group.doubtful = group.doubtful or _DOUBTFUL_KIND_NAME.search(text) is not None
        group.forms[text] += 1
        kind = _settled_kind(article.text, start, end, span.kind)
        group.votes[kind or span.kind] += _SETTLED_VOTES if kind else 1
        role = _role(article.text, start, end)
        if role and (span.kind == EntityKind.PERSON or kind == EntityKind.PERSON):
            group.roles[role] += 1
        acronym = _ACRONYM_AFTER.match(article.text, end)
        if acronym and alias_key(acronym.group("acronym")) != key:
            acronyms[alias_key(acronym.group("acronym"))] = key
            group.forms[acronym.group("acronym")] += 1
    _merge_acronyms(groups, acronyms)
    _merge_short_person_names(groups)
    _merge_organisation_heads(groups)
    _merge_organisation_units(groups)
    return collect_mentions(articles, groups)


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading "the", a trailing possessive or comma: "the Pentagon's" -> "Pentagon"."""
    if text[start : start + 4].lower() == "the ":
        start += 4
    for trailing in (_TRAILING_PUNCTUATION, POSSESSIVE_END):
        found = trailing.search(text, start, end)
        if found:
            end = found.start()
    return start, end


def _role(text: str, start: int, end: int) -> str | None:
    """The office the text gives a name, before it ("Prime Minister X") or in apposition ("X, the mayor")."""
    before = TITLE_BEFORE_NAME.search(text, max(0, start - 60), start)
    if before:
        return before.group("role")
    after = ROLE_AFTER_NAME.match(text, end)
    return after.group("role").title() if after else None


def _settled_kind(text: str, start: int, end: int, model_kind: EntityKind) -> EntityKind | None:
    name = text[start:end]
    if _OTHER_NAME.search(name) or quoted_alone(text, start, end):
        return EntityKind.OTHER
    if model_kind is not EntityKind.PERSON and _EVENT_NAME.search(name):
        return EntityKind.OTHER
    if _PLACE_HEAD.search(name):
        return EntityKind.PLACE
    if _OTHER_AFTER.match(text, end):
        return EntityKind.OTHER  # "the Delta variant"
    if _US_STATE_AFTER.match(text, end):
        return EntityKind.PLACE
    if model_kind is not EntityKind.PERSON:
        if _TEAM_ROLE_AFTER.match(text, end):
            return EntityKind.ORGANIZATION
        if _ORGANIZATION_HEAD.search(name):
            return EntityKind.ORGANIZATION
        if _PLACE_HEAD_NOT_PERSON.search(name):
            return EntityKind.PLACE
    if _ORG_AFTER.match(text, end):
        return EntityKind.ORGANIZATION
    if _PLACE_AFTER.match(text, end):
        return EntityKind.PLACE
    if model_kind == EntityKind.PERSON and text[max(0, start - 4) : start].lower() == "the ":
        # people are not "the X": a "person" the text writes "the Islamic Resistance" is a group
        return EntityKind.ORGANIZATION
    if TITLE_BEFORE_NAME.search(text, max(0, start - 60), start):
        return EntityKind.PERSON  # "President Donald Trump", "Senator Lindsey Graham"
    if model_kind != EntityKind.PLACE and _ROLE_BEFORE.search(text, max(0, start - 40), start):
        return EntityKind.PERSON
    return None


def _absorb(groups: dict[str, Group], target: str, source: str) -> None:
    groups[target].forms.update(groups[source].forms)
    groups[target].roles.update(groups[source].roles)
    groups[target].votes.update(groups[source].votes)
    groups[target].doubtful = groups[target].doubtful or groups[source].doubtful
    del groups[source]


def _merge_acronyms(groups: dict[str, Group], acronyms: dict[str, str]) -> None:
    """An acronym spaCy tagged on its own ("SDF") joins the name the text defined it for."""
    for acronym, target in acronyms.items():
        if acronym in groups and target in groups and acronym != target:
            _absorb(groups, target, acronym)


def _merge_short_person_names(groups: dict[str, Group]) -> None:
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
        if len(targets) > 1:
            continue  # "Pasztor" with Amber and Rene Pasztor in the story: either, so neither
        target = targets[0]
        votes = group.votes
        _absorb(groups, target, key)
        groups[target].votes.subtract(votes)  # a short form's guessed kind does not vote for the person


def _merge_organisation_heads(groups: dict[str, Group]) -> None:
    """A one-word organisation joins the only longer organisation that is it with a place before it ("Post"
    of "Washington Post", "Embassy" of "United States Embassy", "Navy" of "Russian Navy") or a legal or
    institutional word after it ("Apple Inc", "Stanford University", "Parliament of Iraq"); with two
    candidates it stays apart. Another longer name is another body: "House" is not the "White House",
    "Senate" not the "Senate Rules Committee", "Apple" not "Apple Support Forums" (issue-10 audit)."""
    places = {k for k, g in groups.items() if g.kind() == EntityKind.PLACE} | {
        alias_key(name) for name in ALIASES.values()
    }
    organisations = [k for k, g in groups.items() if g.kind() == EntityKind.ORGANIZATION and " " in k]
    for key in [k for k, g in groups.items() if " " not in k and g.kind() == EntityKind.ORGANIZATION]:
        targets = [o for o in organisations if _heads(key, o, places)]
        if len(targets) == 1:
            _absorb(groups, targets[0], key)


def _heads(key: str, organisation: str, places: set[str]) -> bool:
    if organisation.endswith(" " + key):
        before = organisation[: -len(key) - 1]
        return before in places or _NATIONALITY.fullmatch(before) is not None
    if organisation.startswith(key + " "):
        rest = organisation[len(key) + 1 :]
        return rest.startswith("of ") or all(word in _BODY_SUFFIXES for word in rest.split())
    return False


def _merge_organisation_units(groups: dict[str, Group]) -> None:
    """A unit named on its own ("Quds Force") joins the only organisation whose hyphenated full name ends in
    it ("Islamic Revolutionary Guard Corps-Quds Force"). Only the hyphenated form: "Supreme Court" may be
    another court than "Pennsylvania Supreme Court"."""
    organisations = [k for k, g in groups.items() if g.kind() == EntityKind.ORGANIZATION]
    for key in organisations:
        targets = [o for o in organisations if o != key and o in groups and o.endswith("-" + key)]
        if key in groups and len(targets) == 1:
            _absorb(groups, targets[0], key)
