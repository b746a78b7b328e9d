"""The header around the article's first line: dateline, header dates, trailing credit.

Read upwards from the body's first line: a one-word capitalised place line is the dateline,
short name-shaped lines are credits, headline-shaped lines end the walk. Date stamps met on the
way, and right above those headline lines, are the article's header dates (the dates step
reads them from Extraction.lines). The headline, standfirst and credit lines themselves are
chosen by headline.py, which looks further up.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.normalize import boilerplate as bp
from app.normalize.authors import names_in_credit
from app.normalize.headline import Headline, headline_text
from app.normalize.lines import Line

_LOOK_UP = 10
_MAX_TITLE_WORDS = 40


@dataclass
class Header:
    title: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    bylines: list[int] = field(default_factory=list)
    date_lines: set[int] = field(default_factory=set)
    taken: set[int] = field(default_factory=set)

    def set_headline(self, lines: list[Line], headline: Headline | None) -> None:
        """The headline and standfirst as headline.py chose them among the lines above the
        first paragraph (the walk here only reaches the nearest ones)."""
        if headline is None:
            return
        self.title = headline_text(lines[headline.title])
        self.taken.add(headline.title)
        if headline.kicker is not None:
            self.title = f"{lines[headline.kicker].text} {self.title}"
            self.taken.add(headline.kicker)
        if headline.subtitle is not None:
            self.subtitle = lines[headline.subtitle].text
            self.taken.add(headline.subtitle)


def is_title_like(line: Line) -> bool:
    """A headline: a few words, mostly letters, at most one sentence, no closing full stop."""
    return (
        3 <= line.words <= _MAX_TITLE_WORDS
        and not line.bullet
        and line.letter_share >= 0.6
        and line.sentences <= 1
        and not line.text.endswith((".", ":", ";", ","))
        and not bp.is_date_line(line)
    )


def is_dateline(line: Line) -> bool:
    """'ANKARA', 'NEW YORK': a short all-capitals place line opening the article."""
    return line.words <= 3 and line.text.isupper() and line.letter_share >= 0.9


def is_byline(line: Line) -> bool:
    """'By Jane Doe', '*Writing by ...': a few words, mostly capitalised names, no sentence."""
    words = [w.strip("*•-–—,;()") for w in line.text.split()]
    words = [w for w in words if w]
    if not 2 <= len(words) <= 8 or line.sentence_end or line.digit_share > 0:
        return False
    if line.text.isupper():
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 2 and capitalised / len(words) > 0.5


def read_header(lines: list[Line], start: int, chrome: dict[int, str]) -> Header:
    header = Header()
    candidates: list[Line] = []
    for position in range(start - 1, max(-1, start - 1 - _LOOK_UP), -1):
        line = lines[position]
        if line.index in chrome:
            continue
        if bp.is_date_line(line):
            header.date_lines.add(line.index)
            continue
        if not candidates and header.dateline is None and not header.bylines and is_dateline(line):
            header.dateline = line.text
            header.taken.add(line.index)
            continue
        if not candidates and is_byline(line) and _near_title(lines, position):
            header.bylines.insert(0, line.index)
            continue
        if not is_title_like(line) or len(candidates) == 2:
            break
        candidates.append(line)
    _dates_above(lines, candidates, header)
    return header


def _near_title(lines: list[Line], position: int) -> bool:
    """A credit line sits under a headline, not at the top of the page."""
    return position > 0 and is_title_like(lines[position - 1])


def _dates_above(lines: list[Line], candidates: list[Line], header: Header) -> None:
    """Date stamps just above the headline ('Posted ...', 'Modified ...') are header dates too."""
    if not candidates:
        return
    top = candidates[-1].index
    for position in range(top - 1, max(-1, top - 1 - _LOOK_UP), -1):
        if not bp.is_date_line(lines[position]):
            break
        header.date_lines.add(lines[position].index)


def trailing_bylines(lines: list[Line], end: int, chrome: dict[int, str]) -> list[int]:
    """A credit line right after the last paragraph that says so ('*Writing by ...'): a line
    of capitalised words there is as often a link ('Learn More', 'To Read the Full Story')."""
    line = lines[end] if end < len(lines) and end not in chrome else None
    if line is not None and is_byline(line) and names_in_credit(line.text, require_role=True):
        return [end]
    return []
