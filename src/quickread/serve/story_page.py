"""The story page: the stored digest rendered through ``render.html.page_view`` and the shared Quick Read
partial, plus the version history and links to each source article's own page."""

from __future__ import annotations

import json
from dataclasses import dataclass

from quickread.group.threads import NEIGHBOURS
from quickread.model import Digest
from quickread.render.html import PageLinks, article_page_path, page_view
from quickread.render.json_in import DigestFormatError
from quickread.serve.site import Site
from quickread.serve.stored_digests import stored_digest
from quickread.store.repository import DigestVersion, StoryThread


@dataclass(frozen=True, slots=True)
class StoryPage:
    status: int
    html: str


def story_page(site: Site, key: str, version: int | None = None) -> StoryPage:
    repository = site.repository
    shown = repository.digest_version(key, version)
    if shown is None:
        return _without_digest(site, key, version)
    latest_requested = version is None
    # The thread changes without a new version (a later story is linked to this one): part of the cache key.
    thread = repository.story_thread(key, NEIGHBOURS)
    if latest_requested:
        # Only the latest version is cached: an older version's page lists a history that grows later.
        cached = site.story_pages.get((key, shown.version, thread))
        if cached is not None:
            return StoryPage(200, cached)
    try:
        digest = stored_digest(shown.digest, repository.story_articles(key))
    except DigestFormatError as error:
        html = site.render("message.html.j2", title="This digest cannot be shown", message=str(error))
        return StoryPage(500, html)
    html = _render(site, key, shown, digest, thread)
    if latest_requested:
        site.story_pages.put((key, shown.version, thread), html)
    return StoryPage(200, html)


# The page description shared links preview with: the lede, cut at a word near this length (search engines
# show about 155 characters; Open Graph readers about 200).
DESCRIPTION_CHARACTERS = 200


def _render(site: Site, key: str, shown: DigestVersion, digest: Digest, thread: StoryThread) -> str:
    dates = sorted(a.date for a in digest.articles if a.date)
    links = PageLinks(article_page=article_page_path, full_text=site.settings.shows_full_text)
    page = page_view(digest, links)
    return site.render(
        "story.html.j2",
        key=key,
        page=page,
        summary=summary(page.lede.text if page.lede else page.headline),
        digest=digest,
        outlets=sorted({a.source for a in digest.articles}),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        shown=shown,
        versions=site.repository.story_versions(key),
        left_out=json.loads(shown.digest).get("left_out") or {},
        thread=thread,
    )


def _without_digest(site: Site, key: str, version: int | None) -> StoryPage:
    record = site.repository.story(key)
    if record is None:
        return StoryPage(
            404, site.render("message.html.j2", title="No such story", message=f"No story {key}.")
        )
    if version is not None:
        message = f"This story has no version {version}."
        return StoryPage(404, site.render("message.html.j2", title=record.headline, message=message))
    return StoryPage(
        200,
        site.render("story_pending.html.j2", story=record, articles=site.repository.story_articles(key)),
    )


def summary(text: str) -> str:
    """A description of at most DESCRIPTION_CHARACTERS, cut at a word with an ellipsis when longer."""
    flat = " ".join(text.split())
    if len(flat) <= DESCRIPTION_CHARACTERS:
        return flat
    cut = flat[: DESCRIPTION_CHARACTERS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
