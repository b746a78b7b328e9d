"""PostgreSQL's search backend: the generated `article.search_vector` of the postgres_fts
revision matched by the tsquery app.search.postgres_fts compiles.

The vector holds words cut as SQLite's unicode61 cuts them, accent-folded and Porter-stemmed, and
the CJK character pairs (see the revisions), so a query finds the same articles on both backends;
only the scores differ. Ranking is ts_rank_cd with the title (weights A and B) counted
TITLE_WEIGHT times the body (D and C), negated so that lower sorts first as with bm25. Snippets
come from ts_headline, which re-reads a whole article: the engine asks for them for the rows of a
page only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    Subquery,
    and_,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY
from sqlmodel import Session, col

from app.models import Article
from app.search.backend import BODY_WEIGHT, TITLE_WEIGHT
from app.search.postgres_fts import compile_tsquery
from app.search.snippets import (
    CLOSE,
    ELLIPSIS,
    OPEN,
    SNIPPET_TOKENS,
    needs_own_snippets,
    own_snippets,
)
from app.search.tree import Node

# The text search configuration of the cjk_and_stemming revision (Porter after unaccent).
CONFIG = "newsstore_stem"
_vector = literal_column("article.search_vector")
# ts_rank_cd weights, in the order of labels D (body), C (body's CJK pairs), B (title's), A (title).
_BODY = BODY_WEIGHT / TITLE_WEIGHT
_WEIGHTS = literal_column(f"'{{{_BODY}, {_BODY}, 1, 1}}'::float4[]")
_HEADLINE = (
    f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords={SNIPPET_TOKENS}, '
    f'MinWords={SNIPPET_TOKENS // 2}, ShortWord=0, MaxFragments=1, FragmentDelimiter="{ELLIPSIS}"'
)


class TsqueryMatcher:
    def __init__(self, tree: Node) -> None:
        self.tree = tree
        self.query = _tsquery(tree)
        self._own_snippets = needs_own_snippets(tree)

    @property
    def rank(self) -> ColumnElement[float]:
        return -cast(func.ts_rank_cd(_WEIGHTS, _vector, self.query.c.q), Float)

    @property
    def snippet(self) -> None:
        return None

    def select(self, *columns: Any) -> Select[Any]:
        # A query of exclusions only (querytree 'T') would match nearly every row: it matches none.
        return (
            select(*columns)
            .select_from(self.query)
            .join(Article, and_(_vector.op("@@")(self.query.c.q), _matches_something(self.query)))
        )

    def page_snippets(self, session: Session, pks: list[int]) -> dict[int, str]:
        if self._own_snippets:
            return own_snippets(session, pks, self.tree)
        if not pks:
            return {}
        # Title and body, as FTS5's snippet() picks from either column.
        document = func.concat_ws("\n\n", col(Article.title), col(Article.body))
        headline = func.ts_headline(
            cast(literal(CONFIG), REGCONFIG), document, self.query.c.q, _HEADLINE
        )
        rows = session.execute(
            select(col(Article.pk), headline)
            .select_from(self.query)
            .join(Article, true())
            .where(col(Article.pk).in_(pks))
        ).all()
        return {pk: fragment for pk, fragment in rows}


def _tsquery(tree: Node) -> Subquery:
    """The compiled query as a one-row subquery `query(q)`, computed once per statement."""
    fragment, params = compile_tsquery(tree, CONFIG)
    names = [f"tsquery_{index}" for index in range(len(params))]
    pieces = fragment.split("%s")
    sql = pieces[0] + "".join(f"(:{n}){piece}" for n, piece in zip(names, pieces[1:], strict=True))
    statement = text(f"SELECT {sql} AS q").bindparams(**dict(zip(names, params, strict=True)))
    return statement.columns(q=TSQUERY).subquery("query")


def _matches_something(query: Subquery) -> ColumnElement[bool]:
    return func.querytree(query.c.q) != "T"
