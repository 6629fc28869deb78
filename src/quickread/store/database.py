"""Opening a database: choosing the URL, SQLite settings (WAL, foreign keys) and running migrations."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError

from quickread.store.locking import MIGRATION_LOCK_KEY, take_lock
from quickread.store.nul import strip_nul_from_parameters

DB_ENV = "QUICKREAD_DB"
HOME_ENV = "QUICKREAD_HOME"
DEFAULT_FILE = "quickread.db"
_MIGRATIONS = Path(__file__).parent / "migrations"
# How long a writer waits for another (a watch and a manual fetch, two ingests) before giving up.
SQLITE_BUSY_TIMEOUT_S = 30.0
# Between two tries of switching a brand-new file to WAL (short: the other process holds it for milliseconds).
_WAL_RETRY_PAUSE_S = 0.01


class DatabaseError(ValueError):
    """A database that cannot be opened: names the database and the reason."""


def default_database_url(environ: Mapping[str, str] | None = None, cwd: Path | None = None) -> str:
    """``QUICKREAD_DB`` when set; else ``quickread.db`` in ``QUICKREAD_HOME``, else in ``./data/``."""
    environ = os.environ if environ is None else environ
    if environ.get(DB_ENV):
        return database_url(environ[DB_ENV])
    home = Path(environ[HOME_ENV]) if environ.get(HOME_ENV) else (cwd or Path.cwd()) / "data"
    return database_url(str(home / DEFAULT_FILE))


def database_url(value: str) -> str:
    """A SQLAlchemy URL, or a file path meaning a SQLite database there."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def open_database(url: str) -> Engine:
    """Open (creating when needed) and migrate to the newest schema. Raises DatabaseError."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise DatabaseError(f"{url}: not a database URL ({error})") from error
    options: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # A writer can wait for another (a watch and a manual fetch) instead of failing at once.
        options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_S}
    elif parsed.get_backend_name() != "postgresql":
        raise DatabaseError(
            f"{parsed.render_as_string(hide_password=True)}: only SQLite and PostgreSQL are supported"
        )
    engine = create_engine(parsed, **options)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_settings)
    strip_nul_from_parameters(engine)
    try:
        migrate(engine)
    except Exception as error:
        engine.dispose()
        raise DatabaseError(
            f"{parsed.render_as_string(hide_password=True)}: cannot open ({error})"
        ) from error
    return engine


def migrate(engine: Engine) -> None:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        # Processes opening a new database at once: the first creates the schema, the others wait for it and
        # then find it at head (without the lock they raced to CREATE the same tables and failed).
        take_lock(connection, MIGRATION_LOCK_KEY)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers (status, search) never block the writer. synchronous=NORMAL survives process kills
    # (only a power cut can lose the last commits).
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switching a new file to WAL needs it alone, and SQLite answers "database is locked" at once, without
    its busy wait, when another process opens the file at that moment (14 of 800 connections of four
    processes opening a new file together): try again until the busy timeout."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_S
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(_WAL_RETRY_PAUSE_S)
