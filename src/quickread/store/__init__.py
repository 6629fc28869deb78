"""The newsroom database: SQLAlchemy tables, Alembic migrations, the repository and full-text search."""
