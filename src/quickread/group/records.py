"""Reading a JSON Lines feed for grouping: every bad line is reported by number, the rest are kept."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from quickread.ingest.errors import InputError
from quickread.ingest.json_input import load_json
from quickread.ingest.records import article_from_record
from quickread.model import Article
from quickread.text.stopwords import ENGLISH_STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+")
# English prose is ~40% stop words; French, German or Spanish text has under 10% English stop words
# (only look-alikes such as "a", "in", "per"). 15% over at least 20 words tells them apart with room.
_MIN_STOP_WORD_SHARE = 0.15
_MIN_WORDS_TO_JUDGE = 20


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int
    article_id: str | None
    message: str


@dataclass(frozen=True, slots=True)
class FeedLine:
    line: int
    article_id: str | None
    article: Article | None  # None when the line was rejected


@dataclass(frozen=True, slots=True)
class Feed:
    lines: tuple[FeedLine, ...]  # one per non-blank input line, in input order
    problems: tuple[LineProblem, ...]

    @property
    def articles(self) -> list[Article]:
        return [line.article for line in self.lines if line.article is not None]


def looks_english(text: str) -> bool:
    words = _WORD.findall(text.lower())
    if len(words) < _MIN_WORDS_TO_JUDGE:
        return True
    return sum(word in ENGLISH_STOP_WORDS for word in words) / len(words) >= _MIN_STOP_WORD_SHARE


def read_feed(path: Path) -> Feed:
    """Read ``{"id", "text", ...}`` lines. Raises InputError only when the file itself cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"not readable ({error})") from error
    lines: list[FeedLine] = []
    problems: list[LineProblem] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        article_id, result = _parse_line(raw, number, seen)
        if isinstance(result, str):
            problems.append(LineProblem(number, article_id, result))
            lines.append(FeedLine(number, article_id, None))
        else:
            seen.add(result.id)
            lines.append(FeedLine(number, result.id, result))
    return Feed(tuple(lines), tuple(problems))


def _parse_line(raw: str, number: int, seen: set[str]) -> tuple[str | None, Article | str]:
    """The line's id (when it has one) and its article, or the reason it was rejected."""
    try:
        record = load_json(raw, f"line {number}")
    except InputError as error:
        return None, error.reason
    if not isinstance(record, dict):
        return None, "not a JSON object"
    raw_id = record.get("id")
    article_id = str(raw_id).strip() if isinstance(raw_id, (str, int)) and str(raw_id).strip() else None
    if article_id is None:
        return None, 'missing "id"'
    if article_id in seen:
        return article_id, f'duplicate id "{article_id}" (an earlier line has it)'
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return article_id, 'empty or missing "text"'
    try:
        article = article_from_record(record, f"line {number}", article_id)
    except InputError as error:
        return article_id, error.reason
    if not looks_english(article.text):
        return article_id, "not English text (quickread groups English articles)"
    return article_id, article
