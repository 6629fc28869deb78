"""Archive inputs, read as streams of article batches: JSON Lines (gzipped or not), Parquet and WARC.

One input is one file of a news archive, possibly several gigabytes, read by one task: it is never held whole
in memory (JSON Lines a line at a time, each line capped; Parquet a row group at a time; WARC a record at a
time, each page capped). A bad record costs that record: it comes back as a ``SkippedRecord`` that names the
file, the place and the reason, and reading goes on. A file that breaks part way (a gzip stream cut short, a
Parquet row group that cannot be decoded, a WARC that stops being one) keeps the articles read before the
break and gives one ``SkippedRecord`` for the break.

Articles are built by the code ``quickread stories`` uses (``article_from_record``, ``article_from_html``),
with the same default ids, so the same record becomes the same article either way.
"""

from __future__ import annotations

import errno
import gzip
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeAlias, cast

from quickread.ingest.decode import MAX_INPUT_BYTES
from quickread.ingest.errors import InputError
from quickread.ingest.files import content_suffix, is_gzipped, read_articles
from quickread.ingest.json_input import json_lines
from quickread.ingest.records import article_from_record
from quickread.model import Article

if TYPE_CHECKING:
    import pyarrow

# The optional columns of a Parquet archive, as the fields of a JSON record; "body" and "article" stand in
# for "text" and "outlet" for "source", as they do in JSON records.
_TEXT_COLUMNS = ("text", "body", "article")
_PARQUET_COLUMNS = ("id", *_TEXT_COLUMNS, "title", "source", "outlet", "url", "date", "author")
KINDS_READ = ".jsonl, .ndjson and .json (each may be gzipped: .jsonl.gz), .parquet, .warc and .warc.gz"


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A record (or a whole file) that gave no article, and why."""

    input: str  # the file as given
    where: str  # "line 12", "row 7", "WARC record 3 at byte 1234", or "" for the whole file
    reason: str  # short, for a person: 'no "text" field with the article text'

    def __str__(self) -> str:
        return f"{self.input} {self.where}: {self.reason}" if self.where else f"{self.input}: {self.reason}"


@dataclass(frozen=True, slots=True)
class InputBatch:
    articles: tuple[Article, ...]
    skipped: tuple[SkippedRecord, ...]


class InputKind(StrEnum):
    JSONL = "jsonl"
    PARQUET = "parquet"
    WARC = "warc"


_KIND_OF_SUFFIX = {
    ".jsonl": InputKind.JSONL,
    ".ndjson": InputKind.JSONL,
    ".json": InputKind.JSONL,
    ".parquet": InputKind.PARQUET,
    ".warc": InputKind.WARC,
}
_FILE_LABEL = {
    InputKind.JSONL: "JSON Lines file",
    InputKind.PARQUET: "Parquet file",
    InputKind.WARC: "WARC file",
}

InputItem: TypeAlias = Article | SkippedRecord  # what the readers of each kind yield, in file order


def input_kind(path: Path) -> InputKind:
    """The kind of archive file ``path`` names, by its suffix; InputError naming the kinds that are read."""
    kind = _KIND_OF_SUFFIX.get(content_suffix(path))
    if kind is None or (kind is InputKind.PARQUET and is_gzipped(path)):
        raise InputError(str(path), f"not an archive input; the kinds read are {KINDS_READ}")
    return kind


def read_input(path: Path, batch_size: int = 1000) -> Iterator[InputBatch]:
    """The articles of one archive file, in batches of at most ``batch_size`` articles (and at most as many
    skipped records, so that a file of millions of bad records is not held either).

    Raises InputError, when called, only when the path is not of a kind that is read (``input_kind``);
    everything wrong with the file itself comes back as skipped records, and a file that gives no article
    gives at least one. Nothing is opened before the first batch is asked for.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    kind = input_kind(path)
    readers: dict[InputKind, Callable[[Path], Iterator[InputItem]]] = {
        InputKind.JSONL: _json_items,
        InputKind.PARQUET: _parquet_items,
        InputKind.WARC: _warc_items,
    }
    return _batches(_never_silent(readers[kind](path), str(path), _FILE_LABEL[kind]), batch_size)


def _warc_items(path: Path) -> Iterator[InputItem]:
    # Imported here: warcio is an optional dependency (the "archive" extra), and warc.py builds on this one.
    from quickread.archive.warc import warc_items

    return warc_items(path)


