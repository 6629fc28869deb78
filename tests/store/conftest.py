"""The repository under test: a real SQLite file, and a real PostgreSQL server when one is configured.

PostgreSQL: set QUICKREAD_TEST_POSTGRES_URL (``export QUICKREAD_TEST_POSTGRES_URL="$(.ci/postgres.sh)"``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from quickread.store.database import open_database
from quickread.store.sql_repository import SqlRepository

POSTGRES_ENV = "QUICKREAD_TEST_POSTGRES_URL"


@pytest.fixture(params=["sqlite", "postgresql"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlRepository]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'quickread.db'}"
    else:
        url = os.environ.get(POSTGRES_ENV, "")
        if not url:
            pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (start a server with .ci/postgres.sh)")
        _empty_postgres(url)
    engine = open_database(url)
    try:
        yield SqlRepository(engine)
    finally:
        engine.dispose()


def _empty_postgres(url: str) -> None:
    # Test-only SQL: every test starts from an empty database, then open_database runs the migrations.
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
