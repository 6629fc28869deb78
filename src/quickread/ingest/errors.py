from __future__ import annotations


class InputError(ValueError):
    """An input that cannot become an article: names the input and the reason."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
