"""Event dates: the day (or week, month, year) a sentence reports, resolved from how it is written.

"on Tuesday", "yesterday", "last week", "earlier this month", "Jan. 5" are read against the article's
reference date: its publication date, made precise by the dateline's day when the dateline gives one. Pure
text rules, no model. Precision first: without a reference date nothing relative resolves (only a date that
writes its own year does), and a sentence whose expressions disagree gets no date at all.

Rules (issue 12):

- A weekday is the latest such day on or before the reference date (the reference date itself when the
  weekdays match); "last Tuesday" is strictly before it, "next Tuesday" strictly after.
- A future reference resolves forward: a future marker ("will", "is to", "plans to", "is expected to", ...)
  earlier in the clause, with no relative-clause word ("that", "which", "after", ...) between it and the
  expression, turns "on Tuesday" into the first Tuesday on or after the reference date.
- "yesterday", "today", "tonight", "this morning", "last night", "tomorrow" are days; "last week", "this
  week", "next week" are Monday-to-Sunday weeks; "last month", "earlier this month" months; "last year" years.
- A month and day without a year (and "in March") take the reference year, as news style writes a date of
  the current year without one; the year before when that would put the date more than ``PAST_HORIZON_DAYS``
  after the reference ("Dec. 28" in a January article), the year after for a future reference more than
  ``FUTURE_SLACK_DAYS`` before it. "last July 4" is strictly before the reference, "next July 4" after.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.model import Article, DateGranularity, EventDate, KeyPoint

# A future month-and-day a few days before the publication date is still this year's (a dateline a day ahead
# of the feed's date across time zones); more than a week before, it is next year's.
FUTURE_SLACK_DAYS = 7
# An unmarked month-and-day up to half a year after the reference is this year's: news style writes the year
# of any other year's date, and unmarked dates ahead are events announced ("begins Oct. 7" in September).
# Was seven days (the first, tuning sample of bench/event_dates.py saw no date ahead beyond four days); the
# held-out sample then had three this-year dates three to thirty weeks ahead and none of a past year.
PAST_HORIZON_DAYS = 183

# How far back the future rule reads: a clause's marker sits within a few dozen words of its date, and a cap
# keeps a hostile run-on "sentence" of many dates linear rather than quadratic.
FUTURE_WINDOW_CHARS = 300

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_PATTERN = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
WEEKDAY_PATTERN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# One alternation, tried left to right at each position; the group name says which rule resolves it.
_EXPRESSION = re.compile(
    rf"\b(?:"
    rf"(?P<month_day>(?P<md_month>{MONTH_PATTERN}) (?P<md_day>{_DAY})(?!\d)(?:,? (?P<md_year>{_YEAR}))?)"
    rf"|(?P<day_month>(?P<dm_day>{_DAY}) (?P<dm_month>{MONTH_PATTERN})(?:,? (?P<dm_year>{_YEAR}))?)"
    rf"|(?P<month_year>(?P<my_month>{MONTH_PATTERN}),? (?P<my_year>{_YEAR}))"
    rf"|(?P<in_month>(?<=\b[Ii]n )(?:(?:early|late|mid-?) ?)?(?P<im_month>{MONTH_PATTERN})"
    rf"(?:,? (?P<im_year>{_YEAR}))?)"
    rf"|(?P<weekday>(?:(?P<wd_which>[Ll]ast|[Nn]ext|[Tt]his) )?(?P<wd_name>{WEEKDAY_PATTERN}))"
    r"|(?P<relative_day>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast night"
    r"|[Tt]his (?:morning|afternoon|evening))"
    r"|(?P<period>(?:[Ee]arlier |[Ll]ater )?(?P<p_which>[Ll]ast|[Nn]ext|[Tt]his) (?P<p_unit>week|month|year))"
    r")(?![\w-])"
)
# "Black Friday", "Super Tuesday", "Good Friday": named days, not the last such weekday.
_ARTICLE_BEFORE = re.compile(r"\b(?:the|The)\s$")
_POSSESSIVE_AFTER = re.compile(r"[’']s\b")
_NAMED_DAY_BEFORE = re.compile(r"(?:Black|Cyber|Super|Good|Bloody|Ash|Palm|Easter|Giving|Holy)\s$")
_FUTURE_MARKER = re.compile(
    r"\b(?:will|won't|shall|'ll|(?:is|are|was|were) (?:to|due to|set to|scheduled to|expected to|"
    r"slated to|going to|poised to)|plans? to|planned to|(?:is|are) planning to|intended to|"
    r"aim(?:s|ing)? (?:to|for)|scheduled for|set for|slated for|due on|(?:goes|going|go) into effect|"
    r"takes? effect|would(?! have)|starting|beginning|begins?|starts?)\b",
    re.IGNORECASE,
)
# "a Tuesday deadline" is the coming Tuesday's.
_LAST_OR_NEXT_BEFORE = re.compile(r"\b([Ll]ast|[Nn]ext) $")
_FUTURE_NOUN_AFTER = re.compile(r"\s(?:deadline|vote|election|summit)\b")
# A relative clause ("a bill that passed on Tuesday") or a report verb ("He will resign, he said on Tuesday")
# between the marker and the expression: the expression dates something else than the future event.
_CLAUSE_BREAK = re.compile(
    r"\b(?:that|which|who|whom|after|when|since|because|before|while|but|"
    r"said|says|told|announced|added|reported|confirmed|wrote|tweeted)\b|[;:—–]"
)


@dataclass(frozen=True, slots=True)
class DatedExpression:
    """A date expression in a text: ``text[start:end]``, and what it resolves to (None: not resolvable)."""

    start: int
    end: int
    expression: str
    date: EventDate | None


def reference_date(article: Article) -> dt.date | None:
    """The day the article reports from: its dateline's day when the dateline has one, else its date."""
    written = article.dateline.date if article.dateline else None
    if written:
        found = _EXPRESSION.fullmatch(written)
        if found and found.group("month_day"):
            year = found.group("md_year")
            if year is not None:
                return _safe_date(int(year), _month(found.group("md_month")), _day(found.group("md_day")))
            if article.date is not None:
                month, day = found.group("md_month"), found.group("md_day")
                return _month_day(article.date, month, day, future=False, which=None)
    return article.date


