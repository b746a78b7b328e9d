"""The `facets` and `interval` parameters, shared by /articles and /search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy import ColumnElement, func
from sqlmodel import Session, col, select

from app.errors import NewsstoreError
from app.models import Article
from app.schemas import DateBucketOut, FacetsOut, FacetValueOut
from app.search.facets import (
    FACET_NAMES,
    FacetName,
    Interval,
    date_histogram,
    language_counts,
    outlet_counts,
)


@dataclass(frozen=True)
class FacetRequest:
    names: tuple[FacetName, ...]
    interval: Interval


def facet_request(
    facets: Annotated[
        str | None,
        Query(
            description="Comma-separated facets to count in the same call: outlet, language, "
            "date. Each count equals the `total` of the query filtered by that value.",
            examples=["outlet,language,date"],
        ),
    ] = None,
    interval: Annotated[
        Interval, Query(description="Bucket size of the `date` facet: day, week or month.")
    ] = "month",
) -> FacetRequest:
    names = [name.strip() for name in (facets or "").split(",") if name.strip()]
    unknown = [name for name in names if name not in FACET_NAMES]
    if unknown:
        raise NewsstoreError(
            f"unknown facet {unknown[0]!r}; choose from {', '.join(FACET_NAMES)}",
            expected=list(FACET_NAMES),
        )
    chosen = tuple(name for name in FACET_NAMES if name in names)
    return FacetRequest(names=chosen, interval=interval)


FacetsDep = Annotated[FacetRequest, Depends(facet_request)]


def facets_for(
    session: Session, request: FacetRequest, where: list[ColumnElement[bool]]
) -> FacetsOut | None:
    """Run the facets asked for over the rows `where` selects; None when none were asked."""
    if not request.names:
        return None
    out = FacetsOut()
    if "outlet" in request.names:
        out.outlet = [FacetValueOut.model_validate(v) for v in outlet_counts(session, where)]
    if "language" in request.names:
        out.language = [FacetValueOut.model_validate(v) for v in language_counts(session, where)]
    if "date" in request.names:
        buckets = date_histogram(session, where, request.interval)
        out.date = [DateBucketOut.model_validate(bucket) for bucket in buckets]
        out.interval = request.interval
        out.undated = _undated(session, where)
    return out


def _undated(session: Session, where: list[ColumnElement[bool]]) -> int:
    """Rows `where` selects that have no publication date: no date bucket counts them."""
    query = select(func.count()).select_from(Article).where(*where)
    return session.exec(query.where(col(Article.published_at).is_(None))).one()
