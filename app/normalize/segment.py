"""Find the article's main region: the densest contiguous run of prose on the page.

Lines of running text score by their length, every other line costs a little; the run with the
highest total (a maximum-sum subarray) is the article. Chrome inside the run costs less than the
prose around it gains, so a caption or a related-story heading between paragraphs does not cut
the article in two, while a menu, a list of other stories or a footer does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from app.normalize.boilerplate import is_date_line, is_post_signature
from app.normalize.lines import Line

_MIN_PROSE_WORDS = 7
_MIN_STOP_SHARE = 0.12
_MAX_PROSE_GAIN = 80
_OFF_COLUMN_SHARE = 0.5
_PROSE_THRESHOLD = 8
_DATE_COST = 6.0
_DATE_LIST_GAP = 6
_MIN_BLOCK_LINES = 3
_MIN_BLOCK_LINKS = 2
_TAIL_SHARE = 0.5
_OWN_COLUMN_SHARE = 0.5
_STUB_SHARE = 0.2
_MAX_TAIL_RUN = 2


@dataclass(frozen=True)
class Region:
    start: int  # position in the line list, inclusive
    end: int  # exclusive


def is_prose(line: Line, *, has_stoplist: bool) -> bool:
    """Running text: long enough, made of letters, with sentence punctuation and stopwords.

    A sentence may end in a colon when it introduces a list, a table or a quote below it.
    """
    if (
        line.words < _MIN_PROSE_WORDS
        or line.letter_share < 0.6
        or (line.sentences == 0 and not line.text.endswith(":"))
        or line.echoed
        or line.truncated
    ):
        return False
    return not has_stoplist or line.stop_share >= _MIN_STOP_SHARE


def can_carry_run(line: Line, prose: bool) -> bool:
    """Prose long enough to score on its own: a run of the article holds at least one such line."""
    return prose and line.words > _PROSE_THRESHOLD


def _gain(line: Line, prose: bool, core_indent: int | None) -> float:
    aligned = core_indent is None or line.indent == core_indent
    if prose:
        return (min(line.words, _MAX_PROSE_GAIN) - _PROSE_THRESHOLD) * (
            1.0 if aligned else _OFF_COLUMN_SHARE
        )
    cost = 2.0
    if line.bullet:
        cost += 3.0
    if line.date_like and line.sentences == 0:
        cost += _DATE_COST
    if line.sentence_end and line.words >= 3 and aligned:
        cost = 0.5
    return -cost


def max_run(gains: list[float]) -> Region | None:
    best = 0.0
    best_region: Region | None = None
    total = 0.0
    start = 0
    for i, gain in enumerate(gains):
        if total <= 0:
            total, start = 0.0, i
        total += gain
        if total > best:
            best, best_region = total, Region(start, i + 1)
    return best_region


def _core_indent(lines: list[Line], prose: list[bool], region: Region) -> int:
    """The indentation carrying most of the run's prose: the article's column in the dump."""
    weights: dict[int, int] = {}
    for i in range(region.start, region.end):
        if prose[i]:
            weights[lines[i].indent] = weights.get(lines[i].indent, 0) + lines[i].words
    return max(weights, key=weights.__getitem__)


def densest_run(lines: list[Line], prose: list[bool]) -> Region | None:
    """The contiguous run of lines with the highest total gain, or None without any prose.

    A second pass discounts prose printed at another indentation than the first run's main
    column: renderers indent by page structure, so teasers and comments sit in other columns.
    """
    first = max_run([_gain(line, p, None) for line, p in zip(lines, prose, strict=True)])
    if first is None:
        return None
    column = _core_indent(lines, prose, first)
    return max_run([_gain(line, p, column) for line, p in zip(lines, prose, strict=True)])


def cut_before_date_list(lines: list[Line], prose: list[bool], region: Region) -> Region:
    """End the run where a list of dated items begins (comments, other stories).

    An article prints its own date once, near its top; two or more date stamps close together
    further down are the dates of other posts, so the article ends before the first of them
    (and before the short name or heading lines that introduce it). The signatures of social
    posts the article quotes are dated too, but are the article's.
    """
    first_prose = next((i for i in range(region.start, region.end) if prose[i]), region.start)
    stamps = [
        i
        for i in range(first_prose, region.end)
        if is_date_line(lines[i]) and not is_post_signature(lines[i])
    ]
    for current, following in itertools.pairwise(stamps):
        if following - current <= _DATE_LIST_GAP:
            end = current
            while end > first_prose + 1 and not prose[end - 1] and not lines[end - 1].sentence_end:
                end -= 1
            return Region(region.start, end)
    return region


def cut_before_link_block(
    lines: list[Line], prose: list[bool], text: list[bool], links: list[bool], region: Region
) -> Region:
    """End the run before a block of link-shaped lines that the article does not go on past.

    A list of other stories, share buttons or a "read more" box below an article is a block of
    several lines that are no text (text marks prose and short sentences), holding headline-
    shaped or bulleted items. The run may still reach past it into teasers, an author's note
    or a newsletter box. What follows such a block is the article's own only when it weighs
    as much as the article above it, or, a little lighter, when it is printed in the columns
    the article used: the rest of a page sits in other columns. A block holding a date stamp
    is the header of a story (headline, date) and introduces what follows instead.
    """
    first = next((i for i in range(region.start, region.end) if prose[i]), region.start)
    remaining = sum(lines[i].words for i in range(first, region.end) if prose[i])
    above = 0
    columns: set[int] = set()
    i = first
    while i < region.end:
        if text[i]:
            if prose[i]:
                above += lines[i].words
                remaining -= lines[i].words
                columns.add(lines[i].indent)
            i += 1
            continue
        block_end = _block_end(text, i, region.end)
        if block_end < region.end and _is_link_block(lines[i:block_end], links[i:block_end]):
            in_columns = sum(
                lines[k].words
                for k in range(block_end, region.end)
                if prose[k] and lines[k].indent in columns
            )
            if _tail_is_other(above, remaining, in_columns):
                return _best_end(lines, prose, Region(region.start, i))
        i = block_end
    return region


def _best_end(lines: list[Line], prose: list[bool], region: Region) -> Region:
    """The cut run ends where its gain peaks, as the densest run of the lines left would."""
    column = _core_indent(lines, prose, region)
    total = best = 0.0
    end = region.start + 1
    for i in range(region.start, region.end):
        total += _gain(lines[i], prose[i], column)
        if total > best:
            best, end = total, i + 1
    return Region(region.start, end)


def _block_end(text: list[bool], start: int, end: int) -> int:
    while start < end and not text[start]:
        start += 1
    return start


def _is_link_block(block: list[Line], links: list[bool]) -> bool:
    return (
        len(block) >= _MIN_BLOCK_LINES
        and sum(links) >= _MIN_BLOCK_LINKS
        and not any(is_date_line(line) for line in block)
    )


def _tail_is_other(above: int, below: int, below_in_columns: int) -> bool:
    """Prose below a link block, weighed against the article's prose above it."""
    if below < _STUB_SHARE * above:
        return True
    return below < _TAIL_SHARE * above and below_in_columns < _OWN_COLUMN_SHARE * below