def find_date_expressions(text: str, reference: dt.date | None) -> list[DatedExpression]:
    """Every date expression in the sentence ``text`` with its resolved date (None where it does not resolve).

    The future rule reads the sentence from its start, so pass one sentence at a time.
    """
    found = []
    for match in _EXPRESSION.finditer(text):
        if match.group("weekday") and _NAMED_DAY_BEFORE.search(
            text, max(match.start() - 12, 0), match.start()
        ):
            continue
        if _is_name(text, match) or _is_attributive(text, match):
            continue
        future = _is_future(text, match.start()) or (
            match.group("weekday") is not None and _FUTURE_NOUN_AFTER.match(text, match.end()) is not None
        )
        date = _resolve(match, future, reference)
        found.append(DatedExpression(match.start(), match.end(), match.group(0), date))
    return found


def sentence_event_date(text: str, reference: dt.date | None) -> EventDate | None:
    """The one date a sentence reports, when its resolvable expressions agree on it; None otherwise."""
    dates = [e.date for e in find_date_expressions(text, reference) if e.date is not None]
    if not dates or any((d.first, d.last) != (dates[0].first, dates[0].last) for d in dates[1:]):
        return None
    return dates[0]


def event_date_label(date: EventDate, reference_year: int | None = None) -> str:
    """How a bullet shows it: "Tue 11 Feb", "week of 3 Feb", "Feb 2020", "2019" (a day's year when not
    ``reference_year``)."""
    first = date.first
    if date.granularity is DateGranularity.WEEK:
        shown = f"week of {first.day} {first:%b}"
    elif date.granularity is DateGranularity.MONTH:
        return f"{first:%b} {first.year}"
    elif date.granularity is DateGranularity.YEAR:
        return str(first.year)
    else:
        shown = f"{first:%a} {first.day} {first:%b}"
    return shown if first.year == reference_year else f"{shown} {first.year}"


@dataclass(frozen=True, slots=True)
class ShownDate:
    """A bullet's event date as the page shows it."""

    label: str  # "Tue 11 Feb", "week of 3 Feb", "Feb 2020"
    iso: str  # an HTML datetime value: "2020-02-11", "2020-W06", "2020-02", "2020"


def shown_date(points: Sequence[KeyPoint], articles: Sequence[Article]) -> ShownDate | None:
    """The date beside a bullet: its first point's event date, the year written only when it is not the year
    of the newest source."""
    date = points[0].event_date if points else None
    if date is None:
        return None
    years = [a.date.year for a in articles if a.date is not None]
    label = event_date_label(date, max(years) if years else None)
    if date.granularity is DateGranularity.WEEK:
        year, week, _ = date.first.isocalendar()
        return ShownDate(label, f"{year}-W{week:02d}")
    if date.granularity is DateGranularity.MONTH:
        return ShownDate(label, f"{date.first:%Y-%m}")
    if date.granularity is DateGranularity.YEAR:
        return ShownDate(label, str(date.first.year))
    return ShownDate(label, date.first.isoformat())


