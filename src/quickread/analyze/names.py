"""Name normalisation shared by entity merging and speaker resolution: aliases, titles, name tokens."""

from __future__ import annotations

import re
import unicodedata

# Capitalised words that are no names: the months and the days ("George Takei April", "Dunn said Monday").
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CALENDAR_WORDS = frozenset((*MONTHS, *WEEKDAYS))
# A possessive ending: "Biden's", "Jones'".
POSSESSIVE_END = re.compile(r"['’]s?$")
# What comes right before a name in a photo credit: "(Victoria Walker/The Washington Post)", "| ABC".
_CREDIT_BEFORE = re.compile(r"[/|]\s?(?:The\s)?$")


def followed_by_possessive(text: str, end: int) -> bool:
    """The name ending at ``end`` is in the possessive ("Smith's lawyer"): someone else's, not the person."""
    return text[end : end + 2] in ("'s", "’s")


def in_photo_credit(text: str, start: int) -> bool:
    """The name starting at ``start`` is the outlet or agency of a photo credit."""
    return _CREDIT_BEFORE.search(text, max(0, start - 6), start) is not None


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
    "fed": "Federal Reserve",  # not the "Atlanta Fed", one of its regional banks
    "federal reserve": "Federal Reserve",
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
# The office itself, either case ("prime minister", "Prime Minister").
_DESCRIBED_ROLE = (
    r"(?P<role>(?i:(?:(?:foreign|defen[cs]e|deputy|vice) )?"
    r"(?:prime minister|president|foreign minister|defen[cs]e minister|chancellor|premier|governor|mayor)))"
)
# Descriptions that stand for a titled person: "Iraq's prime minister", "the prime minister of Tonga",
# "the prime minister".
DESCRIBED_OFFICE = re.compile(
    rf"\b(?:[A-Z][\w.-]+['’]s|[Tt]he(?: [A-Z][a-z]+)?) {_DESCRIBED_ROLE}"
    r"(?: of [A-Z][\w-]+(?: [A-Z][\w-]+)*)?\b"
)
# An office given in apposition after a name: "Akilisi Pohiva, the prime minister of Tonga" (the role of
# "Adil Abdul-Mahdi, the acting Prime Minister of Iraq" too: one lower-case modifier is allowed).
ROLE_AFTER_NAME = re.compile(rf", (?:the|[A-Z][\w.-]+['’]s)(?: [a-z]+)? {_DESCRIBED_ROLE}\b")
# "The Islamic Republic of Iran", "People's Republic of China": the country's long name.
_REPUBLIC_OF = re.compile(
    r"^(?:[A-Z][\w'’-]* )*Republic of (?:the )?(?P<place>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*)$"
)

_PREFIXES = ("al-", "el-", "al ", "el ")


def fold(text: str) -> str:
    """Diacritics dropped character by character, so offsets stay valid: "Erdoğan" -> "Erdogan"."""
    if text.isascii():
        return text
    return "".join(unicodedata.normalize("NFKD", char)[0] for char in text)


def alias_key(name: str) -> str:
    """Lower-case, dots and diacritics removed, leading "the" dropped: "the U.S." and "US" share "us"."""
    key = " ".join(fold(name).replace(".", "").split()).lower()
    return key[4:] if key.startswith("the ") else key


def canonical_alias(name: str) -> str | None:
    republic = _REPUBLIC_OF.match(name)
    if republic:
        return republic.group("place")
    return ALIASES.get(alias_key(name))


def expand_leading_alias(name: str) -> str:
    """An abbreviated country or body opening a longer name, written out: "U.S. Embassy" ->
    "United States Embassy", so that both spellings of the embassy share a key."""
    first, _, rest = name.partition(" ")
    full = ALIASES.get(alias_key(first)) if rest and first.replace(".", "").isupper() else None
    return f"{full} {rest}" if full else name


def alias_spellings(canonical: str) -> list[str]:
    """The abbreviations the text may use for an aliased name: "United States" -> US, U.S., USA, U.S.A.
    Only all-capital abbreviations: a word alias such as "America" would also match "Latin America"."""
    spellings = []
    for key, full in ALIASES.items():
        if full == canonical and " " not in key and len(key) <= 4:
            spellings += [key.upper(), "".join(f"{letter}." for letter in key.upper())]
    return spellings


def name_tokens(name: str) -> list[str]:
    """Tokens of a person's name for matching: lower-cased, Arabic article prefixes dropped (al-Sudani)."""
    tokens = []
    for token in fold(name).replace("’", "'").split():
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
