"""What withholding dangling key points would cost in ROUGE (issue 10): one row per standalone rule tried.

Each rule is applied alone on top of the shipped rules (``quickread.digest.standalone``), by replacing a
candidate's fitness after ranking, so that selection, budget and scoring are the product's own. For each
rule the table gives the key-point row of the precision audit (judged bullets that stand alone and are news,
and how many shown bullets have no judgment yet: the rule's precision is only known on the judged ones) and
ROUGE-1/2/Lsum on the three dev sets with the floors of ``tests/digest/test_quality_floor.py``. Only the
digest runs (no spaCy): a few minutes on the 2-core box. Research-only data, read at run time.

    .venv/bin/python bench/standalone_tradeoffs.py [--rules shipped,pronoun,...] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import audit
import audit_items
import rouge_eval
from quickread.digest import build
from quickread.digest.rank import Candidate, RankedStory, rank_story
from quickread.digest.standalone import Fitness, outside_quotes
from quickread.model import Article


def _floor_test() -> ModuleType:
    """The ROUGE floors live with the test that guards them (recorded figure minus its tolerance)."""
    tests = Path(__file__).resolve().parents[1] / "tests"
    sys.path.insert(0, str(tests))  # the test imports conftest
    spec = importlib.util.spec_from_file_location("quality_floor", tests / "digest" / "test_quality_floor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_FLOORS = _floor_test()
RECORDED: dict[str, tuple[float, float, float]] = _FLOORS.RECORDED
TOLERANCE: float = _FLOORS.TOLERANCE

# A rule: given a candidate already GOOD and the story's articles, whether it is dependent after all.
Rule = Callable[[Candidate, Sequence[Article]], bool]

_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers|they|them|their)\b")
_NAME_BEFORE = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")
_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]*\b")
_GLUED_NUMBER = re.compile(r"\b[a-z]{3,} \d{1,2}\.$")
_FULL_NAME = re.compile(r"\b([A-Z][a-z]{2,})\s+([A-Z][a-z]+)\b")


def _pronoun_before_any_name(candidate: Candidate, _: Sequence[Article]) -> bool:
    text = outside_quotes(candidate.sentence.text)
    found = _PRONOUN.search(text)
    return (
        bool(found)
        and not _NAME_BEFORE.search(text[: found.start()])
        and not re.match(r"[A-Z]\w+ [A-Z]", text)
    )


def _table_row_or_glued_number(candidate: Candidate, _: Sequence[Article]) -> bool:
    text = candidate.sentence.text
    return len(_LOWER_WORD.findall(text)) < 2 or _GLUED_NUMBER.search(text) is not None


def _first_name_alone(candidate: Candidate, _: Sequence[Article]) -> bool:
    if candidate.sentence.index == 0:
        return False
    pairs = _FULL_NAME.findall(candidate.article.text)
    surnames = {last for _, last in pairs}
    firsts = {first for first, _ in pairs if first not in surnames}
    text = outside_quotes(candidate.sentence.text)
    return any(re.search(rf"\b{first}\b(?!\s+[A-Z])", text) for first in firsts) and not any(
        re.search(rf"\b{first}\s+[A-Z]", text) for first in firsts
    )


def _inside_a_paragraph(candidate: Candidate, _: Sequence[Article]) -> bool:
    sentence, article = candidate.sentence, candidate.article
    if sentence.index == 0 or len({s.paragraph for s in article.sentences}) < 3:
        return False
    return article.sentences[sentence.index - 1].paragraph == sentence.paragraph


def _not_an_opening(candidate: Candidate, _: Sequence[Article]) -> bool:
    return candidate.sentence.index > 0


RULES: dict[str, Rule | None] = {
    "shipped": None,
    "table-rows": _table_row_or_glued_number,
    "pronoun": _pronoun_before_any_name,
    "first-name": _first_name_alone,
    "paragraph": _inside_a_paragraph,
    "openings-only": _not_an_opening,
}


@dataclass(frozen=True, slots=True)
class Row:
    rule: str
    good: int
    judged: int
    unjudged: int
    rouge: dict[str, tuple[float, float, float]]


def ranked_with(rule: Rule | None) -> Callable[..., RankedStory]:
    def rank(articles: Sequence[Article], scorer: object = None) -> RankedStory:
        story = rank_story(articles)
        if rule is None:
            return story
        candidates = tuple(
            dataclasses.replace(c, fitness=Fitness.DEPENDENT)
            if c.fitness is Fitness.GOOD and rule(c, articles)
            else c
            for c in story.candidates
        )
        return dataclasses.replace(story, candidates=candidates)

    return rank


def measure(name: str, rule: Rule | None) -> Row:
    build.rank_story = ranked_with(rule)  # the digest stage's own selection, with this rule's fitness
    try:
        labels = audit.load_labels()
        verdicts: Counter[str] = Counter()
        unjudged = 0
        for set_name in audit_items.SETS:
            for cluster in audit_items.load_clusters(set_name):
                articles = audit_items.build_articles(cluster)
                if not articles:
                    continue
                by_id = {a.id: a for a in articles}
                for item in audit_items._key_point_items(cluster, by_id, build.digest(articles)):
                    if not audit_items.in_sample(item.key, "key_point"):
                        continue
                    label = labels.get(item.key)
                    verdict = None if label is None else audit._verdict(item, label)
                    if verdict is None:
                        unjudged += 1
                    else:
                        verdicts[verdict] += 1
        rouge = {}
        for set_name in RECORDED:
            dev_set = rouge_eval.SETS[set_name]
            clusters = rouge_eval.load_clusters(dev_set)
            result = rouge_eval.evaluate(
                dev_set, "quickread", clusters, [rouge_eval.build_articles(c) for c in clusters]
            )
            rouge[set_name] = (result.rouge1, result.rouge2, result.rouge_lsum)
    finally:
        build.rank_story = rank_story
    return Row(name, verdicts["good"], sum(verdicts.values()), unjudged, rouge)


def print_table(rows: Sequence[Row]) -> None:
    sets = sorted(RECORDED)
    print("| rule | key points good | unjudged | " + " | ".join(f"{s} R1 / R2 / RLsum" for s in sets) + " |")
    print("|---|---|---|" + "---|" * len(sets))
    for row in rows:
        cells = []
        for set_name in sets:
            figures = zip(row.rouge[set_name], RECORDED[set_name], strict=True)
            cells.append(
                " / ".join(f"{v:.2f}" + ("!" if v < floor - TOLERANCE else "") for v, floor in figures)
            )
        share = row.good / row.judged if row.judged else 0.0
        print(
            f"| {row.rule} | {share:.3f} ({row.good}/{row.judged}) | {row.unjudged} | "
            + " | ".join(cells)
            + " |"
        )
    print("(! below the floor: recorded figure minus 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rules", default=",".join(RULES), help="comma-separated: " + ", ".join(RULES))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not rouge_eval.DATA_DIR.is_dir():
        sys.exit(f"dev data not found at {rouge_eval.DATA_DIR} (read at run time, never committed)")
    rows = [measure(name, RULES[name]) for name in args.rules.split(",")]
    if args.json:
        print(json.dumps([dataclasses.asdict(row) for row in rows], indent=2))
    else:
        print_table(rows)


if __name__ == "__main__":
    main()
