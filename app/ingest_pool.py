"""The heavy half of an ingest (parsing and normalizing) spread over worker processes, results
coming back in input order, with a bounded number of chunks in flight so memory stays flat
whatever the input's size. The store writer stays one: the caller, in the main process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain
from typing import TypeVar

from app.memory import frozen_heap, libc

T = TypeVar("T")
R = TypeVar("R")

CHUNK_ITEMS = 64  # items sent to a worker at once: the pickling cost spread, latency kept low
CHUNK_BYTES = 4 * 1024 * 1024  # ... or fewer when they are large (whole pages)
IN_FLIGHT_PER_WORKER = 3  # chunks queued per worker: enough to keep it busy, no more
IN_FLIGHT_BYTES = 24 * 1024 * 1024  # ... and no more input than this ahead for a caller's batch
_PR_SET_PDEATHSIG = 1  # prctl option, <linux/prctl.h>


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(items: Iterable[T], size_of: Callable[[T], int]) -> Iterator[tuple[list[T], int]]:
    """The items in chunks, each with its size."""
    chunk: list[T] = []
    weight = 0
    for item in items:
        chunk.append(item)
        weight += size_of(item)
        if len(chunk) >= CHUNK_ITEMS or weight >= CHUNK_BYTES:
            yield chunk, weight
            chunk, weight = [], 0
    if chunk:
        yield chunk, weight


def _start_method() -> str:
    """fork where there is one: workers start at once with the parent's modules loaded (spawn
    makes each import the normalizer again, about a second of CPU apiece). The parent runs no
    other thread when the pool starts (the progress bar refreshes from the writer's loop) and
    workers never touch its database connections; they leave with os._exit, running no
    finalizer over them."""
    return "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"


def _start_worker(parent: int) -> None:
    """Ctrl-C is the main process's to handle (it commits and reports): workers ignore it and
    carry on until it shuts them down. When the main process dies (kill -9), its workers die
    with it (Linux's parent-death signal) rather than linger as orphans."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    c_library = libc()
    if c_library is not None:
        c_library.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)


def ordered_map(
    work: Callable[[list[T]], list[R]],
    items: Iterable[T],
    workers: int,
    size_of: Callable[[T], int] = lambda _: 0,
    ahead: int = 0,
) -> Iterator[R]:
    """work() over chunks of items, in `workers` processes (in this one when workers <= 1),
    results in input order. `work` must be a module-level function (it is pickled).

    At least `ahead` items stay in flight, up to IN_FLIGHT_BYTES of input: a caller that takes
    its results a batch at a time and then works on the batch (the store writer) passes its
    batch size, so the workers prepare the next batch meanwhile instead of idling once their
    few queued chunks are done.
    """
    if workers <= 1:
        yield from chain.from_iterable(work(chunk) for chunk, _ in chunks(items, size_of))
        return
    context = multiprocessing.get_context(_start_method())
    # A forked worker shares this process's objects until something writes to them; the
    # collector's passes over them would, copying some 30 MB into each worker. Frozen (left out
    # of collections, here and in the workers) while the pool lives.
    with frozen_heap():
        pool = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
        )
        pending: deque[tuple[Future[list[R]], int]] = deque()
        least = workers * IN_FLIGHT_PER_WORKER
        most = max(least, -(-ahead // CHUNK_ITEMS) + workers)
        in_bytes = 0
        try:
            for chunk, weight in chunks(items, size_of):
                pending.append((pool.submit(work, chunk), weight))
                in_bytes += weight
                while len(pending) >= most or (
                    len(pending) >= least and in_bytes >= IN_FLIGHT_BYTES
                ):
                    future, done = pending.popleft()
                    in_bytes -= done
                    yield from future.result()
            while pending:
                yield from pending.popleft()[0].result()
        finally:
            for future, _ in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
