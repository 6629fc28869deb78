"""Full-text search over articles and story headlines: SQLite FTS5 or PostgreSQL tsvector, chosen by dialect.

This is the one place with dialect-specific SQL; everything else goes through SQLAlchemy Core.

Search text comes from anyone who can reach the site, so every query is bounded before it reaches the
database (``parse_query``: a length cap, repeated words dropped, a cap on distinct words) and while it runs
(``statement_deadline``: PostgreSQL's ``statement_timeout``, SQLite's ``interrupt()`` from a timer).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, FromClause, Integer, column, func, literal, literal_column, select, table, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import ColumnElement

from quickread.store.paging import Page
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

# Words this long or longer also match as prefixes, so "iraq" finds "Iraqi" and "vote" finds "voters" (the
# stemmers keep "iraqi" and "voter" as words of their own). Shorter prefixes match too much ("war" would
# find "warm" and "ward") and expand into more index terms for each search.
PREFIX_MIN_CHARS = 4
# Weight of a title match against a text match (SQLite's bm25 column weights; PostgreSQL's ts_rank weights
# A and D in the same proportion): a title names the subject in a few words, while a text may mention a word
# once in passing. Chosen, not tuned: at 5 a title hit outranks the same word once in a text even when the
# text is 19 days newer (tests/store/test_search_stems.py), and recency still orders equal matches.
TITLE_WEIGHT = 5.0
_TEXT_RANK_WEIGHT = 1 / TITLE_WEIGHT  # PostgreSQL's ts_rank: the title (weight A) counts 1
# Age (days older than the newest stored article) at which a match counts half: news search wants this
# month's story above last year's unless last year's matches much better. 180 days keeps a strong old
# match (a title hit) above a passing mention from this week.
RECENCY_HALF_WEIGHT_DAYS = 180.0
UNDATED_AGE_DAYS = RECENCY_HALF_WEIGHT_DAYS  # an article without a date counts as half-weight old
SNIPPET_TOKENS = 24  # words in an SQLite snippet: about two lines of a result listing
# Control characters the snippet functions put around a matched word; split out again by snippet_parts.
_START = "\x02"
_STOP = "\x03"
_MARKERS = re.compile(f"({_START}|{_STOP})")
_HEADLINE_OPTIONS = (
    f'StartSel={_START}, StopSel={_STOP}, MaxWords=24, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
)


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
class SnippetPart:
    """A run of a snippet's text; ``marked`` when it is a word the search matched."""

    text: str
    marked: bool


# Plain text in runs, never markup: the page escapes every run and wraps the marked ones in <mark>, so an
# article's own "<" or "&" can never become HTML.
Snippet = tuple[SnippetPart, ...]


@dataclass(frozen=True, slots=True)
class ArticleHit:
    key: str
    title: str
    source: str
    url: str | None
    story_key: str | None
    published: dt.date | None = None
    snippet: Snippet = ()


@dataclass(frozen=True, slots=True)
class StoryHit:
    key: str
    headline: str
    article_count: int
    snippet: Snippet = ()


@dataclass(frozen=True, slots=True)
class _Match:
    """The articles a query matches: ``joined`` to select from, ``condition`` to filter it by, and each
    match's ``relevance`` (higher is better)."""

    joined: FromClause
    condition: ColumnElement[bool]
    relevance: ColumnElement[float]


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
    """The first ``limit`` hits of ``search_article_page``."""
    return list(search_article_page(connection, query, 0, limit, timeout_s=timeout_s).items)


def search_stories(
    connection: Connection, query: str, limit: int = 20, *, timeout_s: float = STATEMENT_TIMEOUT_S
) -> list[StoryHit]:
    """The first ``limit`` hits of ``search_story_page``."""
    return list(search_story_page(connection, query, 0, limit, timeout_s=timeout_s).items)


