from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from app.auth import key_digest, key_matches, new_key
from app.config import Settings
from app.main import create_app
from tests.api.writing import AUTH, KEY, article, writer


def test_with_no_key_configured_writes_answer_403_saying_how_to_configure_one(
    settings: Settings, engine
) -> None:
    with TestClient(create_app(settings)) as client:
        response = client.post("/articles", json=article(1), headers=AUTH)
        assert client.get("/articles").status_code == 200
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "NEWSSTORE_API_KEY_HASHES" in response.json()["detail"]


def test_missing_key_is_401_with_a_bearer_challenge(settings: Settings, engine) -> None:
    with writer(settings) as client:
        missing = client.post("/articles", json=article(1))
        other_scheme = client.delete("/articles/x", headers={"Authorization": f"Basic {KEY}"})
    for response in (missing, other_scheme):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


def test_wrong_key_is_401_and_right_key_is_201(settings: Settings, engine) -> None:
    with writer(settings) as client:
        wrong = client.post("/articles", json=article(1), headers={"Authorization": "Bearer no"})
        right = client.post("/articles", json=article(1), headers=AUTH)
    assert wrong.status_code == 401
    assert right.status_code == 201


def test_read_keys_close_reads_and_a_write_key_also_reads(settings: Settings, engine) -> None:
    reader = new_key()
    with writer(settings, read_key_hashes=key_digest(reader)) as client:
        assert client.get("/articles").status_code == 401
        assert client.get("/search", params={"q": "x"}).status_code == 401
        assert client.get("/articles", headers={"Authorization": f"Bearer {reader}"}).is_success
        assert client.get("/outlets", headers=AUTH).is_success
        assert client.get("/healthz").is_success
        refused = client.post(
            "/articles", json=article(1), headers={"Authorization": f"Bearer {reader}"}
        )
    assert refused.status_code == 401


def test_keys_are_random_and_only_their_digest_matches() -> None:
    key = new_key()
    assert len(key) >= 43 and key != new_key()
    digests = frozenset({key_digest("another"), key_digest(key)})
    assert key_matches(key, digests)
    assert not key_matches(key_digest(key), digests)
    assert not key_matches("", digests)


def test_keys_never_appear_in_logs(
    settings: Settings, engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-key-that-must-not-leak-" + "x" * 20
    with writer(settings) as client:
        client.post("/articles", json=article(1), headers=AUTH)
        client.post("/articles", json=article(2), headers={"Authorization": f"Bearer {wrong}"})
        client.post("/articles", json={"bad": 1}, headers=AUTH)
        client.post("/articles:bulk", content="{x\n", headers=AUTH)
        client.delete("/articles/none", headers=AUTH)
        client.get("/articles", headers=AUTH)
    assert caplog.records, "the requests were logged at some level"
    assert KEY not in caplog.text and wrong not in caplog.text


@pytest.mark.parametrize("read_keys", [False, True])
def test_openapi_shows_a_lock_on_reads_only_when_reads_need_a_key(
    settings: Settings, engine, read_keys: bool
) -> None:
    overrides = {"read_key_hashes": key_digest(new_key())} if read_keys else {}
    with writer(settings, **overrides) as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert ("security" in paths["/search"]["get"]) is read_keys
    assert ("security" in paths["/articles"]["get"]) is read_keys
    assert "security" in paths["/articles"]["post"], "writes always need a key"
