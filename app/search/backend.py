"""What the search engine asks of a database backend, for one parsed query.

engine.py builds every search statement (filters, keysets, date order, walks) the same way on
each backend; only matching, ranking and snippets differ: FTS5 on SQLite (sqlite_search.py), a
tsvector and tsquery on PostgreSQL (postgres_search.py).
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select
from sqlmodel import Session

# The title counts this many times a body match, on both backends.
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0


class Matcher(Protocol):
    """One query compiled for one backend."""

    @property
    def rank(self) -> ColumnElement[float]:
        """The relevance of a row of `select`: lower sorts first, as bm25 does on SQLite."""
        ...

    @property
    def snippet(self) -> ColumnElement[str] | None:
        """The marked fragment of a row of `select`, when the backend makes it cheaply inside
        the same statement; None when snippets come from `page_snippets` instead."""
        ...

    def select(self, *columns: Any) -> Select[Any]:
        """SELECT `columns` FROM the index joined to `article`, WHERE the query matches."""
        ...

    def page_snippets(self, session: Session, pks: list[int]) -> dict[int, str]:
        """The marked fragments of the rows `pks` (a page, never every match)."""
        ...
