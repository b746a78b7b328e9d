"""The worker pool: results in input order, and the parent's objects frozen for the
collector while forked workers share them (each collection would copy them into every worker)."""

from __future__ import annotations

import gc

from app.ingest_pool import ordered_map


def _doubled(chunk: list[int]) -> list[tuple[int, int]]:
    return [(item, 2 * item) for item in chunk]


def test_results_come_back_in_input_order_from_two_workers() -> None:
    assert list(ordered_map(_doubled, range(500), workers=2)) == [(i, 2 * i) for i in range(500)]


def test_the_parent_s_objects_are_frozen_while_the_pool_lives_and_not_after() -> None:
    before = gc.get_freeze_count()
    results = ordered_map(_doubled, range(200), workers=2)
    next(results)
    assert gc.get_freeze_count() > before
    list(results)
    assert gc.get_freeze_count() == 0
