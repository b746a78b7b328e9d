"""What a process keeps for life is left out of the collector's passes while it ingests or
serves (app.memory.frozen_heap), with the normalizer's models loaded first (app.ingest.warm_up)."""

from __future__ import annotations

import gc
import threading
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.ingest import WARM_UP_RECORD, ingest, prepare
from app.inputs import RecordItem, read_inputs
from app.main import create_app
from app.memory import frozen_heap
from app.store import ArticleRow
from tests.conftest import SEEDS


def test_blocks_nest_and_the_heap_thaws_when_the_outermost_ends() -> None:
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with frozen_heap():
            made_inside = [[n] for n in range(1000)]
            assert gc.get_freeze_count() == frozen  # objects made inside are collected as usual
        assert gc.get_freeze_count() == frozen
        assert gc.is_tracked(made_inside)
    assert gc.get_freeze_count() == 0


def test_a_block_left_by_another_thread_first_keeps_the_heap_frozen_until_this_one_ends() -> None:
    entered, leave = threading.Event(), threading.Event()

    def held_in_a_thread() -> None:
        with frozen_heap():
            entered.set()
            leave.wait(timeout=10)

    thread = threading.Thread(target=held_in_a_thread)
    with frozen_heap():
        thread.start()
        assert entered.wait(timeout=10)
    assert gc.get_freeze_count() > 0  # the thread's block is still open
    leave.set()
    thread.join(timeout=10)
    assert gc.get_freeze_count() == 0


def test_an_ingest_runs_with_the_heap_frozen_and_thaws_it_at_the_end(engine: Engine) -> None:
    frozen_at_each_batch: list[int] = []
    report = ingest(
        engine,
        read_inputs([SEEDS]),
        batch_size=2,
        progress=lambda _: frozen_at_each_batch.append(gc.get_freeze_count()),
    )
    assert report.counts["added"] == 5
    assert len(frozen_at_each_batch) == 3
    assert all(count > 0 for count in frozen_at_each_batch)
    assert gc.get_freeze_count() == 0


def test_the_warm_up_record_goes_through_the_whole_normalizer() -> None:
    """A record the normalizer refused or cut short would leave models unloaded."""
    prepared = prepare(RecordItem("warm-up", WARM_UP_RECORD), datetime.now(UTC))
    assert isinstance(prepared, ArticleRow)
    assert prepared.values["language"] == "en"
    assert prepared.outlet is not None and prepared.outlet.domain == "example.com"


def test_a_server_keeps_its_heap_frozen_while_it_runs(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").status_code == 200
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
