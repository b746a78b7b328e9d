"""Plain-text dump -> Extraction (first version: every non-empty line is a paragraph)."""

from __future__ import annotations

from app.normalize.extraction import Extraction


def extract_text(text: str, *, url: str | None = None) -> Extraction:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return Extraction(paragraphs=[])
    return Extraction(paragraphs=lines[1:], lines=lines, title=lines[0])
