"""Keeping stories current: new articles join stories, and changed stories get a new digest version.

The story index is anything with the small ``StoryAssigner`` interface; its state is stored in the same
transaction as the memberships it produced, so a killed pass never leaves the two out of step.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from quickread.model import Article, Digest
from quickread.newsroom.changes import what_changed
from quickread.newsroom.control import ProgressCallback, StopSignal, no_progress
from quickread.newsroom.threads import update_threads
from quickread.render.json_out import digest_to_json
from quickread.store.repository import FetchLogEntry, Repository, StoryAssignment
from quickread.store.times import utc_now

ASSIGN_BATCH = 1000
# Key of the stored digest JSON (optional, see schema/digest.schema.json): what of the story it did not read.
LEFT_OUT = "left_out"

# What turns a story's articles into its digest: ``quickread.pipeline.quick_read`` with loaded models in the
# newsroom, the bare ``digest.build.digest`` where the analysis sections are not wanted.
Digester = Callable[[Sequence[Article]], Digest]


@dataclass(frozen=True, slots=True)
class AssignmentStep:
    """Where one ``assign`` call left things: each story key is the story's key at the end of the call."""

    story_of: Mapping[str, str]  # article id -> story key, for every article given
    headlines: Mapping[str, str]  # headline for every story key in story_of (used for new stories)
    moved: Mapping[str, str] = field(default_factory=dict)  # earlier article id -> the story key it is in now
    ended: Mapping[str, str] = field(default_factory=dict)  # ended story key -> the story key it went into


class StoryAssigner(Protocol):
    """An incremental story index: takes articles in arrival order, puts each in an open or a new story, and
    may regroup earlier articles on the way (moves, and stories ended by merging into another)."""

    name: str

    def assign(self, articles: Sequence[Article]) -> AssignmentStep: ...

    def state(self) -> str:
        """The index's state as text, stored with the assignment; ``load`` rebuilds the index from it."""
        ...


@dataclass
class UpdateReport:
    assigned: int = 0
    versions: int = 0
    failed: int = 0
    thread_links: int = 0  # links naming a story this pass digested (see newsroom.threads)


def update_stories(
    repository: Repository,
    assigner: StoryAssigner,
    *,
    digester: Digester | None,
    progress: ProgressCallback = no_progress,
    stop: StopSignal | None = None,
) -> UpdateReport:
    """Assign every unassigned article, then rebuild the digest of each story whose articles changed, then
    the thread links of those stories (``newsroom.threads``).

    With ``digester=None`` only the assignment runs; stories stay stale until a pass with a digester.
    """
    report = UpdateReport()
    while not (stop is not None and stop.requested):
        waiting = repository.unassigned_articles(ASSIGN_BATCH)
        if not waiting:
            break
        step = assigner.assign(waiting)
        repository.save_assignment(
            StoryAssignment(
                story_of=step.story_of,
                headlines=step.headlines,
                index_name=assigner.name,
                index_state=assigner.state(),
                moved=step.moved,
                ended=step.ended,
            )
        )
        report.assigned += len(waiting)
        progress(f"assigned {len(waiting)} articles")
    if digester is None:
        return report
    touched: list[str] = []
    for story in repository.stale_stories():
        if stop is not None and stop.requested:
            break
        touched.append(story.key)
        try:
            rebuild_digest(repository, story.key, digester)
            report.versions += 1
        except ValueError as error:
            # One story that cannot be digested must not stop the others; it stays stale and is retried.
            report.failed += 1
            repository.log_fetch(
                FetchLogEntry(
                    url=f"story:{story.key}", kind="digest", status="error", reason=str(error), at=utc_now()
                )
            )
        progress(f"story {story.key}")
    if touched:
        _update_threads(repository, touched, report)
    return report


def _update_threads(repository: Repository, touched: list[str], report: UpdateReport) -> None:
    try:
        report.thread_links = update_threads(repository, touched)
    except ValueError as error:
        # The digests are stored; the threads of these stories are computed again by the next pass that
        # touches them. Logged like a digest that failed, never raised.
        repository.log_fetch(
            FetchLogEntry(url="threads", kind="threads", status="error", reason=str(error), at=utc_now())
        )


def rebuild_digest(repository: Repository, story_key: str, digester: Digester) -> None:
    # The revision is read before the articles: should a concurrent pass move articles in between, the
    # version is stored for the older revision and the story stays stale, to be digested again.
    record = repository.story(story_key)
    articles = repository.story_articles(story_key)
    built = digester(articles)
    current = stored_digest_json(digest_to_json(built))
    left_out = _left_out(articles, built)
    if left_out is not None:
        current[LEFT_OUT] = left_out
    previous = repository.digest_version(story_key)
    change = what_changed(None if previous is None else json.loads(previous.digest), current)
    repository.add_digest_version(
        story_key,
        article_count=len(articles),
        headline=str(current["headline"]),
        what_changed=change,
        digest=json.dumps(current, ensure_ascii=False),
        revision=None if record is None else record.revision,
    )


def _left_out(articles: Sequence[Article], built: Digest) -> dict[str, int] | None:
    """What of the story the digest did not read (a giant story is read in part: group.reading_list), or
    None when it read everything: the articles it does not list, the sentences cut from those it does."""
    read = {article.id: len(article.sentences) for article in built.articles}
    articles_left = sum(1 for article in articles if article.id not in read)
    sentences_left = sum(max(0, len(a.sentences) - read[a.id]) for a in articles if a.id in read)
    if not articles_left and not sentences_left:
        return None
    return {"articles": articles_left, "sentences": sentences_left}


def stored_digest_json(document: dict[str, Any]) -> dict[str, Any]:
    """The digest JSON without the article bodies: those are stored once, in the articles table, by id."""
    slim = dict(document)
    slim["articles"] = [
        {k: v for k, v in article.items() if k not in ("text", "sentences")}
        for article in document.get("articles", [])
    ]
    return slim
