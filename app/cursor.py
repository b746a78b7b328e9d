"""Opaque keyset cursors: base64url JSON naming the last row seen and the query it belongs to."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from app.errors import BadCursor


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
