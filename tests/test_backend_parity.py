"""Acceptance: the same queries find the same articles on SQLite and on PostgreSQL.

Ranking may differ between the backends; membership, totals, filters, facets and the order of
date sorted walks may not. Both stores hold the seeds and a generated corpus written with accents,
Cyrillic, hyphens and dots in it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from app.main import create_app
from tests.conftest import SEEDS, PostgresServer
from tests.utils.corpus import records

pytestmark = pytest.mark.postgres

KHERSON = "\u0445\u0435\u0440\u0441\u043e\u043d"
QUERIES = [
    "the",
    "missile",
    "missile summit",
    "cafe",
    "CAFÉ",
    "zurich",
    KHERSON.upper(),
    "pol-358",
    "u.s. korea's",
    "north-east",
    "3.5",
    "Pyongyang",
    "referendum",
    "absentword",
]
FILTERS = [
    {},
    {"outlet": "wire-service"},
    {"outlet": ["harbor-times", "eastern-post"], "from": "2023-01-01"},
    {"from": "2022-06-01", "to": "2023-06-30", "lang": "en"},
]


@pytest.fixture(scope="module")
def clients(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, TestClient]]:
    folder = tmp_path_factory.mktemp("parity")
    corpus = folder / "corpus.jsonl"
    corpus.write_text(
        "\n".join(json.dumps(r) for r in records(200, seed=8, words=80, special=0.05))
    )
    urls = {
        "sqlite": f"sqlite:///{folder / 'parity.db'}",
        "postgres": postgres_server.create_database(),
    }
    apps = {}
    for name, url in urls.items():
        upgrade(url)
        report = ingest(get_engine(url), read_inputs([SEEDS, corpus]))
        assert report.ok and report.counts["added"] == 205, report
        apps[name] = TestClient(create_app(Settings(database_url=url)))
    yield apps
    postgres_server.drop_database(urls["postgres"])


def pages(client: TestClient, path: str, **params: object) -> tuple[int, list[str]]:
    """The total the first page states, and every id met following the cursors."""
    totals, ids = set(), []
    params = {**params, "limit": 40}
    while True:
        page = client.get(path, params=params).json()
        totals.add(page["total"])
        ids += [item["id"] for item in page["items"]]
        if not page["next"]:
            assert len(totals) == 1, "the total stays the same on every page"
            return totals.pop(), ids
        params["cursor"] = page["next"]


@pytest.mark.parametrize("query", QUERIES)
def test_search_agrees_on_every_query_filter_and_sort(
    clients: dict[str, TestClient], query: str
) -> None:
    for filters in FILTERS:
        for sort in ("relevance", "newest", "oldest"):
            params = {"q": query, "sort": sort, **filters}
            sqlite_total, sqlite_ids = pages(clients["sqlite"], "/search", **params)
            postgres_total, postgres_ids = pages(clients["postgres"], "/search", **params)
            assert sqlite_total == postgres_total == len(sqlite_ids), params
            assert len(set(postgres_ids)) == len(postgres_ids), params
            if sort == "relevance":
                assert set(sqlite_ids) == set(postgres_ids), params
            else:
                assert sqlite_ids == postgres_ids, params


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_facets_agree(clients: dict[str, TestClient], interval: str) -> None:
    for query in ("missile", "the", "cafe"):
        for filters in FILTERS:
            for path, params in (("/search", {"q": query}), ("/articles", {})):
                asked = {**params, **filters, "facets": "outlet,language,date"}
                asked["interval"] = interval
                facets = [c.get(path, params=asked).json()["facets"] for c in clients.values()]
                assert facets[0] == facets[1], (path, asked)
                assert facets[0]["outlet"] and facets[0]["date"], (path, asked)


def test_the_corpus_exercises_the_folding_and_cutting(clients: dict[str, TestClient]) -> None:
    for query in ("cafe", "zurich", KHERSON, "pol-358", "referendum"):
        assert clients["postgres"].get("/search", params={"q": query}).json()["total"] > 0, query


@pytest.mark.parametrize("filters", FILTERS)
def test_listings_and_outlets_agree(clients: dict[str, TestClient], filters: dict) -> None:
    for sort in ("newest", "oldest"):
        listed = [pages(c, "/articles", sort=sort, **filters) for c in clients.values()]
        assert listed[0] == listed[1], (sort, filters)
    outlets = [c.get("/outlets").json() for c in clients.values()]
    assert outlets[0] == outlets[1]
