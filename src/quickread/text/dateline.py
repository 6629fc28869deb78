"""Wire-style datelines: "BAGHDAD, Jan 5 (Reuters) –", "BAGHDAD —", "WASHINGTON (AP) —", "(CNN) --"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quickread.model import Dateline

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A place is written in capitals ("BAGHDAD", "NEW YORK", "ST. PAUL, Minn."); a US state or country may
# follow in title case. Requiring capitals keeps ordinary opening words ("However —") from matching.
_PLACE = r"(?P<place>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?)"
_DATE = rf"(?:,? (?P<date>{_MONTH} \d{{1,2}}(?:, \d{{4}})?))?"
_OUTLET = r"(?: ?\((?P<outlet>[A-Za-z][A-Za-z .&'’-]{0,40})\))?"
_DASH = r" ?(?:[–—]|--?|:)(?: |$)"
_WIRE = re.compile(rf"^{_PLACE}{_DATE}{_OUTLET}{_DASH}")
_OUTLET_ONLY = re.compile(r"^\((?P<outlet>[A-Za-z][A-Za-z .&'’-]{0,40})\)(?: ?(?:[–—]|--?))? ?")

# CNN's web style, "Washington (CNN)President Donald Trump ...": a title-case place, then a known wire or
# network credit, no dash and often no space. Only known credits, so "Paris (France) is ..." stays text.
_TITLE_PLACE_CREDIT = re.compile(
    r"^(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}(?:, [A-Z][A-Za-z.]+)?) ?"
    r"\((?P<outlet>CNN|AP|Reuters|AFP|UPI)\)(?: ?(?:[–—]|--?))? ?(?=[A-Z“\"‘'])"
)

_OUTLET_NAMES = {"ap": "AP", "reuters": "Reuters", "afp": "AFP", "cnn": "CNN", "upi": "UPI"}


@dataclass(frozen=True, slots=True)
class DatelineMatch:
    dateline: Dateline
    length: int  # characters of the paragraph taken by the dateline, trailing space included


def match_dateline(paragraph: str) -> DatelineMatch | None:
    """Recognise a dateline at the start of the first paragraph of a story."""
    found = _WIRE.match(paragraph)
    if found and _looks_like_place(found.group("place")):
        return DatelineMatch(
            Dateline(
                raw=found.group(0).strip(),
                place=found.group("place"),
                date=found.group("date"),
                outlet=_outlet_name(found.group("outlet")),
            ),
            found.end(),
        )
    found = _TITLE_PLACE_CREDIT.match(paragraph)
    if found:
        return DatelineMatch(
            Dateline(
                raw=found.group(0).strip(),
                place=found.group("place"),
                outlet=_outlet_name(found.group("outlet")),
            ),
            found.end(),
        )
    found = _OUTLET_ONLY.match(paragraph)
    if found and found.group("outlet").strip().lower() in _OUTLET_NAMES:
        return DatelineMatch(
            Dateline(raw=found.group(0).strip(), outlet=_outlet_name(found.group("outlet"))), found.end()
        )
    return None


def _looks_like_place(place: str) -> bool:
    first = place.split(",")[0]
    letters = [c for c in first if c.isalpha()]
    # at least three capital letters: "US —" or "I —" is text, not a dateline
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _outlet_name(raw: str | None) -> str | None:
    if raw is None:
        return None
    cleaned = raw.strip()
    return _OUTLET_NAMES.get(cleaned.lower(), cleaned)
