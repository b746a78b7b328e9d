"""The `facets` and `interval` parameters, shared by /articles and /search."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from sqlalchemy import ColumnElement
from sqlmodel import Session

from app.domain_errors import NewsstoreError
from app.schemas import DateBucketOut, FacetsOut, FacetValueOut
from app.search.service import FACET_NAMES, FacetRequest, Facets, Interval, compute_facets


async def facet_request(
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
    return facets_out(compute_facets(session, request, where))


def facets_out(facets: Facets | None) -> FacetsOut | None:
    if facets is None:
        return None
    out = FacetsOut()
    if facets.outlet is not None:
        out.outlet = [FacetValueOut.model_validate(v) for v in facets.outlet]
    if facets.language is not None:
        out.language = [FacetValueOut.model_validate(v) for v in facets.language]
    if facets.date is not None:
        out.date = [DateBucketOut.model_validate(bucket) for bucket in facets.date]
        out.interval = facets.interval
        out.undated = facets.undated
    return out
