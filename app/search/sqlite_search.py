"""SQLite's search backend: the FTS5 external-content table `articles_fts` of the first revision,
ranked by bm25 and marked by FTS5's snippet(), both computed inside the matching statement."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, literal_column, select, table
from sqlmodel import Session, col

from app.models import Article
from app.search.backend import BODY_WEIGHT, TITLE_WEIGHT
from app.search.snippets import (
    CLOSE,
    ELLIPSIS,
    OPEN,
    SNIPPET_TOKENS,
    needs_own_snippets,
    own_snippets,
)
from app.search.sqlite_fts import compile_match
from app.search.tree import Node

_fts_table = table("articles_fts")
_fts = literal_column("articles_fts")
_fts_rowid = literal_column("articles_fts.rowid")


class Fts5Matcher:
    def __init__(self, tree: Node) -> None:
        self.tree = tree
        self.match = compile_match(tree)
        self._own_snippets = needs_own_snippets(tree)

    @property
    def rank(self) -> ColumnElement[float]:
        # Columns title, body, title_cjk, body_cjk: the pairs count as the text they come from.
        return func.bm25(_fts, TITLE_WEIGHT, BODY_WEIGHT, TITLE_WEIGHT, BODY_WEIGHT)

    @property
    def snippet(self) -> ColumnElement[str] | None:
        if self._own_snippets:
            return None
        # The best column: title or body, as only CJK words match in the side columns.
        return func.snippet(_fts, -1, OPEN, CLOSE, ELLIPSIS, SNIPPET_TOKENS)

    def select(self, *columns: Any) -> Select[Any]:
        return (
            select(*columns)
            .select_from(_fts_table)
            .join(Article, col(Article.pk) == _fts_rowid)
            .where(_fts.op("MATCH")(self.match))
        )

    def page_snippets(self, session: Session, pks: list[int]) -> dict[int, str]:
        return own_snippets(session, pks, self.tree)
