"""The limit /search is measured against: the engine it searches with, queried in process for
the same first page (top 20 best first, or newest first), without HTTP, JSON or row fetching.

ENGINE follows NEWSSTORE_SEARCH_ENGINE as the server does: `database` is the store's own
full-text index (SQLite FTS5 here), measured with the very statement Datasette serves.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

from sqlalchemy.engine import make_url

from tests.bench.search_classes import RANKED_FTS5, QueryClass, fts5_params

ENGINE = os.environ.get("NEWSSTORE_SEARCH_ENGINE", "database")
Run = Callable[[QueryClass, str], object]


def raw_engine(url: str) -> tuple[str, Run]:
    """A label for the table and a function running one query of a class."""
    return _fts5(url)


def _fts5(url: str) -> tuple[str, Run]:
    connection = sqlite3.connect(make_url(url).database or "", check_same_thread=False)

    def run(query_class: QueryClass, query: str) -> object:
        return connection.execute(RANKED_FTS5, fts5_params(query_class, query)).fetchall()

    return "FTS5 in process", run