def _never_silent(items: Iterable[InputItem], name: str, label: str) -> Iterator[InputItem]:
    """The items, or one skipped entry for the whole file when it had none (a WARC of requests only)."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield SkippedRecord(name, "", f"no article records in the {label}")


def _batches(items: Iterable[InputItem], size: int) -> Iterator[InputBatch]:
    articles: list[Article] = []
    skipped: list[SkippedRecord] = []
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
        else:
            skipped.append(item)
        if len(articles) >= size or len(skipped) >= size:
            yield InputBatch(tuple(articles), tuple(skipped))
            articles, skipped = [], []
    if articles or skipped:
        yield InputBatch(tuple(articles), tuple(skipped))


def content_stem(path: Path) -> str:
    """The name without its suffixes ("articles" for "articles.jsonl.gz"): the stem of the default ids, as
    ``read_articles`` makes them ("articles-12" for a record with no id on line 12)."""
    return Path(path.stem).stem if is_gzipped(path) else path.stem


def open_failure(path: Path, error: OSError | ValueError) -> str:
    """Why ``path`` could not be opened, for a person."""
    if isinstance(error, ValueError):  # a name with a NUL character: no file can have it
        return "not a valid file name"
    if isinstance(error, FileNotFoundError):
        return "a link to a missing file" if path.is_symlink() else "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not an archive file"
    if isinstance(error, PermissionError):
        return "not readable (permission denied)"
    if error.errno == errno.ELOOP:
        return "a symbolic link loop (the link leads back to itself)"
    return f"not readable ({error.strerror or error})"


def open_binary(path: Path) -> IO[bytes]:
    """The file opened for reading, decompressed while read when its name ends in .gz; InputError saying why
    it cannot be opened. (A .gz file that is not gzip fails on the first read: see ``read_failure``.)"""
    try:
        # GzipFile is a binary file in all but typeshed's class tree
        return cast(IO[bytes], gzip.open(path, "rb")) if is_gzipped(path) else path.open("rb")
    except (OSError, ValueError) as error:
        raise InputError(str(path), open_failure(path, error)) from None


def one_line(error: Exception) -> str:
    """An exception's message on one line, cut at 200 characters: a reason for a person, not a traceback."""
    return " ".join(str(error).split())[:200] or type(error).__name__


def read_failure(error: OSError | EOFError | zlib.error) -> str:
    """Why reading a file (gzip or not) stopped part way, for a person; the words ``read_articles`` uses."""
    if isinstance(error, gzip.BadGzipFile):
        return f"not a gzip file ({error})"
    if isinstance(error, EOFError):
        return "gzip data cut short (the file is truncated)"
    if isinstance(error, zlib.error):
        return f"corrupt gzip data ({error})"
    return f"not readable ({error.strerror or error})"


# JSON Lines ------------------------------------------------------------------------------------------------


def _json_items(path: Path) -> Iterator[InputItem]:
    if content_suffix(path) == ".json" and not _holds_json_lines(path):
        yield from _json_document_items(path)
        return
    name = str(path)
    stem = content_stem(path)
    try:
        handle = open_binary(path)
    except InputError as error:
        yield SkippedRecord(name, "", error.reason)
        return
    last_line = 0
    with handle:
        try:
            for line in json_lines(handle, name):
                last_line = line.number
                try:
                    yield article_from_record(line.value(), line.where, f"{stem}-{line.number}")
                except InputError as error:
                    yield SkippedRecord(name, f"line {line.number}", error.reason)
        except (OSError, EOFError, zlib.error) as error:
            yield SkippedRecord(name, f"after line {last_line}" if last_line else "", read_failure(error))


def _holds_json_lines(path: Path) -> bool:
    """Whether a .json file is JSON Lines: a first line that is a whole JSON object, and a second record.
    Anything else (a list, a pretty-printed record, one record) is one JSON document."""
    try:
        with open_binary(path) as handle:
            lines = json_lines(handle, str(path))
            first = next(lines, None)
            return first is not None and isinstance(first.value(), dict) and next(lines, None) is not None
    except (InputError, OSError, EOFError, zlib.error):
        return False


def _json_document_items(path: Path) -> Iterator[InputItem]:
    """A .json file that is one JSON document, read whole as ``quickread stories`` reads it: within the 10 MB
    cap on a single input, since a document cannot be parsed a piece at a time."""
    name = str(path)
    problems: list[InputError] = []
    try:
        articles = read_articles(path, skipped=problems)
    except InputError as error:
        articles = []
        problems.append(error)
    yield from articles
    for problem in problems:
        where = problem.name.removeprefix(name).strip()  # "articles.json item 3" -> "item 3"
        yield SkippedRecord(name, where, problem.reason)


# Parquet ---------------------------------------------------------------------------------------------------


