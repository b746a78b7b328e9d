"""Acceptance 4: ranked top-20 search on SQLite and PostgreSQL side by side, 1 and 2 workers.

    NEWSSTORE_TEST_POSTGRES_URL=postgresql+psycopg://... python -m tests.bench.search_backends

Uses the stores of tests.bench.copy (data/bench/news-N.db and database newsstore_bench_N),
building them when missing. Each worker is a thread with its own session running every query
of the list REPEAT times, in process (no HTTP); both drivers release the GIL while the database
works, so two workers query in parallel. Latencies: median and 95th percentile per query, with
the total and the snippet of each hit, as /search computes them for a first page.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session

from app.copy import copy_store
from app.db import get_engine
from app.search.engine import count_matches, ranked_hits
from app.search.query import parse
from app.store import ArticleFilters
from tests.bench.stores import count_articles, postgres_database, sqlite_store
from tests.utils.corpus import vocabulary

WORDS = vocabulary(1)  # the words of the generated store, by rank (0 is the most frequent)
QUERIES = [
    # in nearly every article: every match is scored
    "said",
    "government minister",
    # named topics, in most articles
    "missile",
    "summit ceasefire",
    # in a few percent down to a few per ten thousand articles
    WORDS[30],
    WORDS[100],
    f"{WORDS[30]} {WORDS[100]}",
    WORDS[300],
    WORDS[1000],
    f"{WORDS[1000]} said",
    WORDS[3000],
    WORDS[10000],
    # accents, Cyrillic, punctuation (one article in a few hundred)
    "zurich",
    "cafe",
    "kherson",
    "pol-358",
]
REPEAT = 3


def run_queries(url: str) -> list[float]:
    latencies = []
    with Session(get_engine(url)) as session:
        for _ in range(REPEAT):
            for query in QUERIES:
                started = time.perf_counter()
                tree = parse(query)
                assert tree is not None
                count_matches(session, tree, ArticleFilters())
                ranked_hits(session, tree, ArticleFilters(), 20)
                latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def measure(url: str, workers: int) -> tuple[float, float, float]:
    """Median and p95 latency (ms) and queries per second with `workers` at once."""
    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(run_queries, [url] * workers))
    elapsed = time.perf_counter() - started
    latencies = sorted(value for result in results for value in result)
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    return statistics.median(latencies), p95, len(latencies) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args()
    sqlite_url = sqlite_store(args.articles)
    postgres_url = postgres_database(f"newsstore_bench_{args.articles}")
    if count_articles(postgres_url) != args.articles:
        postgres_database(f"newsstore_bench_{args.articles}", fresh=True)
        copy_store(sqlite_url, postgres_url, batch_size=2000)
    backends = {"SQLite FTS5": sqlite_url, "PostgreSQL GIN": postgres_url}
    for url in backends.values():
        run_queries(url)  # warm the caches once
    rows = {
        (name, workers): measure(url, workers)
        for workers in (1, 2)
        for name, url in backends.items()
    }
    print(
        f"ranked top 20 with snippets, {args.articles:,} articles of ~400 words, "
        f"{len(QUERIES)} queries x {REPEAT}, per worker\n"
    )
    names = list(backends)
    header = " | ".join(f"{name} median / p95 ms | {name} q/s" for name in names)
    print(f"| workers | {header} |")
    print("|---" * (1 + 2 * len(names)) + "|")
    for workers in (1, 2):
        cells = " | ".join(
            "{:.1f} / {:.1f} | {:.1f}".format(*rows[(name, workers)]) for name in names
        )
        print(f"| {workers} | {cells} |")


if __name__ == "__main__":
    main()
