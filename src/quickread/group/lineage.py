"""Wire lineage: which agency a text credits, who reported first, and who only republished.

A story's independent sources count reports, not copies: every outlet running "(Reuters)" copy adds
Reuters once, and near-identical texts count once, under their origin.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from quickread.group.duplicates import CopyMatch
from quickread.model import Article, Copy

# Credits as wire copy prints them: "(Reuters) -", "(AP) —", "AFP -" in the opening, "— The Associated
# Press" or "Reporting by ... Reuters" in the closing lines.
_OPENING_CREDITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\(Reuters\)|\bReuters\s+[-–—]"), "Reuters"),
    (re.compile(r"\((?:AP|The Associated Press|Associated Press)\)|\bAP\s+[-–—]"), "Associated Press"),
    (re.compile(r"\((?:AFP|Agence France-Presse)\)|\bAFP\s+[-–—]"), "AFP"),
    (re.compile(r"\(Bloomberg\)"), "Bloomberg"),
    (re.compile(r"\(UPI\)"), "UPI"),
)
_CLOSING_CREDITS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"[-–—]\s*(?:The )?Associated Press\.?\s*$|\bAssociated Press (?:writers?|reporters?)\b"),
        "Associated Press",
    ),
    (re.compile(r"\((?:Reporting|Writing|Editing) by [^)]*\)\s*$"), "Reuters"),
    (re.compile(r"[-–—]\s*AFP\.?\s*$|©\s*AFP|\bAgence France-Presse\b"), "AFP"),
)
_AGENCY_NAMES = {
    "Reuters": ("reuters",),
    "Associated Press": ("associated press", "ap news", "apnews"),
    "AFP": ("afp", "agence france"),
    "Bloomberg": ("bloomberg",),
    "UPI": ("upi", "united press"),
}
_OPENING_CHARS = 300
_CLOSING_CHARS = 400


def wire_credit(article: Article) -> str | None:
    """The agency whose copy this is, as the text or its dateline credits it; None for own reporting."""
    if article.dateline is not None and article.dateline.outlet:
        outlet = agency_of(article.dateline.outlet)
        if outlet is not None:
            return outlet
    opening = f"{article.dateline.raw if article.dateline else ''} {article.text[:_OPENING_CHARS]}"
    for pattern, agency in _OPENING_CREDITS:
        if pattern.search(opening):
            return agency
    closing = article.text[-_CLOSING_CHARS:]
    for pattern, agency in _CLOSING_CREDITS:
        if pattern.search(closing):
            return agency
    return None


def agency_of(outlet: str) -> str | None:
    lowered = outlet.lower()
    for agency, names in _AGENCY_NAMES.items():
        words = lowered.split()
        if any(name == lowered or lowered.startswith(name + " ") or name in words for name in names):
            return agency
    return None


def report_source(article: Article) -> str:
    """Who is behind the report: the credited agency, else the outlet itself."""
    return wire_credit(article) or article.source


def trace_copies(articles: Sequence[Article], matches: Mapping[str, CopyMatch]) -> list[Copy]:
    """Copies of the group, each pointing at its origin: the agency's own article when the group holds one,
    else the earliest article (the duplicate search already visits articles by date)."""
    by_id = {article.id: article for article in articles}
    groups: dict[str, list[str]] = {}
    for article in articles:
        root = matches[article.id].origin_id if article.id in matches else article.id
        if root in by_id:
            groups.setdefault(root, []).append(article.id)
    copies: list[Copy] = []
    for root, ids in groups.items():
        if len(ids) < 2:
            continue
        origin = _origin(root, [by_id[i] for i in ids])
        for article_id in ids:
            if article_id == origin:
                continue
            article = by_id[article_id]
            match = matches.get(article_id)
            copies.append(
                Copy(
                    article_id=article_id,
                    source=article.source,
                    origin_id=origin,
                    wire=wire_credit(article),
                    exact=bool(match and match.exact),
                )
            )
    return copies


def _origin(root: str, members: list[Article]) -> str:
    for member in members:
        credit = wire_credit(member)
        if credit is not None and agency_of(member.source) == credit:
            return member.id
    return root


def independent_sources(articles: Sequence[Article], copies: Sequence[Copy]) -> tuple[str, ...]:
    copied = {copy.article_id for copy in copies}
    return tuple(sorted({report_source(article) for article in articles if article.id not in copied}))
