"""One JSON record -> what the ingest stores: a RawInput to normalize, or, when the record says
it is normalized already, the NormalizedArticle itself (the extractor is skipped).

A record is taken as normalized when it carries `"normalized": true`, or a `body` and neither
`text` nor `html`: the shape `newsstore normalize` prints and the API answers, so a store's
export ingests into another store without being extracted twice. Its id, content hash and word
count are derived again from its fields (they are the store's keys and must agree with its
rules); language and cited sources are kept when given and found otherwise.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, get_args

import orjson
from pydantic import ValidationError

from app.normalize import NormalizedArticle, RawInput
from app.normalize.article import DateSource, Outlet
from app.normalize.identity import article_id, canonical_url, content_hash, outlet_for
from app.normalize.language import detect_language
from app.normalize.sources import sources_cited

_DATE_SOURCES = set(get_args(DateSource))


class RecordError(ValueError):
    """A record that yields nothing; the message names why, for the report."""


def parse_record(line: bytes | str) -> Any:
    """One JSON Lines line parsed (orjson: fast, and strict about UTF-8)."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise RecordError(f"not UTF-8 (JSON records must be): {error}") from error
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as error:
        raise RecordError(f"invalid JSON: {error}") from error


def parse_datetime(value: Any) -> datetime | None:
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


def is_normalized(record: dict[str, Any]) -> bool:
    if record.get("normalized") is True:
        return True
    return "body" in record and not record.get("text") and not record.get("html")


def record_to_input(record: Any, source: str) -> RawInput:
    """A JSON record to normalize: fields given are taken as they are; its text or html is
    what the extractor reads."""
    if not isinstance(record, dict):
        raise ValueError("a record must be a JSON object")
    html, text = record.get("html"), record.get("text")
    if not isinstance(html or text, str) or not (html or text).strip():
        raise ValueError("a record needs a non-empty 'text' or 'html' string")
    published = parse_datetime(record.get("published_at"))
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


def record_to_article(record: dict[str, Any]) -> NormalizedArticle:
    """A record that is normalized already (see the module docstring) as the stored article."""
    body = record.get("body") if "body" in record else record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise RecordError("a normalized record needs a non-empty 'body' string")
    url, title = record.get("url"), record.get("title")
    canonical = record.get("canonical_url") or canonical_url(url)
    published = parse_datetime(record.get("published_at"))
    language, confidence = record.get("language"), record.get("language_confidence")
    if not language:
        language, confidence = detect_language(body)
    cited = record.get("sources_cited")
    given_source = record.get("published_at_source")
    try:
        return NormalizedArticle(
            id=article_id(canonical, title, body),
            url=url,
            canonical_url=canonical,
            outlet=_outlet(record.get("outlet"), url),
            title=title,
            subtitle=record.get("subtitle"),
            dateline=record.get("dateline"),
            authors=record.get("authors") or [],
            published_at=published,
            published_at_source=(given_source if given_source in _DATE_SOURCES else "record")
            if published
            else None,
            modified_at=parse_datetime(record.get("modified_at")),
            language=language,
            language_confidence=confidence,
            body=body,
            word_count=len(body.split()),
            sources_cited=cited if isinstance(cited, list) else sources_cited(body),
            content_hash=content_hash(body),
            removed=record.get("removed") or [],
        )
    except ValidationError as error:
        raise RecordError(_first_error(error)) from error


def _outlet(value: Any, url: str | None) -> Outlet | None:
    """An outlet given by name (as raw records give it) or as the {slug, name, domain} object
    the API answers; none given: the URL's domain, as for raw records."""
    if isinstance(value, dict):
        return Outlet.model_validate(value)
    return outlet_for(value, url)


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]
