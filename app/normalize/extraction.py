"""What a format-specific extractor (text.py, html.py) hands to the rest of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.normalize.article import RemovedLine


@dataclass
class Extraction:
    """The article's parts found in one page, before dates, language and sources are derived.

    lines are the input's lines in order, as the extractor saw them (for an HTML page, its
    rendered text), so that later steps can look around the title for the article's own dates;
    byline_lines are credit lines taken out of the body. The meta_* fields hold what HTML
    metadata states, when the input had any (meta_url its canonical link or og:url;
    meta_published_by_url when that date is only the URL's day);
    title_source says where the title came from. language is the extractor's own (code,
    confidence) when it was told from lines that all made it into the body, so that it need not
    be told again.
    """

    paragraphs: list[str]
    lines: list[str] = field(default_factory=list)
    title: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    byline_lines: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    meta_authors: list[str] = field(default_factory=list)
    meta_published: datetime | None = None
    meta_published_by_url: bool = False
    meta_modified: datetime | None = None
    meta_sitename: str | None = None
    meta_url: str | None = None
    title_source: str | None = None
    language: tuple[str | None, float | None] | None = None
