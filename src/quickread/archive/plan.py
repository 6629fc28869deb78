"""How an archive is cut into work: days, blocks of days for tasks, and grouping windows that overlap.

Everything is keyed by the publication day. A day's articles are one file of the work folder; a task takes a
block of consecutive days (so that thousands of quiet days do not become thousands of tiny tasks); grouping
runs in windows of consecutive days that overlap their neighbours by ``margin_days`` on each side, so that
every pair of articles the single-process grouping would compare (``GroupOptions.date_window_days`` apart at
most) is compared in at least one window.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

UNDATED = "undated"


def day_key(date: dt.date | None) -> str:
    return UNDATED if date is None else date.isoformat()


def day_order(key: str) -> tuple[bool, str]:
    """Sort key: dated days in date order, the undated articles last (the single-process reading order)."""
    return (key == UNDATED, key)


@dataclass(frozen=True, slots=True)
class DayRange:
    """Days ``days`` whose articles have global numbers ``first`` .. ``first + count - 1``."""

    days: tuple[str, ...]
    first: int
    count: int

    @property
    def stop(self) -> int:
        return self.first + self.count


@dataclass(frozen=True, slots=True)
class ArchivePlan:
    """Articles per day in reading order, numbered globally: day by day, in input order within a day."""

    days: tuple[str, ...]
    first: Mapping[str, int]  # the global number of each day's first article
    counts: Mapping[str, int]

    @classmethod
    def from_counts(cls, counts: Mapping[str, int]) -> ArchivePlan:
        days = tuple(sorted((day for day, count in counts.items() if count > 0), key=day_order))
        first: dict[str, int] = {}
        total = 0
        for day in days:
            first[day] = total
            total += counts[day]
        return cls(days=days, first=first, counts={day: counts[day] for day in days})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def day_range(self, days: Sequence[str]) -> DayRange:
        ordered = tuple(sorted(days, key=day_order))
        first = self.first[ordered[0]] if ordered else 0
        return DayRange(ordered, first, sum(self.counts[day] for day in ordered))

    def blocks(self, target_articles: int) -> list[DayRange]:
        """Consecutive days gathered until a block holds ``target_articles`` or more (undated on its own)."""
        blocks: list[DayRange] = []
        current: list[str] = []
        size = 0
        for day in self.days:
            if day == UNDATED or (current and size >= target_articles):
                if current:
                    blocks.append(self.day_range(current))
                current, size = [], 0
            current.append(day)
            size += self.counts[day]
        if current:
            blocks.append(self.day_range(current))
        return blocks

    def windows(self, core_days: int, margin_days: int) -> list[GroupingWindow]:
        """Grouping windows: cores of ``core_days`` calendar days that tile the dated days, each read with
        ``margin_days`` more on both sides; the undated articles form one window of their own."""
        if margin_days > core_days:
            raise ValueError(f"a window's margin ({margin_days} days) must not exceed its core ({core_days})")
        dated = [dt.date.fromisoformat(day) for day in self.days if day != UNDATED]
        windows: list[GroupingWindow] = []
        position = 0
        while position < len(dated):
            # A core starts at the next day with articles, so a gap of quiet years costs nothing.
            start = dated[position]
            stop = start + dt.timedelta(days=core_days)
            core_end = bisect.bisect_left(dated, stop, lo=position)
            low = bisect.bisect_left(dated, start - dt.timedelta(days=margin_days))
            high = bisect.bisect_left(dated, stop + dt.timedelta(days=margin_days))
            core = [d.isoformat() for d in dated[position:core_end]]
            read = [d.isoformat() for d in dated[low:high]]
            windows.append(GroupingWindow(len(windows), self.day_range(core), self.day_range(read)))
            position = core_end
        if UNDATED in self.counts:
            undated = self.day_range([UNDATED])
            windows.append(GroupingWindow(len(windows), undated, undated))
        return windows


@dataclass(frozen=True, slots=True)
class GroupingWindow:
    """Stories are made from ``read``; the window answers for the articles of ``core`` (part of ``read``)."""

    number: int
    core: DayRange
    read: DayRange
