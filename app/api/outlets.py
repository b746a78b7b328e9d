"""GET /outlets."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from app.api.caching import cache_validators
from app.api.deps import SessionDep
from app.schemas import OutletList, OutletOut
from app.store import list_outlets

router = APIRouter(tags=["outlets"])


@router.get(
    "/outlets",
    response_model=OutletList,
    summary="List outlets",
    dependencies=[Depends(cache_validators)],
)
def list_outlets_route(session: SessionDep) -> OutletList:
    """Every outlet with its article count and the dates of its oldest and newest article;
    use an outlet's `slug` in the `outlet` filter of /articles and /search."""
    items = [OutletOut.of(stats) for stats in list_outlets(session)]
    return OutletList(items=items, total=len(items))
