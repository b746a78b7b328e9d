"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy.exc import SQLAlchemyError

from app.api.errors import problem
from app.db import schema_is_current
from app.schemas import Health, Problem

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Liveness")
def healthz() -> Health:
    """The process answers; says nothing about the database."""
    return Health(status="ok")


@router.get(
    "/readyz", response_model=Health, summary="Readiness", responses={503: {"model": Problem}}
)
def readyz(request: Request):  # type: ignore[no-untyped-def]
    """The database answers and its schema is at the newest migration."""
    try:
        current = schema_is_current(request.app.state.engine)
    except SQLAlchemyError as error:
        return problem(503, "Database unavailable", str(error).splitlines()[0])
    if not current:
        return problem(503, "Schema out of date", "run `newsstore db upgrade`")
    return Health(status="ready")
