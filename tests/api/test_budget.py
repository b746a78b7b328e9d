"""A query over its time budget is stopped and answered 503 with Retry-After; it never hangs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from time import perf_counter

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.budget import QueryTimeout, query_budget
from app.config import Settings
from app.db import get_engine, upgrade
from app.main import create_app
from app.search.indexer import open_index, sync
from tests.utils.corpus import add_articles

SLOW_SEARCH = {"q": "harbour", "facets": "outlet,language,date", "interval": "day"}


@pytest.fixture(scope="module")
def corpus(module_database_url: str) -> tuple[Settings, Engine]:
    settings = Settings(database_url=module_database_url)
    upgrade(settings.database_url)
    engine = get_engine(settings.database_url)
    add_articles(engine, 5000, seed=9)
    sync(engine, open_index(settings.index_path))  # as an ingest would: searches find it current
    return settings, engine


def client_with_budget(corpus: tuple[Settings, Engine], milliseconds: int) -> TestClient:
    settings = corpus[0].model_copy(update={"query_timeout_ms": milliseconds})
    return TestClient(create_app(settings))


@pytest.fixture
def tight(corpus: tuple[Settings, Engine]) -> Iterator[TestClient]:
    with client_with_budget(corpus, 1) as client:
        yield client


@pytest.mark.parametrize(
    ("path", "params"),
    [("/search", SLOW_SEARCH), ("/articles", {"facets": "outlet,language,date"})],
)
def test_over_budget_answers_503_problem_with_retry_after(
    tight: TestClient, path: str, params: dict
) -> None:
    tight.get("/outlets")  # a new app's first request opens connections: not the query's time
    started = perf_counter()
    response = tight.get(path, params=params)
    assert perf_counter() - started < 2, "stopped near its budget, not run to the end"
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) >= 1
    assert response.json()["budget_ms"] == 1


def test_the_same_query_answers_within_a_normal_budget(corpus: tuple[Settings, Engine]) -> None:
    with client_with_budget(corpus, 5000) as client:
        body = client.get("/search", params=SLOW_SEARCH).json()
    assert body["total"] == 5000 and body["facets"]["date"]


def test_a_connection_is_unbudgeted_again_after_a_timeout(corpus: tuple[Settings, Engine]) -> None:
    slow = text("SELECT count(*) FROM article a, article b WHERE a.word_count < b.word_count")
    medium = text(
        "SELECT count(*) FROM article a, article b "
        "WHERE a.pk < 400 AND b.pk < 400 AND a.word_count < b.word_count"
    )
    with Session(corpus[1]) as session:
        with pytest.raises(QueryTimeout), query_budget(session, 1):
            session.execute(slow).scalar_one()
        # Well over 1 ms: a handler left behind would stop it.
        assert session.execute(medium).scalar_one() > 0
        with query_budget(session, 0):  # 0 disables the budget
            assert session.execute(medium).scalar_one() > 0


def test_a_connection_given_back_inside_a_budget_leaves_it_behind(tmp_path: Path) -> None:
    # SQLite's progress handler (PostgreSQL's SET LOCAL ends with its transaction). A pinned
    # walk commits midway: its connection goes back to the pool, where another request's
    # thread may take it. The budget must not follow it there (a handler set or cleared from
    # the first thread could deadlock against the second one's query).
    url = f"sqlite:///{tmp_path / 'budget.db'}"
    upgrade(url)
    engine = get_engine(url)
    add_articles(engine, 400, seed=4)
    medium = text(
        "SELECT count(*) FROM article a, article b, article c "
        "WHERE a.pk < 100 AND b.pk < 100 AND c.pk < 100 AND a.word_count < b.word_count"
    )
    with Session(engine) as session, query_budget(session, 1):
        session.execute(text("SELECT 1")).scalar_one()
        session.commit()  # the connection is back in the pool, budget and all unless cleared
        with engine.connect() as other:  # another request's turn; no budget of its own
            assert other.execute(medium).scalar_one() > 0
