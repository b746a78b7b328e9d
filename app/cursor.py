"""Opaque keyset cursors: base64url JSON naming the last row seen and the query it belongs to."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import Any

from app.domain_errors import BadCursor
from app.models import Article
from app.store import ListPosition


def fingerprint(*parts: Any) -> str:
    """A short digest of what defines a result list, so a cursor cannot cross queries."""
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:12]


def encode_cursor(query_fingerprint: str, position: list[Any]) -> str:
    payload = json.dumps({"q": query_fingerprint, "at": position}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, query_fingerprint: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        position = payload["at"]
        belongs_to = payload["q"]
    except (ValueError, KeyError, TypeError, UnicodeEncodeError) as error:
        raise BadCursor("the cursor is not one this API issued; start again without it") from error
    if belongs_to != query_fingerprint or not isinstance(position, list):
        raise BadCursor("the cursor belongs to a different query, sort or filter set")
    return position


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
