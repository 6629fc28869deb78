from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DigestOptions:
    min_points: int = 5
    max_points: int = 9
    max_words: int | None = None  # lede and key points together stay within this many words
    lede_sentences: int = 2

    def __post_init__(self) -> None:
        if not 1 <= self.min_points <= self.max_points:
            raise ValueError("need 1 <= min_points <= max_points")
        if self.max_words is not None and self.max_words < 1:
            raise ValueError("max_words must be positive")
        if self.lede_sentences not in (1, 2):
            raise ValueError("lede_sentences must be 1 or 2")
