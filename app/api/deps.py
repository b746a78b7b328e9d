"""Dependencies shared by the routers, declared once as typed aliases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from sqlalchemy import Engine
from sqlmodel import Session

from app.api.filter_values import check_language, check_outlets, parse_moment
from app.config import Settings
from app.domain_errors import NewsstoreError
from app.store import ArticleFilters

# Dependencies that do not block are coroutines: FastAPI runs a plain function dependency in the
# thread pool, a hop that costs more than most of them do.


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_engine_dep(request: Request) -> Engine:
    return request.app.state.engine


async def get_session(
    engine: Annotated[Engine, Depends(get_engine_dep)],
) -> AsyncIterator[Session]:
    """A session opens no connection until its first statement (in the route's thread);
    closing it hands the connection back to the pool."""
    with Session(engine) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_session)]


def _bound(value: date | datetime | None, end_of_day: bool) -> datetime | None:
    """Dates are whole days: `to=2024-01-01` includes all of that day. Naive times are UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.max if end_of_day else time.min)
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError as error:  # e.g. 9999-12-31T23:59-05:00 is past year 9999 in UTC
        raise NewsstoreError(f"{value.isoformat()} is out of the supported range") from error


def article_filters(
    session: SessionDep,
    outlet: Annotated[
        list[str] | None,
        Query(
            description="Outlet slug (as GET /outlets lists them); repeat to match any of "
            "several. A slug no outlet has answers 422 naming the likely one.",
            examples=["republic-world"],
        ),
    ] = None,
    from_: Annotated[
        str | None,
        Query(
            alias="from",
            description="Published on or after this date (2022-10-01) or ISO 8601 datetime "
            "(2022-10-04T09:30:00Z; UTC if no zone).",
            examples=["2022-10-01"],
        ),
    ] = None,
    to: Annotated[
        str | None,
        Query(
            description="Published on or before this date (the whole day) or datetime.",
            examples=["2022-10-31"],
        ),
    ] = None,
    lang: Annotated[
        str | None,
        Query(
            description="ISO 639-1 language code (case ignored); one that is no such code "
            "answers 422 naming the stored languages.",
            max_length=8,
            examples=["en"],
        ),
    ] = None,
    story: Annotated[str | None, Query(description="Story id: articles about one event.")] = None,
) -> ArticleFilters:
    start = _bound(parse_moment("from", from_), end_of_day=False)
    end = _bound(parse_moment("to", to), end_of_day=True)
    if start and end and start > end:
        raise NewsstoreError("`from` is after `to`: the date range is empty")
    if outlet:
        check_outlets(session, outlet)
    return ArticleFilters(
        outlets=tuple(outlet or ()),
        published_from=start,
        published_to=end,
        language=check_language(session, lang) if lang else None,
        story=story,
    )


FiltersDep = Annotated[ArticleFilters, Depends(article_filters)]
LimitQuery = Annotated[
    int | None, Query(ge=1, le=100, description="Items per page, 1..100 (default 20).")
]
CursorQuery = Annotated[
    str | None,
    Query(max_length=2000, description="Opaque cursor from a previous page's `next`."),
]
CollapseQuery = Annotated[
    Literal["story"] | None,
    Query(
        description="story: one article per story (the first this order reaches), with "
        "`story_count`, how many of its articles match; `total` then counts stories.",
        examples=["story"],
    ),
]
DateSort = Literal["newest", "oldest"]