def cut_column_tail(lines: list[Line], prose: list[bool], region: Region) -> Region:
    """End the run at the article column's last paragraph when only lighter prose printed in
    other columns follows it (a newsletter box, an author's note, teasers in a sidebar).

    Renderers indent by page structure: an article's paragraphs share one column, and text
    the run reaches past its end in other columns belongs to other parts of the page. Such
    text comes in single lines or pairs between chrome; several paragraphs in a row there are
    an article of their own (the run's main column may then be a menu of blurbs), and stay.
    """
    column = _core_indent(lines, prose, region)
    own = [i for i in range(region.start, region.end) if prose[i] and lines[i].indent == column]
    last = own[-1]
    tail = sum(lines[i].words for i in range(last + 1, region.end) if prose[i])
    above = sum(lines[i].words for i in own)
    if 0 < tail < _TAIL_SHARE * above and (
        _longest_prose_run(prose, last + 1, region.end) <= _MAX_TAIL_RUN
    ):
        return _best_end(lines, prose, Region(region.start, last + 1))
    return region


def _longest_prose_run(prose: list[bool], start: int, end: int) -> int:
    """The most prose lines in a row between start and end."""
    longest = current = 0
    for i in range(start, end):
        current = current + 1 if prose[i] else 0
        longest = max(longest, current)
    return longest
