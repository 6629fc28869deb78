"""Serialising writers: two ``ingest`` processes, a watch and a manual fetch, or four processes opening a new
database may write at once.

A write that reads before it writes (is this URL stored? does this story key exist? which version is next?)
runs in ``write_transaction``, which takes the database's write lock before its first read, so the read still
holds when the write happens: SQLite's ``BEGIN IMMEDIATE`` (the one writer lock of the file; a second writer
waits up to the connection's busy timeout), PostgreSQL's transaction-scoped advisory lock. Migrations take a
lock of their own the same way, so only one process creates the schema and the others find it made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

# PostgreSQL advisory lock keys: arbitrary 64-bit constants ("qrwrite", "qrmigra" in ASCII) that no other
# application sharing the server is likely to use.
WRITE_LOCK_KEY = 0x71727772697465
MIGRATION_LOCK_KEY = 0x71726D69677261


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the write lock from its start to its commit (or rollback)."""
    with engine.begin() as connection:
        take_lock(connection, WRITE_LOCK_KEY)
        yield connection


def take_lock(connection: Connection, key: int) -> None:
    """Take the lock for the rest of ``connection``'s transaction; call it before anything else runs in it.

    On SQLite every lock is the file's one write lock, whatever the key.
    """
    if connection.dialect.name == "sqlite":
        # The sqlite3 module starts a transaction only before INSERT/UPDATE/DELETE, so reads before the first
        # write would run unlocked and outside it; an explicit BEGIN IMMEDIATE puts them inside, locked.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
