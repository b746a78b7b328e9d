"""Cursor pages: the `next` cursor in the body and the same link in a `Link` header."""

from __future__ import annotations

from fastapi import Request, Response


def link_next(request: Request, response: Response, next_cursor: str | None) -> None:
    if next_cursor:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'
