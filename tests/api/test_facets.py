"""Acceptance 4: facet counts equal the totals of the corresponding filtered queries, on /search
and /articles, for outlets, languages and every date interval."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import get_engine, upgrade
from app.main import create_app
from tests.utils.corpus import add_articles


@pytest.fixture(scope="module")
def corpus_client(module_database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=module_database_url)
    upgrade(settings.database_url)
    engine = get_engine(settings.database_url)
    add_articles(engine, 400, seed=3)
    add_articles(engine, 300, first=400, seed=4, common=None)
    with TestClient(create_app(settings)) as client:
        yield client


def total(client: TestClient, path: str, **params: object) -> int:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["total"]


CASES = [
    ("/search", {"q": "harbour"}),
    ("/search", {"q": "harbour", "lang": "en"}),
    ("/articles", {}),
    ("/articles", {"outlet": "wire", "from": "2024-03-01"}),
]


@pytest.mark.parametrize(("path", "params"), CASES)
def test_outlet_and_language_counts_equal_filtered_totals(
    corpus_client: TestClient, path: str, params: dict
) -> None:
    body = corpus_client.get(path, params={**params, "facets": "outlet,language"}).json()
    outlets, languages = body["facets"]["outlet"], body["facets"]["language"]
    assert sum(value["count"] for value in outlets) == body["total"]
    assert sum(value["count"] for value in languages) == body["total"]
    for value in outlets:
        narrowed = {**params, "outlet": value["value"]}
        assert value["count"] == total(corpus_client, path, **narrowed), value
    for value in languages:
        assert value["count"] == total(corpus_client, path, **{**params, "lang": value["value"]}), (
            value
        )


@pytest.mark.parametrize("interval", ["day", "week", "month"])
@pytest.mark.parametrize(("path", "params"), CASES)
def test_date_buckets_equal_filtered_totals_and_share_all_articles(
    corpus_client: TestClient, path: str, params: dict, interval: str
) -> None:
    body = corpus_client.get(path, params={**params, "facets": "date", "interval": interval}).json()
    buckets = body["facets"]["date"]
    assert body["facets"]["interval"] == interval
    assert buckets and [b["start"] for b in buckets] == sorted(b["start"] for b in buckets)
    undated = total(corpus_client, path, **params) - sum(b["count"] for b in buckets)
    assert undated >= 0
    # Every bucket for month and week; a sample of days keeps the test fast.
    for bucket in buckets if interval != "day" else buckets[::17]:
        window = {**params, "from": bucket["start"], "to": bucket["end"]}
        if "from" in params:  # the request's own window still applies
            window["from"] = max(bucket["start"], params["from"])
        assert bucket["count"] == total(corpus_client, path, **window), bucket
        everything = total(
            corpus_client, "/articles", **{"from": bucket["start"], "to": bucket["end"]}
        )
        assert bucket["articles"] == everything
        assert bucket["share"] == pytest.approx(bucket["count"] / everything)


def test_week_buckets_start_on_monday(corpus_client: TestClient) -> None:
    body = corpus_client.get("/articles", params={"facets": "date", "interval": "week"}).json()
    for bucket in body["facets"]["date"]:
        start, end = date.fromisoformat(bucket["start"]), date.fromisoformat(bucket["end"])
        assert start.weekday() == 0 and (end - start).days == 6


def test_no_facets_unless_asked(corpus_client: TestClient) -> None:
    assert corpus_client.get("/search", params={"q": "harbour"}).json()["facets"] is None


def test_unknown_facet_is_a_problem_naming_the_choices(corpus_client: TestClient) -> None:
    response = corpus_client.get("/articles", params={"facets": "outlet,colour"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert "colour" in response.json()["detail"]
    assert response.json()["expected"] == ["outlet", "language", "date"]
