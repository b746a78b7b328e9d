"""Files and folders -> what the ingest reads, streamed: pages, records, and every file that is
skipped or unreadable named with its reason.

Accepted: .txt (raw scraped text), .html/.htm, each also gzipped (.txt.gz, .html.gz, .htm.gz),
and records: .jsonl / .jsonl.gz (one JSON object a line) and .json / .json.gz (one object or
an array of them) with {url?, outlet?, published_at?, title?, text? | html?} or an article
normalized already (see app/records.py). Record files are read one record at a time, whatever
their size; a page is read whole and must be under MAX_PAGE_BYTES. A `manifest.jsonl` beside
the files supplies url/outlet/published_at per file name and wins over what the text suggests.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson
from charset_normalizer import from_bytes

from app.normalize import RawInput
from app.records import parse_datetime

MANIFEST_NAME = "manifest.jsonl"
TEXT_SUFFIXES = {".txt", ".txt.gz"}
HTML_SUFFIXES = {".html", ".htm", ".html.gz", ".htm.gz"}
RECORD_SUFFIXES = {".json", ".json.gz", ".jsonl", ".jsonl.gz"}
MAX_PAGE_BYTES = 50 * 1024 * 1024  # one page (decompressed); record files have no limit
_READ_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class InputError:
    """A source that could not be read, or a file a folder walk passed over (`skipped`): named
    with its reason; the rest of the batch goes on."""

    source: str
    reason: str
    skipped: bool = False


@dataclass(frozen=True)
class RecordItem:
    """One record of a record file, parsed or still a JSON line: parsing and normalizing it is
    left to whoever does the heavy work (a worker process)."""

    source: str
    payload: bytes | Any


@dataclass
class ReadProgress:
    """Bytes of the inputs read so far, against their total on disk (compressed files count
    what they take on disk): what a progress bar's fraction and ETA are computed from."""

    total: int = 0
    done: int = 0
    files: int = 0
    _finished: int = field(default=0, repr=False)

    def file_done(self, size: int) -> None:
        self._finished += size
        self.done = self._finished
        self.files += 1

    def within(self, offset: int) -> None:
        self.done = self._finished + offset


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for compound in (*TEXT_SUFFIXES, *HTML_SUFFIXES, *RECORD_SUFFIXES):
        if compound.endswith(".gz") and name.endswith(compound):
            return compound
    return path.suffix.lower()


def is_supported(path: Path) -> bool:
    return _suffix(path) in TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry under `folder`, depth first in name order, one folder's listing at a time
    (a million files never sit in memory at once)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=True):
            yield from _walk(path)
        else:
            yield path


