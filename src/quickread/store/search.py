"""Full-text search over articles and story headlines: SQLite FTS5 or PostgreSQL tsvector, chosen by dialect.

This is the one place with dialect-specific SQL; everything else goes through SQLAlchemy Core.

Search text comes from anyone who can reach the site, so every query is bounded before it reaches the
database (``parse_query``: a length cap, repeated words dropped, a cap on distinct words) and while it runs
(``statement_deadline``: PostgreSQL's ``statement_timeout``, SQLite's ``interrupt()`` from a timer).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Integer, String, and_, column, func, literal_column, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

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

# A query longer than this is refused, not cut: a cut query would silently search for something else.
# 500 characters hold far more words than anyone types into a search box (the longest headline in the demo
# corpus is 128 characters); it is also the API's documented limit.
MAX_QUERY_CHARS = 500
# Distinct words searched for (every one must match). Each word is one more posting list to intersect and,
# for FTS5, one more phrase scored per candidate row: 10,000 copies of one common word cost 20 s of CPU.
# The heaviest 16-word query (the 16 most common English words) takes 7 ms on the demo corpus, and 16
# words cover any phrase a person searches for.
MAX_QUERY_TERMS = 16
# The longest a search statement may run before the database stops it. The demo corpus answers every
# capped query in milliseconds; 2 s leaves room for a corpus a thousand times larger while a flood of
# searches still cannot hold connections for long.
STATEMENT_TIMEOUT_S = 2.0
_SHOWN_QUERY_CHARS = 40  # how much of a refused query an error message repeats
_QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout


class SearchError(ValueError):
    """A search that was not run to the end; the message says why, for the person who asked."""


class SearchQueryError(SearchError):
    """A query refused before it ran (too long, too many words)."""


class SearchTimeout(SearchError):
    """A search statement stopped at the statement timeout."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A query's distinct words (case-insensitively), in the order first typed."""

    terms: tuple[str, ...]


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


def parse_query(query: str) -> SearchQuery:
    """The words to search for. Raises SearchQueryError, quoting the start of the query, when it is longer
    than MAX_QUERY_CHARS or has more than MAX_QUERY_TERMS distinct words."""
    if len(query) > MAX_QUERY_CHARS:
        raise SearchQueryError(
            f"the search {_shown(query)} is {len(query):,} characters long; "
            f"at most {MAX_QUERY_CHARS} are allowed"
        )
    distinct: dict[str, str] = {}
    for word in query_words(query):
        distinct.setdefault(word.casefold(), word)
    if len(distinct) > MAX_QUERY_TERMS:
        raise SearchQueryError(
            f"the search {_shown(query)} has {len(distinct)} different words; "
            f"at most {MAX_QUERY_TERMS} are allowed"
        )
    return SearchQuery(tuple(distinct.values()))


def _shown(query: str) -> str:
    start = query[:_SHOWN_QUERY_CHARS]
    return f"“{start}…”" if len(query) > _SHOWN_QUERY_CHARS else f"“{start}”"


@contextmanager
def statement_deadline(connection: Connection, seconds: float) -> Iterator[None]:
    """Statements run inside are stopped after ``seconds``; a stopped one raises SearchTimeout.

    PostgreSQL enforces ``SET LOCAL statement_timeout`` itself, for this transaction only. SQLite gets
    ``interrupt()`` from a timer thread: a progress handler would call back into Python every N steps and
    wait for the GIL each time, slowing every search on a busy server, while the timer costs one thread
    start and nothing per step.
    """
    try:
        if _is_postgres(connection):
            # statement_timeout = 0 would mean "no limit": never round down to it.
            milliseconds = max(1, round(seconds * 1000))
            connection.execute(text(f"SET LOCAL statement_timeout = {milliseconds}"))
            yield
        else:
            with _sqlite_interrupt_after(connection, seconds):
                yield
    except DBAPIError as error:
        if not _stopped_by_deadline(error):
            raise
        raise SearchTimeout(
            f"the search took longer than {seconds:g} s and was stopped; try fewer or more specific words"
        ) from error


@contextmanager
def _sqlite_interrupt_after(connection: Connection, seconds: float) -> Iterator[None]:
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError(f"expected a sqlite3 connection, got {type(raw).__name__}")
    lock = threading.Lock()
    finished = False

    def interrupt() -> None:
        # Under the lock, so the pooled connection is never interrupted once this block has left it.
        with lock:
            if not finished:
                raw.interrupt()

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            finished = True
        timer.cancel()


def _stopped_by_deadline(error: DBAPIError) -> bool:
    cause = error.orig
    if isinstance(cause, sqlite3.OperationalError):
        return str(cause) == "interrupted"
    return getattr(cause, "sqlstate", None) == _QUERY_CANCELED


def search_articles(
    connection: Connection, query: str, limit: int = 20, *, timeout_s: float = STATEMENT_TIMEOUT_S
) -> list[ArticleHit]:
    """Articles whose title and text hold every word, most relevant first. Raises SearchQueryError and
    SearchTimeout."""
    words = list(parse_query(query).terms)
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
    with statement_deadline(connection, timeout_s):
        rows = connection.execute(statement.limit(limit)).all()
    return [ArticleHit(key=r[0], title=r[1], source=r[2], url=r[3], story_key=r[4]) for r in rows]


def search_stories(
    connection: Connection, query: str, limit: int = 20, *, timeout_s: float = STATEMENT_TIMEOUT_S
) -> list[StoryHit]:
    """Stories whose headline holds every word, most relevant first. Raises SearchQueryError and
    SearchTimeout."""
    words = list(parse_query(query).terms)
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
    with statement_deadline(connection, timeout_s):
        rows = connection.execute(statement.limit(limit)).all()
    return [StoryHit(key=r[0], headline=r[1], article_count=r[2]) for r in rows]


def _fts5_query(words: list[str]) -> str:
    # Each word quoted: FTS5 then treats it as a plain term (implicit AND), never as an operator.
    return " ".join('"' + word.replace('"', "") + '"' for word in words)


def _is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"
