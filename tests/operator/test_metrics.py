"""GET /metrics: the request counters and latency histograms move with requests; the store's
size and the writes over HTTP are there."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from app.config import Settings
from tests.api.writing import AUTH, article, writer


def samples(client: TestClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_request_counters_and_latency_histograms_move(client: TestClient) -> None:
    before = samples(client)
    for _ in range(3):
        assert client.get("/search", params={"q": "Pyongyang"}).status_code == 200
    client.get("/articles/no-such-article")
    after = samples(client)

    search = {"route": "/search", "method": "GET"}
    requests = "newsstore_http_requests_total"
    assert (
        value(after, requests, **search, status="200")
        - value(before, requests, **search, status="200")
        == 3
    )
    one = {"route": "/articles/{article_id}", "method": "GET", "status": "404"}
    assert value(after, requests, **one) - value(before, requests, **one) == 1, "route template"
    assert not any("no-such-article" in str(labels) for _, labels in after)

    histogram = "newsstore_http_request_duration_seconds"
    assert (
        value(after, f"{histogram}_count", **search) - value(before, f"{histogram}_count", **search)
        == 3
    )
    assert value(after, f"{histogram}_sum", **search) > value(before, f"{histogram}_sum", **search)
    inf = value(after, f"{histogram}_bucket", **search, le="+Inf")
    assert inf == value(after, f"{histogram}_count", **search)


def test_store_size_and_the_hooks_for_search_and_ingest_are_exposed(client: TestClient) -> None:
    found = samples(client)
    assert value(found, "newsstore_store_articles") == 5
    assert value(found, "newsstore_store_bytes") > 0
    names = {name for name, _ in found}
    assert "newsstore_search_index_lag" in names
    text = client.get("/metrics").text
    assert "# TYPE newsstore_search_engine_seconds histogram" in text
    assert "# TYPE newsstore_ingested_articles_total counter" in text


def test_writes_over_http_count_by_outcome(settings: Settings) -> None:
    with writer(settings) as client:
        before = samples(client)
        assert client.post("/articles", json=article(1), headers=AUTH).status_code == 201
        assert client.post("/articles", json=article(1), headers=AUTH).status_code == 200
        refused = b'{"text": ""}\nnot json\n'  # two lines, neither stored
        client.post("/articles:bulk", content=refused, headers=AUTH)
        after = samples(client)
    name = "newsstore_ingested_articles_total"
    for outcome, moved in (("added", 1), ("unchanged", 1), ("failed", 2)):
        delta = value(after, name, outcome=outcome) - value(before, name, outcome=outcome)
        assert delta == moved, outcome


def test_search_engine_time_and_index_lag_follow_the_store(settings: Settings, engine) -> None:  # type: ignore[no-untyped-def]
    with writer(settings) as client:
        before = value(samples(client), "newsstore_search_engine_seconds_count", engine="index")
        client.get("/search", params={"q": "storm"})
        client.get("/search", params={"q": "ports", "sort": "newest"})
        found = samples(client)
        count = value(found, "newsstore_search_engine_seconds_count", engine="index")
        assert count == before + 2
        assert value(found, "newsstore_search_engine_seconds_sum", engine="index") > 0
        assert value(found, "newsstore_search_index_lag") == 0
        client.post("/articles", json=article(3), headers=AUTH)
        assert value(samples(client), "newsstore_search_index_lag") == 1, "written, not indexed"
        client.get("/search", params={"q": "storm"})
        assert value(samples(client), "newsstore_search_index_lag") == 0, "a search catches up"
