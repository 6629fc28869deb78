"""Precision audit of what a Quick Read shows, on real messy pages (issue 10): rescoring and export.

    .venv/bin/python bench/audit.py                 # the table: each kind's precision on the judged sample
    .venv/bin/python bench/audit.py --json          # the same, machine-readable
    .venv/bin/python bench/audit.py --export DIR    # write the sampled items with no judgment (with source
                                                    # context, research-only: keep DIR out of the repo)
    .venv/bin/python bench/audit.py --export DIR --all   # every sampled item, judged or not

The judgments are in ``bench/audit/labels/<kind>.jsonl`` (rubric: ``bench/audit/README.md``), keyed by set,
cluster, article position and character offsets. Each run re-makes the Quick Reads, draws the sample by hash
(``audit_items.in_sample``) and matches every sampled item to its judgment; what changed since it was judged
is either derived from the gold fields (a quote's real speaker, an entity's real kind, a number that
is no figure whatever its label) or listed as unjudged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import track

from audit_items import DATA_DIR, KINDS, SETS, Item, cluster_items, in_sample, load_clusters
from quickread.analyze.models import load_models
from quickread.analyze.names import alias_key

LABELS_DIR = Path(__file__).resolve().parent / "audit" / "labels"
# Verdicts that count as right, per kind; every other verdict is an error of the named class.
GOOD = {"quote": "right", "figure": "good", "entity": "right", "key_point": "good", "conflict": "real"}
# A figure judged bad for one of these reasons stays bad whatever label it is shown with later.
_NUMBER_PROBLEMS = {"year", "date", "time", "ordinal", "rank", "model", "phone", "not_a_figure", "misread"}
_DESCRIBED_STARTS = {"a", "an", "the", "one", "his", "her", "their", "its", "another"}


@dataclass(slots=True)
class Score:
    kind: str
    verdicts: Counter[str] = field(default_factory=Counter)
    derived: int = 0  # verdicts derived from gold fields rather than judged as shown
    unjudged: list[Item] = field(default_factory=list)
    withheld: int = 0  # quotes judged real but shown unattributed (not shown)

    @property
    def judged(self) -> int:
        return sum(self.verdicts.values())

    @property
    def precision(self) -> float:
        return self.verdicts[GOOD[self.kind]] / self.judged if self.judged else 0.0


SECOND_READER = "second_reader"


def load_labels(directory: Path = LABELS_DIR, reader: str = "A") -> dict[str, dict[str, Any]]:
    """The first reader's judgments (the ones scored), or with ``reader="B"`` the second reader's check."""
    labels: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.jsonl")):
        if (path.stem == SECOND_READER) != (reader == "B"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                label = json.loads(line)
                labels[label["key"]] = label
    return labels


def collect(sets: Sequence[str], data_dir: Path = DATA_DIR, limit: int | None = None) -> list[Item]:
    models = load_models()
    clusters = [c for name in sets for c in load_clusters(name, data_dir, limit)]
    items: list[Item] = []
    for cluster in track(clusters, description="Quick Reads", console=Console(stderr=True)):
        items.extend(cluster_items(cluster, models))
    return items


def score(items: Iterable[Item], labels: dict[str, dict[str, Any]]) -> dict[str, Score]:
    scores = {kind: Score(kind) for kind in KINDS}
    for item in items:
        if not in_sample(item.key, item.kind):
            continue
        label = labels.get(item.key)
        result = scores[item.kind]
        verdict = None if label is None else _verdict(item, label)
        if item.kind == "quote" and item.shown["speaker"] == "(unattributed)":
            if label is None or label["verdict"] != "not_quote":
                result.withheld += 1
            continue
        if verdict is None:
            result.unjudged.append(item)
            continue
        if label is not None and label["shown"] != _judged_view(item):
            result.derived += 1
        result.verdicts[verdict] += 1
    return scores


def _judged_view(item: Item) -> dict[str, Any]:
    return stored_view(item.shown)


def stored_view(shown: dict[str, Any]) -> dict[str, Any]:
    """The shown fields a label keeps: source sentences and quotes only as a hash of their text (the sets are
    research-only), names, labels and speakers as shown; a figure's value is not shown as such."""
    view: dict[str, Any] = {}
    for name, value in shown.items():
        if name == "text":
            view["text_sha256"] = hashlib.sha256(value.encode()).hexdigest()[:16]
        elif name == "versions":
            view[name] = [{k: v for k, v in version.items() if k != "sentence"} for version in value]
        elif name != "value":
            view[name] = value
    return view


