"""Precision floors of what a Quick Read shows, on the judged dev-set sample (issue 10, bench/audit.py).

Re-makes every Quick Read of Multi-News validation, CNN/DM validation and the AllSides raw stories (about a
minute on the 2-core box), draws the fixed-seed sample and scores it against bench/audit/labels. Fails when a
kind's precision drops more than MARGIN below its record, or when so many sampled items changed that fewer
than the issue's minimum are judged (then judge the new ones: `bench/audit.py --export DIR`, rubric in
bench/audit/README.md). Skips when ../shared/data/dev is absent. The records are those of docs/benchmarks.md,
section "Precision audit (issue 10)"; update both together, and never lower a floor to pass.
"""

from __future__ import annotations

import sys

import pytest

from conftest import DEV_DATA, REPO

sys.path.insert(0, str(REPO / "bench"))
import audit

# kind -> (precision recorded, fewest judged items the sample must hold; for quotes, those withheld as
# unattributed count too: each was judged)
RECORDED = {
    "quote": (0.980, 400),  # 249 of 254 speakers shown (session 7; 190 of 195 before)
    "figure": (0.961, 400),  # 418 of 435 key figures
    "entity": (0.963, 500),  # 523 of 543 entities
    "key_point": (0.589, 400),  # 257 of 436 bullets (sampled at 10% since session 6, 9% before)
    "conflict": (1.0, 3),  # 3 of 3 conflicts (every one shown on the dev sets is judged)
}
MARGIN = 0.02
# Share of the sampled real quotes shown with a speaker (the rest are withheld as unattributed).
RECORDED_SPEAKER_COVERAGE = 0.580  # 253 of 436 (session 7; 194 of 438 before)


@pytest.fixture(scope="module")
def scores() -> dict[str, audit.Score]:
    if not DEV_DATA.is_dir():
        pytest.skip(f"dev data not found at {DEV_DATA} (read at run time, never committed)")
    return audit.score(audit.collect(audit.SETS, DEV_DATA), audit.load_labels())


@pytest.mark.parametrize("kind", sorted(RECORDED))
def test_precision_of_what_is_shown_keeps_its_floor(scores: dict[str, audit.Score], kind: str) -> None:
    result = scores[kind]
    recorded, fewest = RECORDED[kind]
    assert result.judged + result.withheld >= fewest, (
        f"{kind}: only {result.judged + result.withheld} sampled items judged "
        f"({len(result.unjudged)} new ones are not): "
        "judge them (bench/audit.py --export DIR) before trusting the floor"
    )
    assert result.precision >= recorded - MARGIN, (
        f"{kind}: precision {result.precision:.3f} < recorded {recorded:.3f} - {MARGIN} "
        f"({dict(result.verdicts)})"
    )


def test_quotes_keep_their_speakers(scores: dict[str, audit.Score]) -> None:
    quotes = scores["quote"]
    real = quotes.judged - quotes.verdicts["not_quote"] + quotes.withheld
    kept = quotes.judged - quotes.verdicts["not_quote"]
    assert kept / real >= RECORDED_SPEAKER_COVERAGE - MARGIN
