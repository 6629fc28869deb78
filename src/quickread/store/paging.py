"""One page of a listing that is read a page at a time: its items and where they sit in the whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Page(Generic[Item]):
    """``items`` are the listing's entries ``offset`` to ``offset + limit`` (fewer on the last page, none past
    its end); ``total`` counts the entries over all pages."""

    items: tuple[Item, ...]
    total: int
    offset: int
    limit: int
