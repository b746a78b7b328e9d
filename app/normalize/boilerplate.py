"""Chrome signals of single lines, independent of where the article is on the page.

Each test looks at a line's shape and its neighbours (repetition, doubled captions, credits,
list markers, dates, script), so it works for pages and languages never seen.
"""

from __future__ import annotations

import itertools
import re

from app.normalize.lines import Line

_CREDIT = re.compile(r"^\(?[\w ]{2,20}:\s*[^.!?]{1,40}\)?$")
_BRACKETED_CREDIT = re.compile(r"\(\s*[^()]*[A-Z][^()/]*/\s?[A-Z][^()]*\)\s*$")
_POST_SIGNATURE = re.compile(r"^[—–-]\s*[^()]{1,60}\(@\w+\)")
_MAX_LABEL_WORDS = 2
_MAX_CAPTION_WORDS = 50
_MAX_COUNTER_TOKENS = 4
_MAX_COUNT = 999
_LEADING_DATE = re.compile(r"^(?:[A-Za-z]+\s+)?\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\s+")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def repeated_lines(lines: list[Line]) -> set[int]:
    """Later copies of a line seen before on the page: menus and teasers printed twice."""
    seen: set[str] = set()
    repeated = set()
    for line in lines:
        key = _key(line.text)
        if key in seen:
            repeated.add(line.index)
        seen.add(key)
    return repeated


def repeated_labels(lines: list[Line]) -> set[int]:
    """Every copy of a short label printed more than once on the page ('Advertisement',
    'Video'): an ad slot or a player's caption, wherever it stands, never a paragraph."""
    counts: dict[str, int] = {}
    for line in lines:
        if _is_label(line):
            key = _key(line.text)
            counts[key] = counts.get(key, 0) + 1
    return {line.index for line in lines if _is_label(line) and counts[_key(line.text)] > 1}


def _is_label(line: Line) -> bool:
    """A word or two, no sentence, no list marker."""
    return 1 <= line.words <= _MAX_LABEL_WORDS and not line.sentence_end and not line.bullet


def back_to_back_copies(lines: list[Line]) -> set[int]:
    """A line printed again right below itself: the copy adds no text."""
    return {b.index for a, b in itertools.pairwise(lines) if _key(a.text) == _key(b.text)}


def doubled_captions(lines: list[Line]) -> set[int]:
    """A line the next line starts with: an image's alt text, then its full caption."""
    doubled = set()
    for current, following in itertools.pairwise(lines):
        head, full = _key(current.text), _key(following.text)
        if current.words >= 4 and len(full) > len(head) and full.startswith(head):
            doubled.update({current.index, following.index})
    return doubled


def is_credit(line: Line) -> bool:
    """'Image: AP', '(Photo: Reuters)': a short label, a colon and a name, no sentence."""
    return line.words <= 6 and not line.sentence_end and bool(_CREDIT.match(line.text))


def is_date_line(line: Line) -> bool:
    """A short line that is mostly a date or time stamp ('Posted 4 Oct 2022, 08:16')."""
    return line.date_like and line.words <= 8 and line.sentences == 0


def is_post_signature(line: Line) -> bool:
    """'— Jane Doe (@janedoe) May 5, 2022': the signature under a social post quoted in full."""
    return line.date_like and bool(_POST_SIGNATURE.match(line.text))


def is_photo_caption(line: Line) -> bool:
    """'... in Hialeah, Fla. (AP Photo/Jane Doe, File)': a line closing on a photo credit in
    brackets, names and agency set apart by a slash, is the caption of an image."""
    return line.words <= _MAX_CAPTION_WORDS and bool(_BRACKETED_CREDIT.search(line.text))


def is_counter(line: Line) -> bool:
    """'Image 3 of 5', '2 / 12': a slideshow's or pager's position, two numbers and a word or
    two, never text of the article."""
    if len(line.tokens) > _MAX_COUNTER_TOKENS:
        return False
    numbers = [int(t) for t in line.tokens if t.isdecimal()]
    return (
        len(numbers) == 2 and 0 < numbers[0] <= numbers[1] <= _MAX_COUNT and not line.sentence_end
    )


def is_link_item(line: Line) -> bool:
    """A list item that is no sentence: a menu entry or the title of another story."""
    return line.bullet and line.sentences == 0


def split_leading_date(text: str) -> tuple[str, str] | None:
    """('date 2022-10-04', rest) when a scraper glued a date header before the first sentence."""
    match = _LEADING_DATE.match(text)
    if not match or not text[match.end() :].strip():
        return None
    return match.group(0).strip(), text[match.end() :].strip()
