"""HTML page -> Extraction via trafilatura (first version)."""

from __future__ import annotations

import trafilatura

from app.normalize.extraction import Extraction
from app.normalize.text import extract_text


def extract_html(html: str, *, url: str | None = None) -> Extraction:
    body = trafilatura.extract(html, url=url, include_comments=False)
    if not body:
        return extract_text(html, url=url)
    return Extraction(paragraphs=[p.strip() for p in body.split("\n") if p.strip()])
