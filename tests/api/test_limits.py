from __future__ import annotations

import asyncio
import json
import re

from fastapi.testclient import TestClient

from app.config import Settings
from app.middleware import BodyLimit
from app.ratelimit import TokenBuckets
from tests.api.writing import AUTH, article, writer

SECURITY = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def test_a_declared_oversize_body_is_refused_without_reading_it() -> None:
    sent: list[dict] = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        raise AssertionError("the app must not run")

    async def receive():  # type: ignore[no-untyped-def]
        raise AssertionError("the body must not be read")

    async def send(message):  # type: ignore[no-untyped-def]
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/articles",
        "headers": [(b"content-length", b"1000001")],
    }
    asyncio.run(BodyLimit(app, default=1_000_000, per_path={})(scope, receive, send))
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["status"] == 413


def test_oversize_bodies_answer_413_problem(settings: Settings, engine) -> None:
    big = article(1, text="word " * 3000)
    with writer(settings, max_body_bytes=8_000) as client:
        declared = client.post("/articles", json=big, headers=AUTH)
        streamed = client.post(
            "/articles",
            content=(json.dumps(big)[i : i + 1000].encode() for i in range(0, 16_000, 1000)),
            headers={**AUTH, "Content-Type": "application/json"},
        )
        small = client.post("/articles", json=article(2), headers=AUTH)
    for response in (declared, streamed):
        assert response.status_code == 413, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert "8000 bytes" in response.json()["detail"]
    assert small.status_code == 201


def test_an_article_over_its_limit_is_413(settings: Settings, engine) -> None:
    with writer(settings, max_article_bytes=500) as client:
        response = client.post("/articles", json=article(1, text="x" * 501), headers=AUTH)
    assert response.status_code == 413


def test_a_bulk_body_over_its_limit_stops_with_an_error_line(settings: Settings, engine) -> None:
    lines = [json.dumps(article(n)) for n in range(20)]
    chunks = (line.encode() + b"\n" for line in lines)
    with writer(settings, max_bulk_bytes=3_000, ingest_batch_size=1) as client:
        response = client.post("/articles:bulk", content=chunks, headers=AUTH)
    results = [json.loads(line) for line in response.text.splitlines()]
    assert results[-1]["status"] == "error" and "not read" in results[-1]["error"]
    assert sum(r["status"] == "added" for r in results) <= 3_000 // len(lines[0])


def test_writes_over_the_rate_limit_answer_429_with_retry_after(settings: Settings, engine) -> None:
    with writer(settings, write_rate_limit=3) as client:
        codes = [client.delete("/articles/none", headers=AUTH).status_code for _ in range(4)]
        limited = client.delete("/articles/none", headers=AUTH)
        read = client.get("/articles")
    assert codes == [404, 404, 404, 429]
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.headers["content-type"] == "application/problem+json"
    assert read.status_code == 200, "reads are not limited by default"


def test_reads_can_be_rate_limited_too(settings: Settings, engine) -> None:
    with writer(settings, read_rate_limit=2) as client:
        codes = [client.get("/outlets").status_code for _ in range(3)]
        health = client.get("/healthz").status_code
    assert codes == [200, 200, 429] and health == 200


def test_token_bucket_refills_at_its_rate_and_forgets_old_clients() -> None:
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, max_clients=2, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(60)] == [0.0] * 60
    assert buckets.take("a") == 1.0
    now[0] += 2.5
    assert buckets.take("a") == 0.0 and buckets.take("a") == 0.0
    assert buckets.take("a") > 0
    buckets.take("b"), buckets.take("c")
    assert len(buckets._state) == 2 and buckets.take("a") == 0.0


def test_cors_is_off_by_default_and_configurable(settings: Settings, engine) -> None:
    origin = {"Origin": "https://reader.example"}
    with writer(settings) as client:
        closed = client.get("/articles", headers=origin)
    with writer(settings, cors_origins="https://reader.example, https://b.example") as client:
        opened = client.get("/articles", headers=origin)
        preflight = client.options(
            "/articles",
            headers={
                **origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization",
            },
        )
    assert "access-control-allow-origin" not in closed.headers
    assert opened.headers["access-control-allow-origin"] == "https://reader.example"
    assert preflight.status_code == 200
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()


def test_every_response_carries_the_security_headers(settings: Settings, engine) -> None:
    with writer(settings, write_rate_limit=1, max_body_bytes=100) as client:
        responses = [
            client.get("/articles"),
            client.get("/no-such-path"),
            client.get("/articles", params={"limit": 0}),
            client.post("/articles", content=b"x" * 200, headers=AUTH),
            client.post("/articles", json={}, headers=AUTH),
            client.get("/openapi.json"),
            client.get("/healthz"),
        ]
    assert [r.status_code for r in responses] == [200, 404, 422, 413, 429, 200, 200]
    for response in responses:
        for name, value in SECURITY.items():
            assert response.headers[name] == value
        assert "default-src 'none'" in response.headers["content-security-policy"]


def test_docs_pages_get_a_policy_that_lets_their_own_assets_and_bootstrap_run(
    client: TestClient,
) -> None:
    for path in ("/docs", "/redoc"):
        page = client.get(path)
        policy = dict(
            part.strip().split(" ", 1)
            for part in page.headers["content-security-policy"].split(";")
        )
        assert "'self'" in policy["script-src"] and "'self'" in policy["style-src"]
        scripts = re.findall(r"<script([^>]*)>", page.text)
        external = [re.search(r'src="([^"]+)"', attrs) for attrs in scripts]
        assert all(m.group(1).startswith("/") for m in external if m), "same-origin assets only"
        if any(m is None for m in external):
            assert "'unsafe-inline'" in policy["script-src"], "the inline bootstrap must run"
        assert policy["frame-ancestors"] == "'none'"
        assert client.get("/docs/oauth2-redirect").status_code == 200
