"""The Dask cluster an archive runs on: a LocalCluster of worker processes, or a running scheduler.

Dask's client functions carry no type annotations; this module is the one place that calls them untyped
(mypy is told so in pyproject.toml), so the rest of the archive stays strictly typed.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from distributed import Client, Future, LocalCluster, as_completed


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client of ``scheduler`` (``tcp://host:8786``), or of a new local cluster of ``workers`` processes
    (one per CPU by default), one thread each: the stages are CPU-bound Python, which threads would share."""
    if scheduler is not None:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: two runs on one machine must not clash
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def has_dashboard() -> bool:
    """Dask's dashboard needs bokeh (`pip install bokeh`), which the archive extra leaves out."""
    return importlib.util.find_spec("bokeh") is not None


def completed(futures: Sequence[Future[Any]]) -> Iterable[Future[Any]]:
    """The futures as they finish."""
    iterator: Iterable[Future[Any]] = as_completed(futures)
    return iterator


def gather(client: Client, futures: Sequence[Future[Any]]) -> list[Any]:
    results: list[Any] = client.gather(futures)
    return results


def worker_count(client: Client) -> int:
    return len(client.scheduler_info()["workers"])


def broadcast(client: Client, value: object) -> Future[Any]:
    """``value`` as the result of a task: workers fetch it once and tasks given the future read that copy.

    Not ``scatter``: scattered data that a dying worker held cannot be made again ("the cluster lost
    scattered data"), while a task's result is recomputed when its worker is lost.
    """
    future: Future[Any] = client.submit(_same, value, pure=False)
    return future


def _same(value: object) -> object:
    return value
