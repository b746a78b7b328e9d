"""One JSON log line per request: id, route, status, duration; X-Request-ID echoed or made;
no keys, query strings or bodies; the level follows NEWSSTORE_LOG_LEVEL."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.logs import json_formatter
from app.main import create_app
from tests.api.writing import AUTH, KEY, article, writer


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the request logger writes, formatted as the app formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("newsstore.request")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def records(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_request_logs_one_json_line_with_its_id_route_status_and_duration(
    client: TestClient, log_lines: io.StringIO
) -> None:
    response = client.get("/articles/7458cb19f6c3dd04")
    assert response.status_code == 200
    (line,) = records(log_lines)
    assert line["message"] == "request" and line["level"] == "INFO"
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["route"] == "/articles/{article_id}"
    assert line["path"] == "/articles/7458cb19f6c3dd04"
    assert line["status"] == 200 and line["method"] == "GET"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["time"]


def test_a_client_request_id_is_echoed_and_a_forged_one_replaced(
    client: TestClient, log_lines: io.StringIO
) -> None:
    echoed = client.get("/outlets", headers={"X-Request-ID": "trace-42.a"})
    forged = client.get("/outlets", headers={"X-Request-ID": 'x" "status": 200'})
    assert echoed.headers["X-Request-ID"] == "trace-42.a"
    assert forged.headers["X-Request-ID"] != 'x" "status": 200'
    assert [line["request_id"] for line in records(log_lines)] == [
        "trace-42.a",
        forged.headers["X-Request-ID"],
    ]


def test_errors_are_logged_with_their_status(client: TestClient, log_lines: io.StringIO) -> None:
    client.get("/search", params={"q": "(kherson"})
    client.get("/no/such/path")
    assert [(line["route"], line["status"]) for line in records(log_lines)] == [
        ("/search", 400),
        ("unmatched", 404),
    ]


def test_no_key_query_or_body_reaches_the_log(settings: Settings, log_lines: io.StringIO) -> None:
    secret_text = article(5)
    with writer(settings) as client:
        assert client.post("/articles", json=secret_text, headers=AUTH).status_code == 201
        client.get("/search", params={"q": "confidential-term"})
    logged = log_lines.getvalue()
    assert KEY not in logged and "Bearer" not in logged
    assert "Storm number 5" not in logged and "confidential-term" not in logged
    assert [line["route"] for line in records(log_lines)] == ["/articles", "/search"]


def test_probes_log_at_debug_and_the_level_is_configurable(
    seeded_settings: Settings, log_lines: io.StringIO
) -> None:
    quiet = seeded_settings.model_copy(update={"log_level": "warning"})
    with TestClient(create_app(quiet)) as client:
        client.get("/outlets")
    assert records(log_lines) == []
    with TestClient(create_app(seeded_settings)) as client:  # info
        client.get("/healthz")
        client.get("/outlets")
    assert [line["route"] for line in records(log_lines)] == ["/outlets"]
    verbose = seeded_settings.model_copy(update={"log_level": "debug"})
    with TestClient(create_app(verbose)) as client:
        client.get("/healthz")
    last = records(log_lines)[-1]
    assert (last["level"], last["route"]) == ("DEBUG", "/healthz")


def test_a_served_request_is_one_json_line_on_stderr(tmp_path: Path) -> None:
    """The real server: every stderr line (uvicorn's own too) is JSON, one per request."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {"NEWSSTORE_DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    cli = Path(sys.executable).parent / "newsstore"
    server = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        for _ in range(300):
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/outlets", headers={"X-Request-ID": "e2e-1"}
                )
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer.headers["X-Request-ID"] == "e2e-1"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    lines = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    requests = [line for line in lines if line["logger"] == "newsstore.request"]
    assert [(r["request_id"], r["route"], r["status"]) for r in requests] == [
        ("e2e-1", "/outlets", 200)
    ]
    assert requests[0]["duration_ms"] > 0
    assert any(line["logger"].startswith("uvicorn") for line in lines)
