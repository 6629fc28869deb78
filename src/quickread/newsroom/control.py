"""Cooperative stopping and progress reporting, passed explicitly to the long passes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Called once per finished item (a file, a feed, a story) with a short label of what was done.
ProgressCallback = Callable[[str], None]


def no_progress(_label: str) -> None:
    return None


@dataclass
class StopSignal:
    """Set by a signal handler; the passes check it between items so that each item finishes whole."""

    requested: bool = False

    def request(self) -> None:
        self.requested = True
