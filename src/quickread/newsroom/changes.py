"""The one-line "what changed" between two digest versions, in the spirit of wire-service update lines.

Compares the digests as JSON (``quickread.render.json_out``): key-point texts, figures and sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_QUOTE_CHARS = 60


def what_changed(previous: Mapping[str, Any] | None, current: Mapping[str, Any]) -> str:
    sources = _sources(current)
    if previous is None:
        return (
            f"First version: {_count(_articles(current), 'article')} from {_count(len(sources), 'source')}."
        )
    parts: list[str] = []
    turnover = _turnover(previous, current)
    if turnover.added > 0:
        parts.append(f"{_count(turnover.added, 'new article')}")
    if turnover.removed > 0:
        parts.append(f"{_count(turnover.removed, 'article')} regrouped into other stories")
    old_points = {_norm(p.get("text", "")) for p in previous.get("key_points") or []}
    new_points = [
        p.get("text", "")
        for p in current.get("key_points") or []
        if _norm(p.get("text", "")) not in old_points
    ]
    if new_points:
        parts.append(f"{_count(len(new_points), 'new key point')} (“{_clip(new_points[0])}”)")
    figures = _changed_figures(previous, current)
    if figures:
        parts.append("figures changed: " + ", ".join(figures[:3]))
    new_sources = sorted(sources - _sources(previous))
    if new_sources:
        parts.append("new sources: " + ", ".join(new_sources[:5]))
    if current.get("headline") != previous.get("headline"):
        parts.append("new headline")
    if not parts:
        return "Rebuilt; no change in key points, figures or sources."
    line = "; ".join(parts)
    return "Updates with " + line + "."


def _changed_figures(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[str]:
    """Figures counting the same thing (same unit) whose value moved: "people killed: 39 → 41"."""
    before: dict[str, str] = {}
    for figure in previous.get("figures") or []:
        before.setdefault(str(figure.get("unit", "")), str(figure.get("text", "")))
    changes = []
    for figure in current.get("figures") or []:
        unit, text = str(figure.get("unit", "")), str(figure.get("text", ""))
        if unit in before and before[unit] != text:
            changes.append(f"{unit} {before[unit]} → {text}")
            before[unit] = text
    return changes


@dataclass(frozen=True, slots=True)
class _Turnover:
    added: int
    removed: int  # the story index moved them to another story (group.index: moves and merges)


def _turnover(previous: Mapping[str, Any], current: Mapping[str, Any]) -> _Turnover:
    """Articles that joined and left the story: by id when both digests list every article by id, else (a
    giant story's digest leaves some unread) by the change in their number."""
    before, after = _listed_ids(previous), _listed_ids(current)
    if before is not None and after is not None:
        return _Turnover(added=len(after - before), removed=len(before - after))
    difference = _articles(current) - _articles(previous)
    return _Turnover(added=max(0, difference), removed=max(0, -difference))


def _listed_ids(digest: Mapping[str, Any]) -> set[str] | None:
    """The ids of the story's articles, None unless the digest lists every one of them by id."""
    listed = digest.get("articles") or []
    if digest.get("left_out") or not all(isinstance(a, Mapping) and a.get("id") for a in listed):
        return None
    return {str(a["id"]) for a in listed}


def _articles(digest: Mapping[str, Any]) -> int:
    """The story's articles: those the digest lists, and those a giant story's digest left unread."""
    return len(digest.get("articles") or []) + int((digest.get("left_out") or {}).get("articles") or 0)


def _sources(digest: Mapping[str, Any]) -> set[str]:
    return {str(a.get("source")) for a in digest.get("articles") or [] if a.get("source")}


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
