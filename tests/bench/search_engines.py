"""The limit /search is measured against: the engine it searches with, queried in process for
the same first page (the best 20 and the total), without HTTP, JSON, rows or snippets.

ENGINE follows NEWSSTORE_SEARCH_ENGINE as the server does. `index` is the derived search index
(app.search.index), built by `newsstore index rebuild` when it does not hold every article
(missing, or emptied by a change of its format); `database` is the store's own full-text index
(SQLite FTS5 here), measured with the very statement Datasette serves.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.bench.search_classes import RANKED_FTS5, QueryClass, fts5_params

ENGINE = os.environ.get("NEWSSTORE_SEARCH_ENGINE", "index")
Run = Callable[[QueryClass, str], object]


def raw_engine(url: str) -> tuple[str, Run]:
    """A label for the table and a function running one query of a class."""
    if ENGINE == "index":
        return _index(url)
    return _fts5(url)


def _fts5(url: str) -> tuple[str, Run]:
    connection = sqlite3.connect(make_url(url).database or "", check_same_thread=False)

    def run(query_class: QueryClass, query: str) -> object:
        return connection.execute(RANKED_FTS5, fts5_params(query_class, query)).fetchall()

    return "FTS5 in process", run


def _index(url: str) -> tuple[str, Run]:
    from app.config import index_path
    from app.search.index_query import IndexFilters, compile_query
    from app.search.indexer import open_index
    from app.search.query import parse

    path = index_path(url, os.environ.get("NEWSSTORE_SEARCH_INDEX_PATH"))
    index = open_index(path)  # empty when missing or of an older format
    with sqlite3.connect(make_url(url).database or "") as connection:
        outlet_ids = dict(connection.execute("SELECT slug, id FROM outlet"))
        articles = connection.execute("SELECT count(*) FROM article").fetchone()[0]
    if index.searcher().num_docs != articles:
        newsstore = Path(sys.executable).with_name("newsstore")
        env = {**os.environ, "NEWSSTORE_DATABASE_URL": url}
        subprocess.run([str(newsstore), "index", "rebuild"], env=env, check=True)
        index.refresh()

    def run(query_class: QueryClass, query: str) -> object:
        start, end = query_class.bounds()
        outlets = (outlet_ids[query_class.outlet],) if query_class.outlet else None
        filters = IndexFilters(outlet_ids=outlets, published_from=start, published_to=end)
        compiled = compile_query(parse(query), filters)
        if query_class.sort == "relevance":
            return index.top(compiled, 20)
        return index.by_date(compiled, query_class.sort, 20)

    return "tantivy in process", run


def entry_point(url: str) -> Run:
    """app.search's entry point in process, a session per call as per request: the engine plus
    the store's rows and the snippets, without the web layer."""
    from sqlmodel import Session

    from app.config import Settings
    from app.db import get_engine
    from app.search.service import SearchRequest, search
    from app.store import ArticleFilters

    settings = Settings(database_url=url, search_engine=ENGINE)  # type: ignore[arg-type]
    engine = get_engine(url)

    def run(query_class: QueryClass, query: str) -> object:
        start, end = query_class.bounds()
        outlets = (query_class.outlet,) if query_class.outlet else ()
        filters = ArticleFilters(outlets=outlets, published_from=start, published_to=end)
        with Session(engine) as session:
            return search(session, settings, SearchRequest(query, filters, query_class.sort, 20))

    return run
