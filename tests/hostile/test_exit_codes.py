"""`ingest` exits non-zero when every input failed (cron and systemd must see it), zero when any was read."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from quickread.cli import app

GOOD = (
    "Flood waters rose across the valley on Monday, and the regional council opened three shelters. "
    "The council said 240 people spent the night in the shelters.\n"
)


def test_ingest_fails_only_when_every_input_failed(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'quickread.db'}"
    bad = [tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "bad.jsonl"]
    bad[0].write_text("")
    bad[1].write_bytes(bytes(range(256)) * 10)
    bad[2].write_text('{"id": ' + "9" * 5000 + "}\n")
    runner = CliRunner()
    failed = runner.invoke(app, ["ingest", *map(str, bad), "--db", db, "--no-stories"])
    assert failed.exit_code == 1, failed.output
    assert "stored 0 new articles (0 already stored, 3 skipped)" in failed.output
    assert "every input failed" in failed.output
    good = tmp_path / "flood.txt"
    good.write_text("Valley flood\n\n" + GOOD)
    mixed = runner.invoke(app, ["ingest", *map(str, bad), str(good), "--db", db, "--no-stories"])
    assert mixed.exit_code == 0 and "stored 1 new articles (0 already stored, 3 skipped)" in mixed.output
    again = runner.invoke(app, ["ingest", str(good), "--db", db, "--no-stories"])
    assert again.exit_code == 0 and "stored 0 new articles (1 already stored, 0 skipped)" in again.output


def test_search_refuses_an_over_long_query_with_a_message(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'quickread.db'}"
    result = CliRunner().invoke(app, ["search", " ".join(["iran"] * 10_000), "--db", db])
    assert result.exit_code == 1 and "error:" in result.output and "Traceback" not in result.output
