"""Export encodings, one record at a time so a response can stream: NDJSON, CSV and Atom."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, Literal
from xml.sax.saxutils import escape, quoteattr

import orjson

from app.schemas import present_score
from app.store import as_utc

ExportFormat = Literal["ndjson", "csv", "atom"]
MEDIA_TYPES: dict[ExportFormat, str] = {
    "ndjson": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}
CSV_COLUMNS = (
    "id",
    "url",
    "outlet",
    "title",
    "subtitle",
    "published_at",
    "language",
    "authors",
    "word_count",
    "sources_cited",
    "story_id",
    "score",
    "body",
)
# Characters XML 1.0 forbids: a feed with one of them is not well-formed.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def in_chunks(pieces: Iterable[str | bytes], size: int = 64 * 1024) -> Iterator[bytes]:
    """Gather small pieces into ~`size`-byte chunks: each chunk costs the server one hop from
    the worker thread, so one per record would dominate the export time."""
    buffer, length = [], 0
    for piece in pieces:
        data = piece.encode() if isinstance(piece, str) else piece
        buffer.append(data)
        length += len(data)
        if length >= size:
            yield b"".join(buffer)
            buffer, length = [], 0
    if buffer:
        yield b"".join(buffer)


def presented(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Records as the API shows them: a search hit's `score` on the 0..1 scale of /search."""
    for record in records:
        if record.get("score") is not None:
            record = record | {"score": present_score(record["score"])}
        yield record


def ndjson_lines(records: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    for record in presented(records):
        yield orjson.dumps(record) + b"\n"


def csv_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One header row, then one row per record; lists are joined with "; ". `score` is filled
    for search exports (0..1, as on /search) and empty for /articles/export, which ranks
    nothing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for record in presented(records):
        writer.writerow(_csv_value(record, column) for column in CSV_COLUMNS)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _csv_value(record: dict[str, Any], column: str) -> object:
    value = record.get(column)
    if column == "outlet":
        return value["slug"] if value else ""
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None else value


def atom_lines(
    records: Iterable[dict[str, Any]], *, title: str, self_url: str, updated: datetime
) -> Iterator[str]:
    """An Atom 1.0 feed (RFC 4287): a feed reader can subscribe to any search or listing.
    Each entry has the snippet (or standfirst) as its summary and the whole body as content."""
    yield (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"  <title>{_text(title)}</title>\n"
        f"  <id>{_text(self_url)}</id>\n"
        f'  <link rel="self" href={quoteattr(_clean(self_url))}/>\n'
        f"  <updated>{_when(updated)}</updated>\n"
        "  <author><name>newsstore</name></author>\n"
        "  <generator>newsstore</generator>\n"
    )
    for record in presented(records):
        yield _entry(record)
    yield "</feed>\n"


def _entry(record: dict[str, Any]) -> str:
    parts = [
        "  <entry>",
        f"    <title>{_text(record.get('title') or '(untitled)')}</title>",
        f"    <id>tag:newsstore,2026:article:{_text(record['id'])}</id>",
        f"    <updated>{_when(record['updated_at'])}</updated>",
    ]
    if record.get("published_at"):
        parts.append(f"    <published>{_when(record['published_at'])}</published>")
    if record.get("url"):
        parts.append(f'    <link rel="alternate" href={quoteattr(_clean(record["url"]))}/>')
    parts += [f"    <author><name>{_text(name)}</name></author>" for name in record["authors"]]
    summary = record.get("snippet_text") or record.get("subtitle") or record.get("body", "")[:400]
    parts.append(f"    <summary>{_text(summary)}</summary>")
    if record.get("body"):
        parts.append(f'    <content type="text">{_text(record["body"])}</content>')
    parts.append("  </entry>\n")
    return "\n".join(parts)


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _text(value: str) -> str:
    return escape(_clean(value))


def _when(value: datetime | str) -> str:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return as_utc(moment).isoformat(timespec="seconds").replace("+00:00", "Z")
