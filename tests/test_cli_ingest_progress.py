"""`newsstore ingest` as a user sees it: on a pseudo-terminal a live bar (articles, rate, ETA)
and the summary table; without a terminal, plain periodic lines; Ctrl-C commits what was done
and says how to resume. Each runs the real command in a subprocess."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.api.writing import article
from tests.conftest import SEEDS

NEWSSTORE = str(Path(sys.executable).parent / "newsstore")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")
_WAIT_SECONDS = 120  # a bound for a hung command, not a speed expectation


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSSTORE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "NEWSSTORE_INGEST_BATCH_SIZE": "5",
        "COLUMNS": "160",
        "TERM": "xterm-256color",
        **extra,
    }


def _records(path: Path, count: int) -> Path:
    path.write_text("".join(json.dumps(article(n)) + "\n" for n in range(count)))
    return path


def _on_terminal(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run with stdout and stderr on a pseudo-terminal; (exit code, everything it printed)."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(command, env=env, stdout=terminal, stderr=terminal)
    os.close(terminal)
    chunks = []
    deadline = time.monotonic() + _WAIT_SECONDS
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 1)
        if not ready:
            if process.poll() is not None:
                break
            continue
        try:
            data = os.read(controller, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not data:
            break
        chunks.append(data)
    os.close(controller)
    return process.wait(timeout=_WAIT_SECONDS), b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_a_bar_with_count_rate_and_eta_then_the_summary_table(
    tmp_path: Path,
) -> None:
    records = _records(tmp_path / "records.jsonl", 40)
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "notes.md").write_text("not an article")
    code, shown = _on_terminal(
        [NEWSSTORE, "ingest", "--workers", "1", str(records), str(tmp_path / "inputs")],
        _env(tmp_path),
    )
    assert "\x1b[" in shown  # drawn with terminal control sequences: a live bar
    text = _ANSI.sub("", shown)
    assert code == 0, text
    assert "ingest" in text and "100%" in text and "ETA" in text
    assert re.search(r"40 articles\s+[\d,]+/s", text), text
    assert "ingest summary" in text
    for outcome, count in (("added", 40), ("updated", 0), ("unchanged", 0), ("failed", 0)):
        assert re.search(rf"{outcome}\s*│\s*{count}\s*│", text), (outcome, text)
    assert re.search(r"skipped\s*│\s*1\s*│\s*unsupported file type \.md \(1\)", text), text
    assert f"SKIPPED {tmp_path / 'inputs' / 'notes.md'}: unsupported file type .md" in (text)


def test_without_a_terminal_plain_periodic_lines_and_no_control_sequences(
    tmp_path: Path,
) -> None:
    records = _records(tmp_path / "records.jsonl", 30)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"url": "https://example.org/x"}\nnot json\n')
    result = subprocess.run(
        [NEWSSTORE, "ingest", "--progress-interval", "0", str(records), str(broken)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=_WAIT_SECONDS,
    )
    assert result.returncode == 1  # two records failed
    lines = result.stderr.splitlines()
    progress = [line for line in lines if line.startswith("... ")]
    assert len(progress) >= 6, result.stderr  # one a batch of 5 at interval 0
    assert all(re.match(r"\.\.\. [\d,]+ articles, [\d,]+/s, \d+% of ", p) for p in progress)
    assert progress[-1].startswith("... 30 articles")
    assert "\x1b[" not in result.stderr + result.stdout
    assert f"FAILED {broken}:1: a record needs a non-empty 'text' or 'html' string" in lines
    assert any(line.startswith(f"FAILED {broken}:2: invalid JSON") for line in lines)
    assert "ingested: 30 added, 0 updated, 0 unchanged, 0 duplicate, 2 failed" in result.stdout
    assert re.search(r"failed\s*│\s*2\s*│", result.stdout)


def _ctrl_c_as_in_a_terminal() -> None:
    """In the child before it starts: SIGINT's default action, as a shell gives a command run
    in a terminal, even when the test run was started with SIGINT ignored (by nohup, or in the
    background), which the child would inherit and the command then leave alone."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_commits_what_was_done_and_says_how_to_resume(tmp_path: Path) -> None:
    records = _records(tmp_path / "records.jsonl", 400)
    command = [NEWSSTORE, "ingest", "--workers", "1", "--progress-interval", "0", str(records)]
    process = subprocess.Popen(
        command,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    assert process.stderr is not None
    first = process.stderr.readline()  # the first batch is committed: interrupt now
    assert first.startswith("... "), first
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=_WAIT_SECONDS)
    assert process.returncode == 130, stderr
    added = int(re.search(r"ingested: (\d+) added", stdout).group(1))  # type: ignore[union-attr]
    assert 5 <= added < 400
    assert "interrupted" in stderr and "run the same command again to resume" in stderr
    rerun = subprocess.run(
        command, env=_env(tmp_path), capture_output=True, text=True, timeout=_WAIT_SECONDS
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"ingested: {400 - added} added, 0 updated, {added} unchanged" in rerun.stdout


def test_a_folder_of_seeds_on_a_terminal_ends_with_exit_0(tmp_path: Path) -> None:
    code, shown = _on_terminal([NEWSSTORE, "ingest", str(SEEDS)], _env(tmp_path))
    text = _ANSI.sub("", shown)
    assert code == 0, text
    assert re.search(r"added\s*│\s*5\s*│", text), text
