"""What a format-specific extractor (text.py, html.py) hands to the rest of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.normalize.article import RemovedLine


@dataclass
class Extraction:
    """The article's parts found in one page, before dates, language and sources are derived.

    header_lines are the lines near the title where the page states this article's own dates
    (never lines from lists of other stories); byline_lines are credit lines taken out of the body.
    The meta_* fields hold what HTML metadata states, when the input had any.
    """

    paragraphs: list[str]
    title: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    header_lines: list[str] = field(default_factory=list)
    byline_lines: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    meta_authors: list[str] = field(default_factory=list)
    meta_published: datetime | None = None
    meta_modified: datetime | None = None
    meta_sitename: str | None = None
