"""The archive report counts every skipped record but lists only the first ones: a crawl of a million bad
records must not make a million-entry report."""

from __future__ import annotations

from quickread.archive.inputs import SkippedRecord
from quickread.archive.report import LISTED_SKIPS, ArchiveReport, SkipLog


def test_every_skip_is_counted_by_reason_and_only_the_first_are_listed() -> None:
    first, second = SkipLog(), SkipLog()
    for line in range(LISTED_SKIPS + 5):
        first.add(SkippedRecord("a.jsonl", f"line {line}", "malformed JSON"))
    second.add(SkippedRecord("b.warc", "WARC record 2 at byte 9", "HTTP status 404, not 200"))
    report = ArchiveReport(skipped=first)
    report.skipped.merge(second)
    document = report.to_json()
    assert document["skipped"] == LISTED_SKIPS + 6
    assert document["skipped_by_reason"] == {
        "malformed JSON": LISTED_SKIPS + 5,
        "HTTP status 404, not 200": 1,
    }
    assert len(document["skipped_records"]) == LISTED_SKIPS
    assert document["skipped_records"][0] == {
        "input": "a.jsonl",
        "where": "line 0",
        "reason": "malformed JSON",
    }
