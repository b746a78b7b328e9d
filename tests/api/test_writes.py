from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from app.config import Settings
from tests.api.writing import AUTH, article, writer

NDJSON = {**AUTH, "Content-Type": "application/x-ndjson"}


def ndjson(*items: object) -> str:
    return "\n".join(item if isinstance(item, str) else json.dumps(item) for item in items)


def results(response) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(line) for line in response.text.splitlines()]


def test_post_stores_a_new_article_with_201_and_location(settings: Settings, engine) -> None:
    with writer(settings) as client:
        response = client.post("/articles", json=article(1), headers=AUTH)
        assert response.status_code == 201, response.text
        stored = response.json()
        assert stored["status"] == "added"
        assert response.headers["location"] == f"/articles/{stored['id']}"
        fetched = client.get(response.headers["location"]).json()
    assert fetched["outlet"]["name"] == "Example Times"
    assert "closure of 4 ports" in fetched["body"]


def test_reposting_or_a_duplicate_body_answers_200_with_the_stored_id(
    settings: Settings, engine: Engine
) -> None:
    with writer(settings) as client:
        first = client.post("/articles", json=article(1), headers=AUTH).json()
        again = client.post("/articles", json=article(1), headers=AUTH)
        elsewhere = client.post(
            "/articles", json=article(1, url="https://mirror.example/x"), headers=AUTH
        )
    assert (again.status_code, again.json()) == (200, {"id": first["id"], "status": "unchanged"})
    assert elsewhere.status_code == 200
    assert elsewhere.json() == {"id": first["id"], "status": "duplicate"}
    assert "location" not in again.headers


def test_post_goes_through_the_normalizer_and_takes_given_fields(
    settings: Settings, engine: Engine
) -> None:
    html = (
        "<html><head><title>Page</title></head><body><article><h1>Harbour reopens</h1>"
        + "".join(f"<p>{article(n)['text'].splitlines()[2]}</p>" for n in range(3))
        + "</article></body></html>"
    )
    body = {"html": html, "url": "https://example.org/harbour?utm_source=x", "title": "Given"}
    body["published_at"] = "2024-03-05T10:00:00Z"
    with writer(settings) as client:
        created = client.post("/articles", json=body, headers=AUTH)
        stored = client.get(created.headers["location"]).json()
    assert stored["title"] == "Given"
    assert stored["canonical_url"] == "https://example.org/harbour"
    assert stored["published_at"].startswith("2024-03-05T10:00:00")
    assert stored["published_at_source"] == "record"


def test_post_without_article_text_is_422(settings: Settings, engine: Engine) -> None:
    with writer(settings) as client:
        blank = client.post("/articles", json={"text": " \n\t "}, headers=AUTH)
        neither = client.post("/articles", json={"url": "https://example.org/"}, headers=AUTH)
        unknown_field = client.post("/articles", json={**article(1), "bdy": "x"}, headers=AUTH)
    assert blank.status_code == neither.status_code == unknown_field.status_code == 422
    assert blank.headers["content-type"] == "application/problem+json"
    assert "text" in blank.json()["detail"]


def test_bulk_answers_one_result_per_line_in_order(settings: Settings, engine: Engine) -> None:
    body = ndjson(article(1), "{not json", "", article(2), ["a list"], article(1))
    with writer(settings) as client:
        response = client.post("/articles:bulk", content=body, headers=NDJSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = results(response)
    assert [(r["line"], r["status"]) for r in lines] == [
        (1, "added"),
        (2, "error"),
        (4, "added"),
        (5, "error"),
        (6, "unchanged"),
    ]
    assert "invalid JSON" in lines[1]["error"] and "object" in lines[3]["error"]
    assert lines[4]["id"] == lines[0]["id"]


def test_bulk_refuses_an_over_long_line_alone(settings: Settings, engine: Engine) -> None:
    huge = article(2, text="word " * 5000)
    body = ndjson(article(1), huge, article(3))
    with writer(settings, max_article_bytes=10_000) as client:
        lines = results(client.post("/articles:bulk", content=body, headers=NDJSON))
    assert [r["status"] for r in lines] == ["added", "error", "added"]
    assert "limit" in lines[1]["error"]


def test_bulk_in_many_small_chunks_and_batches_stores_everything(
    settings: Settings, engine: Engine
) -> None:
    payload = ndjson(*(article(n) for n in range(25))).encode()
    chunks = (payload[i : i + 97] for i in range(0, len(payload), 97))
    with writer(settings, ingest_batch_size=4) as client:
        lines = results(client.post("/articles:bulk", content=chunks, headers=NDJSON))
    assert [r["line"] for r in lines] == list(range(1, 26))
    assert {r["status"] for r in lines} == {"added"}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM article")).scalar_one() == 25


def test_delete_removes_the_article_and_its_index_entry(settings: Settings, engine: Engine) -> None:
    with writer(settings) as client:
        created = client.post("/articles", json=article(7), headers=AUTH).json()
        assert client.get("/search", params={"q": "debris"}).json()["total"] == 1
        deleted = client.delete(f"/articles/{created['id']}", headers=AUTH)
        again = client.delete(f"/articles/{created['id']}", headers=AUTH)
        assert client.get("/search", params={"q": "debris"}).json()["total"] == 0
        assert client.get(f"/articles/{created['id']}").status_code == 404
    assert deleted.status_code == 204 and deleted.content == b""
    assert again.status_code == 404
    assert again.headers["content-type"] == "application/problem+json"


def test_writes_are_in_the_openapi_document_with_bearer_auth(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"post"} <= set(spec["paths"]["/articles"])
    assert "post" in spec["paths"]["/articles:bulk"]
    assert "delete" in spec["paths"]["/articles/{article_id}"]
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("scheme", "").lower() == "bearer" for s in schemes.values())


def test_given_times_are_stored_in_utc_and_out_of_range_ones_refused(
    settings: Settings, engine: Engine
) -> None:
    with writer(settings) as client:
        created = client.post(
            "/articles", json=article(1, published_at="2024-03-05T10:00:00+02:00"), headers=AUTH
        )
        stored = client.get(created.headers["location"]).json()
        overflow = client.post(
            "/articles", json=article(2, published_at="9999-12-31T23:59:59-23:59"), headers=AUTH
        )
        listed = client.get("/articles", params={"from": "9999-12-31T23:59:59-23:59"})
    assert stored["published_at"] == "2024-03-05T08:00:00Z"
    assert overflow.status_code == 422 and "out of range" in overflow.json()["detail"]
    assert listed.status_code == 400