def _verdict(item: Item, label: dict[str, Any]) -> str | None:
    verdict = str(label["verdict"])
    if label["shown"] == _judged_view(item):
        return verdict
    if item.kind == "quote":
        return _quote_verdict(item.shown["speaker"], label)
    if item.kind == "figure":
        return verdict if label.get("problem") in _NUMBER_PROBLEMS else None
    if item.kind == "entity" and label["shown"].get("name") == item.shown["name"]:
        if verdict in ("not_entity", "bad_span"):
            return verdict
        return "right" if item.shown["kind"] == label.get("gold_kind") else "wrong_kind"
    return None


def _quote_verdict(speaker: str, label: dict[str, Any]) -> str:
    """A changed speaker scored against the judged real speaker (``gold_speaker``, the name as written)."""
    if label["verdict"] == "not_quote":
        return "not_quote"
    gold = str(label.get("gold_speaker") or "")
    if gold and _same_person(speaker, gold):
        return "right"
    if gold and speaker.split()[0].lower() in _DESCRIBED_STARTS | {"(unattributed)"}:
        return "vague"
    return "wrong"


def _same_person(shown: str, gold: str) -> bool:
    shown_words, gold_words = alias_key(shown).split(), alias_key(gold).split()
    return bool(shown_words and gold_words) and (
        shown_words[-1] == gold_words[-1] or alias_key(shown) == alias_key(gold)
    )


def agreement(first: dict[str, dict[str, Any]], second: dict[str, dict[str, Any]]) -> dict[str, Counter[str]]:
    """Per kind, how many of the second reader's judgments agree with the first reader's: the same verdict
    (for quotes, also the same real speaker; for entities, the same kind)."""
    result: dict[str, Counter[str]] = {}
    for key, check in second.items():
        kind = key.split("|", 1)[0]
        counts = result.setdefault(kind, Counter())
        original = first.get(key)
        if original is None or original["shown"] != check["shown"]:
            continue  # judged again since, as shown after a change: not the same item
        same = check["verdict"] == original["verdict"]
        if kind == "quote" and same and original.get("gold_speaker") and check.get("gold_speaker"):
            same = _same_person(check["gold_speaker"], original["gold_speaker"])
        if kind == "entity" and same:
            same = check.get("gold_kind") == original.get("gold_kind")
        counts["agree" if same else "differ"] += 1
        if GOOD[kind] in (check["verdict"], original["verdict"]) and not same:
            counts["differ on right/wrong"] += 1
    return result


def print_agreement(first: dict[str, dict[str, Any]], second: dict[str, dict[str, Any]]) -> None:
    print(f"{'kind':<10} {'checked':>7} {'agree':>6} {'share':>6}  differ on right/wrong")
    for kind, counts in sorted(agreement(first, second).items()):
        checked = counts["agree"] + counts["differ"]
        share = counts["agree"] / checked if checked else 0.0
        print(
            f"{kind:<10} {checked:>7} {counts['agree']:>6} {share:>6.3f}  {counts['differ on right/wrong']}"
        )


def print_table(scores: dict[str, Score]) -> None:
    print(f"{'kind':<10} {'judged':>6} {'right':>6} {'precision':>9} {'derived':>7} {'unjudged':>8}  errors")
    for kind, result in scores.items():
        good = result.verdicts[GOOD[kind]]
        errors = ", ".join(f"{v} {n}" for v, n in result.verdicts.most_common() if v != GOOD[kind])
        print(
            f"{kind:<10} {result.judged:>6} {good:>6} {result.precision:>9.3f} {result.derived:>7} "
            f"{len(result.unjudged):>8}  {errors or '-'}"
        )
    quotes = scores["quote"]
    real = quotes.judged - quotes.verdicts["not_quote"] + quotes.withheld
    if real:
        kept = quotes.judged - quotes.verdicts["not_quote"]
        print(
            f"quotes that keep a speaker: {kept}/{real} = {kept / real:.3f} (the rest shown as unattributed)"
        )


