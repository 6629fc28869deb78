"""Links between the pages of a listing: where the previous and next pages are, and whether a page number
asked for lies past the listing's end."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

# Highest page number a listing route accepts: far beyond any real listing, and small enough that the
# offset it turns into stays a small integer for the database.
MAX_PAGE = 100_000


@dataclass(frozen=True, slots=True)
class Pager:
    page: int
    pages: int  # at least 1: an empty listing is one empty page
    previous_url: str | None
    next_url: str | None

    @property
    def past_end(self) -> bool:
        """A page number beyond the last page: the listing holds fewer items than the link promised."""
        return self.page > self.pages


def pager(path: str, params: Mapping[str, str], page: int, total: int, size: int) -> Pager:
    """Links for page ``page`` of a listing of ``total`` items, ``size`` a page, at ``path`` (already
    quoted) with ``params`` (empty values left out). Past the end, "previous" leads to the last page."""
    pages = max(1, -(-total // size))

    def url(number: int) -> str:
        query = {name: value for name, value in params.items() if value}
        if number > 1:
            query["page"] = str(number)
        return f"{path}?{urlencode(query)}" if query else path

    previous = url(min(page - 1, pages)) if page > 1 else None
    following = url(page + 1) if page < pages else None
    return Pager(page, pages, previous, following)


def offset_of(page: int, size: int) -> int:
    return (page - 1) * size