def _parquet_items(path: Path) -> Iterator[InputItem]:
    # Imported here: pyarrow is an optional dependency (the "archive" extra).
    import pyarrow
    import pyarrow.parquet

    name = str(path)
    try:
        path.open("rb").close()  # for the reasons open_failure gives; pyarrow's own say less
        parquet = pyarrow.parquet.ParquetFile(name)
        schema = parquet.schema_arrow
    except pyarrow.ArrowException as error:  # before OSError and ValueError: ArrowInvalid is a ValueError
        yield SkippedRecord(name, "", f"not a Parquet file ({one_line(error)})")
        return
    except (OSError, ValueError) as error:
        yield SkippedRecord(name, "", open_failure(path, error))
        return
    problem = _schema_problem(schema)
    if problem is not None:
        yield SkippedRecord(name, "", problem)
        return
    columns = [column for column in _PARQUET_COLUMNS if column in schema.names]
    stem = path.stem
    row = 0  # the rows read so far, over all row groups
    for group in range(parquet.num_row_groups):
        last_row = row + parquet.metadata.row_group(group).num_rows
        try:
            for batch in parquet.iter_batches(row_groups=[group], columns=columns):
                yield from _batch_items(batch, name, row, stem)
                row += batch.num_rows
        except (pyarrow.ArrowException, OSError) as error:
            where = f"row {row + 1}" if row + 1 == last_row else f"rows {row + 1} to {last_row}"
            yield SkippedRecord(name, where, f"unreadable Parquet data ({one_line(error)})")
            row = last_row


def _schema_problem(schema: pyarrow.Schema) -> str | None:
    """Why the file's columns cannot be read as articles, or None: no text column, or a text or date column of
    a type that holds no text or date (refused for the whole file, rather than row by row)."""
    import pyarrow

    types = {field.name: field.type for field in schema}
    texts = [column for column in _TEXT_COLUMNS if column in types]
    if not texts:
        return 'no "text" column with the article text'
    for column in texts:
        if not _is_string(types[column]):
            return f'the "{column}" column holds {types[column]}, not text'
    date = types.get("date")
    if date is not None and not (
        _is_string(date) or pyarrow.types.is_date(date) or pyarrow.types.is_timestamp(date)
    ):
        return (
            f'the "date" column holds {date}; dates are read from text, date32, date64 or timestamp columns'
        )
    return None


def _is_string(column_type: pyarrow.DataType) -> bool:
    import pyarrow

    if pyarrow.types.is_dictionary(column_type):
        column_type = column_type.value_type
    return bool(
        pyarrow.types.is_string(column_type)
        or pyarrow.types.is_large_string(column_type)
        or pyarrow.types.is_string_view(column_type)
    )


def _batch_items(batch: pyarrow.RecordBatch, name: str, rows_before: int, stem: str) -> Iterator[InputItem]:
    try:
        records = _rows(batch)
    except ValueError:  # a string that is not UTF-8 (pyarrow does not check them on reading): find its row
        for index in range(batch.num_rows):
            row = rows_before + index + 1
            try:
                (record,) = _rows(batch.slice(index, 1))
            except ValueError as error:
                yield SkippedRecord(name, f"row {row}", f"text that is not UTF-8 ({one_line(error)})")
            else:
                yield _row_item(record, name, row, stem)
        return
    for index, record in enumerate(records):
        yield _row_item(record, name, rows_before + index + 1, stem)


def _rows(batch: pyarrow.RecordBatch) -> list[dict[str, Any]]:
    """The batch's rows as JSON records: a date or a timestamp becomes its ISO text (in its time zone)."""
    import pyarrow

    if "date" in batch.schema.names and not _is_string(batch.schema.field("date").type):
        index = batch.schema.get_field_index("date")
        batch = batch.set_column(index, "date", batch.column(index).cast(pyarrow.string()))
    rows: list[dict[str, Any]] = batch.to_pylist()
    return rows


def _row_item(record: dict[str, Any], name: str, row: int, stem: str) -> InputItem:
    text = next((record[column] for column in _TEXT_COLUMNS if column in record), None)
    # A row is held to the cap of a JSON Lines line, so that one giant cell cannot stall the pipeline.
    if isinstance(text, str) and len(text) * 4 > MAX_INPUT_BYTES:
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_INPUT_BYTES:
            return SkippedRecord(name, f"row {row}", f"text over the size limit ({MAX_INPUT_BYTES:,} bytes)")
    try:
        return article_from_record(record, f"{name} row {row}", f"{stem}-{row}")
    except InputError as error:
        return SkippedRecord(name, f"row {row}", error.reason)
