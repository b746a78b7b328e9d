"""Run a parsed query on PostgreSQL: the counterpart of the FTS5 path in engine.py.

Matching uses the generated `article.search_vector` (see the postgres_fts migration: words cut
as SQLite's unicode61 cuts them, no stemming, accents folded), so a query finds the same
articles on both backends; only the scores differ. Ranking is ts_rank_cd with the title (weight
A) counted ten times the body (weight D), as bm25 weighs them on SQLite. Snippets come from
ts_headline, evaluated only for the rows of the page.
"""

from __future__ import annotations

from sqlalchemy import (
    ColumnElement,
    Float,
    and_,
    cast,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlmodel import Session, col

from app.models import Article, Outlet
from app.search.engine import (
    BODY_WEIGHT,
    SNIPPET_TOKENS,
    TITLE_WEIGHT,
    Hit,
    RankPosition,
    SearchSort,
)
from app.search.query import And
from app.store import ArticleFilters, ListPosition, date_order, keyset_after

CONFIG = "newsstore_fold"
_vector = literal_column("article.search_vector")
# ts_rank_cd weights, in the order of labels D, C, B, A.
_WEIGHTS = f"{{{BODY_WEIGHT / TITLE_WEIGHT}, 0, 0, 1}}"
_HEADLINE = (
    f"StartSel=<mark>, StopSel=</mark>, MaxWords={SNIPPET_TOKENS}, "
    f"MinWords={SNIPPET_TOKENS // 2}, ShortWord=0, MaxFragments=1, FragmentDelimiter=…"
)


def compile_tsquery(tree: And, config: str = CONFIG) -> tuple[str, tuple[str, ...]]:
    """A tsquery SQL fragment (psycopg `%s` placeholders) and its parameters.

    Stand-in until app.search.postgres_fts lands with the full query language; it has the same
    signature and result shape, so replacing this function is the whole swap.
    """
    fragment = " && ".join("plainto_tsquery(%s::regconfig, %s)" for _ in tree.items)
    params = tuple(value for term in tree.items for value in (config, term.text))
    return fragment, params


def _query(tree: And, name: str):  # type: ignore[no-untyped-def]
    """The compiled query as a one-row subquery `name(q)`, computed once per statement."""
    fragment, params = compile_tsquery(tree, CONFIG)
    names = [f"{name}_{index}" for index in range(len(params))]
    pieces = fragment.split("%s")
    sql = pieces[0] + "".join(f"(:{n}){piece}" for n, piece in zip(names, pieces[1:], strict=True))
    statement = text(f"SELECT {sql} AS q").bindparams(**dict(zip(names, params, strict=True)))
    return statement.columns(q=TSQUERY).subquery(name)


def _rank_after(rank: ColumnElement[float], position: RankPosition) -> ColumnElement[bool]:
    """Keyset for (rank descending, pk ascending); the cursor holds the negated rank."""
    pk = col(Article.pk)
    return or_(-rank > position.rank, and_(-rank == position.rank, pk > position.pk))


def search(
    session: Session,
    tree: And,
    filters: ArticleFilters,
    sort: SearchSort,
    limit: int,
    after: RankPosition | ListPosition | None = None,
) -> tuple[list[Hit], int]:
    """One page of hits (score: higher is better) and the number of all matches.

    The page is chosen first (keys and ranks only), then its rows are read and their snippets
    made: ts_headline re-reads a whole body, too slow to run for every match.
    """
    query = _query(tree, "query")
    match = _vector.op("@@")(query.c.q)
    where = filters.clauses()
    rank = cast(func.ts_rank_cd(literal_column(f"'{_WEIGHTS}'"), _vector, query.c.q), Float)
    total = session.execute(
        select(func.count()).select_from(query).join(Article, match).where(*where)
    ).scalar_one()
    page = select(col(Article.pk), rank.label("rank")).select_from(query).join(Article, match)
    page = page.where(*where)
    if sort == "relevance":
        if isinstance(after, RankPosition):
            page = page.where(_rank_after(rank, after))
        page = page.order_by(rank.desc(), col(Article.pk))
    else:
        if isinstance(after, ListPosition):
            page = page.where(keyset_after(after, sort))
        page = page.order_by(*date_order(sort))
    chosen = page.limit(limit).subquery("page")
    again = _query(tree, "highlight")
    # Title and body, as FTS5's snippet() picks from either column.
    text_of = func.concat_ws("\n\n", col(Article.title), col(Article.body))
    snippet = func.ts_headline(
        literal_column(f"'{CONFIG}'::regconfig"), text_of, again.c.q, _HEADLINE
    )
    statement = (
        select(Article, Outlet, chosen.c.rank, snippet)
        .select_from(chosen)
        .join(Article, col(Article.pk) == chosen.c.pk)
        .join(Outlet, col(Article.outlet_id) == col(Outlet.id), isouter=True)
        .join(again, true())
    )
    if sort == "relevance":
        statement = statement.order_by(chosen.c.rank.desc(), col(Article.pk))
    else:
        statement = statement.order_by(*date_order(sort))
    rows = session.execute(statement).all()
    return [Hit(article, outlet, rank, snip) for article, outlet, rank, snip in rows], total
