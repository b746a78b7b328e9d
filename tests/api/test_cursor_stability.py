"""Acceptance 3: a cursor walk through a 1,000-hit result visits every original hit exactly once
under every sort, even when articles are ingested between pages (which shifts every bm25 score on
SQLite)."""

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
from app.search.query import parse
from app.store import ArticleFilters
from tests.utils.corpus import add_articles

HITS, OTHERS, PAGE = 1000, 1500, 100


def make_client(database_url: str, **settings: object) -> tuple[TestClient, Engine]:
    config = Settings(database_url=database_url, **settings)  # type: ignore[arg-type]
    upgrade(config.database_url)
    engine = get_engine(config.database_url)
    add_articles(engine, HITS, seed=1)
    add_articles(engine, OTHERS, first=HITS, seed=2, common=None)
    return TestClient(create_app(config)), engine


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


def ranking(engine: Engine, ids: set[str]) -> list[str]:
    """The order the backend's ranking gives the original hits right now."""
    tree = parse("harbour")
    assert tree is not None
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
    database_url: str, sort: str
) -> None:
    client, engine = make_client(database_url)
    with client:
        original = set(ranking(engine, set(_all_ids(engine))))
        assert len(original) == HITS
        before = ranking(engine, original)

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
        if engine.dialect.name == "sqlite":  # ts_rank_cd ignores corpus statistics
            assert ranking(engine, original) != before, "ingests did reorder the bm25 ranking"
        assert ids == before, "the walk keeps the order of its first page"


def _all_ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT id FROM article"))]


def test_walk_beyond_the_pinned_hits_continues_without_repeats(database_url: str) -> None:
    client, _ = make_client(database_url, walk_max_hits=250)
    with client:
        seen = [item for item, _ in walk_ids(client, lambda _: None, q="harbour")]
    assert len(seen) == len(set(seen)) == HITS


def test_expired_walk_cursor_is_refused_with_a_problem(database_url: str) -> None:
    client, engine = make_client(database_url)
    with client:
        first = client.get("/search", params={"q": "harbour", "limit": PAGE}).json()
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM search_walk"))
        response = client.get(
            "/search", params={"q": "harbour", "limit": PAGE, "cursor": first["next"]}
        )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "expired" in response.json()["detail"]


def test_short_results_need_no_walk(database_url: str) -> None:
    client, engine = make_client(database_url)
    with client:
        window = {"from": "2024-01-01", "to": "2024-01-05"}
        body = client.get("/search", params={"q": "harbour", "limit": 100, **window}).json()
    assert 0 < body["total"] == len(body["items"]) < 100
    assert body["next"] is None
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM search_walk")).scalar_one() == 0


def test_an_unchanged_store_reuses_the_walk_and_an_ingest_starts_a_new_one(
    database_url: str,
) -> None:
    client, engine = make_client(database_url)
    params = {"q": "harbour", "limit": PAGE}
    with client:
        first, again = (client.get("/search", params=params).json()["next"] for _ in range(2))
        add_articles(engine, 1, first=50_000, seed=12)
        after_ingest = client.get("/search", params=params).json()["next"]
    assert first == again != after_ingest
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM search_walk")).scalar_one() == 2


def test_a_cursor_pointing_at_another_querys_walk_is_refused(database_url: str) -> None:
    def payload(cursor: str) -> dict:
        return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))

    client, _ = make_client(database_url)
    english = {"q": "harbour", "limit": 10, "lang": "en"}
    german = {**english, "lang": "de"}
    with client:
        theirs = payload(client.get("/search", params=english).json()["next"])
        ours = payload(client.get("/search", params=german).json()["next"])
        forged = base64.urlsafe_b64encode(
            json.dumps({"q": ours["q"], "at": theirs["at"]}).encode()
        ).decode()
        response = client.get("/search", params={**german, "cursor": forged})
    assert response.status_code == 400
    assert "different query" in response.json()["detail"]
