"""GET /metrics: Prometheus text exposition (requests, latency, search, ingest, store size)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from app.metrics import CONTENT_TYPE_LATEST, scrape

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    summary="Metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text."}},
)
async def metrics(request: Request) -> Response:
    """Prometheus metrics of this process: `newsstore_http_requests_total` by route template,
    method and status; `newsstore_http_request_duration_seconds` histograms;
    `newsstore_search_engine_seconds`, `newsstore_search_index_lag`,
    `newsstore_ingested_articles_total` by outcome; `newsstore_store_articles` and
    `newsstore_store_bytes`. Open like /healthz: it holds no article data."""
    body = await run_in_threadpool(scrape, request.app.state.engine)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
