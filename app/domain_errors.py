"""Domain errors. Each carries the HTTP status it maps to, as plain data: app.api.errors turns
them into problem+json, so nothing below the web layer imports it."""

from __future__ import annotations

from typing import Any


class NewsstoreError(Exception):
    """Base error: a message for humans and the status it maps to."""

    status_code = 400
    title = "Bad request"
    headers: dict[str, str] = {}  # noqa: RUF012 - read-only per class

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra
        self.headers = dict(type(self).headers)  # a copy: an instance may add its own


class NotFound(NewsstoreError):
    status_code = 404
    title = "Not found"


class BadCursor(NewsstoreError):
    title = "Invalid cursor"


class BadQuery(NewsstoreError):
    title = "Invalid search query"


class Unauthorized(NewsstoreError):
    status_code = 401
    title = "Unauthorized"
    headers = {"WWW-Authenticate": "Bearer"}  # noqa: RUF012


class Forbidden(NewsstoreError):
    status_code = 403
    title = "Forbidden"


class TooLarge(NewsstoreError):
    status_code = 413
    title = "Content too large"


class Unprocessable(NewsstoreError):
    status_code = 422
    title = "Unprocessable content"
