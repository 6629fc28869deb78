"""The repository under test: a real SQLite file, and a real PostgreSQL server when one is configured.

PostgreSQL: set QUICKREAD_TEST_POSTGRES_URL (``export QUICKREAD_TEST_POSTGRES_URL="$(.ci/postgres.sh)"``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.store.postgres_fixture import empty_postgres_or_skip

from quickread.store.database import open_database
from quickread.store.sql_repository import SqlRepository


@pytest.fixture(params=["sqlite", "postgresql"])
def repository(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlRepository]:
    url = f"sqlite:///{tmp_path / 'quickread.db'}" if request.param == "sqlite" else empty_postgres_or_skip()
    engine = open_database(url)
    try:
        yield SqlRepository(engine)
    finally:
        engine.dispose()
