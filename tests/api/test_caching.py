"""Conditional GET: ETag and Last-Modified on every data GET, 304 round trips, Cache-Control,
validators that move when the store changes, gzip for large bodies."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.main import create_app
from tests.utils.corpus import add_articles

DATA_GETS = ["/articles", "/search?q=Korea", "/outlets", "/articles/export?format=csv"]


@pytest.fixture
def fresh_client(settings: Settings, engine: Engine) -> TestClient:
    add_articles(engine, 30, seed=5)
    return TestClient(create_app(settings))


def one_article_path(client: TestClient) -> str:
    return "/articles/" + client.get("/articles", params={"limit": 1}).json()["items"][0]["id"]


@pytest.mark.parametrize("path", DATA_GETS)
def test_data_gets_carry_validators_and_cache_control(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["etag"].startswith('W/"')
    assert parsedate_to_datetime(response.headers["last-modified"]).tzinfo is not None
    assert response.headers["cache-control"] == "public, max-age=60"


def test_etag_round_trip_answers_304_without_a_body(client: TestClient) -> None:
    for path in [*DATA_GETS, one_article_path(client)]:
        etag = client.get(path).headers["etag"]
        again = client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304, path
        assert again.content == b""
        assert again.headers["etag"] == etag
        other = client.get(path, headers={"If-None-Match": 'W/"something-else"'})
        assert other.status_code == 200


def test_if_modified_since_answers_304_until_the_store_changes(client: TestClient) -> None:
    last_modified = client.get("/articles").headers["last-modified"]
    assert client.get("/articles", headers={"If-Modified-Since": last_modified}).status_code == 304
    earlier = parsedate_to_datetime(last_modified).timestamp() - 3600
    stale = format_datetime(datetime.fromtimestamp(earlier, UTC), usegmt=True)
    assert client.get("/articles", headers={"If-Modified-Since": stale}).status_code == 200


def test_etag_differs_by_query_string_but_not_by_parameter_order(client: TestClient) -> None:
    first = client.get("/articles?limit=2&sort=oldest").headers["etag"]
    assert client.get("/articles?sort=oldest&limit=2").headers["etag"] == first
    assert client.get("/articles?limit=3&sort=oldest").headers["etag"] != first


def test_an_ingest_moves_etag_and_last_modified(fresh_client: TestClient, engine: Engine) -> None:
    with fresh_client as client:
        before = client.get("/articles")
        add_articles(engine, 1, first=500, seed=6)
        after = client.get("/articles", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["total"] == before.json()["total"] + 1


def test_cache_max_age_is_configurable(settings: Settings, engine: Engine) -> None:
    settings.cache_max_age = 5
    with TestClient(create_app(settings)) as client:
        assert client.get("/outlets").headers["cache-control"] == "public, max-age=5"


def test_large_bodies_are_gzipped_and_small_ones_are_not(fresh_client: TestClient) -> None:
    with fresh_client as client:
        large = client.get("/articles", params={"limit": 30}, headers={"Accept-Encoding": "gzip"})
        small = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert large.headers["content-encoding"] == "gzip"
    assert int(large.headers["content-length"]) < len(large.content) / 3
    assert len(large.json()["items"]) == 30, "the client decompresses transparently"
    assert "content-encoding" not in small.headers


def test_health_and_errors_carry_no_validators(client: TestClient) -> None:
    assert "etag" not in client.get("/healthz").headers
    assert "etag" not in client.get("/articles/no-such-article").headers
