"""Stories across window borders: each window's clusters, joined where both neighbours agree.

A window groups the articles it reads (its core and a margin on each side) exactly as ``group.group`` does,
and answers for its core: an article's home cluster is the one of the window whose core holds it. A story
that crosses the border between windows k and k+1 shows in both: window k sees some of k+1's first days in
its margin, window k+1 some of k's last days. Two home clusters are joined when a cluster of window k holds
members of both, and a cluster of window k+1 does too: one window's view alone could merge what the other,
seeing more of that side, keeps apart.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from quickread.archive.plan import GroupingWindow


@dataclass(frozen=True, slots=True)
class WindowClusters:
    """One window's clusters: lists of global article numbers (originals only), over everything it read."""

    window: GroupingWindow
    clusters: tuple[tuple[int, ...], ...]


def stitch(windows: Sequence[WindowClusters]) -> dict[int, int]:
    """Story of each original: the smallest global number among its members, as ``group`` labels them."""
    ordered = sorted(windows, key=lambda w: w.window.number)
    home: dict[int, tuple[int, int]] = {}  # article -> (window, cluster) answering for it
    for item in ordered:
        core = item.window.core
        for number, cluster in enumerate(item.clusters):
            for article in cluster:
                if core.first <= article < core.stop:
                    home[article] = (item.window.number, number)
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(node: tuple[int, int]) -> tuple[int, int]:
        while parent.get(node, node) != node:
            parent[node] = parent.get(parent[node], parent[node])
            node = parent[node]
        return node

    for left, right in itertools.pairwise(ordered):
        agreed = _links(left, right) & _links(right, left)
        for a, b in sorted(agreed):
            root_a, root_b = find(a), find(b)
            if root_a != root_b:
                parent[max(root_a, root_b)] = min(root_a, root_b)
    members: dict[tuple[int, int], list[int]] = {}
    for article, cluster in home.items():
        members.setdefault(find(cluster), []).append(article)
    story: dict[int, int] = {}
    for articles in members.values():
        label = min(articles)
        for article in articles:
            story[article] = label
    return story


Home = tuple[int, int]  # (window, cluster number in it)


def _links(seen_by: WindowClusters, other: WindowClusters) -> set[tuple[Home, Home]]:
    """(home cluster in the earlier window, home cluster in the later) that ``seen_by`` puts together."""
    mine, theirs = seen_by.window.core, other.window.core
    home_mine = _homes(seen_by)
    home_theirs = _homes(other)
    links: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    for cluster in seen_by.clusters:
        own = {home_mine[a] for a in cluster if mine.first <= a < mine.stop}
        across = {home_theirs[a] for a in cluster if theirs.first <= a < theirs.stop and a in home_theirs}
        for a in own:
            for b in across:
                links.add((a, b) if seen_by.window.number < other.window.number else (b, a))
    return links


def _homes(item: WindowClusters) -> dict[int, tuple[int, int]]:
    core = item.window.core
    return {
        article: (item.window.number, number)
        for number, cluster in enumerate(item.clusters)
        for article in cluster
        if core.first <= article < core.stop
    }
