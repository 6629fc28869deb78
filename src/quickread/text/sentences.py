"""Sentence splitting with nupunkt (an unsupervised Punkt model shipped inside the package: no data download).

nupunkt already keeps "U.S.", "Jan. 5", "a.m." and initials inside sentences and ends a sentence after a
closing quote. Two news habits are repaired on top of it: a split right after an abbreviation that
precedes a capitalised name or number ("Oct. 7" is kept by nupunkt, "Gen. Smith" sometimes not) and very
short fragments such as a lone "(AP)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nupunkt

# A person's title, abbreviated: it stands before a name, never at the end of a sentence.
# Plural forms stand before a list of names ("Reps. Jim Banks and Jim Jordan").
_PERSON_TITLES = r"Mr|Mrs|Ms|Dr|Drs|Gen|Lt|Col|Sgt|Capt|Sens?|Reps?|Gov|Govs|Prof|Rev|Hon|Maj|Cmdr|Adm|Pres"
# Titles and months only: "U.S." or an initial can truly end a sentence, and nupunkt judges those well.
_ABBREV_END = re.compile(
    rf"(?:\b(?:{_PERSON_TITLES}|St|Jr|Sr|No|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Ft|Mt|vs)\.)$"
)
_MIN_FRAGMENT_CHARS = 3
# No sentence opens with a closing bracket or a comma: a split before one was inside an abbreviation.
_NO_SENTENCE_START = frozenset(")]},;:")
# A bill's prefix ends no sentence before its number ("H.J.Res. 46", "S. Res. 50", "H.R. 8").
_BILL_PREFIX_END = re.compile(
    r"\b(?:H\.\s?R|H\.\s?J\.\s?Res|S\.\s?J\.\s?Res|H\.\s?Res|S\.\s?Res|H\.\s?Con\.\s?Res)\.$"
)
# "U.S." truly ends sentences ("... in the U.S. The ..."); before an office or a body it is the country's
# name: nupunkt split "U.S. | Senator Debbie Stabenow" in the congress demo's releases.
_COUNTRY_INITIALS_END = re.compile(r"(?<![\w.])(?:U\.S|U\.N|U\.K)\.$")
_OFFICE_WORDS = frozenset(
    {
        "Senator", "Sen", "Senators", "Sens", "Rep", "Reps", "Representative", "Representatives",
        "Congressman", "Congresswoman", "Secretary", "Ambassador", "Attorney", "Attorneys", "Army", "Navy",
        "Air", "Marine",
        "Marines", "Coast", "Department", "Embassy", "Supreme", "District", "Court", "House", "Senate",
        "Congress", "Customs", "Border", "Forces", "Command", "President", "Vice", "Chamber", "Capitol",
        "Security", "Special", "Trade", "Treasury", "Mission", "Mutual", "Combined", "Geological", "Census",
        "Postal", "Fish", "Forest", "Food", "Agency", "Government", "Military", "Olympic",
    }
)  # fmt: skip
# A whole sentence ends in a full stop, an exclamation or a question mark, possibly inside closing quotes or
# brackets; a headline, a caption or an excerpt cut mid-sentence does not.
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
_ENDS_IN_PERSON_TITLE = re.compile(rf"\b(?:{_PERSON_TITLES})\.[\"”’')\]]*$")
# Both end patterns are searched from near the end only: a search tries every position of a long sentence.
_TAIL_CHARS = 12
# No sentence of news is this long: the longest of the 29,138 sentences of the dev sets (Multi-News and CNN/DM
# validation, AllSides) has 1,370 characters. A longer "sentence" is a table, a list or hostile text with no
# full stop; it is cut into pieces at spaces, so that every later stage (the parser, the figure reader,
# conflicts) works on pieces of bounded size. The pieces end in no full stop, so none becomes a key point.
MAX_SENTENCE_CHARS = 3000


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text, max(0, len(text) - _TAIL_CHARS)) is not None


def ends_in_person_title(text: str) -> bool:
    """The sentence was cut before a name (\"... of misconduct,\" Mr.): a title never ends a sentence."""
    return _ENDS_IN_PERSON_TITLE.search(text, max(0, len(text) - _TAIL_CHARS)) is not None


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


def sentence_spans(paragraph: str) -> list[Span]:
    """Character spans of the sentences of one paragraph, surrounding whitespace excluded."""
    spans: list[Span] = []
    for start, end in nupunkt.sent_spans(paragraph):
        piece = paragraph[start:end]
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        stripped_end = start + len(piece.rstrip())
        if stripped_end <= stripped_start:
            continue
        if spans and _should_join(paragraph[spans[-1].start : spans[-1].end], paragraph, stripped_start):
            spans[-1] = Span(spans[-1].start, stripped_end)
        else:
            spans.append(Span(stripped_start, stripped_end))
    if any(span.end - span.start > MAX_SENTENCE_CHARS for span in spans):
        return [piece for span in spans for piece in _pieces(paragraph, span)]
    return spans


def _pieces(paragraph: str, span: Span) -> list[Span]:
    """The span cut at the last space before every MAX_SENTENCE_CHARS (at the limit when there is none)."""
    pieces = []
    start = span.start
    while span.end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = paragraph.rfind(" ", start + 1, limit)
        cut = cut if cut > start else limit
        end = cut
        while end > start and paragraph[end - 1].isspace():
            end -= 1
        pieces.append(Span(start, end))
        start = cut
        while start < span.end and paragraph[start].isspace():
            start += 1
    if start < span.end:
        pieces.append(Span(start, span.end))
    return pieces


def _should_join(previous: str, paragraph: str, next_start: int) -> bool:
    following = paragraph[next_start : next_start + 1]
    if len(previous) < _MIN_FRAGMENT_CHARS:
        return True
    if following in _NO_SENTENCE_START:
        return True  # "... John Thune (R-S.D." | "), U.S. Rep. ...": the split was inside the brackets
    if _BILL_PREFIX_END.search(previous) and following.isdigit():
        return True  # "H.J.Res. 46", "H.R. 8": a bill's number
    if _COUNTRY_INITIALS_END.search(previous):
        word = paragraph[next_start : next_start + 20].split(maxsplit=1)[:1]
        if word and word[0].rstrip(".,") in _OFFICE_WORDS:
            return True  # "U.S. Senator Debbie Stabenow", "U.N. Secretary General": an office
    return bool(_ABBREV_END.search(previous)) and (following.isupper() or following.isdigit())
