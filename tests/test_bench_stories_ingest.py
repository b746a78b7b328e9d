"""The stories ingest benchmark's --cli mode reads what `newsstore ingest` added from the
command's summary line (`ingested: ` and IngestReport.summary()), and starts every run from the
same copy of the filled store; in one process, it times the stories' own calls once each;
--http reads the server's CPU from /proc."""

from __future__ import annotations

import os
import sqlite3
import time
from collections import Counter
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.db import make_engine
from app.ingest import IngestReport
from app.inputs import InputError
from tests.bench import stories_ingest
from tests.bench.stories_ingest import StoriesClock, parse_summary, restored, snapshot


def test_the_last_summary_line_gives_the_counts_by_name():
    report = IngestReport(
        counts=Counter(added=4000, updated=2, duplicate=3),
        failures=[InputError("a.jsonl:7", "no body")],
        skipped=[InputError("b.pdf", "not an input", skipped=True)],
    )
    output = f"ingested: 1 added, 0 failed\nsome table\ningested: {report.summary()}\n"
    assert parse_summary(output) == {
        "added": 4000,
        "updated": 2,
        "unchanged": 0,
        "duplicate": 3,
        "failed": 1,
        "skipped": 1,
    }


def test_output_without_a_summary_line_is_an_error():
    with pytest.raises(ValueError):
        parse_summary("FAILED x.jsonl: empty file\n")


def _titles(url: str) -> list[str]:
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as store:
        return [title for (title,) in store.execute("SELECT title FROM article ORDER BY title")]


def test_every_run_starts_from_the_same_copy_of_the_store_and_its_index(tmp_path: Path):
    store = tmp_path / "stories.db"
    writer = sqlite3.connect(store)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE article (title TEXT)")
    writer.execute("INSERT INTO article VALUES ('filled')")
    writer.commit()  # in the WAL only while this connection stays open
    (tmp_path / "stories.db.index").mkdir()
    (tmp_path / "stories.db.index" / "meta.json").write_text("{}")

    engine = make_engine(f"sqlite:///{store}")
    filled = snapshot(engine, tmp_path / "filled")
    engine.dispose()  # its pooled connection: the test's own files, nothing left open
    first = restored(filled, tmp_path / "run")
    assert _titles(first) == ["filled"]
    assert (tmp_path / "run" / "store.db.index" / "meta.json").read_text() == "{}"
    with closing(sqlite3.connect(first.removeprefix("sqlite:///"))) as run:
        run.execute("INSERT INTO article VALUES ('added by the run')")
        run.commit()

    assert _titles(restored(filled, tmp_path / "run")) == ["filled"]
    writer.close()


def test_the_stories_clock_counts_a_call_inside_another_once_and_puts_the_calls_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticks = iter(range(100))
    monkeypatch.setattr(stories_ingest.time, "process_time", lambda: next(ticks))
    inner = SimpleNamespace(call=lambda: "inner")
    outer = SimpleNamespace(call=lambda: inner.call() + " in outer")
    originals = (inner.call, outer.call)
    monkeypatch.setattr(StoriesClock, "CALLS", ((inner, "call"), (outer, "call")))
    clock = StoriesClock()
    with clock.installed():
        # ticks 0 (outer starts), 1 (inner starts), 2 (outer ends): the inner call is inside
        assert outer.call() == "inner in outer"
        assert clock.seconds == 2
        assert inner.call() == "inner"  # ticks 3, 4
        assert clock.seconds == 3
    assert (inner.call, outer.call) == originals


def test_a_server_s_cpu_is_read_from_proc_as_the_process_counts_it():
    """--http reads the server's CPU from /proc/<pid>/stat (utime and stime): checked against
    this process's own count over some busy work."""
    pid = os.getpid()
    before, own = stories_ingest._process_cpu(pid), time.process_time()
    while time.process_time() - own < 0.3:
        sum(range(10_000))
    spent = stories_ingest._process_cpu(pid) - before
    assert spent == pytest.approx(time.process_time() - own, abs=0.05)
