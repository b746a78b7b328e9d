"""Settings, read once from the environment (prefix NEWSSTORE_) or a .env file."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    ingest_batch_size: int = Field(200, ge=1, description="Articles written per transaction.")
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

    @property
    def write_keys(self) -> frozenset[str]:
        return _digests(self.api_key_hashes)

    @property
    def read_keys(self) -> frozenset[str]:
        return _digests(self.read_key_hashes)


def _digests(value: str) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in value.split(",") if part.strip())


@lru_cache
def get_settings() -> Settings:
    return Settings()
