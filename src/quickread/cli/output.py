"""Where the command line writes: results to stdout (or a file), messages and progress to stderr."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

errors = Console(stderr=True, highlight=False, soft_wrap=True)


class Format(StrEnum):
    MD = "md"
    JSON = "json"
    HTML = "html"


def fail(message: str, code: int = 1) -> None:
    errors.print(f"[bold red]error:[/] {message}", markup=True)
    raise SystemExit(code)


def write_text(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        errors.print(f"wrote {output}")


def progress_bar() -> Progress:
    """A progress bar on stderr that disappears when done, so stdout stays clean for results."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
    )
