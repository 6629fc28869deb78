"""Average-link agglomerative clustering over a sparse similarity graph.

Pairs missing from the graph count as similarity 0, so the average of two clusters is the sum of their
linked pairs over the product of their sizes. Memory and time follow the number of pairs, not its square.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping


def average_link(size: int, similarities: Mapping[tuple[int, int], float], threshold: float) -> list[int]:
    """Cluster label per item (the smallest member index); merges while some pair averages >= threshold."""
    neighbours: list[dict[int, float]] = [{} for _ in range(size)]
    for (a, b), similarity in similarities.items():
        if a != b:
            neighbours[a][b] = neighbours[a].get(b, 0.0) + similarity
            neighbours[b][a] = neighbours[b].get(a, 0.0) + similarity
    members: list[list[int]] = [[item] for item in range(size)]
    version = [0] * size
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        average = neighbours[a][b] / (len(members[a]) * len(members[b]))
        if average >= threshold:
            heapq.heappush(heap, (-average, min(a, b), max(a, b), version[min(a, b)], version[max(a, b)]))

    for a in range(size):
        for b in neighbours[a]:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if version_a != version[a] or version_b != version[b] or not members[a] or not members[b]:
            continue  # stale: one side has merged since
        keep, gone = (a, b) if len(members[a]) >= len(members[b]) else (b, a)
        members[keep].extend(members[gone])
        members[gone] = []
        version[keep] += 1
        del neighbours[keep][gone]
        for other, total in neighbours[gone].items():
            if other == keep:
                continue
            neighbours[keep][other] = neighbours[keep].get(other, 0.0) + total
            del neighbours[other][gone]
            neighbours[other][keep] = neighbours[keep][other]
        neighbours[gone] = {}
        for other in neighbours[keep]:
            push(keep, other)
    labels = [0] * size
    for cluster in members:
        first = min(cluster, default=0)
        for item in cluster:
            labels[item] = first
    return labels
