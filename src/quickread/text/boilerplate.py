"""Lines that outlets print around a story but that are not part of it.

They are removed before sentence splitting so they can never become a key point; the removed lines are kept
on the Article for audit.
"""

from __future__ import annotations

import re

# Each pattern matches a whole paragraph (case-insensitive). They come from wire services' and news sites'
# furniture seen in the seed texts, Multi-News and CNN/DailyMail.
_PARAGRAPH_PATTERNS = [
    r"(?:additional )?reporting by .{0,300}",
    r"(?:writing|editing|compiled|graphics|research) by .{0,200}",
    r".{0,120}contributed (?:to )?(?:this )?report(?:ing)?\.?",
    r"(?:associated press|ap|reuters|afp) (?:writers?|reporters?|correspondents?) .{0,200}",
    r"by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:,? (?:and|&) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})?"
    r"(?:,? (?:reuters|ap|afp|associated press|cnn|staff writer|for [\w ]+))?",
    r"(?:read|see|click|tap) (?:more|also|here)\b.{0,200}",
    r"(?:related|advertisement|advertising|sponsored|trending(?: news)?|most read|recommended)\b:?.{0,120}",
    r"(?:photo|image|picture|video|graphic|credit|file photo)s?(?: credit)?: .{0,200}",
    r".{0,200}\((?:photo|image|picture) (?:by|credit|courtesy)[^)]*\)",
    r"(?:sign up|subscribe|follow us|follow \w+ on|share this|like us on|join us)\b.{0,200}",
    r"(?:copyright|©|\(c\)) .{0,200}",
    r".{0,40}all rights reserved\.?.{0,80}",
    r"our standards: .{0,200}",
    r"[\w .]{1,40} has the story:?",
    r"this (?:story|article) (?:has been|was) (?:updated|corrected).{0,200}",
    r"(?:please )?enable javascript.{0,200}",
    r"(?:email|e-mail|contact) (?:the )?(?:author|reporter|us)\b.{0,200}",
    r"posted (?:on|at|by) .{0,100}",
    r"(?:updated|published|last updated):? .{0,60}\d.{0,60}",
]
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _PARAGRAPH_PATTERNS), re.IGNORECASE)
# A paragraph longer than this is a story paragraph even when it starts like furniture ("By the time...").
_MAX_BOILERPLATE_CHARS = 320


def is_boilerplate(paragraph: str) -> bool:
    if len(paragraph) > _MAX_BOILERPLATE_CHARS:
        return False
    if _BOILERPLATE.fullmatch(paragraph) is None:
        return False
    # "By the time rescuers arrived..." is text: a byline has no verb-like lowercase run after "By".
    return not (paragraph[:3].lower() == "by " and _looks_like_prose(paragraph))


def _looks_like_prose(paragraph: str) -> bool:
    words = paragraph.split()
    lowercase = sum(1 for w in words[1:] if w[:1].islower() and w.lower() not in {"and", "for"})
    return lowercase >= 2
