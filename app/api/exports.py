"""GET /articles/export and GET /search/export: any listing or search as NDJSON, CSV or an Atom
feed, streamed from one database cursor a chunk at a time, so memory stays flat however many
articles go out. Exports have no time budget (they are long by nature) and no page size."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine
from sqlmodel import Session

from app.api.caching import Validators, ValidatorsDep
from app.api.deps import FiltersDep, SettingsDep, get_engine_dep
from app.api.export_formats import (
    MEDIA_TYPES,
    ExportFormat,
    atom_lines,
    csv_lines,
    in_chunks,
    ndjson_lines,
)
from app.schemas import ArticleSummary, Problem
from app.search.service import QUERY_LANGUAGE_DOC, SearchSort, parse_query, stream, to_text
from app.store import stream_articles

router = APIRouter(tags=["exports"])
ATOM_DEFAULT_ENTRIES = 100

EngineDep = Annotated[Engine, Depends(get_engine_dep)]
FormatQuery = Annotated[
    ExportFormat,
    Query(
        alias="format",
        description="ndjson (one article per line, with body), csv (one row per article, "
        "with body) or atom (a feed to subscribe to).",
    ),
]
ExportLimit = Annotated[
    int | None,
    Query(
        ge=1,
        description=f"At most this many articles; default all (the Atom feed: the first "
        f"{ATOM_DEFAULT_ENTRIES}).",
    ),
]
Records = Callable[[Session], Iterator[dict[str, Any]]]


@router.get(
    "/articles/export",
    summary="Export articles",
    response_class=StreamingResponse,
    responses={
        200: {"content": {t: {} for t in MEDIA_TYPES.values()}},
        400: {"model": Problem},
        422: {"model": Problem},
    },
)
def export_articles(
    request: Request,
    engine: EngineDep,
    validators: ValidatorsDep,
    filters: FiltersDep,
    export_format: FormatQuery = "ndjson",
    sort: Annotated[Literal["newest", "oldest"], Query(description="Order of the rows.")] = (
        "newest"
    ),
    limit: ExportLimit = None,
) -> StreamingResponse:
    """Every article the same filters select on /articles, streamed; bodies included.
    Example: `/articles/export?outlet=rubryka&format=csv`."""

    def records(session: Session) -> Iterator[dict[str, Any]]:
        for article, outlet in stream_articles(session, filters, sort):
            yield _record(ArticleSummary.of(article, outlet), body=article.body)

    return _stream(request, engine, validators, records, export_format, limit, "articles")


@router.get(
    "/search/export",
    summary="Export search results",
    response_class=StreamingResponse,
    description="Every hit of a search, streamed, in the order asked for; bodies, scores and "
    "snippet text included. Subscribe a feed reader to "
    "`/search/export?q=...&format=atom&sort=newest`.\n" + QUERY_LANGUAGE_DOC,
    responses={
        200: {"content": {t: {} for t in MEDIA_TYPES.values()}},
        400: {"model": Problem},
        422: {"model": Problem},
    },
)
def export_search(
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    validators: ValidatorsDep,
    filters: FiltersDep,
    q: Annotated[
        str, Query(min_length=1, description="Search query, as on /search.", examples=["Pyongyang"])
    ],
    export_format: FormatQuery = "ndjson",
    sort: Annotated[
        SearchSort | None,
        Query(description="relevance, newest or oldest; default relevance (Atom: newest)."),
    ] = None,
    limit: ExportLimit = None,
) -> StreamingResponse:
    tree = parse_query(q, settings)
    order: SearchSort = sort or ("newest" if export_format == "atom" else "relevance")

    def records(session: Session) -> Iterator[dict[str, Any]]:
        for hit in stream(session, settings, tree, filters, order):
            summary = ArticleSummary.of(hit.article, hit.outlet)
            yield _record(
                summary, body=hit.article.body, score=hit.score, snippet_text=hit.snippet.text
            )

    return _stream(
        request, engine, validators, records, export_format, limit, f"search: {to_text(tree)}"
    )


def _record(summary: ArticleSummary, **extra: Any) -> dict[str, Any]:
    return summary.model_dump(mode="json") | extra


def _stream(
    request: Request,
    engine: Engine,
    validators: Validators,
    records: Records,
    export_format: ExportFormat,
    limit: int | None,
    title: str,
) -> StreamingResponse:
    if limit is None and export_format == "atom":
        limit = ATOM_DEFAULT_ENTRIES

    def rows() -> Iterator[dict[str, Any]]:
        with Session(engine) as session, closing(records(session)) as stream:
            for count, record in enumerate(stream, start=1):
                yield record
                if limit is not None and count >= limit:
                    return

    if export_format == "ndjson":
        body: Iterator[Any] = ndjson_lines(rows())
    elif export_format == "csv":
        body = csv_lines(rows())
    else:
        body = atom_lines(
            rows(),
            title=f"newsstore {title}",
            self_url=str(request.url),
            updated=validators.last_modified,
        )
    headers = dict(validators.headers)
    if export_format != "atom":
        headers["Content-Disposition"] = f'attachment; filename="newsstore.{export_format}"'
    return StreamingResponse(
        in_chunks(body), media_type=MEDIA_TYPES[export_format], headers=headers
    )
