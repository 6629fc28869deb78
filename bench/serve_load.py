"""Load benchmark of the web front page on loopback: requests per second and p50/p99 latency with N
concurrent keep-alive clients, for a story page and, in the same run, baselines (a static health check, the
front page, the story's API JSON).

    .venv/bin/python bench/serve_load.py --db data/quickread.db      # after `make run` has built the DB

The server runs as its own process (`quickread serve`, one uvicorn worker) so that the client, a minimal
asyncio HTTP/1.1 client, does not share its interpreter. Only 127.0.0.1 is used; every run is bounded in
requests and in time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


@dataclass(frozen=True)
class LoadResult:
    path: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: tuple[float, ...]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


async def _worker(port: int, path: str, deadline: float, quota: list[int], latencies: list[float]) -> int:
    """One keep-alive connection sending GETs until the shared quota or the deadline runs out."""
    reader, writer = await asyncio.open_connection(HOST, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: */*\r\n\r\n".encode()
    errors = 0
    try:
        while quota[0] > 0 and time.perf_counter() < deadline:
            quota[0] -= 1
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - started) * 1000)
            errors += status != 200
    finally:
        writer.close()
    return errors


async def load(port: int, path: str, clients: int, requests: int, seconds: float) -> LoadResult:
    quota, latencies = [requests], []
    started = time.perf_counter()
    deadline = started + seconds
    errors = await asyncio.gather(*(_worker(port, path, deadline, quota, latencies) for _ in range(clients)))
    return LoadResult(path, len(latencies), sum(errors), time.perf_counter() - started, tuple(latencies))


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="data/quickread.db", help="a database with digested stories")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000, help="per measured path")
    parser.add_argument("--seconds", type=float, default=30.0, help="time limit per measured path")
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
            "story API JSON": f"/api/stories/{story}",
        }
        results = {}
        for label, path in paths.items():
            asyncio.run(load(port, path, args.clients, 100, 10))  # warm-up: fills the page cache
            results[label] = asyncio.run(load(port, path, args.clients, args.requests, args.seconds))
    finally:
        server.terminate()
        server.wait(10)
    baseline = results["health check (baseline)"].per_second
    print(f"{args.clients} concurrent clients, loopback, {os.cpu_count()} CPU cores, one uvicorn worker")
    print(
        f"{'path':<26}{'requests':>9}{'errors':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs baseline':>13}"
    )
    for label, result in results.items():
        print(
            f"{label:<26}{result.requests:>9}{result.errors:>7}{result.per_second:>9.0f}"
            f"{result.percentile(0.5):>9.1f}{result.percentile(0.99):>9.1f}"
            f"{result.per_second / baseline:>12.2f}x"
        )
    story_result = results["story page"]
    print(f"story page mean latency {statistics.fmean(story_result.latencies_ms):.1f} ms")


if __name__ == "__main__":
    main()
