"""The data that crosses the normalization boundary: raw input in, normalized article out.

Normalization knows nothing of the database; ingest and the API only ever see these types.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

InputFormat = Literal["text", "html"]
DateSource = Literal["manifest", "record", "html-meta", "url", "text-header", "text-body"]
# Where url, outlet, title and authors came from: given beside the content (by a manifest, a
# record, or a caller that does not say which), the page's metadata, its printed headline
# (h1), the URL (an outlet known only by its domain), the text's header or its credit lines.
FieldSource = Literal[
    "manifest", "record", "given", "html-meta", "html-heading", "url", "text-header", "text-byline"
]


class RawInput(BaseModel):
    """One article as handed over by a scraper, with what the crawler knows beside it."""

    content: bytes | str = Field(description="The page: plain text or HTML, bytes when undecoded.")
    format: InputFormat = "text"
    source: str | None = Field(None, description="Where it came from (a path), for reports.")
    url: str | None = None
    outlet: str | None = Field(None, description="Outlet name given by a manifest or record.")
    published_at: datetime | None = Field(None, description="Date given by a manifest or record.")
    published_at_source: DateSource | None = Field(
        None, description="Who gave published_at: 'manifest' or 'record'."
    )
    title: str | None = Field(None, description="Title given by a record; wins over the text.")
    given_by: Literal["manifest", "record"] | None = Field(
        None, description="Who gave url, outlet and title beside the content."
    )


class Outlet(BaseModel):
    slug: str = Field(description="URL-safe identifier, e.g. 'anadolu-agency'.")
    name: str = Field(description="Display name; the domain until a name is known.")
    domain: str | None = Field(None, description="Web domain without 'www.', e.g. 'aa.com.tr'.")


class RemovedLine(BaseModel):
    text: str = Field(description="The line as it stood in the input.")
    reason: str = Field(description="Why it is not part of the body, e.g. 'date-list'.")


class NormalizedArticle(BaseModel):
    """The clean article a careful reader would extract (DESIGN.md, 'The normalized article')."""

    id: str
    url: str | None = None
    url_source: FieldSource | None = None
    canonical_url: str | None = None
    outlet: Outlet | None = None
    outlet_source: FieldSource | None = None
    title: str | None = None
    title_source: FieldSource | None = None
    subtitle: str | None = None
    dateline: str | None = None
    authors: list[str] = Field(default_factory=list)
    authors_source: FieldSource | None = None
    published_at: datetime | None = None
    published_at_source: DateSource | None = None
    modified_at: datetime | None = None
    language: str | None = None
    language_confidence: float | None = None
    body: str = ""
    word_count: int = 0
    sources_cited: list[str] = Field(default_factory=list)
    content_hash: str = ""
    removed: list[RemovedLine] = Field(default_factory=list)
