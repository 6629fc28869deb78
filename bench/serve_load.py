"""Load benchmark of the web site on loopback: requests per second and p50/p99 latency with N concurrent
keep-alive clients, for a story page and, in the same run, baselines (a static health check, the front page,
the story list and the story's API JSON); then a mixed run: the same clients on the front page while other
clients send long searches, against the front page alone.

    .venv/bin/python bench/serve_load.py --db data/quickread.db      # after `make run` has built the DB

The server runs as its own process (`quickread serve`, one uvicorn worker) so that the client, a minimal
asyncio HTTP/1.1 client, does not share its interpreter. Only 127.0.0.1 is used; every run is bounded in
requests and in time, and every request in time (one that takes longer counts as an error).

The long searches are the two a hostile visitor would send: 10,000 copies of one word (what took the site
down: 20 s of CPU each, every pooled connection held, the front page answering 500), and the heaviest query
the site accepts (16 distinct common words, 500 characters at most).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

HOST = "127.0.0.1"
# The words searched by the heaviest accepted query: the most frequent English words match nearly every
# article, so every posting list is long.
COMMON_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "was",
    "said",
    "with",
    "he",
    "it",
    "as",
]


@dataclass(frozen=True)
class LoadResult:
    path: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: tuple[float, ...]
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


@dataclass
class Tally:
    """What the workers of one load saw: latencies of answered requests, and every outcome by name."""

    latencies: list[float] = field(default_factory=list)
    statuses: collections.Counter[str] = field(default_factory=collections.Counter)
    errors: int = 0


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


@dataclass(frozen=True)
class Traffic:
    """What one group of clients sends, and which answers count as success."""

    paths: list[str]
    answered: frozenset[int] = frozenset({200})


async def _worker(
    port: int,
    paths: itertools.cycle[str],
    answered: frozenset[int],
    deadline: float,
    quota: list[int],
    tally: Tally,
    timeout: float,
) -> None:
    """One keep-alive connection sending GETs until the shared quota or the deadline runs out; a request
    unanswered within ``timeout`` seconds is an error and the connection is opened again."""
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    try:
        while quota[0] > 0 and time.perf_counter() < deadline:
            quota[0] -= 1
            path = next(paths)
            request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: */*\r\n\r\n".encode()
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = await asyncio.open_connection(HOST, port, limit=2**20)
                status = await asyncio.wait_for(_exchange(*connection, request), timeout)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
                tally.errors += 1
                tally.statuses[type(error).__name__] += 1
                if connection is not None:
                    connection[1].close()
                connection = None
                continue
            tally.latencies.append((time.perf_counter() - started) * 1000)
            tally.statuses[str(status)] += 1
            tally.errors += status not in answered
    finally:
        if connection is not None:
            connection[1].close()


async def _run(
    port: int, traffic: Traffic, clients: int, requests: int, seconds: float, timeout: float
) -> LoadResult:
    quota, tally = [requests], Tally()
    cycle = itertools.cycle(traffic.paths)
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(
        *(_worker(port, cycle, traffic.answered, deadline, quota, tally, timeout) for _ in range(clients))
    )
    return LoadResult(
        traffic.paths[0],
        len(tally.latencies),
        tally.errors,
        time.perf_counter() - started,
        tuple(tally.latencies),
        dict(tally.statuses),
    )


def load(
    port: int, path: str, clients: int, requests: int, seconds: float, timeout: float = 30
) -> LoadResult:
    return asyncio.run(_run(port, Traffic([path]), clients, requests, seconds, timeout))


@dataclass(frozen=True)
class MixedResult:
    normal: LoadResult
    searches: LoadResult


async def _mixed(
    port: int, path: str, clients: int, attack: Traffic, attackers: int, seconds: float, timeout: float
) -> MixedResult:
    searches = asyncio.ensure_future(_run(port, attack, attackers, 10**9, seconds, timeout))
    await asyncio.sleep(0.5)  # the searches arrive first, as in an attack, and keep coming
    normal = await _run(port, Traffic([path]), clients, 10**9, seconds - 0.5, timeout)
    return MixedResult(normal, await searches)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def memory_mb(pid: int, field_name: str) -> float:
    """VmRSS (now) or VmHWM (peak so far) of a process, from /proc; NaN where there is no /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field_name}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def long_searches(words: int) -> Traffic:
    """The hostile searches; a refusal (422 over the caps, 503 busy or timed out) is a correct answer."""
    repeated = quote_plus(" ".join(["iran"] * words))
    heaviest = quote_plus(" ".join(COMMON_WORDS))
    paths = [f"/search?q={repeated}", f"/search?q={heaviest}", f"/api/search?q={heaviest}"]
    return Traffic(paths, frozenset({200, 422, 503}))