def _resolve(match: re.Match[str], future: bool, reference: dt.date | None) -> EventDate | None:
    expression = match.group(0)
    if match.group("month_day") or match.group("day_month"):
        prefix = "md" if match.group("month_day") else "dm"
        month, day, year = (match.group(f"{prefix}_{part}") for part in ("month", "day", "year"))
        if year is not None:
            date = _safe_date(int(year), _month(month), _day(day))
        elif reference is not None:
            date = _month_day(reference, month, day, future=future, which=_which_before(match))
        else:
            return None
        return _day_event(date, expression)
    if match.group("month_year"):
        return _month_event(int(match.group("my_year")), _month(match.group("my_month")), expression)
    if reference is None:
        return None
    if match.group("in_month"):
        month = _month(match.group("im_month"))
        if match.group("im_year"):
            return _month_event(int(match.group("im_year")), month, expression)
        ahead = month - reference.month  # "in July" up to six months ahead is this year's, as a day is
        year = reference.year + (1 if future and ahead < 0 else -1 if not future and ahead > 6 else 0)
        return _month_event(year, month, expression)
    if match.group("weekday"):
        return _day_event(_weekday(reference, match, future), expression)
    if match.group("relative_day"):
        word = expression.lower()
        shift = -1 if word == "yesterday" else 1 if word == "tomorrow" else 0
        return _day_event(reference + dt.timedelta(days=shift), expression)
    return _period(reference, match.group("p_which").lower(), match.group("p_unit"), expression)


def _weekday(reference: dt.date, match: re.Match[str], future: bool) -> dt.date:
    wanted = _WEEKDAYS.index(match.group("wd_name").lower())
    which = (match.group("wd_which") or "").lower()
    back = (reference.weekday() - wanted) % 7
    ahead = (wanted - reference.weekday()) % 7
    if which == "last":
        return reference - dt.timedelta(days=back or 7)
    if which == "next":
        return reference + dt.timedelta(days=ahead or 7)
    if future:
        return reference + dt.timedelta(days=ahead)
    return reference - dt.timedelta(days=back)


def _period(reference: dt.date, which: str, unit: str, expression: str) -> EventDate:
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = reference - dt.timedelta(days=reference.weekday()) + dt.timedelta(weeks=step)
        return EventDate(monday, monday + dt.timedelta(days=6), DateGranularity.WEEK, expression)
    if unit == "month":
        months = reference.year * 12 + reference.month - 1 + step
        return _month_event(months // 12, months % 12 + 1, expression)
    year = reference.year + step
    return EventDate(dt.date(year, 1, 1), dt.date(year, 12, 31), DateGranularity.YEAR, expression)


def _is_name(text: str, match: re.Match[str]) -> bool:
    """ "the Today programme": "Today" or "Tonight" capitalised inside a sentence names a show."""
    word = match.group(0)
    return (
        word in ("Today", "Tonight")
        and match.start() > 0
        and text[: match.start()].rstrip()[-1:] not in '."“'
    )


def _is_attributive(text: str, match: re.Match[str]) -> bool:
    """ "the December 31 attack", "Tuesday's vote": a date that names something the sentence mentions, not
    when its own event happened ("pointing to the December 31 attack" in a report of Friday's strike)."""
    return (
        _ARTICLE_BEFORE.search(text, max(match.start() - 6, 0), match.start()) is not None
        or _POSSESSIVE_AFTER.match(text, match.end()) is not None
    )


def _is_future(text: str, position: int) -> bool:
    """A future marker earlier in the sentence, with no relative-clause word between it and ``position``."""
    window = text[max(position - FUTURE_WINDOW_CHARS, 0) : position]
    markers = list(_FUTURE_MARKER.finditer(window))
    return bool(markers) and not _CLAUSE_BREAK.search(window, markers[-1].end())


def _month_day(
    reference: dt.date, month: str, day: str, *, future: bool, which: str | None
) -> dt.date | None:
    """``which``: "last" or "next" written before the date ("Last July 4"), else None."""
    date = _safe_date(reference.year, _month(month), _day(day))
    if date is None:
        return None
    if which == "last":
        return date if date < reference else _safe_date(reference.year - 1, date.month, date.day)
    if which == "next":
        return date if date > reference else _safe_date(reference.year + 1, date.month, date.day)
    if not future and date > reference + dt.timedelta(days=PAST_HORIZON_DAYS):
        return _safe_date(reference.year - 1, date.month, date.day)
    if future and date < reference - dt.timedelta(days=FUTURE_SLACK_DAYS):
        return _safe_date(reference.year + 1, date.month, date.day)
    return date


def _which_before(match: re.Match[str]) -> str | None:
    """ "last" or "next" right before a month and day ("Last July 4"), lower-cased; else None."""
    found = _LAST_OR_NEXT_BEFORE.search(match.string, max(match.start() - 6, 0), match.start())
    return found.group(1).lower() if found else None


def _month(written: str) -> int:
    return _MONTHS[written[:3].lower()]


def _day(written: str) -> int:
    return int(written.rstrip("stndrh"))


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # "Feb. 30": not a date, so not resolvable
        return None


def _day_event(date: dt.date | None, expression: str) -> EventDate | None:
    return None if date is None else EventDate(date, date, DateGranularity.DAY, expression)


def _month_event(year: int, month: int, expression: str) -> EventDate:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return EventDate(
        dt.date(year, month, 1), next_month - dt.timedelta(days=1), DateGranularity.MONTH, expression
    )
