"""GET /articles and GET /articles/{id}."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from app.api.caching import cache_validators
from app.api.deps import (
    CollapseQuery,
    CursorQuery,
    DateSort,
    FiltersDep,
    LimitQuery,
    SessionDep,
    SettingsDep,
)
from app.api.facets import FacetsDep, facets_for
from app.api.paging import link_next
from app.budget import query_budget
from app.cursor import date_cursor_values, date_position, decode_cursor, encode_cursor, fingerprint
from app.domain_errors import NotFound
from app.schemas import (
    NOTHING_REMOVED,
    ArticleOut,
    ArticlePage,
    ArticleSummary,
    DuplicateOut,
    Problem,
    RemovedLineOut,
)
from app.store import get_article, list_articles, max_article_pk
from app.stories.duplicates import duplicates_of
from app.stories.queries import list_collapsed

router = APIRouter(tags=["articles"])


@router.get(
    "/articles",
    response_model=ArticlePage,
    summary="List articles",
    responses={400: {"model": Problem}, 422: {"model": Problem}, 503: {"model": Problem}},
    dependencies=[Depends(cache_validators)],
)
def list_articles_route(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    filters: FiltersDep,
    facets: FacetsDep,
    sort: Annotated[DateSort, Query(description="newest or oldest first.")] = "newest",
    limit: LimitQuery = None,
    cursor: CursorQuery = None,
    collapse: CollapseQuery = None,
) -> ArticlePage:
    """Articles without their bodies, newest first by default; undated articles come last.

    Page with `limit` and the opaque `cursor` from the previous page's `next` (also in the
    `Link` header); there is no depth cap. A walk is pinned to the articles stored at its first
    page: articles added meanwhile neither appear nor change `total`. `facets=outlet,language,date`
    adds counts. Example: `/articles?outlet=the-korea-herald&from=2024-06-01&facets=language`.
    """
    key = fingerprint("articles", sort, filters, collapse)
    size = limit or settings.default_page_size
    with query_budget(session, settings.query_timeout_ms):
        if cursor:
            after, up_to_pk = date_position(decode_cursor(cursor, key))
        else:
            after, up_to_pk = None, max_article_pk(session)
        pinned = replace(filters, up_to_pk=up_to_pk)
        if collapse == "story":
            heads, total = list_collapsed(session, pinned, sort, size + 1, after)
            rows = [(article, outlet) for article, outlet, _ in heads]
            counts = {article.pk: count for article, _, count in heads}
        else:
            rows, total = list_articles(session, pinned, sort, size + 1, after)
            counts = {}
        facet_counts = facets_for(session, facets, pinned.clauses())
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        next_cursor = encode_cursor(key, date_cursor_values(rows[-1][0], up_to_pk))
    link_next(request, response, next_cursor)
    items = [
        ArticleSummary.of(article, outlet, story_count=counts.get(article.pk))
        for article, outlet in rows
    ]
    return ArticlePage(items=items, next=next_cursor, total=total, facets=facet_counts)


@router.get(
    "/articles/{article_id}",
    response_model=ArticleOut,
    summary="Get one article",
    responses={404: {"model": Problem}},
    dependencies=[Depends(cache_validators)],
)
def get_article_route(
    session: SessionDep,
    article_id: Annotated[str, Path(description="Article id.", examples=["7458cb19f6c3dd04"])],
    removed: Annotated[
        bool, Query(description="Include the lines dropped as page chrome, with reasons.")
    ] = False,
) -> ArticleOut:
    """The whole normalized article: body, dates and their source, outlet, authors, sources.
    With `removed=true`, the lines dropped as page chrome; when there are none, `removed_note`
    says why (HTML pages are extracted without a list of what was left out)."""
    found = get_article(session, article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    article, outlet = found
    lines = [RemovedLineOut(**line) for line in article.removed] if removed else None
    note = NOTHING_REMOVED if removed and not lines else None
    copies = [
        DuplicateOut(url=copy.url, outlet=copy.outlet, first_seen=copy.first_seen)
        for copy in duplicates_of(session, article.id)
    ]
    return ArticleOut.of(
        article, outlet, body=article.body, removed=lines, removed_note=note, duplicates=copies
    )