def search_article_page(
    connection: Connection,
    query: str,
    offset: int = 0,
    limit: int = 20,
    *,
    timeout_s: float = STATEMENT_TIMEOUT_S,
) -> Page[ArticleHit]:
    """Articles whose title or text holds every word (by stem or prefix, see ``_match``), best first
    (``_score``), each with a snippet of its text. Raises SearchQueryError and SearchTimeout."""
    words = list(parse_query(query).terms)
    if not words:
        return Page((), 0, offset, limit)
    with statement_deadline(connection, timeout_s):
        newest = _newest_date(connection)
        matched = _matched_articles(connection, words)
        counted = select(func.count()).select_from(matched.joined).where(matched.condition)
        total = connection.execute(counted).scalar_one()
        statement = (
            select(
                articles.c.id,
                articles.c.key,
                articles.c.title,
                sources.c.name,
                articles.c.url,
                articles.c.published,
                stories.c.key,
            )
            .select_from(matched.joined)
            .join(sources, sources.c.id == articles.c.source_id)
            .outerjoin(story_articles, story_articles.c.article_id == articles.c.id)
            .outerjoin(stories, stories.c.id == story_articles.c.story_id)
            .where(matched.condition)
            .order_by(
                _score(connection, matched.relevance, articles.c.published, newest).desc(), articles.c.id
            )
            .offset(offset)
            .limit(limit)
        )
        rows = connection.execute(statement).all()
        snippets = _snippets(connection, words, [row[0] for row in rows])
    hits = tuple(
        ArticleHit(
            key=r[1],
            title=r[2],
            source=r[3],
            url=r[4],
            story_key=r[6],
            published=r[5],
            snippet=snippets.get(r[0], ()),
        )
        for r in rows
    )
    return Page(hits, total, offset, limit)


def search_story_page(
    connection: Connection,
    query: str,
    offset: int = 0,
    limit: int = 20,
    *,
    timeout_s: float = STATEMENT_TIMEOUT_S,
) -> Page[StoryHit]:
    """Stories with an article whose title or text holds every word, best first: a story scores as its
    best-matching article, aged by its newest matching article (``_score``); the snippet is from that
    best article. (A headline is one of its articles' titles, so a headline match is an article match.)
    Raises SearchQueryError and SearchTimeout."""
    words = list(parse_query(query).terms)
    if not words:
        return Page((), 0, offset, limit)
    with statement_deadline(connection, timeout_s):
        newest = _newest_date(connection)
        matched = _matched_articles(connection, words)
        per_article = (
            select(
                story_articles.c.story_id.label("story_id"),
                articles.c.id.label("article_id"),
                matched.relevance.label("relevance"),
                articles.c.published.label("published"),
            )
            .select_from(matched.joined)
            .join(story_articles, story_articles.c.article_id == articles.c.id)
            .where(matched.condition)
            # Materialized: SQLite would otherwise merge it into the grouping query, where bm25() can no
            # longer be computed ("unable to use function bm25 in the requested context").
            .cte("per_article")
            .prefix_with("MATERIALIZED")
        )
        per_story = (
            select(
                per_article.c.story_id,
                func.max(per_article.c.relevance).label("relevance"),
                func.max(per_article.c.published).label("published"),
            )
            .group_by(per_article.c.story_id)
            .subquery("per_story")
        )
        total = connection.execute(select(func.count()).select_from(per_story)).scalar_one()
        score = _score(connection, per_story.c.relevance, per_story.c.published, newest)
        statement = (
            select(stories.c.id, stories.c.key, stories.c.headline, stories.c.article_count)
            .join(per_story, per_story.c.story_id == stories.c.id)
            .order_by(score.desc(), stories.c.key)
            .offset(offset)
            .limit(limit)
        )
        rows = connection.execute(statement).all()
        best: dict[int, tuple[float, int]] = {}
        if rows:
            ids = [row[0] for row in rows]
            candidates = select(
                per_article.c.story_id, per_article.c.article_id, per_article.c.relevance
            ).where(per_article.c.story_id.in_(ids))
            for story_id, article_id, relevance in connection.execute(candidates):
                if story_id not in best or float(relevance) > best[story_id][0]:
                    best[story_id] = (float(relevance), article_id)
        snippets = _snippets(connection, words, [article_id for _, article_id in best.values()])
    hits = tuple(
        StoryHit(
            key=r[1],
            headline=r[2],
            article_count=r[3],
            snippet=snippets.get(best[r[0]][1], ()) if r[0] in best else (),
        )
        for r in rows
    )
    return Page(hits, total, offset, limit)


