from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
from pathlib import Path

import pytest

from conftest import WIKINEWS
from quickread.ingest.errors import InputError
from quickread.ingest.files import read_article, read_articles


def test_txt_has_headline_dateline_and_body() -> None:
    article = read_article(WIKINEWS / "soleimani-killed.txt")
    assert article.title == "United States military kills Qasem Soleimani"
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.date, article.dateline.outlet) == (
        "BAGHDAD",
        "Jan 5",
        "Wikinews",
    )
    assert article.source == "Wikinews"
    assert article.sentences[0].text.startswith("Thursday, United States military forces killed")
    assert all("Reporting by" not in s.text for s in article.sentences)


def test_source_option_overrides_the_dateline() -> None:
    assert read_article(WIKINEWS / "soleimani-killed.txt", source="Desk").source == "Desk"


def test_a_dateline_without_an_outlet_leaves_the_file_name_as_the_outlet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "BAGHDAD — ..." names no outlet: the file's name labels it, standard input stays "unknown"
    article = read_article(WIKINEWS / "iraq-parliament-vote.txt")
    assert article.dateline is not None and article.dateline.outlet is None
    assert article.source == "iraq-parliament-vote"
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO((WIKINEWS / "iraq-parliament-vote.txt").read_bytes()))
    )
    assert read_article("-").source == "unknown"


def test_html_page_gives_title_site_date_author_and_body() -> None:
    article = read_article(WIKINEWS / "stampede.html")
    assert article.title.startswith("Stampede during funeral procession of Qasem Soleimani")
    assert article.source == "Wikinews"
    assert article.date == dt.date(2020, 1, 9)
    assert article.url is not None and article.url.startswith("https://en.wikinews.org/wiki/Stampede")
    assert "at least 56 deaths" in article.text
    assert "Random article" not in article.text and "Privacy policy" not in article.text


def test_json_and_jsonl() -> None:
    single = read_article(WIKINEWS / "soleimani-killed.json")
    assert single.id == "wikinews-2020-01-05-4ad5512f" and single.date == dt.date(2020, 1, 5)
    thread = read_articles(WIKINEWS / "soleimani-thread.jsonl")
    assert [a.date for a in thread] == [dt.date(2020, 1, 5), dt.date(2020, 1, 6), dt.date(2020, 1, 9)]
    assert thread[0].text == single.text


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (WIKINEWS / "iraq-parliament-vote.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    article = read_article("-")
    assert article.title == "Iraqi Parliament votes for expulsion of United States troops"
    assert article.dateline is not None and article.dateline.place == "BAGHDAD"


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Café reopens\nThe café in Zürich reopened on Monday after a long closure.".encode("cp1252")
    )
    assert "Zürich" in read_article(path).text


_RANDOM = random.Random(7)
NOISE = bytes(_RANDOM.randrange(1, 256) for _ in range(3000))


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"  \n\n \n", "empty input"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary data"),
        ("noise.txt", NOISE, "no other text encoding"),
        ("headline-only.txt", b"Just a headline\n", "no article text found"),
        (
            "furniture.txt",
            b"Headline\nReporting by A. Writer; Editing by B. Editor\n",
            "no article text found",
        ),
        ("broken.json", b'{"id": "a", "text": ', "malformed JSON"),
        ("notext.json", b'{"id": "a", "title": "t"}', 'no "text" field'),
        ("empty.html", b"<!DOCTYPE html><html><body><nav>Menu</nav></body></html>", "no article text"),
    ],
)
def test_bad_input_names_the_file_and_the_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InputError) as caught:
        read_articles(path)
    assert str(path) in str(caught.value)
    assert reason in caught.value.reason


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_articles(tmp_path / "absent.txt")


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"Headline\n" + b"The council met. " * 1000)
    with pytest.raises(InputError, match="over the size limit"):
        read_articles(path, limit=1000)


def test_bad_jsonl_line_is_named(tmp_path: Path) -> None:
    good = json.dumps({"id": "a", "text": "The council voted on Monday to close the plant."})
    path = _write(tmp_path, "feed.jsonl", (good + "\n{broken\n").encode())
    with pytest.raises(InputError) as caught:
        read_articles(path)
    assert caught.value.name == f"{path} line 2"
