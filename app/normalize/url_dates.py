"""The publication day a URL states: /2022/10/04/, /2022-10-04/, /20221004/ or ud=20240624050171.

Many sites put the day of publication in the article's path or in a query parameter; it is a
day, never a time, so it comes back as midnight UTC. Digits that do not make a valid date between
1995 and `now` are ignored (ids and phone numbers look like dates often enough).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import parse_qsl, unquote, urlsplit

_SEPARATED = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[/_-])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d)"
)
_COMPACT = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)")
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)  # news on the web starts here; older is history


def _valid(y: str, m: str, d: str, now: datetime) -> datetime | None:
    try:
        day = datetime(int(y), int(m), int(d), tzinfo=UTC)
    except ValueError:
        return None
    return day if EARLIEST <= day <= now else None


def date_from_url(url: str | None, *, now: datetime) -> datetime | None:
    """The first valid date in the URL's path, then in its query parameters' values."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    places = [unquote(parts.path)] + [value for _, value in parse_qsl(parts.query)]
    for place in places:
        for match in _SEPARATED.finditer(place):
            if found := _valid(match["y"], match["m"], match["d"], now):
                return found
        for match in _COMPACT.finditer(place):
            if found := _valid(match["y"], match["m"], match["d"], now):
                return found
    return None