def print_table(title: str, results: dict[str, LoadResult], baseline: float) -> None:
    print(title)
    print(
        f"{'path':<34}{'requests':>9}{'errors':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs baseline':>13}"
    )
    for label, result in results.items():
        print(
            f"{label:<34}{result.requests:>9}{result.errors:>7}{result.per_second:>9.0f}"
            f"{result.percentile(0.5):>9.1f}{result.percentile(0.99):>9.1f}"
            f"{result.per_second / baseline:>12.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="data/quickread.db", help="a database with digested stories")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000, help="per measured path")
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit per measured path")
    parser.add_argument("--attackers", type=int, default=20, help="clients sending long searches (mixed run)")
    parser.add_argument("--attack-words", type=int, default=10_000, help="words in the repeated-word search")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request is an error")
    args = parser.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"{args.db}: no database (run `make run` once to build the demo database)")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from quickread.cli import app; app()",
            "serve",
            "--db",
            args.db,
            "--host",
            HOST,
            "--port",
            str(port),
        ],
        env=os.environ | {"QUICKREAD_ACTION_TOKEN": ""},
    )
    try:
        wait_until_up(port)
        with urllib.request.urlopen(f"http://{HOST}:{port}/api/stories?limit=1", timeout=10) as response:
            story = json.load(response)["stories"][0]["id"]
        paths = {
            "health check (baseline)": "/healthz",
            "story page": f"/stories/{story}",
            "front page": "/",
            "story list API JSON": "/api/stories",
            "story API JSON": f"/api/stories/{story}",
        }
        results = {}
        for label, path in paths.items():
            load(port, path, args.clients, 100, 10)  # warm-up: fills the page cache
            results[label] = load(port, path, args.clients, args.requests, args.seconds, args.timeout)
        rss_before = memory_mb(server.pid, "VmRSS")
        mixed = asyncio.run(
            _mixed(
                port,
                "/",
                args.clients,
                long_searches(args.attack_words),
                args.attackers,
                args.seconds,
                args.timeout,
            )
        )
        peak = memory_mb(server.pid, "VmHWM")
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()  # still busy with a search thread that cannot be interrupted
            server.wait(10)
    baseline = results["health check (baseline)"].per_second
    print(f"{args.clients} concurrent clients, loopback, {os.cpu_count()} CPU cores, one uvicorn worker")
    print_table("plain run", results, baseline)
    story_result = results["story page"]
    print(f"story page mean latency {statistics.fmean(story_result.latencies_ms):.1f} ms")
    front = results["front page"].per_second
    print(f"story list API JSON vs front page: {results['story list API JSON'].per_second / front:.2f}x")
    print()
    print(
        f"mixed run: {args.clients} clients on the front page while {args.attackers} clients send long "
        f"searches ({args.attack_words:,} repeated words; 16 common words), {args.seconds:g} s"
    )
    print_table(
        "front page, plain vs mixed",
        {
            "front page (plain)": results["front page"],
            "front page (mixed)": mixed.normal,
            "long searches": mixed.searches,
        },
        baseline,
    )
    print(f"long searches answered: {dict(sorted(mixed.searches.statuses.items()))}")
    print(f"front page answered: {dict(sorted(mixed.normal.statuses.items()))}")
    print(f"server memory: {rss_before:.0f} MB before the mixed run, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
