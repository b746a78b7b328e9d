"""Settings, read once from the environment (prefix NEWSSTORE_) or a .env file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url


@dataclass(frozen=True)
class PoolOptions:
    """Connection pool of a server database (PostgreSQL); SQLite ignores it."""

    size: int = 5
    max_overflow: int = 10
    timeout: float = 30.0
    recycle: int = 1800


SECRET_SETTINGS = frozenset({"api_key_hashes", "read_key_hashes"})  # masked by `newsstore config`


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSSTORE_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///./data/newsstore.db",
        description="SQLAlchemy URL of the store: sqlite:///path or postgresql+psycopg://...",
    )
    host: str = Field("127.0.0.1", description="Interface `newsstore serve` binds to.")
    port: int = Field(8000, description="Port `newsstore serve` listens on.")
    migrate_on_start: bool = Field(
        True, description="Upgrade the schema to the newest revision when the server starts."
    )
    default_page_size: int = Field(20, ge=1, le=100, description="`limit` when none is given.")
    max_query_length: int = Field(
        1000, ge=1, description="Longest accepted search query, in characters."
    )
    # 1000, not 200: a bulk load's commits, and the FTS5 segments each one adds and merges, cost
    # 8% of its CPU at 200; the write lock is still held well under a second.
    ingest_batch_size: int = Field(1000, ge=1, description="Articles written per transaction.")
    query_timeout_ms: int = Field(
        2000, ge=0, description="Time budget of one search or listing query; 0 disables it."
    )
    cache_max_age: int = Field(
        60, ge=0, description="Seconds clients and proxies may reuse a GET answer (Cache-Control)."
    )
    walk_max_hits: int = Field(
        10_000, ge=1, description="Relevance hits whose order a cursor walk pins at its first page."
    )
    walk_ttl_seconds: int = Field(
        3600, ge=60, description="How long a pinned relevance walk stays valid for its cursors."
    )
    search_engine: Literal["index", "database"] = Field(
        "index",
        description="What answers /search: `index`, the derived tantivy index (top-k pruning); "
        "`database`, the store's own full-text index (FTS5 or tsvector).",
    )
    search_index_path: str | None = Field(
        None,
        description="Folder of the search index; default: `<file>.index` beside a SQLite store, "
        "else `data/<database>.index`. One per node: each API node keeps its own.",
    )
    index_sync_seconds: float = Field(
        2.0,
        ge=0,
        description="How often a running ingest brings the search index up to date (seconds; "
        "0: after every batch). Searches also catch up by themselves.",
    )
    workers: int = Field(1, ge=1, description="Processes `newsstore serve` starts.")
    db_pool_size: int = Field(
        5, ge=1, description="Connections each process keeps open to PostgreSQL."
    )
    db_max_overflow: int = Field(
        10, ge=0, description="Extra connections a process may open under load, closed after."
    )
    db_pool_timeout: float = Field(
        30.0, gt=0, description="Seconds a request waits for a free connection before failing."
    )
    db_pool_recycle: int = Field(
        1800, ge=-1, description="Seconds after which a connection is replaced (-1: never)."
    )

    api_key_hashes: str = Field(
        "", description="Comma-separated SHA-256 hex digests of the keys allowed to write."
    )
    read_key_hashes: str = Field(
        "", description="When set, reads need a key too: these digests or a write key's."
    )
    max_body_bytes: int = Field(
        10 * 1024 * 1024, ge=1, description="Largest request body (bulk aside), in bytes."
    )
    max_bulk_bytes: int = Field(
        1024 * 1024 * 1024, ge=1, description="Largest POST /articles:bulk body, in bytes."
    )
    max_article_bytes: int = Field(
        5 * 1024 * 1024, ge=1, description="Largest article (text or html; a bulk line), in bytes."
    )
    write_rate_limit: float = Field(
        120, ge=0, description="Write requests per minute per client IP (0: no limit)."
    )
    read_rate_limit: float = Field(
        0, ge=0, description="Read requests per minute per client IP (0: no limit)."
    )
    cors_origins: str = Field(
        "", description="Comma-separated origins allowed by CORS; empty: CORS off."
    )
    stories: bool = Field(
        True, description="Group articles into stories at ingest (off: story_id stays empty)."
    )
    story_threshold: float = Field(
        0.15, ge=0, le=1, description="Least cosine similarity for an article to join a story."
    )
    story_cohesion: float = Field(
        0.52,
        ge=0,
        le=1,
        description="Share of a story's own mean similarity a newcomer must reach as well.",
    )
    story_window_days: int = Field(
        365, ge=0, description="Days around a story's dates within which a dated article may join."
    )
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        description="Comma-separated proxy addresses (or *) whose X-Forwarded-For names the "
        "client: rate limits and logs then see the real client, not the proxy.",
    )

    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info",
        description="Level of the JSON log on stderr: info logs one line per request (probes "
        "and /metrics scrapes only at debug).",
    )

    @property
    def index_path(self) -> Path:
        return index_path(self.database_url, self.search_index_path)

    @property
    def pool_options(self) -> PoolOptions:
        return PoolOptions(
            self.db_pool_size, self.db_max_overflow, self.db_pool_timeout, self.db_pool_recycle
        )

    @property
    def write_keys(self) -> frozenset[str]:
        return _digests(self.api_key_hashes)

    @property
    def read_keys(self) -> frozenset[str]:
        return _digests(self.read_key_hashes)


def index_path(database_url: str, configured: str | None) -> Path:
    """Where the search index of a store lives: the configured folder, else `<file>.index`
    beside a SQLite file, else `data/<database>.index`."""
    if configured:
        return Path(configured)
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database + ".index")
    return Path("data") / f"{url.database or 'newsstore'}.index"


def _digests(value: str) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in value.split(",") if part.strip())


@lru_cache
def get_settings() -> Settings:
    return Settings()
