"""Checks of the `outlet`, `lang`, `from` and `to` filter values, with answers that help.

An `outlet` that is no stored slug, or a `lang` that is no ISO 639-1 code, answers 422 naming
the values that exist (rather than 200 with nothing): a typo, or an outlet's name where its
slug belongs (`outlet=Rubryka`), would otherwise look exactly like a true "no article", and
exports and Atom feeds have nowhere to carry a warning. A real language code the store has no
article in yet answers 200 with no items: that is the true answer.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime
from functools import cache

from babel import Locale
from fastapi.exceptions import RequestValidationError
from sqlmodel import Session, col, select

from app.domain_errors import Unprocessable
from app.models import Article, Outlet

MAX_SUGGESTIONS = 5
MAX_LISTED = 20  # known values named in a 422; /outlets lists them all


@cache
def iso_639_1() -> dict[str, str]:
    """Two-letter language codes with their English names (CLDR, through Babel)."""
    return {code: name for code, name in Locale("en").languages.items() if len(code) == 2}


def check_outlets(session: Session, slugs: list[str]) -> None:
    """422 for the first slug no outlet has, naming the likely one and the known slugs."""
    known = session.exec(select(Outlet.slug, Outlet.name).where(col(Outlet.slug).in_(slugs))).all()
    unknown = [slug for slug in slugs if slug not in {row[0] for row in known}]
    if not unknown:
        return
    outlets = {slug: name for slug, name in session.exec(select(Outlet.slug, Outlet.name))}
    given = unknown[0]
    suggestions = _closest(given, outlets)
    hint = f"; did you mean {', '.join(map(repr, suggestions))}?" if suggestions else "."
    listed = suggestions or sorted(outlets)[:MAX_LISTED]
    raise Unprocessable(
        f"no outlet has the slug {given!r}{hint} `outlet` takes a slug: GET /outlets lists "
        f"all {len(outlets)}",
        parameter="outlet",
        expected=listed,
    )


def _closest(given: str, outlets: dict[str, str]) -> list[str]:
    """Slugs whose slug or name matches `given` ignoring case, else the closest spellings."""
    folded = given.strip().casefold()
    exact = [s for s, name in outlets.items() if folded in (s.casefold(), name.casefold())]
    if exact:
        return exact
    by_key = {s.casefold(): s for s in outlets} | {n.casefold(): s for s, n in outlets.items()}
    close = difflib.get_close_matches(folded, by_key, n=MAX_SUGGESTIONS, cutoff=0.6)
    return list(dict.fromkeys(by_key[key] for key in close))


def check_language(session: Session, code: str) -> str:
    """The code, lower-cased; 422 naming the stored languages when it is no ISO 639-1 code
    (codes an input declared, e.g. an HTML page's lang attribute, count as known too)."""
    code = code.strip().lower()
    if code in iso_639_1():
        return code
    stored = sorted(
        value for value in session.exec(select(Article.language).distinct()) if value is not None
    )
    if code in stored:
        return code
    names = ", ".join(f"{c} ({iso_639_1().get(c, c)})" for c in stored) or "none yet"
    raise Unprocessable(
        f"{code!r} is not an ISO 639-1 language code; the stored articles are in: {names}",
        parameter="lang",
        expected=stored,
    )


def parse_moment(name: str, value: str | None) -> date | datetime | None:
    """A date (2022-10-01) or an ISO 8601 datetime; anything else is one 422 naming the
    parameter (a `date | datetime` union would report each branch: the same error twice)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    except ValueError:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": f"{text!r} is not a date (2022-10-01) or an ISO 8601 datetime "
                    "(2022-10-04T09:30:00Z)",
                    "type": "date_or_datetime",
                }
            ]
        ) from None
