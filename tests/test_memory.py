"""A long ingest's memory: glibc hands large freed blocks back, and the search index's mapped
files are paged out of the resident set (app.memory)."""

from __future__ import annotations

import mmap
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.memory import IndexPager, page_out

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

SIZE = 8 * 1024 * 1024


def resident_kb(path: Path) -> int:
    """Resident kB of this process's mapping of `path` (0 when not mapped)."""
    found, total = False, 0
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5:  # a mapping's header line
                found = len(fields) == 6 and fields[5] == str(path.resolve())
            elif found and fields[0] == "Rss:":
                total += int(fields[1])
    return total


def mapped_and_read(path: Path) -> mmap.mmap:
    path.write_bytes(b"x" * SIZE)
    with path.open("rb") as handle:
        mapping = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    sum(mapping[offset] for offset in range(0, SIZE, mmap.PAGESIZE))  # every page resident
    return mapping


def test_page_out_drops_the_folders_mapped_pages_and_no_others(tmp_path: Path) -> None:
    index, elsewhere = tmp_path / "index", tmp_path / "elsewhere"
    index.mkdir()
    elsewhere.mkdir()
    inside = mapped_and_read(index / "segment.idx")
    outside = mapped_and_read(elsewhere / "other.idx")
    try:
        assert resident_kb(index / "segment.idx") >= SIZE // 1024 * 0.9
        if not page_out(index):
            pytest.skip("no MADV_PAGEOUT in this kernel")
        assert resident_kb(index / "segment.idx") < SIZE // 1024 * 0.1
        assert resident_kb(elsewhere / "other.idx") >= SIZE // 1024 * 0.9
        assert inside[SIZE - 1 : SIZE] == b"x"  # the data is still there, read back on demand
    finally:
        inside.close()
        outside.close()


def test_pager_pages_out_while_it_runs_and_stops_at_close(tmp_path: Path) -> None:
    mapping = mapped_and_read(tmp_path / "segment.idx")
    try:
        if not page_out(tmp_path):
            pytest.skip("no MADV_PAGEOUT in this kernel")
        with IndexPager(tmp_path, every=0.01) as pager:
            sum(mapping[offset] for offset in range(0, SIZE, mmap.PAGESIZE))
            pager.start()
            pager.start()  # once is enough: a second start changes nothing
            deadline = time.monotonic() + 5
            while resident_kb(tmp_path / "segment.idx") > SIZE // 1024 * 0.1:
                assert time.monotonic() < deadline, "the pager never paged the file out"
                time.sleep(0.01)
        sum(mapping[offset] for offset in range(0, SIZE, mmap.PAGESIZE))
        time.sleep(0.05)
        assert resident_kb(tmp_path / "segment.idx") >= SIZE // 1024 * 0.9  # stopped
    finally:
        mapping.close()


def test_a_pager_never_started_closes() -> None:
    IndexPager(Path("/nonexistent")).close()


# A 1 MB block freed, then another taken: from its own pages (mmap) or from the heap, where
# the space stays after it is freed. glibc's default threshold rises to the freed block's size.
_BLOCKS = textwrap.dedent(
    """
    import ctypes, sys
    from app.memory import limit_heap_growth

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL("libc.so.6")
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    libc.mallinfo2.restype = MallInfo2
    if sys.argv[1] == "limited":
        assert limit_heap_growth()
    libc.free(libc.malloc(1 << 20))
    before = libc.mallinfo2().hblks
    block = libc.malloc(1 << 20)
    print(libc.mallinfo2().hblks - before)
    """
)


def _mapped_blocks(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _BLOCKS, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


def test_large_blocks_keep_pages_of_their_own_after_one_is_freed() -> None:
    try:
        default = _mapped_blocks("default")
    except subprocess.CalledProcessError:
        pytest.skip("not glibc")
    assert default == 0  # glibc's own threshold rose: the block came from the heap
    assert _mapped_blocks("limited") == 1
