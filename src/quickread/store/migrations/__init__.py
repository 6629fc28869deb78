"""Alembic migrations, shipped with the package and run programmatically when a database is opened."""
