"""The worker pool: results in input order, and the parent's objects frozen for the
collector while forked workers share them (each collection would copy them into every worker)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

from app.ingest_pool import IN_FLIGHT_PER_WORKER, ordered_map


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


def test_a_batch_s_worth_of_items_is_in_flight_before_the_first_result_is_taken() -> None:
    """The writer takes a batch, then stores it: the workers must have the next batch to work
    on meanwhile, not just a few chunks."""
    taken = []

    def items() -> Iterator[int]:
        for item in range(3000):
            taken.append(item)
            yield item

    results = ordered_map(_doubled, items(), workers=2, ahead=1000)
    assert next(results) == (0, 0)
    assert len(taken) >= 1000
    assert list(results)[-1] == (2999, 5998)


def test_large_inputs_are_kept_in_flight_up_to_a_byte_budget_only() -> None:
    """Whole pages are large: a batch's worth of them ahead would hold them all in memory."""
    taken = []

    def items() -> Iterator[int]:
        for item in range(100):
            taken.append(item)
            yield item

    five_mb = 5 * 1024 * 1024
    results = ordered_map(_doubled, items(), workers=2, size_of=lambda _: five_mb, ahead=1000)
    assert next(results) == (0, 0)
    assert len(taken) <= 2 * IN_FLIGHT_PER_WORKER + 1  # each worker's few chunks, not 1,000
    assert len(list(results)) == 99
