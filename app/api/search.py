"""GET /search: full-text search with the same filters as /articles, snippets and scores."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import CursorQuery, FiltersDep, LimitQuery, SessionDep, SettingsDep
from app.api.paging import date_cursor_values, date_position, link_next
from app.cursor import decode_cursor, encode_cursor, fingerprint
from app.errors import BadCursor, BadQuery
from app.schemas import Problem, SearchHit, SearchPage
from app.search.engine import Hit, RankPosition, SearchSort, search
from app.search.query import QUERY_LANGUAGE_DOC, QuerySyntaxError, parse
from app.search.tree import to_text
from app.store import ListPosition

router = APIRouter(tags=["search"])


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Search articles",
    responses={400: {"model": Problem}, 422: {"model": Problem}},
)
def search_route(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    filters: FiltersDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            description="Search query in the query language below.\n\n" + QUERY_LANGUAGE_DOC,
            examples=['Pyongyang "Security Council" -sanctions', "title:kherson OR zaporizh*"],
        ),
    ],
    sort: Annotated[
        SearchSort, Query(description="relevance (best first), newest or oldest.")
    ] = "relevance",
    limit: LimitQuery = None,
    cursor: CursorQuery = None,
) -> SearchPage:
    """Full-text search over titles (weighted x10) and bodies, with a highlighted snippet per
    hit. Filters are those of /articles. Example: `/search?q=Pyongyang&from=2024-01-01`.
    A malformed query answers 400 with the position and what was expected."""
    if len(q) > settings.max_query_length:
        raise BadQuery(
            f"the query is {len(q)} characters long; the limit is {settings.max_query_length}"
        )
    try:
        tree = parse(q)
    except QuerySyntaxError as error:
        raise BadQuery(error.message, position=error.position, expected=error.expected) from error
    if tree is None:  # only punctuation: nothing to search for, so nothing is found
        return SearchPage(items=[], next=None, total=0, query="")
    key = fingerprint("search", to_text(tree), sort, filters)
    after = _position(sort, decode_cursor(cursor, key)) if cursor else None
    size = limit or settings.default_page_size
    hits, total = search(session, tree, filters, sort, size + 1, after)
    next_cursor = None
    if len(hits) > size:
        hits = hits[:size]
        next_cursor = encode_cursor(key, _cursor_values(sort, hits[-1]))
    link_next(request, response, next_cursor)
    items = [
        SearchHit.of(hit.article, hit.outlet, snippet=hit.snippet, score=hit.score) for hit in hits
    ]
    return SearchPage(items=items, next=next_cursor, total=total, query=to_text(tree))


def _cursor_values(sort: SearchSort, hit: Hit) -> list[object]:
    if sort == "relevance":
        return [-hit.score, hit.article.pk]
    return date_cursor_values(hit.article)


def _position(sort: SearchSort, values: list[object]) -> RankPosition | ListPosition:
    try:
        if sort != "relevance":
            return date_position(values)
        rank, pk = values
        return RankPosition(rank=float(rank), pk=int(pk))  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise BadCursor("the cursor is damaged; start again without it") from error
