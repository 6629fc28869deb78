"""Lines and sentences that outlets print around a story but that are not part of it.

Whole furniture paragraphs are removed before sentence splitting, furniture sentences inside a paragraph
(photo captions, credits, social and newsletter prompts that page extractors glue to story text) right
after it, so neither can ever become a key point; what is removed is kept on the Article for audit.
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


# Each pattern matches a whole sentence (case-insensitive), read off the key points chosen on Multi-News,
# whose documents are scraped pages: AP and Reuters captions ("In this Feb. 11, 2007, file photo, ...",
# "FILE - ..."), a trailing "(Photo: ...)" or "Photo: ...", BBC's "Image copyright ... Image caption",
# credits, and prompts to follow, join, subscribe or keep reading.
_SENTENCE_PATTERNS = [
    r"(?:file ?[-–—] ?)?in this (?:.{0,40}?\d{4},? )?(?:file |handout |undated |aerial |video )?"
    r"(?:photo|image|picture|photograph|frame grab)s?"
    r"(?:,| (?:provided|released|taken|made available|obtained|posted|distributed) by\b).*",
    r"file ?[-–—] .*",
    r".{0,250}\((?:[^()]{0,60}\b)?(?:photo|image|picture)s?\b[^()]{0,100}\)",
    r".{0,250}\b(?:photo|image|picture)s?(?: credit)?: [^.!?]{0,80}",
    r"image (?:copyright|caption)\b.*",
    r"(?:photo |image )?credits?: .{0,150}",
    r"follow .{1,60} on (?:twitter|facebook|instagram|google\+?)\b.*",
    r"(?:join|like) (?:us|the conversation|our)\b.{0,60}\b(?:facebook|twitter)\b.*",
    r".{0,150}\b(?:join our mailing list|view all .{0,40}newsletters?\b|"
    r"(?:sign up for|subscribe to) (?:our|the|a) (?:[\w-]+ ){0,3}"
    r"(?:newsletters?|e-?mails?|updates|alerts|podcast|channel|feed)\b).*",
    r"warning: (?:the following|this) (?:video|story|article|image|report)\b.*",
    r"(?:photo |video )?advertisement(?: continue reading the main story)?\.?",
    r"continue reading the main story\.?",
    r"(?:story continue[sd] below|scroll down for (?:video|more)).*",
    # video and gallery modules: Gannett's "CLOSE" button before a clip's caption, "WATCH: ..." links
    r"(?-i:CLOSE [A-Z]).*",
    r"(?-i:WATCH|VIDEO|PHOTOS?|GALLERY|LISTEN): .*",
    # an AP photo caption: present tense, then place and full date ("..., in Rome, Friday, Oct. 14, 2011.")
    r".{20,300}, (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),? "
    r"(?:jan|feb|march|april|may|june|july|aug|sept|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\.",
    # newsletter boxes, embedded tweets and error notices that extractors keep with the story text
    r"(?:email |newsletter )?sign up\b.{0,200}\b(?:newsletters?|e-?mails?|updates|alerts|offers)\b.*",
    r"(?:by signing up|you can unsubscribe at any time|thank you for subscribing|invalid email address|"
    r"please re-enter|you must select a newsletter|please verify you're not a robot|please enable javascript)"
    r"\b.*",
    r"(?:an error has occurred|please try again later)[.!]?",
    r"text size\.?",
    r"(?:rating is available when the video has been rented|this video is unavailable)\b.*",
    r"download the .{0,40}\bapp\b.*",
    r".{0,120}\bplease visit our help (?:center|centre|page)\b.*",
    r"for more (?:about|on|information)\b.{0,150}\b(?:see|visit|click|read)\b.*",
    r"(?:share|tweet|pin|e-?mail|print|comments?)(?: (?:share|tweet|pin|e-?mail|print|comments?)){2,}",
    r"(?:tweet with a location|you can add location information to your tweets|"
    r"you always have the option to delete your tweet location history)\b.*",
    # the Internet Archive's crawl notice, printed on archived copies of news pages
    r"(?:starting in 1996, alexa internet has been donating|"
    r"flowing in every day, these data are added to the wayback machine|"
    r"these crawls are part of an effort to archive pages|"
    r"that way, as the pages that are referenced are changed|"
    r"crawls of supported \"no more 404\" sites)\b.*",
]
_SENTENCE_FURNITURE = re.compile("|".join(f"(?:{p})" for p in _SENTENCE_PATTERNS), re.IGNORECASE)
# The caption patterns only hold for caption-sized sentences; a longer one is story text that mentions a
# photo.
_MAX_FURNITURE_SENTENCE_CHARS = 400


# Every pattern above needs one of these words: a plain substring test spares most sentences the full
# match (Multi-News, 21,782 sentences: 0.23 s with the full match alone, a regex alternation as the filter
# was slower still).
_FURNITURE_WORDS = (
    "photo", "image", "picture", "frame grab", "credit", "file", "follow", "join", "like", "mailing",
    "sign", "subscrib", "newsletter", "warning", "advertisement", "continue", "scroll", "mail",
    "re-enter", "robot", "try again", "error", "javascript", "text size", "share", "tweet", "rating",
    "video", "download", "help", "for more", "alexa", "wayback", "crawl", "that way", "close", "watch",
    "gallery", "listen", "print", "comment", "pin",
)  # fmt: skip


def is_furniture_sentence(sentence: str) -> bool:
    """A sentence that belongs to the page around the story (a caption, a credit, a prompt), not to it."""
    if len(sentence) > _MAX_FURNITURE_SENTENCE_CHARS:
        return False
    lowered = sentence.lower()
    dated = sentence[-5:-1].isdigit()  # a caption ends in its year: "..., Friday, Oct. 14, 2011."
    if not dated and not any(word in lowered for word in _FURNITURE_WORDS):
        return False
    return _SENTENCE_FURNITURE.fullmatch(sentence) is not None
