"""Hostile files and bulk input: a bad record, file or stream costs itself, never the rest or the memory."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import WIKINEWS
from quickread.cli import app
from quickread.cli.labelled_commands import page_names
from quickread.ingest import files
from quickread.ingest.decode import decode_bytes
from quickread.ingest.errors import InputError
from quickread.ingest.files import article_files, read_articles
from quickread.ingest.json_input import json_lines
from quickread.newsroom.intake import ingest_paths
from quickread.store.database import open_database
from quickread.store.sql_repository import SqlRepository

runner = CliRunner()
BODY = "The city council voted on Monday to close the old plant. The mayor said the vote was final."


def _record(id: str, text: str = BODY, **fields: object) -> str:
    return json.dumps({"id": id, "title": f"Story {id}", "text": text, **fields})


# the hostile records of a bulk export, each with the reason its line is named with
HOSTILE_LINES = [
    ('{"id": ' + "9" * 5000 + ', "text": "x"}', "malformed JSON (a number of over 4,300 digits)"),
    ("[" * 100_000 + "]" * 100_000, "malformed JSON (nested too deeply)"),
    (
        _record("bad-url", url="http://example.org:99999/a"),
        "bad \"url\" 'http://example.org:99999/a': invalid URL (Port out of range 0-65535)",
    ),
    (
        _record("nul-url", url="http://example.org/\u0000a"),
        "bad \"url\" 'http://example.org/\\x00a': URL with spaces or control characters",
    ),
    (
        _record("ftp", url="ftp://example.org/a"),
        "bad \"url\" 'ftp://example.org/a': only http and https URLs are supported, not 'ftp'",
    ),
    ('{"id": "broken", "text": ', "malformed JSON (Expecting value at column 26)"),
]


def _bulk_export(tmp_path: Path) -> Path:
    lines = [_record("first")] + [line for line, _ in HOSTILE_LINES]
    lines += [
        _record("nul", text="The council\u0000 met on Monday to vote on the plant.", title="Nul\u0000led")
    ]
    lines += [_record("surrogate", text="The council met on Monday \ud800 to vote on the old plant.")]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _repository(tmp_path: Path) -> SqlRepository:
    return SqlRepository(open_database(f"sqlite:///{tmp_path / 'quickread.db'}"))


def test_ingest_skips_each_bad_record_by_line_and_stores_the_rest_and_later_files(tmp_path: Path) -> None:
    export = _bulk_export(tmp_path)
    later = tmp_path / "later.json"
    later.write_text(_record("later", text="The river flooded the town on Tuesday. Schools stayed closed."))
    repository = _repository(tmp_path)

    report = ingest_paths(repository, [export, later])

    assert [(error.name, error.reason) for error in report.errors] == [
        (f"{export} line {number}", reason) for number, (_, reason) in enumerate(HOSTILE_LINES, start=2)
    ]
    stored = {article.id: article for article in repository.unassigned_articles(100)}
    assert sorted(stored) == ["first", "later", "nul", "surrogate"]
    texts = {article.title: article.text for article in stored.values()}
    assert texts["Nulled"] == "The council met on Monday to vote on the plant."  # the NUL is dropped
    assert "Monday \ufffd to vote" in texts["Story surrogate"]  # the lone surrogate becomes U+FFFD
    assert (report.added, report.inputs_read, report.inputs_failed) == (4, 2, 0)
    assert not report.every_input_failed


def test_digest_skip_bad_keeps_the_good_records_of_a_file_with_bad_ones(tmp_path: Path) -> None:
    export = _bulk_export(tmp_path)
    skipped: list[InputError] = []
    articles = read_articles(export, skipped=skipped)
    assert [article.id for article in articles] == ["first", "nul", "surrogate"]
    assert [error.reason for error in skipped] == [reason for _, reason in HOSTILE_LINES]
    # without --skip-bad the first bad record stops the read, naming its line
    with pytest.raises(InputError) as caught:
        read_articles(export)
    assert caught.value.name == f"{export} line 2"


def test_digest_command_skip_bad_lists_bad_lines_and_digests_the_good_records(tmp_path: Path) -> None:
    good = [json.loads((WIKINEWS / "soleimani-killed.json").read_text())]
    good += [json.loads(line) for line in (WIKINEWS / "soleimani-thread.jsonl").read_text().splitlines()[1:2]]
    export = tmp_path / "mixed.jsonl"
    export.write_text(
        "\n".join([json.dumps(good[0]), HOSTILE_LINES[0][0], HOSTILE_LINES[2][0], json.dumps(good[1])]) + "\n"
    )
    result = runner.invoke(app, ["digest", str(export), "--skip-bad", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert f"skipped {export} line 2: malformed JSON (a number of over 4,300 digits)" in result.stderr
    assert f"skipped {export} line 3: bad" in result.stderr
    assert len(json.loads(result.stdout)["articles"]) == 2


def test_every_input_failed_is_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    only_bad = tmp_path / "bad.jsonl"
    only_bad.write_text(HOSTILE_LINES[0][0] + "\n")
    report = ingest_paths(_repository(tmp_path), [tmp_path / "missing.txt", empty, only_bad])
    assert [str(error) for error in report.errors] == [
        f"{tmp_path / 'missing.txt'}: no such file",
        f"{empty}: no article records in the JSON Lines file",
        f"{only_bad} line 1: malformed JSON (a number of over 4,300 digits)",
    ]
    assert (report.inputs_read, report.inputs_failed, report.every_input_failed) == (0, 3, True)


def test_an_over_long_line_is_dropped_and_the_next_line_read() -> None:
    data = (
        _record("a").encode() + b"\n" + b'{"text": "' + b"x" * 5000 + b'"}\n' + _record("b").encode() + b"\n"
    )
    lines = list(json_lines(io.BytesIO(data), "feed.jsonl", max_line_bytes=1000))
    assert [line.number for line in lines] == [1, 2, 3]
    with pytest.raises(InputError) as caught:
        lines[1].value()
    assert str(caught.value) == "feed.jsonl line 2: line over the size limit (1,000 bytes)"
    assert [lines[0].value()["id"], lines[2].value()["id"]] == ["a", "b"]


_PEAK_MEMORY_CHILD = """
import resource, sys, time
from pathlib import Path
from quickread.ingest.errors import InputError
from quickread.ingest.files import read_articles
from quickread.ingest.json_input import json_lines
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
if sys.argv[1] == "lines":
    with open(sys.argv[2], "rb") as handle:
        outcome = [str(line.problem) for line in json_lines(handle, "big.jsonl")]