def expand(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Files as given; folders walked recursively in name order, where every file that is not
    read is reported as skipped with its reason (a link to nothing, an unsupported type).
    Missing paths are errors."""
    for path in paths:
        if path.is_dir():
            for found in _walk(path):
                if found.name == MANIFEST_NAME:
                    continue
                if not found.exists():
                    yield InputError(str(found), "unreadable: a symbolic link to nothing")
                elif not is_supported(found):
                    kind = _suffix(found) or "(no suffix)"
                    yield InputError(str(found), f"unsupported file type {kind}", True)
                elif found.is_file():
                    yield found
                else:
                    yield InputError(str(found), "not a regular file", True)
        elif path.is_file():
            yield path
        else:
            yield InputError(str(path), "no such file or directory")


def total_size(paths: Iterable[Path]) -> int:
    """Bytes on disk of every file the ingest of `paths` would read (for progress)."""
    total = 0
    for item in expand(paths):
        if isinstance(item, Path):
            try:
                total += item.stat().st_size
            except OSError:
                continue
    return total


class Manifests:
    """Loads each folder's manifest.jsonl once and answers per-file metadata."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, dict[str, Any]]] = {}
        self._loaded: set[Path] = set()
        self.errors: list[InputError] = []

    def entry_for(self, path: Path) -> dict[str, Any]:
        folder = path.parent.resolve()
        if folder not in self._by_folder:
            self._by_folder.clear()  # a folder's files come together: keep one manifest
            self._by_folder[folder] = self._load(folder / MANIFEST_NAME, folder in self._loaded)
            self._loaded.add(folder)
        return self._by_folder[folder].get(path.name, {})

    def _load(self, manifest: Path, again: bool) -> dict[str, dict[str, Any]]:
        entries: dict[str, dict[str, Any]] = {}
        if not manifest.is_file():
            return entries
        with manifest.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                    entries[str(entry["file"])] = entry
                except (json.JSONDecodeError, KeyError, TypeError) as error:
                    if not again:
                        reason = f"bad manifest line: {error}"
                        self.errors.append(InputError(f"{manifest}:{number}", reason))
        return entries


def _from_file(path: Path, data: bytes, manifest: dict[str, Any]) -> RawInput:
    published = parse_datetime(manifest.get("published_at"))
    return RawInput(
        content=data,
        format="html" if _suffix(path) in HTML_SUFFIXES else "text",
        source=str(path),
        url=manifest.get("url"),
        outlet=manifest.get("outlet"),
        published_at=published,
        published_at_source="manifest" if published else None,
        title=manifest.get("title"),
        given_by="manifest" if manifest else None,
    )


class _Counted(io.RawIOBase):
    """A file's bytes as read from disk, counted, so that progress follows a gzip stream
    through its compressed size."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        read = self._handle.readinto(buffer)  # type: ignore[attr-defined]
        self.count += read or 0
        return read or 0


def _open_records(path: Path, counted: _Counted) -> IO[bytes]:
    stream = io.BufferedReader(counted, _READ_CHUNK)
    return gzip.GzipFile(fileobj=stream, mode="rb") if path.name.lower().endswith(".gz") else stream


def _first_byte(handle: IO[bytes]) -> bytes:
    """The first non-blank byte of a stream that can peek (BufferedReader, GzipFile)."""
    while True:
        head = handle.peek(64)  # type: ignore[attr-defined]
        if not head:
            return b""
        stripped = head.lstrip()
        if stripped:
            return stripped[:1]
        handle.read(len(head))


def _record_items(path: Path, progress: ReadProgress | None) -> Iterator[RecordItem | InputError]:
    """One item per record, a bad record spoiling no other. JSON Lines go out as lines (parsed
    where they are normalized); a JSON array is parsed here as a stream (ijson)."""
    with path.open("rb") as raw:
        counted = _Counted(raw)
        handle = _open_records(path, counted)
        suffix = _suffix(path)
        if suffix in {".json", ".json.gz"}:
            yield from _json_items(path, handle, counted, progress)
            return
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield RecordItem(f"{path}:{number}", line)
            if progress is not None and number % 256 == 0:
                progress.within(counted.count)


def _json_items(
    path: Path, handle: IO[bytes], counted: _Counted, progress: ReadProgress | None
) -> Iterator[RecordItem | InputError]:
    if _first_byte(handle) != b"[":  # one object: a single record
        text = handle.read()
        yield RecordItem(f"{path}:1", text)
        return
    number = 0
    try:
        for number, record in enumerate(ijson.items(handle, "item", use_float=True), 1):
            if not isinstance(record, dict):
                yield InputError(f"{path}:{number}", "a record must be a JSON object")
                continue
            yield RecordItem(f"{path}:{number}", record)
            if progress is not None and number % 256 == 0:
                progress.within(counted.count)
    except ijson.JSONError as error:
        reason = f"invalid JSON after record {number}, the rest of the file is unread: {error}"
        yield InputError(f"{path}:{number + 1}", reason)


def read_inputs(
    paths: Iterable[Path], progress: ReadProgress | None = None
) -> Iterator[RawInput | RecordItem | InputError]:
    """Every article found under `paths` (a page, or a record still to parse), or an InputError
    naming the source and the reason. `progress`, when given, follows the bytes read."""
    manifests = Manifests()
    for item in expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        yield from _read_one(item, manifests, progress)
        if progress is not None:
            try:
                progress.file_done(item.stat().st_size)
            except OSError:
                progress.file_done(0)
    yield from manifests.errors


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-8/16/32 say what they are


def _content_problem(data: bytes) -> str | None:
    """Why these bytes are not text or HTML we can decode, or None when they are."""
    if data.startswith(_BOMS):
        return None
    if b"\x00" in data[:8192]:
        return "binary content (NUL bytes), not text or HTML"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if from_bytes(data[:65536]).best() is None:
            return "unknown encoding: not UTF-8 and no other charset fits"
    return None


def _page_bytes(path: Path) -> bytes | str:
    """The page's bytes (decompressed), or why they are not read: too large, first of all
    (a gzip is read only up to the limit, so a small file cannot blow up in memory)."""
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            data = handle.read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            return f"too large (over {MAX_PAGE_BYTES} bytes decompressed)"
        return data if data else "empty file (nothing inside the gzip)"
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        return f"too large ({size} bytes, limit {MAX_PAGE_BYTES} for a page)"
    return path.read_bytes()


def _read_one(
    path: Path, manifests: Manifests, progress: ReadProgress | None
) -> Iterator[RawInput | RecordItem | InputError]:
    if not is_supported(path):
        yield InputError(str(path), f"unsupported file type {_suffix(path) or '(none)'}")
        return
    try:
        if path.stat().st_size == 0:
            yield InputError(str(path), "empty file")
        elif _suffix(path) in RECORD_SUFFIXES:
            yield from _record_items(path, progress)
        else:
            data = _page_bytes(path)
            problem = data if isinstance(data, str) else _content_problem(data)
            if problem:
                yield InputError(str(path), problem)
            elif isinstance(data, bytes):
                yield _from_file(path, data, manifests.entry_for(path))
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        yield InputError(str(path), f"truncated or corrupt gzip, read up to here: {error}")
    except (OSError, ValueError) as error:
        yield InputError(str(path), f"unreadable: {error}")
