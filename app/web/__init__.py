"""The page at `/`: a small static search page over the API, served from app/web/static.

Static on purpose: the page reads the same /search, /articles and /outlets answers any client
does, so it can never drift from the API, and the server renders nothing for it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC = Path(__file__).resolve().parent / "static"
PAGE_PATH, ASSETS_PATH = "/", "/ui"

router = APIRouter(include_in_schema=False)


@router.get(PAGE_PATH)
def page() -> FileResponse:
    """The search page; its script and style come from /ui."""
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


def install_page(app: FastAPI) -> None:
    app.include_router(router)
    app.mount(ASSETS_PATH, StaticFiles(directory=STATIC), name="ui")
