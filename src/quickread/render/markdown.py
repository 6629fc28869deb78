"""Markdown in the seed page layout: lede, Quick Read bullets, analysis sections, attributed sources."""

from __future__ import annotations

from quickread.digest.timeline import day_label, newest_year
from quickread.model import Article, Digest, KeyPoint, Timeline
from quickread.render.analysis import analysis_sections
from quickread.render.citations import citation_label, outlet_label
from quickread.render.copies import carried_by, copy_note
from quickread.text.event_dates import shown_date


def render_markdown(digest: Digest) -> str:
    lines = [f"# {_inline(digest.headline)}", ""]
    if digest.lede:
        lines += [
            _when(digest, digest.lede) + _inline(digest.lede_text) + " " + _markers(digest, digest.lede),
            "",
        ]
    lines += ["## Quick Read", ""]
    if digest.key_points:
        lines += [f"Key points from {len(digest.articles)} {_plural(len(digest.articles), 'source')}:", ""]
        lines += [
            f"- {_when(digest, bullet)}{_inline(' '.join(p.text for p in bullet))} {_markers(digest, bullet)}"
            for bullet in digest.bullets()
        ]
    else:
        lines.append("_The sources hold no further key points beyond the lede._")
    lines.append("")
    if digest.timeline is not None:
        lines += _timeline(digest, digest.timeline)
    for section in analysis_sections(digest):
        lines += [f"## {section.title}", ""]
        lines += [f"- {_inline(item)}" for item in section.items]
        lines.append("")
    lines += ["## Sources", ""]
    for article in digest.articles:
        lines += _article_block(digest, article)
    return "\n".join(lines).rstrip() + "\n"


def _timeline(digest: Digest, timeline: Timeline) -> list[str]:
    """One line a day: "- _Thu 2 Jan_ · sentence [Reuters, sentence 1] (reported by Reuters, AP)"."""
    year = newest_year(digest.articles)
    lines = ["## Timeline", ""]
    for entry in timeline.entries:
        date = _inline(day_label(entry.date, year))
        cited = citation_label(digest, entry.citation)
        reported = ", ".join(entry.sources)
        lines.append(
            f"- _{date}_ · {_inline(entry.text)} [{_inline(cited)}] (reported by {_inline(reported)})"
        )
    if timeline.days_left_out:
        left = timeline.days_left_out
        lines += ["", f"_{left} more {_plural(left, 'day')} with fewer sources not shown._"]
    return [*lines, ""]


def _article_block(digest: Digest, article: Article) -> list[str]:
    note = copy_note(digest, article.id)
    if note is not None:
        link = f" <{article.url}>" if article.url else ""
        return [f"{_inline(note)}: {_inline(article.title or '(untitled)')}{link}", ""]
    others = carried_by(digest, article.id)
    also = f" (also carried by {', '.join(others)})" if others else ""
    lines = [f"{_inline(outlet_label(digest, article.id) + ' has the story' + also)}:", ""]
    lines += [f"### {_inline(article.title or '(untitled)')}", ""]
    meta = [
        part
        for part in (
            article.dateline.raw if article.dateline else None,
            article.date.isoformat() if article.date else None,
            article.author,
        )
        if part
    ]
    if meta:
        lines += [_inline(" · ".join(meta)), ""]
    if article.url:
        lines += [f"<{article.url}>", ""]
    for paragraph in article.text.split("\n\n"):
        lines += [_inline(paragraph), ""]
    return lines


def _when(digest: Digest, points: tuple[KeyPoint, ...]) -> str:
    """The event date beside a bullet, "_Tue 11 Feb_ · ", or nothing; "_Earlier_ · " before it when the bullet
    reports an earlier development than the story's newest."""
    shown = shown_date(points, digest.articles)
    earlier = "_Earlier_ · " if points and points[0].earlier else ""
    return earlier + (f"_{_inline(shown.label)}_ · " if shown else "")


def _markers(digest: Digest, points: tuple[KeyPoint, ...]) -> str:
    labels = dict.fromkeys(citation_label(digest, c) for point in points for c in point.citations)
    return " ".join(f"[{label}]" for label in labels)


def _inline(text: str) -> str:
    """Escape characters that markdown would read as markup, so source text shows as written."""
    escaped = text.replace("\\", "\\\\")
    for char in "*_`[]<>#|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"
