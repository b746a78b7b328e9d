"""Files and folders -> RawInput records, with manifests applied and bad files reported by name.

Accepted: .txt (raw scraped text), .html/.htm, .json/.jsonl/.jsonl.gz records
({url?, outlet?, published_at?, title?, text? | html?}); a `manifest.jsonl` beside the files
supplies url/outlet/published_at per file name and wins over what the text suggests.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from pydantic import ValidationError

from app.normalize import RawInput

MANIFEST_NAME = "manifest.jsonl"
TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
RECORD_SUFFIXES = {".json", ".jsonl", ".jsonl.gz"}
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class InputError:
    """A source that could not be read; the rest of the batch goes on."""

    source: str
    reason: str


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def is_supported(path: Path) -> bool:
    return path.name != MANIFEST_NAME and _suffix(path) in (
        TEXT_SUFFIXES | HTML_SUFFIXES | RECORD_SUFFIXES
    )


def expand(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Files as given, folders walked recursively in name order; missing paths are errors, and
    so are links in a folder that lead nowhere (they were meant to be read)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if is_supported(p)):
                if found.is_file():
                    yield found
                elif found.is_symlink() and not found.exists():
                    yield InputError(str(found), "unreadable: a symbolic link to nothing")
        elif path.is_file():
            yield path
        else:
            yield InputError(str(path), "no such file or directory")


def _parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 to UTC (a time without zone is taken as UTC, as everywhere in newsstore)."""
    if value in (None, ""):
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError as error:
        raise ValueError(f"published_at {value} is out of range in UTC") from error


class Manifests:
    """Loads each folder's manifest.jsonl once and answers per-file metadata."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, dict[str, Any]]] = {}
        self.errors: list[InputError] = []

    def entry_for(self, path: Path) -> dict[str, Any]:
        folder = path.parent.resolve()
        if folder not in self._by_folder:
            self._by_folder[folder] = self._load(folder / MANIFEST_NAME)
        return self._by_folder[folder].get(path.name, {})

    def _load(self, manifest: Path) -> dict[str, dict[str, Any]]:
        entries: dict[str, dict[str, Any]] = {}
        if not manifest.is_file():
            return entries
        for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                entries[str(entry["file"])] = entry
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                reason = f"bad manifest line: {error}"
                self.errors.append(InputError(f"{manifest}:{number}", reason))
        return entries


def _from_file(path: Path, data: bytes, manifest: dict[str, Any]) -> RawInput:
    published = _parse_datetime(manifest.get("published_at"))
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


def record_to_input(record: dict[str, Any], source: str) -> RawInput:
    """A JSON record: fields given are taken as they are; its text or html is normalized."""
    if not isinstance(record, dict):
        raise ValueError("a record must be a JSON object")
    html, text = record.get("html"), record.get("text")
    if not isinstance(html or text, str) or not (html or text).strip():
        raise ValueError("a record needs a non-empty 'text' or 'html' string")
    published = _parse_datetime(record.get("published_at"))
    return RawInput(
        content=html or text,
        format="html" if html else "text",
        source=source,
        url=record.get("url"),
        outlet=record.get("outlet"),
        published_at=published,
        published_at_source="record" if published else None,
        title=record.get("title"),
        given_by="record",
    )


def _record_items(path: Path) -> Iterator[tuple[str, Any]]:
    """(source, parsed JSON or its JSONDecodeError) per record: a bad line spoils no other."""
    if _suffix(path) == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        for number, item in enumerate(data if isinstance(data, list) else [data], 1):
            yield f"{path}:{number}", item
        return
    opener = gzip.open if _suffix(path) == ".jsonl.gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield f"{path}:{number}", json.loads(line)
                except json.JSONDecodeError as error:
                    yield f"{path}:{number}", error


def _records(path: Path) -> Iterator[RawInput | InputError]:
    for source, item in _record_items(path):
        if isinstance(item, json.JSONDecodeError):
            yield InputError(source, f"invalid JSON: {item}")
            continue
        try:
            yield record_to_input(item, source)
        except (ValueError, ValidationError) as error:
            yield InputError(source, str(error).splitlines()[0])


def read_inputs(paths: Iterable[Path]) -> Iterator[RawInput | InputError]:
    """Every article found under `paths`, or an InputError naming the source and the reason."""
    manifests = Manifests()
    for item in expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        yield from _read_one(item, manifests)
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


def _read_one(path: Path, manifests: Manifests) -> Iterator[RawInput | InputError]:
    if not is_supported(path):
        yield InputError(str(path), f"unsupported file type {_suffix(path) or '(none)'}")
        return
    try:
        size = path.stat().st_size
        if size == 0:
            yield InputError(str(path), "empty file")
        elif size > MAX_FILE_BYTES:
            yield InputError(str(path), f"too large ({size} bytes, limit {MAX_FILE_BYTES})")
        elif _suffix(path) in RECORD_SUFFIXES:
            yield from _records(path)
        else:
            data = path.read_bytes()
            problem = _content_problem(data)
            if problem:
                yield InputError(str(path), problem)
            else:
                yield _from_file(path, data, manifests.entry_for(path))
    except UnicodeDecodeError as error:
        yield InputError(str(path), f"not UTF-8 (JSON records must be): {error}")
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        yield InputError(str(path), f"truncated or corrupt gzip, read up to here: {error}")
    except (OSError, ValueError) as error:
        yield InputError(str(path), f"unreadable: {error}")
