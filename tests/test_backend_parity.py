"""Acceptance: the same queries find the same articles on SQLite and on PostgreSQL, with the
search index and with each database's own full-text index.

Ranking may differ between the engines; membership, totals, filters, facets and the order of
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
        for engine in ("index", "database"):
            settings = Settings(
                database_url=url,
                search_engine=engine,  # type: ignore[arg-type]
                query_timeout_ms=30_000,  # about answers, not time (see test_budget)
            )
            apps[f"{name}-{engine}"] = TestClient(create_app(settings))
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
            reference_total, reference = pages(clients["sqlite-database"], "/search", **params)
            assert reference_total == len(reference), params
            for name, client in clients.items():
                total, ids = pages(client, "/search", **params)
                assert total == reference_total, (name, params)
                assert len(set(ids)) == len(ids), (name, params)
                if sort == "relevance":
                    assert set(ids) == set(reference), (name, params)
                else:
                    assert ids == reference, (name, params)


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_facets_agree(clients: dict[str, TestClient], interval: str) -> None:
    for query in ("missile", "the", "cafe"):
        for filters in FILTERS:
            for path, params in (("/search", {"q": query}), ("/articles", {})):
                asked = {**params, **filters, "facets": "outlet,language,date"}
                asked["interval"] = interval
                facets = {n: c.get(path, params=asked).json()["facets"] for n, c in clients.items()}
                reference = facets["sqlite-database"]
                for name, found in facets.items():
                    assert found == reference, (name, path, asked)
                assert reference["outlet"] and reference["date"], (path, asked)


def test_the_corpus_exercises_the_folding_and_cutting(clients: dict[str, TestClient]) -> None:
    for query in ("cafe", "zurich", KHERSON, "pol-358", "referendum"):
        for name, client in clients.items():
            assert client.get("/search", params={"q": query}).json()["total"] > 0, (name, query)


@pytest.mark.parametrize("filters", FILTERS)
def test_listings_and_outlets_agree(clients: dict[str, TestClient], filters: dict) -> None:
    for sort in ("newest", "oldest"):
        listed = [pages(c, "/articles", sort=sort, **filters) for c in clients.values()]
        assert all(found == listed[0] for found in listed), (sort, filters)
    outlets = [c.get("/outlets").json() for c in clients.values()]
    assert all(found == outlets[0] for found in outlets)


def collapsed_pages(client: TestClient, **params: object) -> tuple[int, list[tuple[str, int]]]:
    """The total of a collapsed search and every (story, count) met following its cursors."""
    totals, heads = set(), []
    params = {**params, "collapse": "story", "limit": 25}
    while True:
        page = client.get("/search", params=params).json()
        totals.add(page["total"])
        heads += [(item["story_id"] or item["id"], item["story_count"]) for item in page["items"]]
        if not page["next"]:
            assert len(totals) == 1, "the total stays the same on every page"
            return totals.pop(), heads


@pytest.mark.parametrize("query", ["missile", "cafe", "absentword"])
def test_collapsed_search_agrees(clients: dict[str, TestClient], query: str) -> None:
    """The same stories, each once, with the same counts; in the same order when sorted by date
    (the stories themselves are formed alike on both backends)."""
    for filters in FILTERS:
        for sort in ("relevance", "newest", "oldest"):
            params = {"q": query, "sort": sort, **filters}
            reference_total, reference = collapsed_pages(clients["sqlite-database"], **params)
            assert reference_total == len(reference), params
            _, plain = pages(clients["sqlite-database"], "/search", **params)
            assert sum(count for _, count in reference) == len(plain), params
            for name, client in clients.items():
                total, heads = collapsed_pages(client, **params)
                assert total == reference_total, (name, params)
                assert len({story for story, _ in heads}) == len(heads), (name, params)
                if sort == "relevance":
                    assert sorted(heads) == sorted(reference), (name, params)
                else:
                    assert heads == reference, (name, params)
