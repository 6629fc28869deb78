"""Event-date resolution accuracy on dated expressions of the AllSides dev stories (issue 12, "Dates").

    .venv/bin/python bench/event_dates.py            # score the judged sample
    .venv/bin/python bench/event_dates.py --judge    # print the sample with context, for judging
    .venv/bin/python bench/event_dates.py --sample held-out   # the second sample (an independent reader)

Every date expression ``quickread.text.event_dates`` finds in an AllSides article (the dev set whose stories
carry a publication date; Multi-News and CNN/DM articles have none) is an item keyed by
set|cluster|article|start|end (offsets into the built article's text). A salted hash of the key picks the
sample, as in bench/audit_items.py. Judgments in ``bench/event_dates/labels.jsonl`` hold only keys and
the right period (``first``/``last`` ISO dates) or null for "not
resolvable": never the research text.

The first sample ("tuning") was judged while the rules were written; the second ("held-out": another salt,
none of the first sample's items, judgments in ``bench/event_dates/held_out.jsonl``) was judged by an
independent reader after, to check that the rules were not fitted to the first.

Accuracy = right / shown (items the resolver gave a date); coverage = shown and right / resolvable items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from audit_items import DATA_DIR, build_articles, load_clusters
from quickread.model import Article
from quickread.text.event_dates import DatedExpression, find_date_expressions, reference_date

LABELS = {
    "tuning": Path(__file__).resolve().parent / "event_dates" / "labels.jsonl",
    "held-out": Path(__file__).resolve().parent / "event_dates" / "held_out.jsonl",
}
SEEDS = {"tuning": "quickread-event-dates-1", "held-out": "quickread-event-dates-2"}
# Share of the found expressions that is judged: the first run found 2,130 expressions in the 506 AllSides
# stories, so 0.115 gives about 245, above the 200 with room for items later rules stop finding.
SAMPLE_RATE = 0.115


@dataclass(frozen=True, slots=True)
class DateItem:
    key: str
    found: DatedExpression
    reference: dt.date | None
    context: str


def _drawn(seed: str, key: str) -> bool:
    digest_bytes = hashlib.sha256(f"{seed}|{key}".encode()).digest()
    return int.from_bytes(digest_bytes[:8], "big") / 2**64 < SAMPLE_RATE


def in_sample(key: str, sample: str = "tuning") -> bool:
    """Whether ``key`` is in the sample; the held-out sample holds none of the tuning sample's items."""
    if sample == "tuning":
        return _drawn(SEEDS["tuning"], key)
    return _drawn(SEEDS[sample], key) and not _drawn(SEEDS["tuning"], key)


def date_items(data_dir: Path = DATA_DIR, sample: str = "tuning") -> Iterator[DateItem]:
    """Every sampled date expression of the dated AllSides articles."""
    for cluster in load_clusters("allsides", data_dir):
        for article in build_articles(cluster):
            if article.date is None:
                continue
            yield from _article_items(cluster.id, article, sample)


def _article_items(cluster: str, article: Article, sample: str) -> Iterator[DateItem]:
    reference = reference_date(article)
    position = article.id.rsplit("/", 1)[1]
    for sentence in article.sentences:
        for found in find_date_expressions(sentence.text, reference):
            start, end = sentence.start + found.start, sentence.start + found.end
            key = f"allsides|{cluster}|{position}|{start}|{end}"
            if in_sample(key, sample):
                context = article.text[max(start - 400, 0) : start]
                context += "[[" + found.expression + "]]" + article.text[end : end + 150]
                yield DateItem(key, found, reference, context.replace("\n", " "))


@dataclass(frozen=True, slots=True)
class Score:
    judged: int
    resolvable: int
    shown: int
    right: int

    @property
    def accuracy(self) -> float:
        return self.right / self.shown if self.shown else 0.0

    @property
    def coverage(self) -> float:
        return self.right / self.resolvable if self.resolvable else 0.0


def load_labels(path: Path = LABELS["tuning"]) -> dict[str, dict[str, str | None]]:
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["key"]: row for row in rows}


def score(items: list[DateItem], labels: dict[str, dict[str, str | None]]) -> Score:
    """Every judged expression counts: one the rules no longer find is not shown (a loss of coverage)."""
    found = {item.key: item for item in items}
    judged = resolvable = shown = right = 0
    for key, label in labels.items():
        judged += 1
        gold = (label["first"], label["last"]) if label.get("first") else None
        resolvable += gold is not None
        item = found.get(key)
        date = item.found.date if item else None
        if date is None:
            continue
        shown += 1
        right += gold == (date.first.isoformat(), date.last.isoformat())
    return Score(judged, resolvable, shown, right)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--judge", action="store_true", help="print the sample with context for judging")
    parser.add_argument("--sample", choices=sorted(SEEDS), default="tuning", help="which judged sample")
    args = parser.parse_args()
    items = list(date_items(sample=args.sample))
    if args.judge:
        for item in items:
            date = item.found.date
            resolved = f"{date.first}..{date.last}" if date else "-"
            weekday = f"{item.reference:%a}" if item.reference else ""
            print(f"{item.key}\tref={item.reference} {weekday}\tgot={resolved}\n    {item.context[-420:]}\n")
        return
    labels = load_labels(LABELS[args.sample])
    result = score(items, labels)
    missing = sum(1 for item in items if item.key not in labels)
    print(f"sampled {len(items)} expressions, judged {result.judged} ({missing} not judged)")
    print(f"resolvable {result.resolvable}, shown {result.shown}, right {result.right}")
    print(
        f"accuracy (right / shown) {result.accuracy:.1%}, coverage (right / resolvable) {result.coverage:.1%}"
    )


if __name__ == "__main__":
    main()
