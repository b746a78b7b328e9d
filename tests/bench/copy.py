"""Acceptance 5: `db copy` of a generated SQLite store into PostgreSQL keeps every id and count.

    NEWSSTORE_TEST_POSTGRES_URL=postgresql+psycopg://... python -m tests.bench.copy

Builds (or reuses) data/bench/news-N.db, copies it into a fresh PostgreSQL database
newsstore_bench_N (kept for tests.bench.search_backends), then compares every id and the counts,
and prints the timings.
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import text

from app.copy import copy_store
from app.db import get_engine
from tests.bench.stores import postgres_database, sqlite_store


def ids(url: str) -> set[str]:
    with get_engine(url).connect() as connection:
        return set(connection.execute(text("SELECT id FROM article")).scalars())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    args = parser.parse_args()

    started = time.perf_counter()
    source = sqlite_store(args.articles)
    generated = time.perf_counter() - started
    destination = postgres_database(f"newsstore_bench_{args.articles}", fresh=True)

    started = time.perf_counter()
    report = copy_store(source, destination, batch_size=args.batch_size)
    copied = time.perf_counter() - started
    started = time.perf_counter()
    rerun = copy_store(source, destination, batch_size=args.batch_size)
    rerun_seconds = time.perf_counter() - started

    source_ids, destination_ids = ids(source), ids(destination)
    same = source_ids == destination_ids and len(source_ids) == args.articles
    print("| step | articles | seconds | articles/s |")
    print("|---|---|---|---|")
    print(f"| generate SQLite store (or reuse) | {args.articles} | {generated:.1f} | - |")
    rate = report.articles_copied / copied
    copied_row = f"{report.articles_copied} | {copied:.1f} | {rate:,.0f}"
    print(f"| db copy SQLite -> PostgreSQL | {copied_row} |")
    print(f"| db copy again (all skipped) | {rerun.articles_skipped} | {rerun_seconds:.1f} | - |")
    print(
        f"\nsource {report.source_articles} articles, destination {report.destination_articles}; "
        f"every id present on both sides: {same}"
    )
    if not same or report.source_articles != report.destination_articles:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
