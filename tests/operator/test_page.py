"""The page at `/` is served by this server alone: its script and style are ours, nothing is
loaded from elsewhere, and its CSP lets it run only those."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_the_page_and_its_assets_come_from_this_server(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp and "connect-src 'self'" in csp
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    local = [a for a in assets if a.startswith("/ui/")]
    assert len(local) == 2 and not [a for a in assets if "//" in a], assets
    for asset in local:
        answer = client.get(asset)
        assert answer.status_code == 200 and answer.headers["content-security-policy"] == csp
    script = client.get("/ui/app.js").text
    assert "innerHTML" not in script, "text from the store is never parsed as HTML"
    assert not re.search(r"https?://", script + client.get("/ui/style.css").text)


def test_the_page_is_not_part_of_the_api_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/metrics" in paths
