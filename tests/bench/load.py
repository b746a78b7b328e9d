"""Load test: searches at 64 connections for 60 s against a live server while an ingest of
10,000 articles writes to the same SQLite store. Reports errors and reader latency percentiles.

    python -m tests.bench.load                               # 60 s, 64 connections, 10,000 articles
    python -m tests.bench.load --seconds 10 --articles 1000  # quick check
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from app.store import count_articles
from tests.utils.corpus import vocabulary, write_corpus
from tests.utils.servers import free_port, wait_until_up

NEWSSTORE = str(Path(sys.executable).parent / "newsstore")
# Words searched for: the most frequent content words of the seed corpus (seed 7 below).
QUERY_WORDS = vocabulary(7)[:300]


async def _reader(
    client: httpx.AsyncClient, deadline: float, rng: random.Random, results: list[float | str]
) -> None:
    while time.perf_counter() < deadline:
        query = " ".join(rng.choices(QUERY_WORDS, k=rng.choice((1, 1, 2))))
        params = {"q": query, "limit": 20, "sort": rng.choice(("relevance", "newest"))}
        started = time.perf_counter()
        try:
            response = await client.get("/search", params=params)
        except httpx.HTTPError as error:
            results.append(f"{type(error).__name__}")
            continue
        if response.status_code == 200:
            results.append(time.perf_counter() - started)
        else:
            title = response.json().get("title", "") if response.content else ""
            results.append(f"HTTP {response.status_code} {title}".strip())


async def _load(base: str, connections: int, seconds: float) -> list[float | str]:
    results: list[float | str] = []
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    timeout = httpx.Timeout(30.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        deadline = time.perf_counter() + seconds
        readers = [_reader(client, deadline, random.Random(n), results) for n in range(connections)]
        await asyncio.gather(*readers)
    return results


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def run(seconds: float, connections: int, articles: int, seed_articles: int) -> bool:
    workdir = Path(tempfile.mkdtemp(prefix="newsstore-load-"))
    database_url = f"sqlite:///{workdir / 'load.db'}"
    upgrade(database_url)
    write_corpus(workdir / "seed", seed_articles, seed=7)
    ingest(get_engine(database_url), read_inputs([workdir / "seed"]))
    write_corpus(workdir / "incoming", articles, seed=8)
    env = {**os.environ, "NEWSSTORE_DATABASE_URL": database_url}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server_log = workdir / "server.log"
    server = subprocess.Popen(
        [NEWSSTORE, "serve", "--port", str(port)],
        env=env,
        stdout=server_log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(base, server)
        writer = subprocess.Popen(
            [NEWSSTORE, "ingest", str(workdir / "incoming")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        ingest_started = time.perf_counter()
        results = asyncio.run(_load(base, connections, seconds))
        stored_at_end_of_load = count_articles(get_engine(database_url))
        writer.wait()
        ingest_seconds = time.perf_counter() - ingest_started
    finally:
        server.terminate()
        server.wait()
    latencies = sorted(r for r in results if isinstance(r, float)) or [float("nan")]
    errors = [r for r in results if isinstance(r, str)]
    stored = count_articles(get_engine(database_url))
    print(
        f"{'seconds':>8} {'conns':>6} {'requests':>9} {'errors':>7} {'req/s':>7} "
        f"{'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'max ms':>7}"
    )
    print(
        f"{seconds:8.0f} {connections:6d} {len(results):9d} {len(errors):7d} "
        f"{len(results) / seconds:7.1f} {statistics.median(latencies) * 1000:7.1f} "
        f"{_percentile(latencies, 0.90):7.1f} {_percentile(latencies, 0.99):7.1f} "
        f"{latencies[-1] * 1000:7.1f}"
    )
    print(
        f"ingest of {articles} articles: exit {writer.returncode} after {ingest_seconds:.1f} s; "
        f"{stored_at_end_of_load - seed_articles} stored when the load ended, "
        f"{stored - seed_articles} in the end (store started with {seed_articles})"
    )
    if errors:
        print("errors:", Counter(errors).most_common(), "; server log:", server_log)
    return not errors and writer.returncode == 0 and stored == seed_articles + articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed-articles", type=int, default=2_000)
    args = parser.parse_args()
    ok = run(args.seconds, args.connections, args.articles, args.seed_articles)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
