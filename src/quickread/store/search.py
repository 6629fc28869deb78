"""Full-text search over articles and story headlines: SQLite FTS5 or PostgreSQL tsvector, chosen by dialect.

This is the one place with dialect-specific SQL; everything else goes through SQLAlchemy Core.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Integer, String, and_, column, func, literal_column, select, table, text
from sqlalchemy.engine import Connection

from quickread.store.schema import articles, sources, stories, story_articles

_SQLITE_DDL = (
    # External-content tables: the text lives once, in articles/stories; triggers keep the index in step
    # inside the same transaction, so a killed process can never leave the index out of step with the rows.
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES "
    "('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE VIRTUAL TABLE stories_fts USING fts5(headline, content='stories', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN "
    "INSERT INTO stories_fts(rowid, headline) VALUES (new.id, new.headline); END",
    "CREATE TRIGGER stories_fts_update AFTER UPDATE OF headline ON stories BEGIN "
    "INSERT INTO stories_fts(stories_fts, rowid, headline) VALUES ('delete', old.id, old.headline); "
    "INSERT INTO stories_fts(rowid, headline) VALUES (new.id, new.headline); END",
)
_SQLITE_DROP = ("DROP TABLE IF EXISTS articles_fts", "DROP TABLE IF EXISTS stories_fts")

# Expression indexes: PostgreSQL keeps them current itself, and the queries below repeat the same expressions.
_POSTGRES_DDL = (
    "CREATE INDEX ix_articles_fts ON articles USING gin "
    "(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, '')))",
    "CREATE INDEX ix_stories_fts ON stories USING gin (to_tsvector('english', coalesce(headline, '')))",
)
_POSTGRES_DROP = ("DROP INDEX IF EXISTS ix_articles_fts", "DROP INDEX IF EXISTS ix_stories_fts")

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class ArticleHit:
    key: str
    title: str
    source: str
    url: str | None
    story_key: str | None


@dataclass(frozen=True, slots=True)
class StoryHit:
    key: str
    headline: str
    article_count: int


def create_search_index(connection: Connection) -> None:
    for statement in _POSTGRES_DDL if _is_postgres(connection) else _SQLITE_DDL:
        connection.execute(text(statement))


def drop_search_index(connection: Connection) -> None:
    for statement in _POSTGRES_DROP if _is_postgres(connection) else _SQLITE_DROP:
        connection.execute(text(statement))


def query_words(query: str) -> list[str]:
    """The words of a query; operators and punctuation are dropped so no query is a syntax error."""
    return _WORD.findall(query)


def search_articles(connection: Connection, query: str, limit: int = 20) -> list[ArticleHit]:
    words = query_words(query)
    if not words:
        return []
    base = (
        select(articles.c.key, articles.c.title, sources.c.name, articles.c.url, stories.c.key)
        .join(sources, sources.c.id == articles.c.source_id)
        .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
        .outerjoin(stories, stories.c.id == story_articles.c.story_id)
    )
    if _is_postgres(connection):
        document = func.to_tsvector(
            "english", func.coalesce(articles.c.title, "") + " " + func.coalesce(articles.c.text, "")
        )
        ask = func.plainto_tsquery("english", " ".join(words))
        statement = base.where(document.op("@@")(ask)).order_by(func.ts_rank(document, ask).desc())
    else:
        fts = table("articles_fts", column("rowid", Integer), column("rank", String))
        statement = (
            base.join(fts, fts.c.rowid == articles.c.id)
            .where(and_(literal_column("articles_fts").op("MATCH")(_fts5_query(words))))
            .order_by(fts.c.rank)
        )
    rows = connection.execute(statement.limit(limit)).all()
    return [ArticleHit(key=r[0], title=r[1], source=r[2], url=r[3], story_key=r[4]) for r in rows]


def search_stories(connection: Connection, query: str, limit: int = 20) -> list[StoryHit]:
    words = query_words(query)
    if not words:
        return []
    base = select(stories.c.key, stories.c.headline, stories.c.article_count)
    if _is_postgres(connection):
        document = func.to_tsvector("english", func.coalesce(stories.c.headline, ""))
        ask = func.plainto_tsquery("english", " ".join(words))
        statement = base.where(document.op("@@")(ask)).order_by(func.ts_rank(document, ask).desc())
    else:
        fts = table("stories_fts", column("rowid", Integer), column("rank", String))
        statement = (
            base.join(fts, fts.c.rowid == stories.c.id)
            .where(literal_column("stories_fts").op("MATCH")(_fts5_query(words)))
            .order_by(fts.c.rank)
        )
    rows = connection.execute(statement.limit(limit)).all()
    return [StoryHit(key=r[0], headline=r[1], article_count=r[2]) for r in rows]


def _fts5_query(words: list[str]) -> str:
    # Each word quoted: FTS5 then treats it as a plain term (implicit AND), never as an operator.
    return " ".join('"' + word.replace('"', "") + '"' for word in words)


def _is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"
