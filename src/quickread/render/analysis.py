"""The analysis sections of a digest (key figures, who said what, where sources differ, people and
organisations) as plain lines, shared by the markdown and HTML renderers."""

from __future__ import annotations

from dataclasses import dataclass

from quickread.model import Digest, EntityKind, QuoteKind
from quickread.render.citations import citation_label


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    items: tuple[str, ...]


def analysis_sections(digest: Digest) -> list[Section]:
    sections = []
    if digest.figures:
        sections.append(
            Section(
                "Key figures",
                tuple(
                    f"{figure.text} {figure.unit} — {citation_label(digest, figure.citation)}".replace(
                        "  ", " "
                    )
                    for figure in digest.figures
                ),
            )
        )
    if digest.quotes:
        sections.append(
            Section(
                "Who said what",
                tuple(
                    f"{quote.speaker}: “{quote.text}”"
                    + (" (partial quote)" if quote.kind is QuoteKind.PARTIAL else "")
                    + f" — {citation_label(digest, quote.citation)}"
                    for quote in digest.quotes
                ),
            )
        )
    if digest.conflicts:
        sections.append(
            Section(
                "Where sources differ",
                tuple(
                    f"{conflict.topic}: "
                    + " vs ".join(
                        f"{v.text} {v.unit} ({citation_label(digest, v.citation)})" for v in conflict.versions
                    )
                    for conflict in digest.conflicts
                ),
            )
        )
    people = [e for e in digest.entities if e.kind in (EntityKind.PERSON, EntityKind.ORGANIZATION)]
    if people:
        sections.append(
            Section(
                "People and organisations",
                tuple(
                    f"{entity.name}"
                    + (f", {entity.role}" if entity.role else "")
                    + f" ({entity.kind.value}; "
                    f"{len(entity.mentions)} mentions in {', '.join(entity.sources) or 'the sources'})"
                    for entity in people
                ),
            )
        )
    return sections
