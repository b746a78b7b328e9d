"""A cursor walk through a 1,000-hit result visits every original hit exactly once under every
sort, even when articles are ingested between pages (which shifts every BM25 score), with either
search engine: the derived index (which pins a walk at the second page) and the database's own
full-text index (which pins it at the first)."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text
from sqlmodel import Session, col

from app.config import Settings
from app.db import get_engine, upgrade
from app.main import create_app
from app.models import Article
from app.search.engine import best_pks
from app.search.index_query import IndexFilters, compile_query
from app.search.indexer import ensure_fresh, open_index
from app.search.query import parse
from app.store import ArticleFilters
from tests.utils.corpus import add_articles

HITS, OTHERS, PAGE = 1000, 1500, 100


@pytest.fixture(params=["index", "database"])
def search_engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def make_client(database_url: str, search_engine: str, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    def make(**settings: object) -> tuple[TestClient, Engine, Settings]:
        config = Settings(
            database_url=database_url,
            search_engine=search_engine,  # type: ignore[arg-type]
            search_index_path=str(tmp_path_factory.mktemp("index")),
            query_timeout_ms=30_000,  # these tests are about order, not time (see test_budget)
            **settings,  # type: ignore[arg-type]
        )
        upgrade(config.database_url)
        engine = get_engine(config.database_url)
        add_articles(engine, HITS, seed=1)
        add_articles(engine, OTHERS, first=HITS, seed=2, common=None)
        return TestClient(create_app(config)), engine, config

    return make


def walk_ids(
    client: TestClient, between_pages: Callable[[int], None], **params: object
) -> Iterator[tuple[str, int]]:
    """Yield (id, total as that page reported it), calling `between_pages(n)` after page n."""
    params = {"limit": PAGE, **params}
    for page_number in range(1, 10_000):
        body = client.get("/search", params=params).json()
        yield from ((item["id"], body["total"]) for item in body["items"])
        if not body["next"]:
            return
        between_pages(page_number)
        params["cursor"] = body["next"]


def ranking(engine: Engine, ids: set[str], config: Settings) -> list[str]:
    """The order the engine's ranking gives the original hits right now."""
    tree = parse("harbour")
    assert tree is not None
    if config.search_engine == "index":
        index = open_index(config.index_path)
        ensure_fresh(engine, index)
        scored, _ = index.top(compile_query(tree, IndexFilters()), 100_000)
        with Session(engine) as session:
            id_of = dict(session.execute(select(col(Article.pk), col(Article.id))).all())
        return [id_of[pk] for pk, _ in scored if id_of[pk] in ids]
    with Session(engine) as session:
        best = best_pks(session, tree, ArticleFilters(), limit=100_000).subquery()
        rows = session.execute(
            select(col(Article.id))
            .join(best, best.c.pk == col(Article.pk))
            .order_by(best.c.rank, best.c.pk)
        )
        return [row[0] for row in rows if row[0] in ids]


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_walk_visits_each_original_hit_once_while_articles_are_ingested(
    make_client, sort: str
) -> None:
    client, engine, config = make_client()
    with client:
        original = set(ranking(engine, set(_all_ids(engine)), config))
        assert len(original) == HITS
        before = ranking(engine, original, config)

        def ingest(page_number: int) -> None:
            # New hits and non-hits of other lengths: document frequency, row count and average
            # length all move, and new dates land before and after every position.
            first = 10_000 + 100 * page_number
            add_articles(engine, 30, first=first, seed=page_number, body_words=200)
            add_articles(engine, 60, first=first + 30, seed=page_number, common=None)

        seen = list(walk_ids(client, ingest, q="harbour", sort=sort))
    ids = [item for item, _ in seen]
    assert len(ids) == len(set(ids)), "no hit is repeated"
    assert set(ids) == original, "every original hit is visited, none added later"
    assert {total for _, total in seen} == {HITS}, "the total holds still across pages"
    if sort == "relevance":
        bm25 = config.search_engine == "index" or engine.dialect.name == "sqlite"
        if bm25:  # ts_rank_cd ignores corpus statistics
            after = ranking(engine, original, config)
            assert after != before, "ingests did reorder the ranking"
        if config.search_engine == "index":  # pinned at the second page, after one ingest
            assert ids[:PAGE] == before[:PAGE], "the first page is the best of its moment"
        else:
            assert ids == before, "the walk keeps the order of its first page"


def _all_ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT id FROM article"))]


def test_walk_beyond_the_pinned_hits_continues_without_repeats(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _, _ = make_client(walk_max_hits=250)
    with client:
        seen = [item for item, _ in walk_ids(client, lambda _: None, q="harbour")]
    assert len(seen) == len(set(seen)) == HITS


def test_expired_walk_cursor_is_refused_with_a_problem(make_client) -> None:  # type: ignore[no-untyped-def]
    client, engine, config = make_client()
    with client:
        first = client.get("/search", params={"q": "harbour", "limit": PAGE}).json()
        if config.search_engine == "index":  # the walk is pinned by the second page
            params = {"q": "harbour", "limit": PAGE, "cursor": first["next"]}
            first = client.get("/search", params=params).json()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM search_walk"))
        response = client.get(
            "/search", params={"q": "harbour", "limit": PAGE, "cursor": first["next"]}
        )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "expired" in response.json()["detail"]


def test_short_results_need_no_walk(make_client) -> None:  # type: ignore[no-untyped-def]
    client, engine, _ = make_client()
    with client:
        window = {"from": "2024-01-01", "to": "2024-01-05"}
        body = client.get("/search", params={"q": "harbour", "limit": 100, **window}).json()
    assert 0 < body["total"] == len(body["items"]) < 100
    assert body["next"] is None
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM search_walk")).scalar_one() == 0


def test_an_unchanged_store_reuses_the_walk_and_an_ingest_starts_a_new_one(
    make_client,  # type: ignore[no-untyped-def]
) -> None:
    client, engine, config = make_client()
    params = {"q": "harbour", "limit": PAGE}

    def second_page() -> str:
        first = client.get("/search", params=params).json()["next"]
        if config.search_engine == "database":
            return first
        return client.get("/search", params={**params, "cursor": first}).json()["next"]

    with client:
        if config.search_engine == "index":  # a first page is top-k: it writes nothing
            client.get("/search", params=params)
            assert _walks(engine) == 0
        first, again = second_page(), second_page()
        add_articles(engine, 1, first=50_000, seed=12)
        after_ingest = second_page()
    assert first == again != after_ingest
    assert _walks(engine) == 2


def _walks(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM search_walk")).scalar_one()


def test_a_cursor_pointing_at_another_querys_walk_is_refused(make_client) -> None:  # type: ignore[no-untyped-def]
    def payload(cursor: str) -> dict:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))

    client, _, config = make_client()
    english = {"q": "harbour", "limit": 10, "lang": "en"}
    german = {**english, "lang": "de"}

    def walk_cursor(params: dict) -> dict:
        cursor = client.get("/search", params=params).json()["next"]
        if config.search_engine == "index":  # the walk starts at the second page
            cursor = client.get("/search", params={**params, "cursor": cursor}).json()["next"]
        return payload(cursor)

    with client:
        theirs, ours = walk_cursor(english), walk_cursor(german)
        forged = base64.urlsafe_b64encode(
            json.dumps({"q": ours["q"], "at": theirs["at"]}).encode()
        ).decode()
        response = client.get("/search", params={**german, "cursor": forged})
    assert response.status_code == 400
    assert "different query" in response.json()["detail"]
