"""What a running site is configured with; passed to ``create_app`` explicitly (no global state)."""

from __future__ import annotations

from dataclasses import dataclass

from quickread.model import Article


@dataclass(frozen=True, slots=True)
class ServeSettings:
    # Actions that change data (follow a feed, start a fetch) are refused unless a token is set here, and
    # then need it on every request: a site on a shared network must not take orders from anyone.
    action_token: str | None = None
    page_size: int = 20  # stories per front page
    feed_size: int = 50  # entries in the Atom and JSON feeds
    story_cache_size: int = 512  # rendered story pages and API documents kept, one per (story, version)
    front_cache_size: int = 64  # rendered front pages (page number and date filter) of the current revision
    # Searches running at once; more are refused at once with 503 and Retry-After. Each search holds one
    # database connection at a time and the pool has 15 (SQLAlchemy's 5 + 10 overflow), so pages always
    # find one free; on the 2-core test machine more than 4 searches at once only queue for the CPU.
    search_concurrency: int = 4
    site_title: str = "quickread"
    # Outlets (article sources, by name) whose licence allows showing an article's whole text on the story
    # page and on its article page, e.g. Wikinews (CC BY 2.5) or a government site (public domain). Every
    # other source shows its headline, outlet, date, the sentences the Quick Read cites and links, not its
    # text: a news site's articles are not ours to republish. `quickread serve --full-text-outlet NAME`
    # (repeatable) sets it.
    full_text_outlets: frozenset[str] = frozenset()

    def shows_full_text(self, article: Article) -> bool:
        """Whether the article's licence allows its whole text here (story page and article page alike)."""
        return article.source in self.full_text_outlets
