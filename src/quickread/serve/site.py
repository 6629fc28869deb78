"""Everything one running site shares: the repository, its settings, the templates and the page cache.

One ``Site`` per app instance, handed to the route modules explicitly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import jinja2

from quickread.render.html import machine_time
from quickread.serve.page_cache import PageCache
from quickread.serve.search_gate import SearchGate
from quickread.serve.settings import ServeSettings
from quickread.store.repository import Repository


def template_environment() -> jinja2.Environment:
    """The site's templates first, then the render templates, so story pages include the same Quick Read
    partial as the standalone HTML page."""
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("quickread.serve", "templates"),
                jinja2.PackageLoader("quickread.render", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["segment"] = path_segment
    environment.filters["day"] = day_label
    environment.filters["machine_time"] = machine_time
    return environment


def path_segment(value: str) -> str:
    """A value quoted for one URL path segment (an outlet called "AC/DC News" keeps its slash)."""
    return quote(value, safe="")


def day_label(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


@dataclass
class Site:
    repository: Repository
    settings: ServeSettings
    templates: jinja2.Environment = field(default_factory=template_environment)
    story_pages: PageCache = field(init=False)
    front_pages: PageCache = field(init=False)
    story_listings: PageCache = field(init=False)  # /api/stories documents, keyed like the front pages
    searches: SearchGate = field(init=False)

    def __post_init__(self) -> None:
        self.story_pages = PageCache(self.settings.story_cache_size)
        self.front_pages = PageCache(self.settings.front_cache_size)
        self.story_listings = PageCache(self.settings.front_cache_size)
        self.searches = SearchGate(self.settings.search_concurrency)

    def render(self, template: str, **values: Any) -> str:
        return self.templates.get_template(template).render(site_title=self.settings.site_title, **values)
