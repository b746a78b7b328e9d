"""Raw input -> NormalizedArticle: decode, extract, then dates, language, authors, sources."""

from __future__ import annotations

from datetime import UTC, datetime

from app.normalize.article import NormalizedArticle, RawInput
from app.normalize.authors import find_authors
from app.normalize.dates import find_dates
from app.normalize.decode import decode
from app.normalize.html import extract_html
from app.normalize.identity import article_id, canonical_url, content_hash, outlet_for
from app.normalize.language import detect_language
from app.normalize.sources import sources_cited
from app.normalize.text import extract_text


def normalize(raw: RawInput, now: datetime | None = None) -> NormalizedArticle:
    """Normalize one article. `now` bounds dates: nothing is published after the ingest."""
    now = now or datetime.now(UTC)
    text = decode(raw.content)
    extraction = (
        extract_html(text, url=raw.url) if raw.format == "html" else extract_text(text, url=raw.url)
    )
    body = "\n\n".join(extraction.paragraphs)
    title = raw.title or extraction.title
    canonical = canonical_url(raw.url)

    found = find_dates(extraction, url=raw.url, now=now)
    published_at, published_source = found.published_at, found.published_source
    if raw.published_at is not None:
        published_at, published_source = raw.published_at, raw.published_at_source or "record"
    language, confidence = extraction.language or detect_language(body or title or "")

    return NormalizedArticle(
        id=article_id(canonical, title, body),
        url=raw.url,
        canonical_url=canonical,
        outlet=outlet_for(raw.outlet, raw.url),
        title=title,
        subtitle=extraction.subtitle,
        dateline=extraction.dateline,
        authors=find_authors(extraction),
        published_at=published_at,
        published_at_source=published_source if published_at else None,
        modified_at=found.modified_at,
        language=language,
        language_confidence=confidence,
        body=body,
        word_count=len(body.split()),
        sources_cited=sources_cited(body),
        content_hash=content_hash(body),
        removed=extraction.removed,
    )
