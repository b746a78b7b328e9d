"""Raw input -> NormalizedArticle: decode, extract, then dates, language, authors, sources.

Each of url, outlet, title, authors and published_at carries its source beside it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.normalize.article import NormalizedArticle, Outlet, RawInput
from app.normalize.authors import find_authors
from app.normalize.dates import find_dates
from app.normalize.decode import decode
from app.normalize.extraction import Extraction
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
    given = raw.given_by or "given"
    title, title_source = raw.title, given
    if not title:
        title = extraction.title
        title_source = extraction.title_source if title else None
    url, url_source = _url(raw, extraction, given)
    canonical = canonical_url(url)
    outlet, outlet_source = _outlet(raw, extraction, url, given)
    authors, authors_source = find_authors(extraction, outlet)

    found = find_dates(extraction, url=url, now=now)
    published_at, published_source = found.published_at, found.published_source
    if raw.published_at is not None:
        published_at, published_source = raw.published_at, raw.published_at_source or "record"
    language, confidence = extraction.language or detect_language(body or title or "")

    return NormalizedArticle(
        id=article_id(canonical, title, body),
        url=url,
        url_source=url_source,
        canonical_url=canonical,
        outlet=outlet,
        outlet_source=outlet_source,
        title=title,
        title_source=title_source,
        subtitle=extraction.subtitle,
        dateline=extraction.dateline,
        authors=authors,
        authors_source=authors_source,
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


def _url(raw: RawInput, extraction: Extraction, given: str) -> tuple[str | None, str | None]:
    """The URL given beside the page wins; else the one its markup states (canonical link,
    og:url)."""
    if raw.url and raw.url.strip():
        return raw.url, given
    if extraction.meta_url:
        return extraction.meta_url, "html-meta"
    return None, None


def _outlet(
    raw: RawInput, extraction: Extraction, url: str | None, given: str
) -> tuple[Outlet | None, str | None]:
    """Named beside the page, else by its markup (og:site_name, the JSON-LD publisher), else
    known by the URL's registered domain only."""
    for name, source in ((raw.outlet, given), (extraction.meta_sitename, "html-meta")):
        if name and name.strip():
            return outlet_for(name, url), source
    outlet = outlet_for(None, url)
    return outlet, "url" if outlet else None
