"""Prometheus metrics: what GET /metrics exposes, and the hooks other modules observe.

The request metrics are kept by app.observe (one middleware for metrics and the request log).
The others are hooks for the modules that know the figures:

* `SEARCH_ENGINE_SECONDS`: the search code observes the time its engine took for one query
  (`with SEARCH_ENGINE_SECONDS.labels(engine="sqlite").time(): ...`).
* `SEARCH_INDEX_LAG`: a separate search index sets how many store changes it has not applied
  yet (`SEARCH_INDEX_LAG.set(n)`, or `set_index_lag_source(callable)` to compute it at scrape).
* `INGESTED`: articles written over HTTP (POST /articles, POST /articles:bulk) by outcome
  (`INGESTED.labels(outcome="added").inc()`); a `newsstore ingest` run is a process of its own
  and reports its counts itself.

Store size (articles, bytes on disk) is read at scrape time from the app's own engine.
Metrics live in the process: with several workers each process answers its own figures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy import Connection, Engine, func, select, text

from app.models import Article

__all__ = [
    "CONTENT_TYPE_LATEST",
    "INGESTED",
    "REQUESTS",
    "REQUEST_SECONDS",
    "SEARCH_ENGINE_SECONDS",
    "SEARCH_INDEX_LAG",
    "scrape",
    "set_index_lag_source",
]

# Latency buckets from 1 ms to 10 s: searches answer in milliseconds, exports take seconds.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

REQUESTS = Counter(
    "newsstore_http_requests",
    "HTTP requests answered, by route template, method and status code.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "newsstore_http_request_duration_seconds",
    "Time from receiving a request to the end of its answer, by route template and method.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
)
SEARCH_ENGINE_SECONDS = Histogram(
    "newsstore_search_engine_seconds",
    "Time the search engine took for one query (ranking, counting, snippets).",
    ["engine"],
    buckets=LATENCY_BUCKETS,
)
SEARCH_INDEX_LAG = Gauge(
    "newsstore_search_index_lag",
    "Store changes a separate search index has not applied yet (0 when it is caught up).",
)
INGESTED = Counter(
    "newsstore_ingested_articles",
    "Articles written over HTTP by this process, by outcome: added, updated, unchanged, "
    "duplicate, failed.",
    ["outcome"],
)
STORE_ARTICLES = Gauge("newsstore_store_articles", "Articles in the store.")
STORE_BYTES = Gauge(
    "newsstore_store_bytes", "Size of the store on disk (SQLite file and WAL; PostgreSQL database)."
)

_index_lag_source: Callable[[], float] | None = None


def set_index_lag_source(source: Callable[[], float] | None) -> None:
    """Have every scrape set SEARCH_INDEX_LAG from `source()` (the index knows its lag)."""
    global _index_lag_source
    _index_lag_source = source


def scrape(engine: Engine) -> bytes:
    """The text exposition of every metric, store figures read now."""
    with engine.connect() as connection:
        STORE_ARTICLES.set(
            connection.execute(select(func.count()).select_from(Article)).scalar_one()
        )
        STORE_BYTES.set(_store_bytes(connection))
    if _index_lag_source is not None:
        SEARCH_INDEX_LAG.set(_index_lag_source())
    return generate_latest(REGISTRY)


def _store_bytes(connection: Connection) -> int:
    if connection.dialect.name == "postgresql":
        return int(
            connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        )
    database = connection.engine.url.database
    if not database or database == ":memory:":
        return 0
    files = (Path(database), Path(f"{database}-wal"))
    return sum(path.stat().st_size for path in files if path.exists())
