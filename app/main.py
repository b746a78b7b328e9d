"""create_app(): routers, error handlers and the lifespan that opens (and upgrades) the store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi_offline import FastAPIOffline
from starlette.middleware.cors import CORSMiddleware

from app import __version__
from app.api import articles, exports, health, metrics, outlets, search, stories, writes
from app.api.caching import install_conditional_get
from app.api.errors import install_error_handlers
from app.auth import require_read_key
from app.config import Settings, get_settings
from app.db import get_engine, upgrade
from app.ingest import warm_up
from app.logs import configure_logging
from app.memory import frozen_heap
from app.metrics import set_index_lag_source
from app.middleware import BodyLimit, NoNulCharacters, RateLimit, SecurityHeaders
from app.observe import ObserveRequests
from app.openapi import document_problems, plain_query_types
from app.search.service import index_lag
from app.web import ASSETS_PATH, PAGE_PATH, install_page

DESCRIPTION = """
Search and read normalized news articles.

* **/articles**: list with filters (`outlet`, `from`, `to`, `lang`), `sort=newest|oldest`,
  cursor paging (`limit`, `cursor`; the next page is in `next` and the `Link` header).
* **/search?q=...**: full-text search with the same filters, a snippet and a score per hit;
  `collapse=story` gives one hit per story (on /articles too).
* **/articles/{id}**: one whole article; **/articles/{id}/related**: its story's other articles;
  **/outlets**: outlets with counts and date ranges.
* **/stories**, **/stories/{id}**: articles grouped by event across outlets.
* **/articles/export**, **/search/export**: every row as NDJSON, CSV or an Atom feed.
* **POST /articles**, **POST /articles:bulk** (NDJSON), **DELETE /articles/{id}**: writes, with
  an API key (`Authorization: Bearer <key>`).

Scores are on a 0..1 scale, higher is better: `raw / (1 + raw)` of the engine's relevance
(BM25 in the search index), rounded to 4 decimals; a word found in most articles scores about 0.
An `outlet` that is not a known slug, or a `lang` that is not an ISO 639-1 code, answers 422
naming the values that exist. Every answer carries an `X-Request-ID` (yours, echoed, or a new
one). The search page is at [/](/); Prometheus metrics at [/metrics](/metrics).

Errors answer `application/problem+json` with the reason in `detail`.
"""

GZIP_MIN_BYTES = 1024  # smaller bodies are not worth compressing
DOCS_URL, REDOC_URL = "/docs", "/redoc"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            upgrade(settings.database_url)
        warm_up()
        with frozen_heap():  # what startup loaded lives as long as the server
            yield

    app = FastAPIOffline(
        title="newsstore",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=DOCS_URL,
        redoc_url=REDOC_URL,
    )
    app.state.settings = settings
    app.state.engine = get_engine(settings.database_url, settings.pool_options)
    install_error_handlers(app)
    app.include_router(writes.router)
    for module in (exports, stories, articles, search, outlets):
        app.include_router(module.router, dependencies=[Depends(require_read_key)])
    app.include_router(health.router)
    app.include_router(metrics.router)
    set_index_lag_source(lambda: index_lag(settings))
    install_page(app)
    install_conditional_get(app)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)
    _add_middleware(app, settings)
    document_problems(app, open_reads=not settings.read_keys)
    plain_query_types(app)
    return app


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """Innermost first: the body limit sits closest to the routes, security headers next to
    outermost so that every answer (413, 429, CORS preflight) carries them, and the request
    observer outermost, so its log line and metrics see every answer's final status."""
    app.add_middleware(NoNulCharacters)
    app.add_middleware(
        BodyLimit,
        default=settings.max_body_bytes,
        per_path={writes.BULK_PATH: settings.max_bulk_bytes},
    )
    app.add_middleware(
        RateLimit,
        writes_per_minute=settings.write_rate_limit,
        reads_per_minute=settings.read_rate_limit,
    )
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["Link", "Location", "Retry-After"],
        )
    docs = frozenset({DOCS_URL, REDOC_URL, app.swagger_ui_oauth2_redirect_url or DOCS_URL})
    app.add_middleware(
        SecurityHeaders,
        docs_paths=docs,
        page_paths=frozenset({PAGE_PATH}),
        page_prefix=f"{ASSETS_PATH}/",
    )
    app.add_middleware(ObserveRequests, routes=app.router.routes)
