"""The test PostgreSQL server: its URL from QUICKREAD_TEST_POSTGRES_URL (`.ci/postgres.sh` starts one), and a
way to empty it so that each test starts from nothing."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

POSTGRES_ENV = "QUICKREAD_TEST_POSTGRES_URL"


def postgres_url() -> str:
    return os.environ.get(POSTGRES_ENV, "")


def empty_postgres_or_skip() -> str:
    """The test server's URL with its schema dropped (open_database then runs the migrations); skips the test
    when no server is configured."""
    url = postgres_url()
    if not url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV} (start a server with .ci/postgres.sh)")
    empty_postgres(url)
    return url


def empty_postgres(url: str) -> None:
    # Test-only SQL: every test starts from an empty database.
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
