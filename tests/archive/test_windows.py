"""Planning the archive's work and stitching window clusters: the rules that make the archive's stories
those of the single-process grouping."""

from __future__ import annotations

import datetime as dt

import pytest

from quickread.archive.plan import UNDATED, ArchivePlan
from quickread.archive.stitch import WindowClusters, stitch


def _plan(days: int, per_day: int = 2, undated: int = 0) -> ArchivePlan:
    start = dt.date(2019, 1, 1)
    counts = {(start + dt.timedelta(days=d)).isoformat(): per_day for d in range(days)}
    if undated:
        counts[UNDATED] = undated
    return ArchivePlan.from_counts(counts)


def test_articles_are_numbered_day_by_day_with_the_undated_last() -> None:
    plan = ArchivePlan.from_counts({UNDATED: 4, "2019-01-02": 3, "2019-01-01": 2, "2019-01-05": 0})
    assert plan.days == ("2019-01-01", "2019-01-02", UNDATED)
    assert dict(plan.first) == {"2019-01-01": 0, "2019-01-02": 2, UNDATED: 5}
    assert plan.total == 9


def test_blocks_gather_days_up_to_a_size_and_keep_the_undated_apart() -> None:
    blocks = _plan(10, per_day=3, undated=5).blocks(target_articles=7)
    assert [len(b.days) for b in blocks] == [3, 3, 3, 1, 1]
    assert blocks[-1].days == (UNDATED,)
    assert [b.first for b in blocks] == [0, 9, 18, 27, 30]


def test_windows_tile_the_days_and_overlap_by_the_margin() -> None:
    windows = _plan(40).windows(core_days=14, margin_days=7)
    assert [len(w.core.days) for w in windows] == [14, 14, 12]
    assert windows[1].read.days[0] == "2019-01-08" and windows[1].read.days[-1] == "2019-02-04"
    cores = [day for w in windows for day in w.core.days]
    assert cores == sorted(set(cores)) and len(cores) == 40
    with pytest.raises(ValueError, match="margin"):
        _plan(40).windows(core_days=5, margin_days=7)


def test_a_quiet_gap_of_years_costs_no_windows() -> None:
    plan = ArchivePlan.from_counts({"1990-01-01": 1, "2019-01-01": 1})
    assert len(plan.windows(14, 7)) == 2


def test_clusters_that_both_neighbours_see_together_become_one_story() -> None:
    windows = _plan(28, per_day=1).windows(core_days=14, margin_days=7)
    left, right = windows  # cores: articles 0-13 and 14-27
    # a story across the border (12, 13 | 14, 15), seen whole by both windows
    seen_left = WindowClusters(left, ((12, 13, 14, 15), (0, 1), *((n,) for n in range(2, 12)), (16,), (17,)))
    seen_right = WindowClusters(right, ((12, 13, 14, 15), (16, 17), *((n,) for n in range(18, 28))))
    story = stitch([seen_left, seen_right])
    assert story[12] == story[13] == story[14] == story[15] == 12
    assert story[0] == story[1] == 0
    assert story[16] == story[17] == 16  # the right window answers for its core


def test_a_join_only_one_window_sees_is_not_made() -> None:
    windows = _plan(28, per_day=1).windows(core_days=14, margin_days=7)
    left, right = windows
    seen_left = WindowClusters(left, ((13, 14), *((n,) for n in range(13)), *((n,) for n in range(15, 21))))
    seen_right = WindowClusters(
        right, ((14, 15), (13,), *((n,) for n in range(7, 13)), *((n,) for n in range(16, 28)))
    )
    story = stitch([seen_left, seen_right])
    assert story[13] == 13 and story[14] == story[15] == 14
