"""create_app(): routers, error handlers and the lifespan that opens (and upgrades) the store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi_offline import FastAPIOffline

from app import __version__
from app.api import articles, exports, health, outlets, search
from app.api.caching import install_conditional_get
from app.config import Settings, get_settings
from app.db import get_engine, upgrade
from app.errors import install_error_handlers

DESCRIPTION = """
Search and read normalized news articles.

* **/articles**: list with filters (`outlet`, `from`, `to`, `lang`), `sort=newest|oldest`,
  cursor paging (`limit`, `cursor`; the next page is in `next` and the `Link` header).
* **/search?q=...**: full-text search with the same filters, a snippet and a score per hit.
* **/articles/{id}**: one whole article; **/outlets**: outlets with counts and date ranges.

Errors answer `application/problem+json` with the reason in `detail`.
"""

GZIP_MIN_BYTES = 1024  # smaller bodies are not worth compressing


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            upgrade(settings.database_url)
        yield

    app = FastAPIOffline(
        title="newsstore",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings.database_url, settings.pool_options)
    install_error_handlers(app)
    install_conditional_get(app)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)
    for module in (exports, articles, search, outlets, health):
        app.include_router(module.router)
    return app
