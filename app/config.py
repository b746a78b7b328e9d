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


@lru_cache
def get_settings() -> Settings:
    return Settings()