def export(items: Iterable[Item], labels: dict[str, dict[str, Any]], out: Path, every: bool) -> Counter[str]:
    out.mkdir(parents=True, exist_ok=True)
    written: Counter[str] = Counter()
    files = {kind: (out / f"{kind}.jsonl").open("w", encoding="utf-8") for kind in KINDS}
    try:
        for item in items:
            if not in_sample(item.key, item.kind):
                continue
            label = labels.get(item.key)
            if not every and label is not None and _verdict(item, label) is not None:
                continue
            record = {
                "key": item.key,
                "set": item.set,
                "cluster": item.cluster,
                "article": item.article,
                "start": item.start,
                "end": item.end,
                "shown": item.shown,
                "context": item.context,
            }
            files[item.kind].write(json.dumps(record, ensure_ascii=False) + "\n")
            written[item.kind] += 1
    finally:
        for handle in files.values():
            handle.close()
    return written


def add_judgments(items_file: Path, judged_file: Path, reader: str, directory: Path = LABELS_DIR) -> int:
    """Store the judgments of ``judged_file`` (one per exported item of ``items_file``) as labels: the item's
    key and shown fields, the judge's verdict and gold fields; never the context. Returns how many."""
    items = {}
    for line in items_file.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        items[record["key"]] = record
    by_kind: dict[str, dict[str, dict[str, Any]]] = {}
    for line in judged_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        judged = json.loads(line)
        item = items[judged["key"]]
        kind = item["key"].split("|", 1)[0]
        name = SECOND_READER if reader == "B" else kind
        label = {k: item[k] for k in ("key", "set", "cluster", "article", "start", "end")}
        label["shown"] = stored_view(item["shown"])
        label.update({k: v for k, v in judged.items() if k != "key"})
        label["reader"] = reader
        by_kind.setdefault(name, {})[label["key"]] = label
    for name, labels in by_kind.items():
        path = directory / f"{name}.jsonl"
        stored = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    stored[record["key"]] = record
        stored.update(labels)
        lines = [json.dumps(stored[key], ensure_ascii=False, sort_keys=True) for key in sorted(stored)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return sum(len(labels) for labels in by_kind.values())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the dev data folder")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: " + ",".join(SETS))
    parser.add_argument("--limit", type=int, default=None, help="first N clusters of each set")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--export", type=Path, default=None, help="write the items to judge to this folder")
    parser.add_argument("--all", action="store_true", help="with --export: judged items too")
    parser.add_argument(
        "--add", nargs=2, type=Path, metavar=("ITEMS", "JUDGED"), help="store judgments of exported items"
    )
    parser.add_argument("--reader", default="A", help="with --add: A (first reader) or B (second reader)")
    parser.add_argument("--agreement", action="store_true", help="the second reader's agreement, and stop")
    args = parser.parse_args()
    if args.add:
        print(f"{add_judgments(args.add[0], args.add[1], args.reader)} judgments stored")
        return
    if args.agreement:
        print_agreement(load_labels(), load_labels(reader="B"))
        return
    if not args.data.is_dir():
        sys.exit(f"no dev data at {args.data} (pass --data DIR)")
    items = collect(args.sets.split(","), args.data, args.limit)
    labels = load_labels()
    if args.export:
        written = export(items, labels, args.export, args.all)
        print(json.dumps(dict(written)))
        return
    scores = score(items, labels)
    if args.json:
        rows = {
            k: {"judged": s.judged, "precision": s.precision, "verdicts": dict(s.verdicts),
                "derived": s.derived, "unjudged": len(s.unjudged), "withheld": s.withheld}
            for k, s in scores.items()
        }  # fmt: skip
        print(json.dumps(rows, indent=2))
        return
    print_table(scores)


if __name__ == "__main__":
    main()
