"""POST /articles, POST /articles:bulk (NDJSON), DELETE /articles/{id}: writes, with an API key."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.types import Receive, Scope, Send

from app.api.deps import SettingsDep, get_engine_dep
from app.auth import require_write_key
from app.db import write_session
from app.domain_errors import NotFound, TooLarge, Unprocessable
from app.ingest import RecordResult, ingest_records
from app.metrics import INGESTED
from app.middleware import BodyTooLarge
from app.schemas import ArticleIn, BulkLineResult, Problem, WriteResult
from app.store import delete_article

BULK_PATH = "/articles:bulk"
HTTP_SOURCE = "http"
NDJSON = "application/x-ndjson"

_refusals: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No API key, or not a valid one."},
    403: {"model": Problem, "description": "Writes are disabled: no API key is configured."},
    413: {"model": Problem, "description": "The body or the article is over its size limit."},
    429: {"model": Problem, "description": "Rate limit reached; see Retry-After."},
}
router = APIRouter(tags=["articles"], dependencies=[Depends(require_write_key)])
EngineDep = Annotated[Engine, Depends(get_engine_dep)]


@router.post(
    "/articles",
    status_code=201,
    response_model=WriteResult,
    summary="Store one article",
    responses={
        200: {
            "model": WriteResult,
            "description": "Already stored: the existing article's id.",
            "content": {
                "application/json": {"example": {"id": "3f9a61c0d2b4e857", "status": "unchanged"}}
            },
        },
        201: {
            "description": "Stored; `Location` names the new article.",
            "content": {
                "application/json": {"example": {"id": "3f9a61c0d2b4e857", "status": "added"}}
            },
        },
        400: {"model": Problem, "description": "The body is not UTF-8 JSON."},
        422: {"model": Problem, "description": "Invalid fields, or no article text found."},
        **_refusals,
    },
)
def create_article_route(
    article: ArticleIn, response: Response, engine: EngineDep, settings: SettingsDep
) -> WriteResult:
    """Normalize one raw article (`text` or `html`) exactly as the file ingest does and store it.

    201 with `Location` when new; 200 with the stored id when it is already there (same id) or a
    duplicate (the same body under another URL). The example body stores a short article.
    """
    content = article.text or article.html or ""
    if len(content.encode("utf-8", "surrogatepass")) > settings.max_article_bytes:
        raise TooLarge(f"the article is over the limit of {settings.max_article_bytes} bytes")
    record = article.model_dump(mode="json", exclude_none=True)
    (result,) = ingest_records(engine, [(HTTP_SOURCE, record)])
    INGESTED.labels(outcome=result.status or "failed").inc()
    if result.status is None or result.id is None:
        raise Unprocessable(result.error or "the article could not be stored")
    if result.status == "added":
        response.headers["Location"] = f"/articles/{result.id}"
    else:
        response.status_code = 200
    return WriteResult(id=result.id, status=result.status)


@router.post(
    BULK_PATH,
    response_class=StreamingResponse,
    summary="Store many articles (NDJSON)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "description": "One JSON article per line, as for POST /articles.",
            "content": {NDJSON: {"schema": {"$ref": "#/components/schemas/ArticleIn"}}},
        }
    },
    responses={
        200: {
            "description": "One result per non-empty request line, streamed as they are stored.",
            "content": {NDJSON: {"schema": {"$ref": "#/components/schemas/BulkLineResult"}}},
        },
        **_refusals,
    },
)
async def bulk_route(request: Request, engine: EngineDep, settings: SettingsDep) -> Response:
    """Newline-delimited JSON in, one result line out per article line:
    `{"line": 3, "status": "added", "id": "..."}` or `{"line": 4, "status": "error",
    "error": "..."}`. The body is read as it arrives and written in short batches, so memory
    stays bounded whatever its length; a line over the article size limit is refused alone."""
    lines = _lines(request.stream(), settings.max_article_bytes)
    results = _store_lines(lines, engine, settings.ingest_batch_size, settings.max_article_bytes)
    return _ResultStream(_ndjson(results), media_type=NDJSON)


@router.delete(
    "/articles/{article_id}",
    status_code=204,
    response_class=Response,
    summary="Delete one article",
    responses={404: {"model": Problem, "description": "No such article."}, **_refusals},
)
def delete_article_route(
    engine: EngineDep,
    article_id: Annotated[str, Path(description="Article id.", examples=["7458cb19f6c3dd04"])],
) -> Response:
    """Remove the article and its full-text index entry; a re-ingest would add it again."""
    with write_session(engine) as session:
        deleted = delete_article(session, article_id)
    if not deleted:
        raise NotFound(f"no article with id {article_id!r}")
    return Response(status_code=204)


class _ResultStream(StreamingResponse):
    """Streams without Starlette's disconnect listener: that listener reads `receive` too and
    would swallow the request body the results are made from. A gone client still ends the
    stream: sending to it fails."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.stream_response(send)