else:
    try:
        outcome = [str(len(read_articles(sys.argv[2])))]
    except InputError as error:
        outcome = [error.reason]
grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(f"{grown_mb:.0f} {time.monotonic() - started:.2f} {outcome}")
"""


def _in_child(mode: str, path: str) -> tuple[float, float, str]:
    """Peak memory growth (MB), seconds and outcome of reading ``path`` in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_MEMORY_CHILD, mode, path], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    grown, seconds, outcome = done.stdout.split(" ", 2)
    return float(grown), float(seconds), outcome.strip()


def test_a_100_mb_line_is_not_held_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as handle:
        handle.write(b'{"text": "' + b"a" * (100 * 1024 * 1024) + b'"}\n' + _record("after").encode() + b"\n")
    grown, seconds, outcome = _in_child("lines", str(path))
    # the 10 MB cap plus a 1 MB chunk; reading the line whole took 100 MB more (and 700 MB in json.loads)
    assert grown < 40, grown
    assert outcome == "['line over the size limit (10,485,760 bytes)', 'None']"
    assert seconds < 10


def test_dev_zero_is_refused_at_the_size_cap_quickly_with_bounded_memory() -> None:
    grown, seconds, outcome = _in_child("articles", "/dev/zero")
    assert outcome == "['over the size limit (more than 10,485,760 bytes)']"
    assert grown < 40, grown  # before: read until memory ran out (2.6 GB in 10 s under a 3 GB limit)
    assert seconds < 5


