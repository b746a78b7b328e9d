"""Authors from byline lines and metadata (first version: metadata only)."""

from __future__ import annotations

from app.normalize.extraction import Extraction


def find_authors(extraction: Extraction) -> list[str]:
    return list(extraction.meta_authors)
