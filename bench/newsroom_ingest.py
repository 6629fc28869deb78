"""Benchmark: ingest 10,000 articles from JSON Lines into a fresh SQLite file.

    .venv/bin/python bench/newsroom_ingest.py [--articles 10000]

Prints a table: the full ingest (read + build_article + dedupe + insert + FTS), the store step alone
(add_articles with ready Articles), and a baseline in the same process: a plain sqlite3 executemany of the
same rows into a table without indexes or FTS.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from quickread.ingest.records import article_from_record
from quickread.newsroom.intake import BATCH_SIZE, ingest_paths
from quickread.store.database import open_database
from quickread.store.repository import IncomingArticle
from quickread.store.sql_repository import SqlRepository

DEMO = Path(__file__).resolve().parents[1] / "demo"
CORPORA = [
    DEMO / "wikinews_2019_2020" / "articles.jsonl",
    DEMO / "whitehouse_rss_2025_2026" / "articles.jsonl",
]


def write_corpus(path: Path, count: int) -> None:
    """``count`` distinct records made by cycling the demo corpora (ids, URLs and a last line made unique)."""
    records = [
        json.loads(line) for corpus in CORPORA for line in corpus.read_text(encoding="utf-8").splitlines()
    ]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            record = dict(records[number % len(records)])
            record["id"] = f"{record['id']}-{number}"
            record["url"] = f"{record['url']}?copy={number}"
            record["text"] = record["text"] + f"\n\nThis is copy {number} of the article."
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    count = parser.parse_args().articles
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        corpus = work / "articles.jsonl"
        write_corpus(corpus, count)

        started = time.perf_counter()
        repository = SqlRepository(open_database(f"sqlite:///{work / 'full.db'}"))
        report = ingest_paths(repository, [corpus])
        full = time.perf_counter() - started
        assert report.added == count, report

        lines = corpus.read_text(encoding="utf-8").splitlines()
        built = [article_from_record(json.loads(line), "bench", "bench") for line in lines]
        store = SqlRepository(open_database(f"sqlite:///{work / 'store.db'}"))
        started = time.perf_counter()
        for start in range(0, len(built), BATCH_SIZE):
            store.add_articles([IncomingArticle(a) for a in built[start : start + BATCH_SIZE]])
        store_only = time.perf_counter() - started

        connection = sqlite3.connect(work / "baseline.db")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE articles (key TEXT, url TEXT, title TEXT, text TEXT, source TEXT)")
        rows = [(a.id, a.url, a.title, a.text, a.source) for a in built]
        started = time.perf_counter()
        for start in range(0, len(rows), BATCH_SIZE):
            with connection:
                connection.executemany(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?)", rows[start : start + BATCH_SIZE]
                )
        baseline = time.perf_counter() - started
        connection.close()

    print(f"{count:,} articles, SQLite, batches of {BATCH_SIZE}")
    print(f"{'stage':<58} {'seconds':>8} {'articles/s':>11} {'vs baseline':>12}")
    for label, seconds in [
        ("full ingest (read JSONL, build_article, dedupe, insert, FTS)", full),
        ("store only (add_articles: dedupe, insert, FTS triggers)", store_only),
        ("baseline: sqlite3 executemany, no indexes, no FTS", baseline),
    ]:
        print(f"{label:<58} {seconds:>8.2f} {count / seconds:>11,.0f} {seconds / baseline:>11.1f}x")


if __name__ == "__main__":
    main()
