"""Gzipped inputs (``articles.jsonl.gz``): read like the plain file, and held to the size cap on their
DECOMPRESSED bytes, so that a gzip bomb is refused at the cap, quickly and with no more memory than it."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import time
import tracemalloc
from pathlib import Path

import pytest

from conftest import REPO
from quickread.ingest.decode import MAX_INPUT_BYTES
from quickread.ingest.errors import InputError
from quickread.ingest.files import article_files, read_articles
from quickread.newsroom.intake import ingest_paths
from quickread.store.database import open_database
from quickread.store.sql_repository import SqlRepository

CONGRESS = REPO / "demo" / "congress_press_2019q1" / "articles.jsonl.gz"
_BODIES = (
    "WASHINGTON, D.C. - Today, the House passed a bill to reopen the government after a shutdown of "
    "thirty-five days. The vote was 240 to 188. The Senate is expected to take up the measure next week.",
    "DENVER - The senator introduced a bill to protect public lands in the state's western counties. "
    "It would add two wilderness areas. Ranchers and county commissioners have backed the proposal.",
    "AUSTIN, TX - The congresswoman announced grants of four million dollars for rural hospitals. "
    "Three clinics in the district will receive funds. The awards were made by the health department.",
)


def _records(count: int) -> list[dict[str, object]]:
    return [
        {
            "id": f"r{n}",
            "title": None,
            "date": f"2019-01-{n + 1:02d}",
            "outlet": f"Office {n}",
            "text": _BODIES[n],
        }
        for n in range(count)
    ]


def _jsonl(records: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode()


def _bomb(path: Path, decompressed_bytes: int) -> Path:
    """A gzip file of ``decompressed_bytes`` newlines, written in pieces: building it holds little memory."""
    piece = b"\n" * (1024 * 1024)
    with gzip.open(path, "wb", compresslevel=9) as handle:
        for _ in range(decompressed_bytes // len(piece)):
            handle.write(piece)
    return path


def _repository(tmp_path: Path) -> SqlRepository:
    return SqlRepository(open_database(f"sqlite:///{tmp_path / 'quickread.db'}"))


def test_gzipped_jsonl_reads_as_the_plain_file(tmp_path: Path) -> None:
    data = _jsonl(_records(3))
    (tmp_path / "plain.jsonl").write_bytes(data)
    (tmp_path / "packed.jsonl.gz").write_bytes(gzip.compress(data))
    plain = read_articles(tmp_path / "plain.jsonl")
    packed = read_articles(tmp_path / "packed.jsonl.gz")
    assert [(a.id, a.source, a.date, a.sentences) for a in packed] == [
        (a.id, a.source, a.date, a.sentences) for a in plain
    ]
    assert [a.source for a in packed] == ["Office 0", "Office 1", "Office 2"]


def test_gzipped_json_array_is_read_by_its_inner_suffix(tmp_path: Path) -> None:
    path = tmp_path / "batch.json.gz"
    path.write_bytes(gzip.compress(json.dumps(_records(2)).encode()))
    assert [a.id for a in read_articles(path)] == ["r0", "r1"]


def test_concatenated_gzip_members_read_as_one_stream(tmp_path: Path) -> None:
    records = _records(3)
    path = tmp_path / "joined.jsonl.gz"  # what `cat a.jsonl.gz b.jsonl.gz` makes
    path.write_bytes(gzip.compress(_jsonl(records[:2])) + gzip.compress(_jsonl(records[2:])))
    assert [a.id for a in read_articles(path)] == ["r0", "r1", "r2"]


def test_folder_walk_finds_gzipped_article_files_only(tmp_path: Path) -> None:
    for name in ("a.jsonl.gz", "b.json.gz", "c.jsonl", "notes.gz", "d.tar.gz"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in article_files([tmp_path])] == ["a.jsonl.gz", "b.json.gz", "c.jsonl"]


def test_untitled_record_line_ids_use_the_name_without_gz(tmp_path: Path) -> None:
    path = tmp_path / "press.jsonl.gz"
    records = _records(2)
    for record in records:
        del record["id"]
    path.write_bytes(gzip.compress(_jsonl(records)))
    articles = read_articles(path)
    assert [a.id for a in articles] == ["press-1", "press-2"]
    assert [a.title for a in articles] == ["", ""]


def test_gzip_bomb_is_refused_at_the_cap_quickly_with_bounded_memory(tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.jsonl.gz", 10 * MAX_INPUT_BYTES)  # 100 MB of newlines in ~100 KB
    assert bomb.stat().st_size < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(InputError) as refused:
        read_articles(bomb)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert str(refused.value) == (
        f"{bomb}: over the size limit once decompressed (more than {MAX_INPUT_BYTES:,} bytes)"
    )
    # Reading the whole bomb would take 100 MB. Refusing it takes the cap's worth of inflated pieces and
    # their join (measured: 28 MB here, 29 MB for a 1 GiB bomb): bounded by the cap, not by the bomb.
    assert peak < 4 * MAX_INPUT_BYTES
    assert elapsed < 5.0


def test_gzip_just_under_the_cap_is_read(tmp_path: Path) -> None:
    record = _jsonl(_records(1))
    padded = record + b"\n" * (MAX_INPUT_BYTES - len(record))
    path = tmp_path / "full.jsonl.gz"
    path.write_bytes(gzip.compress(padded))
    assert [a.id for a in read_articles(path)] == ["r0"]


def test_truncated_and_fake_gzip_are_refused_by_name(tmp_path: Path) -> None:
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(_jsonl(_records(3)))[:-20])
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_bytes(_jsonl(_records(1)))
    corrupt = tmp_path / "corrupt.jsonl.gz"
    packed = bytearray(gzip.compress(_jsonl(_records(3))))
    packed[12:40] = bytes(28)
    corrupt.write_bytes(bytes(packed))
    with pytest.raises(InputError, match=r"cut\.jsonl\.gz: gzip data cut short \(the file is truncated\)$"):
        read_articles(truncated)
    with pytest.raises(InputError, match=r"fake\.jsonl\.gz: not a gzip file \(Not a gzipped file"):
        read_articles(fake)
    with pytest.raises(InputError, match=r"corrupt\.jsonl\.gz: corrupt gzip data \("):
        read_articles(corrupt)


def test_ingest_refuses_the_bomb_and_keeps_the_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    _bomb(folder / "a-bomb.jsonl.gz", 2 * MAX_INPUT_BYTES)
    (folder / "b-good.jsonl.gz").write_bytes(gzip.compress(_jsonl(_records(3))))
    repository = _repository(tmp_path)
    report = ingest_paths(repository, [folder])
    assert report.added == 3
    assert (report.inputs_read, report.inputs_failed) == (1, 1)
    refusal = f"over the size limit once decompressed (more than {MAX_INPUT_BYTES:,} bytes)"
    assert [str(error) for error in report.errors] == [f"{folder / 'a-bomb.jsonl.gz'}: {refusal}"]
    assert repository.counts().articles == 3


def test_the_shipped_congress_corpus_reads_whole() -> None:
    """The demo's 2,251 press releases of 127 offices, most untitled, all dated in 2019's first quarter."""
    skipped: list[InputError] = []
    articles = read_articles(CONGRESS, skipped=skipped)
    assert skipped == []
    assert len(articles) == 2251
    assert len({a.source for a in articles}) == 127
    assert min(a.date for a in articles if a.date) >= dt.date(2019, 1, 1)
    assert max(a.date for a in articles if a.date) <= dt.date(2019, 3, 31)
    assert sum(1 for a in articles if not a.title) > len(articles) // 2


def test_folder_walk_passes_by_the_corpus_papers_but_reads_them_when_named(tmp_path: Path) -> None:
    for name in ("README.txt", "LICENSE.txt", "readme.md.txt", "story.txt"):
        (tmp_path / name).write_text("The council voted on Tuesday to close the bridge for repairs.\n")
    assert [p.name for p in article_files([tmp_path])] == ["readme.md.txt", "story.txt"]
    assert [p.name for p in article_files([tmp_path / "README.txt"])] == ["README.txt"]