def _matched_articles(connection: Connection, words: list[str]) -> _Match:
    if _is_postgres(connection):
        ask = _tsquery(words)
        document = _tsvector()
        # Weights for D, C, B, A: the text is D and the title A (migration 0002), in SQLite's proportion.
        weights: ColumnElement[Any] = literal_column(f"'{{{_TEXT_RANK_WEIGHT}, 0, 0, 1}}'::float4[]")
        return _Match(articles, document.op("@@")(ask), func.ts_rank(weights, document, ask))
    fts = table("articles_fts", column("rowid", Integer))
    return _Match(
        articles.join(fts, fts.c.rowid == articles.c.id),
        literal_column("articles_fts").op("MATCH")(_fts5_query(words)),
        # bm25() is lower for better matches; negated so that both dialects rank higher-is-better.
        -func.bm25(literal_column("articles_fts"), TITLE_WEIGHT, 1.0),
    )


def _tsvector() -> ColumnElement[Any]:
    # Migration 0002's stored generated column (indexed): parsed once per article, not once per search.
    return literal_column("articles.search_document")


def _tsquery(words: list[str]) -> ColumnElement[Any]:
    # Words are \w+ runs, so none carries tsquery syntax (& | ! ( ) : * ' < >); the query is still a bound
    # parameter. 'english' stems each word before the prefix applies ("voted:*" is 'vote':*).
    terms = " & ".join(word + (":*" if _is_prefix(word) else "") for word in words)
    return func.to_tsquery("english", terms)


def _fts5_query(words: list[str]) -> str:
    # Each word quoted: FTS5 then treats it as a plain term (implicit AND), never as an operator. The porter
    # tokenizer stems the quoted word before the prefix applies ("voted"* is vote*).
    return " ".join('"' + word.replace('"', "") + '"' + ("*" if _is_prefix(word) else "") for word in words)


def _is_prefix(word: str) -> bool:
    return len(word) >= PREFIX_MIN_CHARS


def _newest_date(connection: Connection) -> dt.date | None:
    value = connection.execute(select(func.max(articles.c.published))).scalar()
    # SQLite hands an aggregate over a Date column back as text.
    return value if value is None or isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _score(
    connection: Connection,
    relevance: ColumnElement[Any],
    published: ColumnElement[Any],
    newest: dt.date | None,
) -> ColumnElement[Any]:
    """Relevance divided by (1 + age / RECENCY_HALF_WEIGHT_DAYS): a match that much older than the newest
    stored article needs twice the relevance to rank level with it. Age is counted from the newest
    article, not today, so an archive (the 2019-2020 demo corpus) still ranks by recency within itself."""
    if newest is None:
        return relevance
    newest_day = literal(newest, Date)
    if _is_postgres(connection):
        age: ColumnElement[Any] = newest_day - published
    else:
        age = func.julianday(newest_day) - func.julianday(published)
    aged = func.coalesce(age, UNDATED_AGE_DAYS)
    return relevance / (1.0 + aged / RECENCY_HALF_WEIGHT_DAYS)


def _snippets(connection: Connection, words: list[str], article_ids: list[int]) -> dict[int, Snippet]:
    """For each article, a short stretch of its text around the matched words, the words marked."""
    if not article_ids:
        return {}
    if _is_postgres(connection):
        statement = select(
            articles.c.id,
            func.ts_headline("english", articles.c.text, _tsquery(words), _HEADLINE_OPTIONS),
        ).where(articles.c.id.in_(article_ids))
    else:
        fts = table("articles_fts", column("rowid", Integer))
        snippet = func.snippet(literal_column("articles_fts"), -1, _START, _STOP, "…", SNIPPET_TOKENS)
        statement = (
            select(fts.c.rowid, snippet)
            .where(literal_column("articles_fts").op("MATCH")(_fts5_query(words)))
            .where(fts.c.rowid.in_(article_ids))
        )
    return {row[0]: snippet_parts(row[1] or "") for row in connection.execute(statement)}


def snippet_parts(raw: str) -> Snippet:
    """A snippet with the database's start/stop markers split into runs; a stray marker in the article's own
    text can only mark or unmark a run, never insert markup."""
    parts: list[SnippetPart] = []
    marked = False
    for piece in _MARKERS.split(raw):
        if piece == _START:
            marked = True
        elif piece == _STOP:
            marked = False
        elif piece:
            parts.append(SnippetPart(piece, marked))
    return tuple(parts)


def _is_postgres(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"
