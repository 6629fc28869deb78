"""The tables, as SQLAlchemy Core metadata shared by the repository and the Alembic migrations.

Times are stored as timezone-aware UTC. JSON payloads (sentence offsets, digests) are text columns
holding JSON so that SQLite and PostgreSQL store them identically.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Explicit constraint names keep Alembic migrations portable between SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(300), nullable=False, unique=True),
)

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2000), nullable=False, unique=True),
    Column("title", String(500)),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("etag", String(500)),
    Column("last_modified", String(100)),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("last_fetched_at", DateTime(timezone=True)),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False, unique=True),  # Article.id inside digests
    Column("canonical_url", String(2000), unique=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("extraction", Text, nullable=False),  # JSON: sentence offsets, dateline, removed boilerplate
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("feed_id", Integer, ForeignKey("feeds.id")),
    Column("url", String(2000)),
    Column("author", String(500)),
    Column("published", Date),
    Column("fetched_at", DateTime(timezone=True), nullable=False),
)

stories = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(100), nullable=False, unique=True),  # the story index's own id
    Column("headline", Text, nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("digested_count", Integer, nullable=False),  # article_count when the last digest was built
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    # Counts the changes of the story's membership (articles placed, moved in or out): a story whose digest
    # was built from an older revision is stale, also when a move left its article count as it was.
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("digested_revision", Integer, nullable=False, server_default="0"),
    # Set when the story index ended the story by merging it into another: its articles are there now, and
    # its page sends readers there (migration 0003).
    Column("merged_into", Integer, ForeignKey("stories.id"), index=True),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False, index=True),
    # unique: an article belongs to one story, so an interrupted pass can never attach it twice
    Column("article_id", Integer, ForeignKey("articles.id"), primary_key=True),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

digest_versions = Table(
    "digest_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("story_id", Integer, ForeignKey("stories.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("article_count", Integer, nullable=False),
    Column("headline", Text, nullable=False),
    Column("what_changed", Text, nullable=False),
    Column("digest", Text, nullable=False),  # JSON from quickread.render.json_out
    UniqueConstraint("story_id", "version", name="uq_digest_versions_story_version"),
)

fetch_log = Table(
    "fetch_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2000), nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # feed, page, file
    Column("status", String(20), nullable=False),  # ok, not_modified, partial, error
    Column("http_status", Integer),
    Column("reason", Text),
    Column("articles_added", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

story_index_state = Table(
    "story_index_state",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("state", Text, nullable=False),  # JSON written by the story assigner
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Threads (migration 0004): an earlier and a later story of one developing matter, as group.threads linked
# them. The primary key leads with the earlier story; the index finds a story's earlier links.
story_links = Table(
    "story_links",
    metadata,
    Column("earlier_id", Integer, ForeignKey("stories.id"), primary_key=True),
    Column("later_id", Integer, ForeignKey("stories.id"), primary_key=True, index=True),
    Column("similarity", Float, nullable=False),
)
