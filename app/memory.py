"""Keep a long ingest's memory flat and its collector cheap: how the C allocator hands memory
back, the search index's mapped files kept out of the resident set, and the objects a process
keeps for life left out of the garbage collector's passes.

The first two are Linux (glibc) matters and do nothing elsewhere (the third works on any
CPython). Measured on a bulk load of normalized records (tests/bench/README.md, "## Ingest"):
without them the main process's anonymous memory grew with every article (glibc's free lists:
64 MB in use, free space rising past 200 MB by 90,000 articles), and each large merge of the
search index's segments added their whole size as file-backed resident pages (411 MB at
270,000 articles).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

# <malloc.h>: mallopt's parameters.
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
# Allocations of this size and more get pages of their own (mmap), returned when freed.
MMAP_THRESHOLD_BYTES = 256 * 1024
ARENAS = 2  # the writer's thread and the index sync's; tantivy's threads share them
_MADV_PAGEOUT = 21  # <linux/mman.h>, Linux 5.4+
PAGE_OUT_SECONDS = 1.0


@cache
def libc() -> ctypes.CDLL | None:
    """The C library, looked up once: find_library runs a subprocess (ldconfig) each call."""
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def limit_heap_growth() -> bool:
    """Make glibc give freed memory back instead of keeping it in free lists that grow with the
    ingest; whether it took (False off glibc). Call before threads start.

    Two settings. A fixed mmap threshold: glibc's own rises to the size of the largest block
    freed (tantivy's writer frees 64 MB of 1 MB pages after every commit), after which those
    blocks come from the heap and their free space stays there. And two arenas, not eight per
    core: each of tantivy's short-lived writer threads otherwise takes an arena of its own and
    leaves its free space behind.
    """
    c_library = libc()
    if c_library is None or not hasattr(c_library, "mallopt"):
        return False
    threshold = c_library.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
    arenas = c_library.mallopt(_M_ARENA_MAX, ARENAS)
    return bool(threshold and arenas)


_frozen_lock = threading.Lock()
_frozen_depth = 0


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Leave the objects the process holds on entry out of the collector's passes until the
    outermost such block ends (blocks nest, in any thread); then they are collectable again.

    A process that has imported its modules and loaded the normalizer's models holds some
    170,000 objects that live as long as it does. Each full collection walks them all (70 to
    110 ms on a 2-core machine), and an ingest allocates enough to start one every few
    thousand articles, stories three times as often (tests/bench/README.md, session 30).
    Frozen, they cost no pass; and a forked worker shares their pages instead of getting
    copies of those the collector would write to. Objects made inside the block are collected
    as usual.
    """
    global _frozen_depth
    with _frozen_lock:
        _frozen_depth += 1
        if _frozen_depth == 1:
            gc.freeze()
    try:
        yield
    finally:
        with _frozen_lock:
            _frozen_depth -= 1
            if not _frozen_depth:
                gc.unfreeze()


def _mapped_ranges(folder: Path) -> Iterator[tuple[int, int]]:
    """Address ranges of this process's mappings of files in `folder` (those deleted since
    included: a merge's inputs stay mapped until it ends)."""
    prefix = f"{folder.resolve()}/"
    with open("/proc/self/maps") as maps:
        for line in maps:
            fields = line.split(maxsplit=5)
            if len(fields) == 6 and fields[5].startswith(prefix):
                start, end = fields[0].split("-")
                yield int(start, 16), int(end, 16)


@cache
def _madvise() -> Any:
    c_library = libc()
    if c_library is None:
        return None
    madvise = c_library.madvise
    madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    return madvise


def page_out(folder: Path) -> bool:
    """Hand the pages of files in `folder` mapped here back to the kernel (MADV_PAGEOUT);
    whether the kernel can (False before Linux 5.4 or off Linux).

    Those pages are page cache, which the kernel reclaims under pressure anyway, but while they
    are mapped they count in this process's resident set. MADV_PAGEOUT loses no data whatever
    the range holds by the time it runs (a mapping may be gone and its addresses reused: it
    would write anonymous pages to swap, never drop them), unlike MADV_DONTNEED.
    """
    madvise = _madvise()
    if madvise is None:
        return False
    for start, end in _mapped_ranges(folder):
        if madvise(start, end - start, _MADV_PAGEOUT) != 0:
            code = ctypes.get_errno()
            if code == errno.EINVAL:  # no MADV_PAGEOUT in this kernel
                return False
            # ENOMEM: unmapped since /proc/self/maps was read; nothing to do.
    return True


class IndexPager:
    """Pages out the search index's mapped files every `every` seconds (see page_out), in a
    thread of its own, so a merge of large segments, which reads them whole, does not keep
    them in the resident set until it ends. For bulk loads: a server wants its index's pages
    warm. The thread starts at the first `start` (as BackgroundSync's: an ingest's worker
    processes are forked by then, with no thread of this running) and stops at `close`."""

    def __init__(self, folder: Path, every: float = PAGE_OUT_SECONDS) -> None:
        self._folder = folder
        self._every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="index-page-out", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            if not page_out(self._folder):
                return

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def __enter__(self) -> IndexPager:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
