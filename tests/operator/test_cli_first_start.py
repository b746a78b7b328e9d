"""The command line a new operator meets: help without type noise, --version, `config` with
secrets masked, and one clear line (naming the setting) for a taken port, a store directory
that cannot be made and a read-only store."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from app import __version__, cli
from app.config import get_settings
from app.startup_errors import explain

runner = CliRunner()
NEWSSTORE = Path(sys.executable).parent / "newsstore"


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `newsstore` entry point, as a user runs it."""
    return subprocess.run(
        [str(NEWSSTORE), *args], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.mark.parametrize(
    "args", [["--help"], ["ingest", "--help"], ["serve", "--help"], ["db", "copy", "--help"]]
)
def test_help_has_no_type_noise(args: list[str]) -> None:
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0
    assert "<" not in result.stdout and "list[" not in result.stdout, result.stdout


def test_db_help_names_every_db_command() -> None:
    result = runner.invoke(cli.app, ["db", "--help"])
    for command in ("upgrade", "copy", "check", "backup"):
        assert f"  {command}" in result.stdout
    assert "upgrade, copy, check, backup" in result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"newsstore {__version__}"


def test_config_prints_the_effective_settings_with_secrets_masked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    digest = "ab" * 32
    monkeypatch.setenv("NEWSSTORE_API_KEY_HASHES", f"{digest},{'cd' * 32}")
    monkeypatch.setenv("NEWSSTORE_DATABASE_URL", "postgresql+psycopg://news:hunter2@db:5432/ns")
    monkeypatch.setenv("NEWSSTORE_PORT", "9001")
    result = runner.invoke(cli.app, ["config"])
    assert result.exit_code == 0
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert lines["NEWSSTORE_PORT"] == "9001  # set"
    assert lines["NEWSSTORE_HOST"] == "127.0.0.1"
    assert lines["NEWSSTORE_API_KEY_HASHES"] == "<2 digests, masked>  # set"
    assert lines["NEWSSTORE_READ_KEY_HASHES"] == ""
    assert lines["NEWSSTORE_DATABASE_URL"] == "postgresql+psycopg://news:***@db:5432/ns  # set"
    assert digest not in result.stdout and "hunter2" not in result.stdout
    assert len(lines) == len(type(get_settings()).model_fields)


def test_a_taken_port_is_one_line_naming_the_setting(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = {"NEWSSTORE_DATABASE_URL": f"sqlite:///{tmp_path / 'n.db'}", "PATH": "/usr/bin"}
        result = run("serve", "--port", str(port), env=env)
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "NEWSSTORE_PORT" in result.stderr and "Traceback" not in result.stderr


def test_a_store_directory_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a directory")
    url = f"sqlite:///{tmp_path / 'afile' / 'data' / 'n.db'}"
    result = run("db", "upgrade", env={"NEWSSTORE_DATABASE_URL": url, "PATH": "/usr/bin"})
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "cannot create the store's directory" in result.stderr
    assert "NEWSSTORE_DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_a_read_only_store_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A real SQLite read-only error (root ignores file modes, so the store is opened in
    SQLite's read-only mode) as `newsstore db upgrade` meets it."""
    path = tmp_path / "ro.db"
    sqlite3.connect(path).close()
    readonly = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as raised:
        readonly.execute("CREATE TABLE t (x)")
    readonly.close()
    error = OperationalError("CREATE TABLE", {}, raised.value)

    def upgrade(*_args: object) -> None:
        raise error

    monkeypatch.setenv("NEWSSTORE_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setattr(cli, "upgrade", upgrade)
    with pytest.raises(SystemExit) as exited:
        cli.main(["db", "upgrade"])
    assert exited.value.code == 1
    line = capsys.readouterr().err.strip()
    assert line.count("\n") == 0
    assert line.startswith(f"newsstore: the store sqlite:///{path} is read-only")
    assert "NEWSSTORE_DATABASE_URL" in line


def test_other_errors_are_not_dressed_up() -> None:
    assert explain(ValueError("a bug"), "sqlite:///x.db") is None
    assert explain(FileNotFoundError(2, "gone", "/elsewhere/input.txt"), "sqlite:///x.db") is None
