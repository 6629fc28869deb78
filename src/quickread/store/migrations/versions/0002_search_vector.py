"""PostgreSQL: each article's search document stored once, so ranking and snippets stop re-parsing texts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Story search now ranks every matching article (for stories) and counts all matches (for paging). With only
the expression index, PostgreSQL recomputed ``to_tsvector`` over each matching article's whole text for
every ranking and count, and a search on the demo corpus took 0.7-2.0 s against a 2 s statement deadline.
A stored generated column is computed from the stored rows when added (the upgrade rebuilds it for an
existing database) and kept current by PostgreSQL on every insert and update. SQLite's FTS5 index already
holds what ranking needs (bm25, snippet): nothing changes there.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The words of 0001's ix_articles_fts document (title and text), so every search matches what it matched
# before; the title's marked weight A and the text's D let ts_rank weigh a title match above a mention.
_OLD_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))"
_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(text, '')), 'D')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"ALTER TABLE articles ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({_DOCUMENT}) STORED"
    )
    op.execute("CREATE INDEX ix_articles_search_document ON articles USING gin (search_document)")
    op.execute("DROP INDEX IF EXISTS ix_articles_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX ix_articles_fts ON articles USING gin ({_OLD_DOCUMENT})")
    op.execute("DROP INDEX IF EXISTS ix_articles_search_document")
    op.execute("ALTER TABLE articles DROP COLUMN search_document")
