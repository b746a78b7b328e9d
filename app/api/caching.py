"""Conditional GET: every data GET carries a weak ETag and Last-Modified derived from the store
version (one row that triggers bump on any article or outlet change, so reading it costs one
primary-key lookup) and Cache-Control; a matching If-None-Match or If-Modified-Since answers
304 before any query runs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated

from fastapi import Depends, FastAPI, Request, Response
from sqlmodel import select

from app import __version__
from app.api.deps import SessionDep, SettingsDep
from app.models import StoreVersion
from app.store import as_utc


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime
    headers: dict[str, str]


class NotModified(Exception):
    """Raised by the validators dependency; answered 304 with the validators."""

    def __init__(self, headers: dict[str, str]) -> None:
        super().__init__("not modified")
        self.headers = headers


def _etag(version: int, request: Request) -> str:
    query = "&".join(sorted(request.url.query.split("&"))) if request.url.query else ""
    key = f"{__version__}|{version}|{request.url.path}?{query}"
    return 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:20] + '"'


def _fresh(request: Request, etag: str, last_modified: datetime) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since; weak comparison for GET."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and last_modified.replace(microsecond=0) <= since
    return False


def cache_validators(
    request: Request, response: Response, session: SessionDep, settings: SettingsDep
) -> Validators:
    """Router dependency: sets ETag, Last-Modified and Cache-Control on the answer, or raises
    NotModified when the client's copy is current."""
    row = session.exec(select(StoreVersion).where(StoreVersion.id == 1)).one()
    changed = as_utc(row.changed_at)
    etag = _etag(row.version, request)
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(changed, usegmt=True),
        "Cache-Control": f"public, max-age={settings.cache_max_age}",
    }
    if _fresh(request, etag, changed):
        raise NotModified(headers)
    response.headers.update(headers)
    return Validators(etag, changed, headers)


ValidatorsDep = Annotated[Validators, Depends(cache_validators)]


async def _not_modified(_request: Request, error: Exception) -> Response:
    assert isinstance(error, NotModified)
    return Response(status_code=304, headers=error.headers)


def install_conditional_get(app: FastAPI) -> None:
    app.add_exception_handler(NotModified, _not_modified)
