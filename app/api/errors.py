"""One set of handlers turns domain errors (app.domain_errors) and framework errors into
problem+json responses."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.domain_errors import NewsstoreError

PROBLEM_JSON = "application/problem+json"


def problem(status: int, title: str, detail: str | None = None, **extra: Any) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


async def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, NewsstoreError)
    response = problem(error.status_code, error.title, error.detail, **error.extra)
    response.headers.update(error.headers)
    return response


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed", 413: "Content too large"}
    title = titles.get(error.status_code, "Error")
    response = problem(error.status_code, title, str(error.detail))
    response.headers.update(error.headers or {})
    return response


async def _validation_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in error.errors()]
    detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
    return problem(422, "Invalid request", detail, errors=errors)


async def _store_unavailable(_request: Request, error: Exception) -> JSONResponse:
    """The database could not serve the request now (SQLite's write lock held past the busy
    timeout, a PostgreSQL server gone or restarting): the request may succeed if retried."""
    assert isinstance(error, OperationalError)
    busy = "locked" in str(error.orig)
    detail = (
        "the store is busy with another write; retry shortly"
        if busy
        else "the database is unavailable; retry shortly"
    )
    response = problem(503, "Store unavailable", detail)
    response.headers["Retry-After"] = "1" if busy else "5"
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NewsstoreError, _domain_error)
    app.add_exception_handler(OperationalError, _store_unavailable)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
