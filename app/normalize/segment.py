"""Find the article's main region: the densest contiguous run of prose on the page.

Lines of running text score by their length, every other line costs a little; the run with the
highest total (a maximum-sum subarray) is the article. Chrome inside the run costs less than the
prose around it gains, so a caption or a related-story heading between paragraphs does not cut
the article in two, while a menu, a list of other stories or a footer does.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.normalize.lines import Line

_MIN_PROSE_WORDS = 7
_MIN_STOP_SHARE = 0.12
_MAX_PROSE_GAIN = 80


@dataclass(frozen=True)
class Region:
    start: int  # position in the line list, inclusive
    end: int  # exclusive


def is_prose(line: Line, *, has_stoplist: bool) -> bool:
    """Running text: long enough, made of letters, with sentence punctuation and stopwords."""
    if line.words < _MIN_PROSE_WORDS or line.letter_share < 0.6 or line.sentences == 0:
        return False
    return not has_stoplist or line.stop_share >= _MIN_STOP_SHARE


def _gain(line: Line, prose: bool) -> float:
    if prose:
        return min(line.words, _MAX_PROSE_GAIN)
    cost = 2.0
    if line.bullet:
        cost += 3.0
    if line.date_like and line.sentences == 0:
        cost += 2.0
    if line.sentence_end and line.words >= 3:
        cost = 0.5
    return -cost


def densest_run(lines: list[Line], prose: list[bool]) -> Region | None:
    """The contiguous run of lines with the highest total gain, or None without any prose."""
    best = 0.0
    best_region: Region | None = None
    total = 0.0
    start = 0
    for i, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, i
        total += _gain(line, prose[i])
        if total > best:
            best, best_region = total, Region(start, i + 1)
    return best_region
