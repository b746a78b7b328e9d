from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.conftest import SEEDS


def test_outlets_lists_the_five_outlets_of_the_manifest(client: TestClient) -> None:
    manifest = [json.loads(line) for line in (SEEDS / "manifest.jsonl").read_text().splitlines()]
    body = client.get("/outlets").json()
    assert body["total"] == 5
    assert {item["name"] for item in body["items"]} == {entry["outlet"] for entry in manifest}
    assert all(item["article_count"] == 1 for item in body["items"])


def test_health(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
