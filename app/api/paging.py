"""Cursor pages: the `next` cursor in the body and the same link in a `Link` header."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request, Response

from app.errors import BadCursor
from app.models import Article
from app.store import ListPosition


def link_next(request: Request, response: Response, next_cursor: str | None) -> None:
    if next_cursor:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'


def date_cursor_values(article: Article, up_to_pk: int) -> list[object]:
    published = article.published_at
    return [published.isoformat() if published else None, article.pk, up_to_pk]


def date_position(values: list[object]) -> tuple[ListPosition, int]:
    """The keyset a date-ordered cursor carries and the newest row key of its walk (rows added
    later stay out, so totals hold still); anything else is a damaged cursor."""
    try:
        published, pk, up_to_pk = values
        moment = datetime.fromisoformat(published) if published is not None else None  # type: ignore[arg-type]
        return ListPosition(published_at=moment, pk=int(pk)), int(up_to_pk)  # type: ignore[call-overload]
    except (TypeError, ValueError) as error:
        raise BadCursor("the cursor is damaged; start again without it") from error
