from __future__ import annotations

from dataclasses import dataclass

# Key points when the caller sets no max_points and no word budget: a Quick Read of 5-9 points.
DEFAULT_MAX_POINTS = 9


@dataclass(frozen=True, slots=True)
class DigestOptions:
    min_points: int = 5
    # Most key points. None (the default): DEFAULT_MAX_POINTS without a word budget; with one, as many as
    # fit in it (the budget, not a point count, then bounds the digest). An explicit number is always kept.
    max_points: int | None = None
    max_words: int | None = None  # lede and key points together stay within this many words
    lede_sentences: int = 2

    def __post_init__(self) -> None:
        ceiling = self.max_points if self.max_points is not None else DEFAULT_MAX_POINTS
        if not 1 <= self.min_points <= ceiling:
            raise ValueError("need 1 <= min_points <= max_points")
        if self.max_words is not None and self.max_words < 1:
            raise ValueError("max_words must be positive")
        if self.lede_sentences not in (1, 2):
            raise ValueError("lede_sentences must be 1 or 2")

    @property
    def point_limit(self) -> int:
        """The most key points this digest may hold (see max_points)."""
        if self.max_points is not None:
            return self.max_points
        if self.max_words is not None:
            return self.max_words  # every point is at least one word: the budget is the bound
        return DEFAULT_MAX_POINTS
