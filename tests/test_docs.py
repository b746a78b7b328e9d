"""The docs users read are true: README names every command and setting; /docs works offline."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from typer.main import get_command

from app.cli import app as cli_app
from app.config import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def command_paths(group, prefix: str = "newsstore") -> list[str]:  # type: ignore[no-untyped-def]
    paths = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            paths += command_paths(command, f"{prefix} {name}")
        else:
            paths.append(f"{prefix} {name}")
    return paths


def test_readme_names_every_cli_command() -> None:
    missing = [path for path in command_paths(get_command(cli_app)) if path not in README]
    assert not missing


def test_readme_names_every_setting() -> None:
    missing = [
        f"NEWSSTORE_{name.upper()}"
        for name in Settings.model_fields
        if f"NEWSSTORE_{name.upper()}" not in README
    ]
    assert not missing


def test_readme_quick_start_is_make_run_and_make_test() -> None:
    assert "make run" in README and "make test" in README


def test_docs_page_loads_its_assets_from_this_server(client: TestClient) -> None:
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page)
    assert assets and all(asset.startswith("/") for asset in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200
    bundle = client.get(next(a for a in assets if a.endswith("bundle.js"))).text
    assert re.search(r'"5\.\d+\.\d+"', bundle), "Swagger UI 5 renders OpenAPI 3.1"
    assert client.get("/redoc").status_code == 200


def test_every_endpoint_and_parameter_is_described(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), f"{method} {path}"
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{method} {path} {parameter['name']}"