Line = tuple[int, bytes | None]  # (number, content); None when the line is over the limit


async def _lines(chunks: AsyncIterator[bytes], max_line: int) -> AsyncIterator[Line]:
    """Non-empty lines with their numbers; an over-long line is dropped as it streams by."""
    buffer, number, oversize = bytearray(), 1, False
    async for chunk in chunks:
        start = 0
        while (end := chunk.find(b"\n", start)) != -1:
            if not oversize:
                buffer += chunk[start:end]
            if oversize or len(buffer) > max_line:
                yield number, None
            elif buffer.strip():
                yield number, bytes(buffer)
            buffer.clear()
            number, start, oversize = number + 1, end + 1, False
        if not oversize:
            buffer += chunk[start:]
            if len(buffer) > max_line:
                oversize = True
                buffer.clear()
    if oversize:
        yield number, None
    elif buffer.strip():
        yield number, bytes(buffer)


async def _store_lines(
    lines: AsyncIterator[Line], engine: Engine, batch_size: int, batch_bytes: int
) -> AsyncIterator[BulkLineResult]:
    """Batches of at most `batch_size` lines or about `batch_bytes` bytes, each stored in one
    short transaction off the event loop; results come back in line order."""
    pending: list[Line] = []
    size = 0
    try:
        async for number, content in lines:
            pending.append((number, content))
            size += len(content or b"")
            if len(pending) >= batch_size or size >= batch_bytes:
                for result in await run_in_threadpool(_store_batch, engine, pending, batch_bytes):
                    yield result
                pending, size = [], 0
    except BodyTooLarge as error:
        pending.append((0, None))
        too_large = f"{error.detail}; the rest of the body was not read"
    else:
        too_large = ""
    for result in await run_in_threadpool(_store_batch, engine, pending, batch_bytes):
        yield result if result.line or not too_large else _error(0, too_large)


def _store_batch(engine: Engine, lines: list[Line], max_line: int) -> list[BulkLineResult]:
    parsed: list[tuple[int, Any]] = []
    results: dict[int, BulkLineResult] = {}
    for number, content in lines:
        if content is None:
            results[number] = _error(number, f"the line is over the limit of {max_line} bytes")
            continue
        try:
            parsed.append((number, json.loads(content)))
        except ValueError as error:
            results[number] = _error(number, f"invalid JSON: {error}")
    if parsed:
        try:
            stored = ingest_records(engine, [(f"{HTTP_SOURCE}:{n}", item) for n, item in parsed])
        except SQLAlchemyError as error:
            reason = f"not stored, try again: {str(error).splitlines()[0]}"
            stored = [RecordResult(None, error=reason)] * len(parsed)
        for (number, _), result in zip(parsed, stored, strict=True):
            results[number] = BulkLineResult(
                line=number, status=result.status or "error", id=result.id, error=result.error
            )
    for result in results.values():
        INGESTED.labels(outcome="failed" if result.status == "error" else result.status).inc()
    return [results[number] for number, _ in lines]


def _error(number: int, reason: str) -> BulkLineResult:
    return BulkLineResult(line=number, status="error", error=reason)


async def _ndjson(results: AsyncIterator[BulkLineResult]) -> AsyncIterator[bytes]:
    async for result in results:
        yield result.model_dump_json(exclude_none=True).encode() + b"\n"
