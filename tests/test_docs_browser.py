"""/docs renders in a real browser with no network: Swagger UI served by us, OpenAPI 3.1 drawn.

Needs Debian's chromium (/usr/bin/chromium); CI installs it, and with CI set a missing browser
is a failure rather than a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.utils.servers import newsstore_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=10000",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with newsstore_server(tmp_path_factory.mktemp("docs") / "d.db") as base:
        yield base


def test_swagger_ui_draws_every_endpoint_offline(server: str, tmp_path: Path) -> None:
    assert CHROMIUM, "chromium must be installed where CI is set"
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path}", "--dump-dom", f"{server}/docs"],
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    ).stdout
    drawn = set(re.findall(r'class="opblock-summary-path" data-path="([^"]+)"', dom))
    spec_paths = set(httpx.get(f"{server}/openapi.json").json()["paths"])
    assert drawn == spec_paths