def test_a_pipe_is_read_with_the_size_cap(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def write_forever() -> None:
        with open(fifo, "wb") as handle:
            try:
                while True:
                    handle.write(b"The council met again. " * 4096)
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    with pytest.raises(InputError) as caught:
        read_articles(fifo)
    assert str(caught.value) == f"{fifo}: over the size limit (more than 10,485,760 bytes)"
    writer.join(timeout=5)
    assert not writer.is_alive()


def test_a_stream_of_one_endless_line_stops_at_the_cap() -> None:
    with open("/dev/zero", "rb") as handle:
        started = time.monotonic()
        lines = list(json_lines(handle, "/dev/zero", max_line_bytes=1_000_000))
    assert [line.problem for line in lines] == [
        "line over the size limit (1,000,000 bytes); the rest of the stream is not read"
    ]
    assert time.monotonic() - started < 2


UTF8 = "Café reopens in Zürich\nThe café in Zürich reopened on Monday — the owners said “finally”.\n" * 3


def test_one_invalid_byte_in_utf8_costs_that_byte_only() -> None:
    data, at = UTF8.encode(), UTF8.index("reopened on")
    cut = len(UTF8[:at].encode())
    text = decode_bytes("damaged.txt", data[:cut] + b"\xff" + data[cut:])
    assert text == UTF8[:at] + "\ufffd" + UTF8[at:]
    # behind a UTF-8 byte-order mark too (it was a UnicodeDecodeError traceback)
    assert (
        decode_bytes("bom.txt", b"\xef\xbb\xbfHeadline\nBody \xff here.\n") == "Headline\nBody \ufffd here.\n"
    )


def test_legacy_cp1252_is_still_not_taken_for_damaged_utf8() -> None:
    latin = "Café reopens\nThe café in Zürich reopened on Monday after a long closure.".encode("cp1252")
    assert decode_bytes("latin.txt", latin) == latin.decode("cp1252")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Council votes\nThe council voted on Monday – to close the plant.\n".encode(encoding))
    [article] = read_articles(path)
    assert article.title == "Council votes"
    assert article.text == "The council voted on Monday – to close the plant."


def test_utf16_with_a_bom_and_an_odd_byte_is_no_traceback() -> None:
    assert decode_bytes("odd.txt", b"\xff\xfeH\x00i\x00!") == "Hi\ufffd"


def test_zeros_and_nul_heavy_data_are_still_binary() -> None:
    for data in (bytes(4096), b"\x89PNG\r\n\x1a\n" + bytes(200), bytes(range(256)) * 8):
        with pytest.raises(InputError, match="binary data, not text"):
            decode_bytes("data.bin", data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_decoding_any_bytes_gives_clean_text_or_a_named_refusal(data: bytes) -> None:
    try:
        text = decode_bytes("fuzz.txt", data)
    except InputError as error:
        assert error.name == "fuzz.txt"
        return
    assert "\x00" not in text
    text.encode("utf-8")  # no lone surrogate: the text can be stored


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_json_line_gives_a_value_or_an_error_naming_the_line(data: bytes) -> None:
    for line in json_lines(io.BytesIO(data.replace(b"\n", b" ") + b"\n"), "fuzz.jsonl"):
        try:
            line.value()
        except InputError as error:
            assert error.name == "fuzz.jsonl line 1"


def test_a_huge_integer_on_standard_input_is_no_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(HOSTILE_LINES[0][0].encode())))
    with pytest.raises(InputError) as caught:
        read_articles("-")
    assert str(caught.value) == "<stdin>: malformed JSON (a number of over 4,300 digits)"


