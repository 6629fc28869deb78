"""The analysis sections of a digest (key figures, who said what, where sources differ, people,
organisations and places) as plain lines, shared by the markdown and HTML renderers."""

from __future__ import annotations

from dataclasses import dataclass

from quickread.model import ClaimVersion, Digest, Entity, Figure, Quote, QuoteKind
from quickread.render.citations import citation_label

# The entity list is a reader's cast of characters, not an index: the dozen most widely reported suffice.
MAX_ENTITIES_SHOWN = 12

# Titles of the sections whose items follow digest.figures and digest.quotes one for one (the HTML page links
# each item to its sentence by that order).
FIGURES_TITLE = "Key figures"
QUOTES_TITLE = "Who said what"


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    items: tuple[str, ...]


def analysis_sections(digest: Digest) -> list[Section]:
    sections = []
    if digest.figures:
        sections.append(Section(FIGURES_TITLE, tuple(_figure(digest, f) for f in digest.figures)))
    if digest.quotes:
        sections.append(Section(QUOTES_TITLE, tuple(_quote(digest, q) for q in digest.quotes)))
    if digest.conflicts:
        sections.append(
            Section(
                "Where sources differ",
                tuple(
                    f"{conflict.topic}: " + " vs ".join(_version(digest, v) for v in conflict.statements)
                    for conflict in digest.conflicts
                ),
            )
        )
    if digest.entities:
        sections.append(
            Section(
                "People, organisations and places",
                tuple(_entity(e) for e in digest.entities[:MAX_ENTITIES_SHOWN]),
            )
        )
    return sections


def _figure(digest: Digest, figure: Figure) -> str:
    sources = ", ".join(figure.sources) or citation_label(digest, figure.citation)
    independent = (
        f"; {figure.independent_sources} independent sources" if figure.independent_sources > 1 else ""
    )
    return f"{figure.label} — {sources}{independent}"


def _quote(digest: Digest, quote: Quote) -> str:
    if quote.kind is QuoteKind.PARTIAL:
        return f"{quote.speaker}: “…{quote.text}…” (partial quote) — {citation_label(digest, quote.citation)}"
    return f"{quote.speaker}: “{quote.text}” — {citation_label(digest, quote.citation)}"


def _version(digest: Digest, version: Figure | ClaimVersion) -> str:
    sources = ", ".join(version.sources) or citation_label(digest, version.citation)
    return f"“{version.label}” ({sources})"


def _entity(entity: Entity) -> str:
    role = f", {entity.role}" if entity.role else ""
    mentions = len(entity.mentions)
    return (
        f"{entity.name}{role} ({entity.kind.value}; {mentions} mention{'s' if mentions != 1 else ''} "
        f"in {', '.join(entity.sources)})"
    )
