"""Story grouping as the newsroom stores it: B-cubed precision, recall and F1 of the stored memberships.

    .venv/bin/python bench/newsroom_grouping.py [--data ../shared/data/dev] [--pass-size 1000]

The dev sets of ``bench/group.py`` go through the newsroom's own path: stored in a temporary SQLite file (in
date order, as the news arrives), then ``update_stories`` with the story index restored from the
database (``load_assigner``), one pass per ``--pass-size`` articles (1,000, ``ASSIGN_BATCH``, puts each set in
one pass; a small size is a newsroom that fetches a few articles at a time and restarts between passes). The
stored memberships are read back and scored against the gold labels. ``index`` is the index's own stories
after the last article (``bench/group.py``'s row), for comparison.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from quickread.group.stories import reading_order
from quickread.model import Article
from quickread.newsroom.assigners import load_assigner
from quickread.newsroom.stories import ASSIGN_BATCH, update_stories
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.sql_repository import SqlRepository

sys.path.insert(0, str(Path(__file__).resolve().parent))
from group import SETS, bcubed, indexed, load_set  # bench/group.py, next to this file


def stored_stories(articles: Sequence[Article], pass_size: int) -> list[str]:
    """The story key the newsroom stores for each article, after feeding them ``pass_size`` at a time."""
    # A newsroom receives the news as it happens: in date order (as bench/group.py feeds the index).
    arriving = [
        articles[i] for i in sorted(range(len(articles)), key=lambda i: reading_order(articles[i], i))
    ]
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(f"sqlite:///{Path(folder) / 'newsroom.db'}")
        try:
            repository = SqlRepository(engine)
            for start in range(0, len(arriving), pass_size):
                batch = arriving[start : start + pass_size]
                added = repository.add_articles([IncomingArticle(a) for a in batch])
                if len(added.added) != len(batch):
                    raise SystemExit(f"{len(batch) - len(added.added)} articles were stored under other keys")
                update_stories(repository, load_assigner(repository), digester=None)
            keys = []
            for article in articles:
                stored = repository.article(article.id)
                if stored is None or stored.story_key is None:
                    raise SystemExit(f"article {article.id} was not placed in a story")
                keys.append(stored.story_key)
            return keys
        finally:
            engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/dev")
    parser.add_argument("--pass-size", type=int, default=ASSIGN_BATCH)
    arguments = parser.parse_args()
    if not (arguments.data / "clustering").is_dir():
        print(f"no dev data at {arguments.data}/clustering", file=sys.stderr)
        return 2
    print(f"{'set':<10} {'method':<18} {'P':>6} {'R':>6} {'F1':>6} {'seconds':>8}")
    for name in SETS:
        labelled = load_set(arguments.data, name)
        methods = (
            ("index", indexed),
            ("newsroom (stored)", lambda articles: stored_stories(articles, arguments.pass_size)),
        )
        for method, run in methods:
            started = time.perf_counter()
            score = bcubed(run(labelled.articles), labelled.gold)
            seconds = time.perf_counter() - started
            print(
                f"{name:<10} {method:<18} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}"
                f" {seconds:8.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
