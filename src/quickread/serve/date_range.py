"""The front page's date filter, read leniently from a form: a blank field is no bound, and a value that is
not a date is ignored with a notice instead of an error page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DateRange:
    since: dt.date | None
    until: dt.date | None
    problems: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.since is not None or self.until is not None


def date_range(since: str | None, until: str | None) -> DateRange:
    problems: list[str] = []

    def parse(name: str, value: str | None) -> dt.date | None:
        if not value or not value.strip():
            return None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            problems.append(f"“{value.strip()}” is not a date (YYYY-MM-DD); the {name} bound was ignored.")
            return None

    start, end = parse("from", since), parse("to", until)
    if start and end and start > end:
        problems.append("The range ended before it began; the two dates were swapped.")
        start, end = end, start
    return DateRange(start, end, tuple(problems))
