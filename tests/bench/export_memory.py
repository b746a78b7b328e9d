"""Exports stream with flat memory: 100,000 generated articles exported as NDJSON, CSV and Atom
through the whole ASGI stack (body chunks counted and dropped, as a socket would), first 10,000
then all 100,000. Each export runs in a fresh process so its peak RSS is its own.

    python -m tests.bench.export_memory [--articles 100000] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path
from time import perf_counter

from app.config import Settings
from app.db import get_engine, upgrade

EXPORTS = [
    ("/articles/export", "format=ndjson"),
    ("/articles/export", "format=csv"),
    ("/articles/export", "format=atom"),
    ("/search/export", "q=harbour&format=ndjson"),
]


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


async def drain(app, path: str, query: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Call the app like a server would and drop each body chunk once counted."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"bench")],
        "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
        "root_path": "",
    }
    sent, status = 0, 0
    requested, finished = False, asyncio.Event()

    async def receive() -> dict:
        """The request body once; then, like a server, wait until the response is done."""
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        nonlocal sent, status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            sent += len(message.get("body", b""))

    await app(scope, receive, send)
    finished.set()
    return status, sent


def measure(database_url: str, path: str, query: str) -> dict:
    """Runs in the child process: one export, its time, bytes, Python peak and RSS peak."""
    from app.main import create_app

    app = create_app(Settings(database_url=database_url, migrate_on_start=False))
    baseline = rss_mib()
    tracemalloc.start()
    started = perf_counter()
    status, sent = asyncio.run(drain(app, path, query))
    seconds = perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    assert status == 200, status
    return {
        "seconds": seconds,
        "mib_out": sent / 2**20,
        "py_peak_mib": peak / 2**20,
        "rss_peak_mib": rss_mib(),
        "rss_growth_mib": rss_mib() - baseline,
    }


def build(database_url: str, articles: int) -> None:
    from tests.utils.corpus import add_articles

    upgrade(database_url)
    engine = get_engine(database_url)
    with engine.connect() as connection:
        have = connection.exec_driver_sql("SELECT count(*) FROM article").scalar_one()
    if have < articles:
        started = perf_counter()
        add_articles(engine, articles - have, first=have, seed=11, body_words=120)
        print(f"generated {articles - have} articles in {perf_counter() - started:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=None, help="reuse this SQLite file")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return
    db = args.db or Path(tempfile.mkdtemp()) / "export-bench.db"
    database_url = f"sqlite:///{db}"
    build(database_url, args.articles)
    sizes = [args.articles // 10, args.articles]
    print(
        f"\n{'export':<44} {'rows':>7} {'MiB out':>8} {'s':>6} "
        f"{'py peak MiB':>11} {'RSS peak MiB':>12} {'RSS growth':>10}"
    )
    for path, query in EXPORTS:
        for rows in sizes:
            full = f"{query}&limit={rows}"
            child = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tests.bench.export_memory",
                    "--child",
                    database_url,
                    path,
                    full,
                ],
                check=True,
                capture_output=True,
                text=True,
            )
            m = json.loads(child.stdout.strip().splitlines()[-1])
            print(
                f"{path + '?' + query:<44} {rows:>7} {m['mib_out']:>8.1f} {m['seconds']:>6.1f} "
                f"{m['py_peak_mib']:>11.2f} {m['rss_peak_mib']:>12.1f} "
                f"{m['rss_growth_mib']:>10.1f}"
            )


if __name__ == "__main__":
    main()
