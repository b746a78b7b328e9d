"""Publication and modification dates of the article, with where each came from.

Sources, most trusted first:

1. html-meta: what the HTML's metadata states (htmldate, through the HTML extractor); "url"
   when htmldate's date is only the day in the page's URL.
2. text-header: a date written in the article's header region, from a few lines before the
   title to the start of the body ("Posted 4 октября 2022, 08:16", "By Jane Doe | March 2,
   2020"), the one nearest the body winning (a page's own "today" line sits further up), or a
   date that opens the page ("date 2022-10-04 ..."). A line saying Updated/Обновлено/
   Actualizado... gives modified_at, and is the publication only when nothing else is stated.
3. url: the day in the URL (/2022/10/04/, ud=20240624050171).
4. text-body: a date in the first body lines ("WASHINGTON, Oct. 4, 2022 --"), else, weakest,
   the page's first short date line that is not part of a list.

Header before URL was decided by measurement on 100 multilingual news pages (text dumps): where
both exist (13 pages) they gave the same day every time, so the header goes first because it
also carries the time of day. Where a body date and the URL disagree (3 pages) the URL was
right twice, so the URL goes before the body. Without the URL the text alone finds the right
day on 77 of the 100 pages (htmldate on the same dumps: 56); the weakest text source, the first
short date line, is right 18 times in 24, so it is kept.

A date is never taken from a run of lines that each carry a date (a sidebar of other stories),
never from a line listing several dates, never after `now` nor before 1995 (a birthday, a
treaty), and never from a weekday or a relative day. A day without a time comes back as
midnight UTC; a time without a zone, or with a zone abbreviation (EST, IST: ambiguous), is
read as UTC; a stated GMT/UTC offset is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from app.normalize.article import DateSource
from app.normalize.date_mentions import DateMention, find_mentions, writes_month_first
from app.normalize.extraction import Extraction
from app.normalize.url_dates import EARLIEST, date_from_url

# Words that mark a line's date as the last change rather than the publication.
_MODIFIED = re.compile(
    r"\b(?:modified|updated?|last\s+update|edited|actualizad[oa]|actualización|atualizad[oa]"
    r"|atualização|mis\s+à\s+jour|modifié|aktualisiert|aggiornat[oa]|обновлено|обновлен|изменено|изменен"
    r"|оновлено|змінено|güncelleme|güncellendi|zaktualizowano|bijgewerkt|laatste\s+update"
    r"|uppdaterad|opdateret|oppdatert|päivitetty|frissítve|actualitzat|ενημερώθηκε|更新|수정)",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W\d_]{2,}")
_SENTENCE_END = re.compile(r"[.!?…»\"”)]$")

_MAX_LINES = 4000  # a page's dates sit near its top; huge inputs are not scanned to the end
_MAX_LINE_CHARS = 500  # a header's date opens its line; a paragraph's tail is never read
_LIST_RUN = 3  # this many dated lines close together are a list of other stories
_LIST_GAP = 4  # lines between two dated lines that still count as "close together"
_BEFORE_TITLE = 6
_BEFORE_BODY = 25
_SHORT_LINE_WORDS = 6
_TITLE_PREFIX_CHARS = 20  # a title this long is found inside a line that adds a site name
_OPENING_LABEL = 12  # characters of label ("date", "Posted:") before a page's opening date
_AFTER_BODY = 3


@dataclass
class DateFinding:
    published_at: datetime | None = None
    published_source: DateSource | None = None
    modified_at: datetime | None = None


@dataclass
class _DatedLine:
    index: int
    text: str
    mentions: list[DateMention]

    @property
    def residual_words(self) -> int:
        """Words left once the dates are cut out: a header line carries a label, a list item a
        headline."""
        kept, last = [], 0
        for mention in self.mentions:
            kept.append(self.text[last : mention.start])
            last = mention.end
        kept.append(self.text[last:])
        return len(_WORDS.findall(" ".join(kept)))


def _dated_lines(lines: list[str], now: datetime) -> list[_DatedLine]:
    month_first = writes_month_first(lines)
    dated = []
    for index, line in enumerate(lines):
        mentions = [
            m for m in find_mentions(line, month_first=month_first) if EARLIEST <= m.when <= now
        ]
        if mentions:
            dated.append(_DatedLine(index, line, mentions))
    return dated


def _runs(dated: list[_DatedLine]) -> list[list[_DatedLine]]:
    """Dated lines within a few lines of each other. A list repeats its layout, so its dates
    recur at a regular step: a date at a run's edge that breaks the step is split off (the
    article's own date right after a "recent posts" list)."""
    runs: list[list[_DatedLine]] = []
    for line in dated:
        if runs and line.index - runs[-1][-1].index <= _LIST_GAP:
            runs[-1].append(line)
        else:
            runs.append([line])
    split: list[list[_DatedLine]] = []
    for run in runs:
        gaps = [b.index - a.index for a, b in pairwise(run)]
        step = max(set(gaps), key=gaps.count) if gaps else 0
        head, tail = [], []
        while len(run) > _LIST_RUN and run[-1].index - run[-2].index != step:
            tail.insert(0, run.pop())
        while len(run) > _LIST_RUN and run[1].index - run[0].index != step:
            head.append(run.pop(0))
        split.extend([[line] for line in head] + [run] + [[line] for line in tail])
    return split


