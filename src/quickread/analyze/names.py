"""Name normalisation shared by entity merging and speaker resolution: aliases, titles, name tokens."""

from __future__ import annotations

import re

# Spellings of one place or body that share no tokens; keys are lower-cased with dots removed.
ALIASES = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "un": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "european union": "European Union",
    "isis": "Islamic State",
    "isil": "Islamic State",
    "islamic state": "Islamic State",
    "uae": "United Arab Emirates",
    "united arab emirates": "United Arab Emirates",
}

# Titles written before a name. Modifiers that are part of the office ("Foreign", "Deputy") stay in the role;
# nationality adjectives ("Iraqi") are dropped because they are not.
_OFFICE = (
    r"Prime Minister|President|Vice President|Minister|Secretary(?: of State| General)?|General|Gen\.|"
    r"Senator|Sen\.|Representative|Rep\.|Governor|Gov\.|Mayor|Chancellor|King|Queen|Prince|Princess|Pope|"
    r"Judge|Justice|Ambassador|Speaker|Commissioner|Director|Chairman|Chairwoman|Chief Executive|CEO|"
    r"Leader|Commander|Colonel|Col\.|Lieutenant|Lt\.|Captain|Capt\.|Sheikh|Ayatollah|Archbishop|Bishop|"
    r"Spokesman|Spokeswoman|Spokesperson|Premier|Emir|Sultan|Crown Prince|Attorney General|Police Chief"
)
_MODIFIER = (
    r"Foreign|Defen[cs]e|Finance|Health|Interior|Home|Deputy|Vice|Chief|Former|former|Acting|Supreme|Senior|"
    r"State|Justice|Education|Energy|Trade|Economy|Labou?r|Environment|Transport|Agriculture|Culture|Opposition"
)
TITLE_BEFORE_NAME = re.compile(rf"(?P<role>(?:(?:{_MODIFIER}) ){{0,2}}(?:{_OFFICE})) $")
# Lower-case descriptions that stand for a titled person: "Iraq's prime minister", "the prime minister".
DESCRIBED_OFFICE = re.compile(
    r"\b(?:[A-Z][\w.-]+['’]s|[Tt]he(?: [A-Z][a-z]+)?) (?P<role>(?:(?:foreign|defen[cs]e|deputy|vice) )?"
    r"(?:prime minister|president|foreign minister|defen[cs]e minister|chancellor|premier|governor|mayor))\b"
)

_PREFIXES = ("al-", "el-", "al ", "el ")


def alias_key(name: str) -> str:
    """Lower-case, dots removed, leading "the" dropped: "the U.S." and "US" share the key "us"."""
    key = " ".join(name.replace(".", "").split()).lower()
    return key[4:] if key.startswith("the ") else key


def canonical_alias(name: str) -> str | None:
    return ALIASES.get(alias_key(name))


def name_tokens(name: str) -> list[str]:
    """Tokens of a person's name for matching: lower-cased, Arabic article prefixes dropped (al-Sudani)."""
    tokens = []
    for token in name.replace("’", "'").split():
        low = token.lower().strip(".,")
        for prefix in _PREFIXES:
            if low.startswith(prefix) and len(low) > len(prefix) + 1:
                low = low[len(prefix) :]
        if low:
            tokens.append(low)
    return tokens


def surname_forms(name: str) -> list[str]:
    """How a person's last name may appear alone: "al-Sudani" gives "al-Sudani" and "Sudani"."""
    parts = name.split()
    if len(parts) < 2:
        return []
    last = parts[-1]
    forms = [last]
    for prefix in ("al-", "el-", "Al-", "El-"):
        if last.startswith(prefix) and len(last) > len(prefix) + 1:
            forms.append(last[len(prefix) :])
    return forms
