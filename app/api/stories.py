"""GET /stories, GET /stories/{id} and GET /articles/{id}/related."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from app.api.caching import cache_validators
from app.api.deps import CursorQuery, FiltersDep, LimitQuery, SessionDep, SettingsDep
from app.api.paging import link_next
from app.budget import query_budget
from app.cursor import decode_cursor, encode_cursor, fingerprint
from app.domain_errors import BadCursor, NotFound
from app.models import Story
from app.schemas import ArticleSummary, Problem, RelatedPage, StoryOut, StoryPage, StorySummary
from app.store import get_article
from app.stories.queries import (
    StoryPosition,
    get_story,
    list_stories,
    story_articles,
    utc_or_none,
)

router = APIRouter(tags=["stories"])

ArticlesLimit = Annotated[
    int, Query(ge=1, le=100, description="Articles to include, 1..100 (default 100).")
]


def _summary(story: Story) -> StorySummary:
    return StorySummary(
        id=story.id,
        title=story.title,
        size=story.size,
        first_published_at=utc_or_none(story.first_at),
        last_published_at=utc_or_none(story.last_at),
        outlets=list(story.outlets),
    )


def _position(values: list[object]) -> StoryPosition:
    try:
        size, last_at, story_id = values
        moment = datetime.fromisoformat(last_at) if last_at is not None else None  # type: ignore[arg-type]
        return StoryPosition(size=int(size), last_at=moment, id=str(story_id))  # type: ignore[call-overload]
    except (TypeError, ValueError) as error:
        raise BadCursor("the cursor is damaged; start again without it") from error


@router.get(
    "/stories",
    response_model=StoryPage,
    summary="List stories",
    responses={400: {"model": Problem}, 422: {"model": Problem}, 503: {"model": Problem}},
    dependencies=[Depends(cache_validators)],
)
def list_stories_route(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    filters: FiltersDep,
    sort: Annotated[
        Literal["recent", "size"],
        Query(description="recent (latest article first; undated stories last) or size."),
    ] = "recent",
    limit: LimitQuery = None,
    cursor: CursorQuery = None,
) -> StoryPage:
    """Stories (articles about one event across outlets) holding at least one article that
    matches the filters, each with its outlets, first and last date and a representative title.
    Example: `/stories?from=2022-10-01&sort=size`. Pages are keyset positions: a story that
    grows meanwhile may move."""
    key = fingerprint("stories", sort, filters)
    size = limit or settings.default_page_size
    after = _position(decode_cursor(cursor, key)) if cursor else None
    with query_budget(session, settings.query_timeout_ms):
        rows, total = list_stories(session, filters, sort, size + 1, after)
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        moment = utc_or_none(last.last_at)
        values = [last.size, moment.isoformat() if moment else None, last.id]
        next_cursor = encode_cursor(key, values)
    link_next(request, response, next_cursor)
    return StoryPage(items=[_summary(story) for story in rows], next=next_cursor, total=total)


@router.get(
    "/stories/{story_id}",
    response_model=StoryOut,
    summary="Get one story",
    responses={404: {"model": Problem}},
    dependencies=[Depends(cache_validators)],
)
def get_story_route(
    session: SessionDep,
    story_id: Annotated[
        str, Path(description="Story id.", max_length=64, examples=["e1638b10e10fc529"])
    ],
    limit: ArticlesLimit = 100,
) -> StoryOut:
    """One story and its articles, oldest first: how each outlet told the event."""
    story = get_story(session, story_id)
    if story is None:
        raise NotFound(f"no story with id {story_id!r}")
    articles = [ArticleSummary.of(a, o) for a, o in story_articles(session, story.id, limit)]
    return StoryOut(**_summary(story).model_dump(), articles=articles)


@router.get(
    "/articles/{article_id}/related",
    response_model=RelatedPage,
    summary="Articles about the same event",
    responses={404: {"model": Problem}},
    dependencies=[Depends(cache_validators)],
)
def related_route(
    session: SessionDep,
    article_id: Annotated[
        str, Path(description="Article id.", max_length=64, examples=["7458cb19f6c3dd04"])
    ],
    limit: ArticlesLimit = 100,
) -> RelatedPage:
    """The other articles of this article's story (other outlets' reports of the same event),
    oldest first; empty when it is the only one."""
    found = get_article(session, article_id)
    if found is None:
        raise NotFound(f"no article with id {article_id!r}")
    article, _ = found
    if article.story_id is None:
        return RelatedPage(story_id=None, items=[])
    rows = story_articles(session, article.story_id, limit, excluding=article.id)
    return RelatedPage(story_id=article.story_id, items=[ArticleSummary.of(a, o) for a, o in rows])
