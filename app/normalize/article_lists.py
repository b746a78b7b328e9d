"""Lists the article itself prints (steps, items, a list closing the article), told apart from
menus and lists of other stories by where they hang and what their items look like.

The text path keeps such a list whole or drops it whole, and never ends the article at it, so
that a body extracted again holds the same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.normalize import boilerplate as bp
from app.normalize.header import is_byline
from app.normalize.lines import Line

_MIN_INTRO_WORDS = 2
_LIST_INDENT = 2
_MIN_ITEM_WORDS = 2
_TITLE_CASE_SHARE = 0.7


@dataclass(frozen=True)
class ArticleList:
    """A list printed by the article: the line introducing it and the items under it."""

    opener: int
    items: range


def list_end(lines: list[Line], lists: dict[int, ArticleList], end: int) -> int | None:
    """Where a list the article's last line (or a colon line right below it) opens ends.

    A credit printed as a list item under the last paragraph ('* Reporting by ...') is the
    byline, read apart from the body.
    """
    block = lists.get(end)
    if block is None or block.opener not in {end - 1, end}:
        return None
    if len(block.items) == 1 and is_byline(lines[block.items.start]):
        return None
    return block.items.stop


def keeps_list(
    lists: dict[int, ArticleList], chrome: dict[int, str], i: int, kept: list[int]
) -> bool:
    """A list the article prints stays whole with the line introducing it, or goes whole:
    line i introduces such a list, or is one of its items and all lines above it stayed."""
    block = lists.get(i)
    if block is None or any(k in chrome for k in block.items):
        return False
    return i == block.opener or (bool(kept) and kept[-1] == i - 1)


def article_lists(lines: list[Line], prose: list[bool]) -> dict[int, ArticleList]:
    """Lists the article itself prints, by each of their lines (the opener and the items).

    Such a list hangs right under a paragraph or under a line ending in a colon, in that line's
    column or just right of it, and its items are phrases (not one-word menu entries, not
    title-cased headlines). Menus and other stories' links sit under a heading of their own,
    or elsewhere in the page's columns. The items are no links to end the article at, and the
    list stays or goes whole, so that its body, extracted again, holds the same list.
    """
    lists: dict[int, ArticleList] = {}
    i = 1
    while i < len(lines):
        end = i
        while end < len(lines) and bp.is_link_item(lines[end]):
            end += 1
        if end > i and _introduces_list(lines, prose, i - 1, range(i, end)):
            block = ArticleList(i - 1, range(i, end))
            lists.update(dict.fromkeys(range(i - 1, end), block))
        i = end + 1
    return lists


def _introduces_list(lines: list[Line], prose: list[bool], opener: int, items: range) -> bool:
    """Whether the line above a run of list items opens it as a list of the article's own."""
    intro = lines[opener]
    if not (prose[opener] or (intro.text.endswith(":") and intro.words >= _MIN_INTRO_WORDS)):
        return False
    block = [lines[k] for k in items]
    return (
        not intro.bullet
        and all(0 <= item.indent - intro.indent <= _LIST_INDENT for item in block)
        and sum(item.words for item in block) >= _MIN_ITEM_WORDS * len(block)
        and sum(map(_is_title_cased, block)) * 2 < len(block)
    )


def _is_title_cased(line: Line) -> bool:
    """'Mission Could Spot Signs Of Life': a headline, every word capitalised."""
    words = line.tokens[1:]
    capitals = sum(1 for word in words if word[0].isupper())
    return len(words) >= 2 and capitals >= _TITLE_CASE_SHARE * len(words)
