from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.config import get_settings
from tests.conftest import SEEDS

runner = CliRunner()


@pytest.fixture(autouse=True)
def store(database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSSTORE_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_normalize_prints_one_json_line_per_input_with_its_source() -> None:
    result = runner.invoke(app, ["normalize", str(SEEDS)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 5
    assert {Path(r["source"]).name for r in records} == {p.name for p in SEEDS.glob("*.txt")}
    assert all("removed" not in r and r["body"] for r in records)


def test_normalize_explain_lists_removed_lines_with_reasons() -> None:
    result = runner.invoke(app, ["normalize", "--explain", str(SEEDS / "002_c669644affc8c4a1.txt")])
    assert result.exit_code == 0
    record = json.loads(result.stdout.splitlines()[0])
    assert record["removed"], "002 carries a sidebar and a cookie line"
    assert all(line["reason"] for line in record["removed"])
    assert "removed [" in result.stderr


def test_ingest_then_reingest_is_idempotent() -> None:
    first = runner.invoke(app, ["ingest", str(SEEDS)])
    second = runner.invoke(app, ["ingest", str(SEEDS)])
    assert first.exit_code == second.exit_code == 0
    assert "5 added" in first.stdout
    assert "5 unchanged" in second.stdout


def test_ingest_exit_code_says_when_a_source_failed(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(tmp_path), str(SEEDS)])
    assert result.exit_code == 1
    assert "5 added" in result.stdout
    assert "empty.txt: empty file" in result.stderr


def test_db_upgrade() -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0
    assert "head" in result.stdout


def test_serve_starts_the_number_of_workers_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    started: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: started.update(options))
    result = runner.invoke(app, ["serve", "--workers", "3", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (started["workers"], started["port"], started["factory"]) == (3, 8123, True)


def test_serve_trusts_forwarded_headers_only_from_the_configured_proxies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    started: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: started.update(options))
    monkeypatch.setenv("NEWSSTORE_FORWARDED_ALLOW_IPS", "10.0.0.5,10.0.0.6")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["serve"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert started["proxy_headers"] is True
    assert started["forwarded_allow_ips"] == "10.0.0.5,10.0.0.6"