def _in_lists(dated: list[_DatedLine]) -> set[int]:
    """Indexes of dated lines that belong to a list of other stories.

    A run of three dated lines or more is a list, unless it is packed tight with short labels
    (a header: Posted / Published / Modified). A line with three dates or more is a list on
    its own.
    """
    listed = {d.index for d in dated if len(d.mentions) >= _LIST_RUN}
    for run in _runs(dated):
        if len(run) < _LIST_RUN:
            continue
        span = run[-1].index - run[0].index + 1
        residuals = sorted(d.residual_words for d in run)
        header = span <= len(run) + 2 and residuals[len(residuals) // 2] <= 3 and len(run) <= 6
        if not header:
            listed.update(d.index for d in run)
    return listed


def _is_prose(line: str) -> bool:
    words = len(line.split())
    return words >= 20 or (words >= 10 and bool(_SENTENCE_END.search(line)))


def _find_line(lines: list[str], text: str | None) -> int | None:
    if not text:
        return None
    wanted = " ".join(text[:_MAX_LINE_CHARS].split())
    for index, line in enumerate(lines):
        if line == wanted:
            return index
    if len(wanted) >= _TITLE_PREFIX_CHARS:
        for index, line in enumerate(lines):
            if wanted[:80] in line:
                return index
    return None


def _body_start(lines: list[str], extraction: Extraction, after: int) -> int | None:
    """The first line of the article's prose: its first paragraph when found among the lines,
    else the first run of two prose lines after the title."""
    for paragraph in extraction.paragraphs[:3]:
        index = _find_line(lines, paragraph.split("\n", 1)[0])
        if index is not None and index >= after and _is_prose(lines[index]):
            return index
    for index in range(after, len(lines) - 1):
        if _is_prose(lines[index]) and _is_prose(lines[index + 1]):
            return index
    return None


def _opens_page(line: _DatedLine) -> bool:
    """A date that opens the page ("date 2022-10-04 North Korea has ...") heads the article
    even when the scraper glued the first sentence to it."""
    return line.index == 0 and line.mentions[0].start <= _OPENING_LABEL


def _pick_published(before: list[_DatedLine], within: list[_DatedLine]) -> DateMention | None:
    """The header date nearest the body (the page's own "today" line sits further up), a
    publication date before a modification date; else the first date in the first body lines."""
    for labelled_modified in (False, True):
        for line in reversed(before):
            for mention in line.mentions:
                if bool(_MODIFIED.search(line.text[: mention.start])) == labelled_modified:
                    return mention
    return within[0].mentions[0] if within else None


def _modified(candidates: list[_DatedLine]) -> datetime | None:
    """The date that follows a modified/updated word, on any header line."""
    for line in candidates:
        for match in _MODIFIED.finditer(line.text):
            after = [m for m in line.mentions if m.start >= match.end()]
            if after:
                return after[0].when
    return None


@dataclass
class _TextDates:
    header: DateMention | None = None
    body: DateMention | None = None
    modified: datetime | None = None


def _text_dates(extraction: Extraction, now: datetime) -> _TextDates:
    lines = [" ".join(line[:_MAX_LINE_CHARS].split()) for line in extraction.lines[:_MAX_LINES]]
    lines = [line for line in lines if line]
    dated = _dated_lines(lines, now)
    if not dated:
        return _TextDates()
    listed = _in_lists(dated)
    usable = [d for d in dated if d.index not in listed]
    title = _find_line(lines, extraction.title)
    body = _body_start(lines, extraction, title + 1 if title is not None else 0)
    found = _TextDates()
    if body is not None:
        first = max(body - _BEFORE_BODY, title - _BEFORE_TITLE if title is not None else 0)
        before = [d for d in usable if first <= d.index < body or _opens_page(d)]
        within = [d for d in usable if body <= d.index <= body + _AFTER_BODY]
        found.header = _pick_published(before, [])
        found.body = _pick_published([], within)
        found.modified = _modified(before + within)
    if found.header is None and found.body is None:
        short = [d for d in usable if d.residual_words <= _SHORT_LINE_WORDS]
        found.body = _pick_published([], short or usable)
    return found


def _aware(when: datetime | None) -> datetime | None:
    return when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None else when


def _published(
    extraction: Extraction, text: _TextDates, url: str | None, now: datetime
) -> tuple[datetime | None, DateSource | None]:
    meta_published = _aware(extraction.meta_published)
    if meta_published is not None and meta_published <= now:
        return meta_published, "url" if extraction.meta_published_by_url else "html-meta"
    if text.header is not None:
        return text.header.when, "text-header"
    if (from_url := date_from_url(url, now=now)) is not None:
        return from_url, "url"
    if text.body is not None:
        return text.body.when, "text-body"
    return None, None


def find_dates(extraction: Extraction, *, url: str | None, now: datetime) -> DateFinding:
    """The article's publication date and source, and its last modification when stated.

    A modification stated before the publication, or after `now`, is dropped.
    """
    now = _aware(now) or datetime.now(UTC)
    text = _text_dates(extraction, now)
    published, source = _published(extraction, text, url, now)
    modified = _aware(extraction.meta_modified) or text.modified
    if modified is not None and (modified > now or (published and modified < published)):
        modified = None
    return DateFinding(published, source, modified)
