"""The container's command, run outside Docker: migrate, seed an empty store once, serve."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from app.cli import app
from app.config import get_settings
from tests.conftest import ROOT, SEEDS


def dockerfile_cmd() -> list[str]:
    line = next(ln for ln in (ROOT / "Dockerfile").read_text().splitlines() if ln.startswith("CMD"))
    return json.loads(line.removeprefix("CMD").strip())


def test_container_command_seeds_an_empty_store_once_then_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSSTORE_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'n.db'}")
    get_settings.cache_clear()
    served: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: served.append(kwargs))
    program, *args = dockerfile_cmd()
    assert program == "newsstore"
    args = [str(SEEDS) if arg == "/app/seeds" else arg for arg in args]

    first = CliRunner().invoke(app, args)
    second = CliRunner().invoke(app, args)
    get_settings.cache_clear()

    assert first.exit_code == second.exit_code == 0, first.output
    assert "5 added" in first.stdout
    assert "added" not in second.stdout, "a store that holds articles is not seeded again"
    assert len(served) == 2 and served[0]["factory"] is True, shlex.join(args)