def test_a_symlink_loop_and_a_dangling_link_are_named_as_such(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    dangling = tmp_path / "gone.txt"
    dangling.symlink_to(tmp_path / "nowhere.txt")
    for path, reason in (
        (loop, "a symbolic link loop (the link leads back to itself)"),
        (dangling, "a link to a missing file"),
    ):
        with pytest.raises(InputError) as caught:
            read_articles(path)
        assert caught.value.reason == reason
    # inside a folder they are listed, so ingest reports them instead of passing over them
    assert article_files([tmp_path]) == [dangling, loop]


def test_an_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readable = tmp_path / "a"
    readable.mkdir()
    (readable / "story.json").write_text(_record("story"))
    locked = tmp_path / "b"
    locked.mkdir()
    (locked / "hidden.json").write_text(_record("hidden"))
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads any folder: make this one fail the way it does for anyone else
        real_scandir = os.scandir

        def scandir(path: str | os.PathLike[str]) -> object:
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(files.os, "scandir", scandir)
    try:
        report = ingest_paths(_repository(tmp_path), [tmp_path])
    finally:
        locked.chmod(0o755)
    assert [str(error) for error in report.errors] == [f"{locked}: folder not readable (permission denied)"]
    assert (report.added, report.inputs_read, report.inputs_failed) == (1, 1, 1)


def test_page_names_are_distinct_short_and_never_the_index() -> None:
    labels = [
        "Fire in Rome",
        "fire-in-rome",
        "FIRE IN ROME!",
        "北京",
        "東京",
        "index",
        "fire-in-rome-2",
        "x" * 5000,
    ]
    names = page_names(labels, ".html")
    assert names == {
        "FIRE IN ROME!": "fire-in-rome.html",  # names go in label order
        "Fire in Rome": "fire-in-rome-2.html",
        "fire-in-rome": "fire-in-rome-3.html",
        "fire-in-rome-2": "fire-in-rome-2-2.html",
        "index": "index-2.html",  # index.html is the index page
        "x" * 5000: "x" * 80 + ".html",  # was "File name too long"
        "北京": "story.html",
        "東京": "story-2.html",
    }


def test_digest_groups_writes_one_page_per_group_when_labels_collide(tmp_path: Path) -> None:
    records = [json.loads(line) for line in (WIKINEWS / "soleimani-thread.jsonl").read_text().splitlines()]
    archive = tmp_path / "archive.jsonl"
    groups = [("Iran crisis", 0), ("Iran crisis", 1), ("iran-crisis", 1), ("iran-crisis", 2)]
    groups += [("y" * 400, 0), ("y" * 400, 2)]
    lines = [json.dumps({**records[index], "story": label}) for label, index in groups]
    lines.insert(2, HOSTILE_LINES[1][0])
    archive.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = runner.invoke(app, ["digest-groups", str(archive), "--out-dir", str(out), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert f"skipped {archive} line 3: malformed JSON (nested too deeply)" in result.stderr
    assert sorted(path.name for path in out.iterdir()) == sorted(
        ["index.md", "iran-crisis.md", "iran-crisis-2.md", "y" * 80 + ".md"]
    )


def test_batch_digest_skips_hostile_clusters_by_line_and_stops_at_an_endless_stream(tmp_path: Path) -> None:
    clusters = tmp_path / "clusters.jsonl"
    clusters.write_text(HOSTILE_LINES[0][0] + "\n" + HOSTILE_LINES[1][0] + "\n")
    target = tmp_path / "digests.jsonl"
    result = runner.invoke(app, ["batch-digest", str(clusters), str(target)])
    assert result.exit_code == 0, result.output
    assert f"skipped {clusters} line 1: malformed JSON (a number of over 4,300 digits)" in result.stderr
    assert (
        f"skipped {clusters} line 2: malformed JSON (nested too deeply)" in result.stderr
    )  # was a traceback
    result = runner.invoke(app, ["batch-digest", "/dev/zero", str(target)])  # was: read until memory ran out
    assert result.exit_code == 0, result.output
    assert (
        "skipped /dev/zero line 1: line over the size limit (10,485,760 bytes); the rest of the stream is not"
        in (result.stderr.replace("\n", " "))
    )
    assert target.read_text() == ""
