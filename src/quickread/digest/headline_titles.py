"""A source's title made the story's headline: cut where it runs on into its date, dateline, deck or a
pull quote, None when it is page furniture; also the title-case test and the run-on cut that sentence
headlines share (digest.headline_cuts)."""

from __future__ import annotations

import re

from quickread.model import Article
from quickread.text.event_dates import MONTH_PATTERN, WEEKDAY_PATTERN

# Where a release's title runs on into its date ("Wednesday, March 06, 2019", "March 22nd, 2019") or its
# dateline ("ATLANTA, GA – ", "WASHINGTON—"): a place in capitals, then a dash. Five letters at least, or
# a state after a comma: an acronym in a title ("... on NATO – allies react") is no dateline.
_TITLE_RUN_ON = re.compile(
    rf"\s+(?:(?:{WEEKDAY_PATTERN},?\s+)?{MONTH_PATTERN}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\(?(?:[A-Z]{5,}|[A-Z][A-Z.]{2,},\s*[A-Z][A-Za-z.]+)(?:[ ,]+[A-Z][A-Za-z.]*){0,3}\)?\s*[–—-]+)"
)
# A "title" that is page furniture: a photo or video credit, a prompt to click, watch or read on, a pull quote
# ("“I have two children. ...” share: f t": without its speaker it reads as the page's own claim).
_FURNITURE_TITLE = re.compile(
    r"^[(“\"‘]|^(?:click|watch|listen|photo|image|video|courtesy|read more|download|see)\b"
    r"|\bclick (?:here|on)\b|\bfor immediate release\b|^\W*press release\W*$|\bmedia advisory\b",
    re.IGNORECASE,
)
# A release title's deck in sentence case glued on after it ("... Protect Veterans’ Economic Security
# Bipartisan reform amends current bankruptcy law ..."): a capitalised word, then two lower-case words that
# are no title's small words. A deck that opens with a person ("... Savannah Harbor Deepening President
# Trump’s budget keeps ...") starts at the person's title.
_SMALL_WORD = re.compile(
    r"^(?:a|an|the|and|or|but|nor|of|to|in|on|at|by|for|with|from|into|as|vs\.?|via|over|per|be|is|are)$"
)
_PERSON_TITLE = re.compile(
    r"^(?:President|Vice|Senator|Sen\.|Senators|Sens\.|Rep\.|Reps\.|Representative|Congressman|"
    r"Congresswoman|Governor|Gov\.|Secretary|Mayor|Chairman|Chairwoman|Speaker|Leader)$"
)
# The fewest words a headline keeps after a cut, for titles and sentences alike (digest.headline_cuts
# imports it from here, as the run-on cut: no import cycle).
MIN_HEADLINE_WORDS = 5
# A title longer than this is mostly a title with a deck glued on ("House Passes Gardner-Led Public Lands
# Package Bill Heads to President’s Desk to be Signed into Law", 16 words): another source's title of close
# merit comes first. Read off the demo corpora's 613 titles: three in four have 5 to 13 words, and most of the
# 61 over 15 words have a deck.
TITLE_MAX_WORDS = 15
LONG_TITLE_PENALTY = 0.15


def without_other_title(headline: str, titled: list[tuple[int, Article, str]]) -> str:
    """``headline`` without another source's title it ends with: that title is its deck ("Maloney Denied Use
    of Official Funds ... in June Letter Also Asks House Admin to ..." and "Letter Also Asks House Admin to
    ...")."""
    for _, _, other in titled:
        head = headline[: -len(other)].rstrip(" ,:;–—-")
        if other != headline and headline.endswith(other) and len(head.split()) >= MIN_HEADLINE_WORDS:
            return head
    return headline


def title_headline(title: str) -> str | None:
    """A source's title as the story's headline: up to where it runs on into a date, dateline or deck; None
    when it is no headline (under three words, or page furniture)."""
    text = " ".join(title.split())
    if _FURNITURE_TITLE.search(text):
        return None
    text = _cut_deck(cut_run_on(text))
    quoted = text.find(" “")  # a pull quote after the title: "... Debt Crisis “The single greatest ...”"
    if quoted > 0 and len(text[:quoted].split()) >= MIN_HEADLINE_WORDS:
        text = text[:quoted]
    return text if len(text.split()) >= 3 else None


def cut_run_on(text: str) -> str:
    """``text`` up to a date or dateline it runs on into, when at least MIN_HEADLINE_WORDS come before it."""
    for found in _TITLE_RUN_ON.finditer(text):
        head = text[: found.start()].rstrip(" ,–—-")
        if len(head.split()) >= MIN_HEADLINE_WORDS:
            return head
    return text


def _cut_deck(title: str) -> str:
    """A title-case ``title`` up to the sentence-case deck glued on after it, when MIN_HEADLINE_WORDS come
    before the deck."""
    words = title.split()
    for i in range(MIN_HEADLINE_WORDS, len(words) - 2):
        if not (words[i][:1].isupper() and all(_plain_lower(w) for w in words[i + 1 : i + 3])):
            continue
        if any(w[:1].islower() and not _SMALL_WORD.match(w) for w in words[:i]):
            return title  # not a title-case title: its lower-case words are its own
        start = i
        while start > MIN_HEADLINE_WORDS and words[start - 1][:1].isupper():
            start -= 1
        person = [j for j in range(start, i + 1) if _PERSON_TITLE.match(words[j])]
        return " ".join(words[: person[0] if person else i])
    return _cut_at_repeated_name(title)


def _cut_at_repeated_name(title: str) -> str:
    """A title-case deck that opens with the name the title opened with ("Senator David Perdue Announces
    Committee Assignments For 116th Congress Perdue To Continue Serving ...", "Schiff Sends Letter to Amazon
    CEO ... Schiff Asks Bezos ..."): the title ends before the name comes again."""
    words = title.split()
    names = [
        w.rstrip(",:") for w in words[:3] if len(w) >= 4 and w[:1].isupper() and not _PERSON_TITLE.match(w)
    ]
    for i in range(MIN_HEADLINE_WORDS, len(words) - 1):
        if words[i].rstrip(",:’'s") in names and words[i + 1][:1].isupper():
            return " ".join(words[:i])
    return title


def _plain_lower(word: str) -> bool:
    return word.isalpha() and word.islower() and not _SMALL_WORD.match(word)


def title_case(text: str) -> bool:
    """A release's title left in its text ("Moulton Statement New Zealand Terrorist Attack"): it needs no verb
    to read as a headline; a sentence without one is a fragment ("Congressman X (TX-28), a member of the
    Conference Committee on ...")."""
    return all(
        word[:1].isupper() or not word[:1].isalpha() or _SMALL_WORD.match(word) for word in text.split()
    )
