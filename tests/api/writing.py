"""Helpers for the write tests: an app with a known key over a fresh store."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from app.auth import key_digest
from app.config import Settings
from app.main import create_app

KEY = "test-key-0123456789abcdefghijklmnopqrstuvwxyz"
AUTH = {"Authorization": f"Bearer {KEY}"}


def article(n: int = 0, **fields: Any) -> dict[str, Any]:
    """A plain-text article whose body differs with n (so none is a duplicate of another)."""
    text = (
        f"Storm number {n} closes ports along the coast\n\n"
        f"Heavy winds forced the closure of {n + 3} ports on Monday, officials said in a "
        "statement issued after an emergency meeting.\n\n"
        f"Shipping companies said they expected delays of {n + 2} days while crews inspect "
        "the docks and clear the debris left by the storm."
    )
    base = {"url": f"https://example.org/news/storm-{n}", "outlet": "Example Times", "text": text}
    return base | fields


def with_key(settings: Settings, **overrides: Any) -> Settings:
    """These settings with KEY as the write key and no rate limit, unless overridden."""
    values = {"api_key_hashes": key_digest(KEY), "write_rate_limit": 0} | overrides
    return settings.model_copy(update=values)


def writer(settings: Settings, **overrides: Any) -> TestClient:
    """A client for an app whose write key is KEY; rate limits off unless overridden."""
    return TestClient(create_app(with_key(settings, **overrides)))
