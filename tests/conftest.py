"""Shared paths and fixtures. Fixture texts are real (see tests/fixtures/*/README.md for their licences)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quickread.ingest.files import read_articles
from quickread.model import Article

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
WIKINEWS = FIXTURES / "wikinews"
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed"
DEV_DATA = SHARED / "data" / "dev"
DEMO_CORPUS = REPO / "demo" / "wikinews_2019_2020" / "articles.jsonl"


def require(path: Path, what: str) -> Path:
    """Skip the test, saying why, when data that may not be committed is absent from this machine."""
    if not path.exists():
        pytest.skip(f"{what} not found at {path} (it is read at run time, never committed)")
    return path


@pytest.fixture
def two_sources() -> list[Article]:
    """Two reports on the Soleimani killing and its aftermath, written as two outlets' .txt files."""
    killed = read_articles(WIKINEWS / "soleimani-killed.txt")[0]
    vote = read_articles(WIKINEWS / "iraq-parliament-vote.txt", source="Wikinews Iraq desk")[0]
    return [killed, vote]


@pytest.fixture
def seed_articles() -> list[Article]:
    reuters = read_articles(require(SEED / "reuters.txt", "the seed Reuters story"))[0]
    ap = read_articles(require(SEED / "ap.txt", "the seed AP story"), source="AP")[0]
    return [reuters, ap]
