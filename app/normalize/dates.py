"""Publication and modification dates (first version: none found)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.normalize.article import DateSource
from app.normalize.extraction import Extraction


@dataclass
class DateFinding:
    published_at: datetime | None = None
    published_source: DateSource | None = None
    modified_at: datetime | None = None


def find_dates(extraction: Extraction, *, url: str | None, now: datetime) -> DateFinding:
    return DateFinding()
