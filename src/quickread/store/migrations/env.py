"""Alembic environment: runs on the connection that ``quickread.store.database.open_database`` passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from quickread.store.schema import metadata

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError(
        "quickread migrations run through quickread.store.database.migrate(), with a connection"
    )
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
