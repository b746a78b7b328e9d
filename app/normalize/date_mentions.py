"""Explicit calendar dates written in one line of text, in any of dateparser's languages.

Only dates that name a day, a month and a year are read: a date without a year ("Oct 29"), a
weekday ("on Tuesday") or a relative day ("yesterday") would need a reference date, and guessing
one is how articles get dated to the day they were scraped.

Month names come from dateparser's own locale data (about 200 languages), so "4 октября 2022",
"15 de Abril de 2020", "30 Ekim 2020" and "Sept. 8, 2020" are read alike. The structure (day,
month, year, an optional time) is matched with regular expressions rather than by calling
dateparser's DateDataParser on each candidate line: measured, it costs 1-20 ms a clean date
string once warm, 40-90 ms on a whole header line ("Updated 9:53 am PDT, Tuesday, September 1,
2020"), which it then does not read, and seconds for its first call; a seed-sized article must
normalize in a few milliseconds. A cheap prefilter (a year in the line) skips most lines.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache

import dateparser.data.date_translation_data as _translations

_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# When one word names different months in different languages ("listopad" is November in
# Polish and Czech, October in Croatian), the widely written languages decide.
_PREFERRED_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "ru", "uk", "tr", "pl", "cs", "nl")

_YEAR = r"(?P<y>(?:19|20)\d\d)(?:(?!\d)|(?=\d{1,2}:\d\d))"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|°)?"
_WORD = r"(?P<m>[^\W\d_]{2,}\.?)"
_TEXT_PATTERNS = (
    # 4 октября 2022 | 15 de Abril de 2020 | 21. juni 2020 | 13 Jan 2020
    re.compile(rf"(?<![\d.]){_DAY}\.?\s*(?:de\s+|of\s+)?{_WORD},?\s*(?:de\s+|del\s+)?{_YEAR}"),
    # March 2, 2020 | Sept. 8, 2020 | octubre 7, 2020 | Oct 29 2020
    re.compile(rf"(?<![^\W\d_]){_WORD}\s+{_DAY},?\s*{_YEAR}"),
    # 2020. október 26. | 2020 m. spalio 26 d.
    re.compile(rf"(?<!\d){_YEAR}\.?\s+(?:m\.\s+)?{_WORD}\s+(?P<d>[0-3]?\d)(?!\d)"),
)
_NUMERIC_YMD = re.compile(
    r"(?<![\d./-])(?P<y>(?:19|20)\d\d)\s?(?P<sep>[-./])\s?(?P<m>[01]?\d)\s?(?P=sep)\s?"
    r"(?P<d>[0-3]?\d)(?!\d)"
)
_NUMERIC_XXY = re.compile(
    r"(?<![\d./-])(?P<a>[0-3]?\d)\s?(?P<sep>[-./])\s?(?P<b>[0-3]?\d)\s?(?P=sep)\s?"
    r"(?P<y>(?:19|20)\d\d)(?:(?!\d)|(?=\d{1,2}:\d\d))"
)
_CJK = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s?[年년]\s?(?P<m>[01]?\d)\s?[月월]\s?(?P<d>[0-3]?\d)\s?[日일]?"
)
_TIME = re.compile(
    r"[^\d\n]{0,14}?(?<!\d)(?P<H>[01]?\d|2[0-3])[:h.](?P<M>[0-5]\d)(?!\d)"
    r"(?::(?P<S>[0-5]\d))?\s?(?P<ap>[ap]\.?\s?m\b\.?)?"
    r"(?:\s?(?:GMT|UTC)\s?(?P<off>[+-]\d{1,2})(?::?(?P<offm>\d\d))?)?",
    re.IGNORECASE,
)
_TIME_BEFORE = re.compile(
    r"(?<!\d)(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?:\s?(?P<ap>[ap]\.?m\.?))?[\s,]{0,3}$",
    re.IGNORECASE,
)
_PREFILTER = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class DateMention:
    """A date written in a line: `when` is timezone-aware; midnight UTC when no time is given."""

    when: datetime
    start: int
    end: int


@cache
def month_vocabulary() -> dict[str, int]:
    """Lower-cased month names and abbreviations of every dateparser locale -> month number."""
    vocabulary: dict[str, int] = {}
    names = sorted(
        (module.name for module in pkgutil.iter_modules(_translations.__path__)),
        key=lambda name: (name not in _PREFERRED_LANGUAGES, name),
    )
    for name in names:
        info = importlib.import_module(f"{_translations.__name__}.{name}").info
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for word in info.get(key, []):
                token = word.casefold().rstrip(".")
                if len(token) >= 3 or not token.isascii():
                    vocabulary.setdefault(token, number)
    return vocabulary


def _month_number(word: str) -> int | None:
    token = word.casefold().rstrip(".")
    vocabulary = month_vocabulary()
    return vocabulary.get(token) or (vocabulary.get(token[:4]) if len(token) > 4 else None)


def _build(y: int, m: int, d: int) -> datetime | None:
    try:
        return datetime(y, m, d, tzinfo=UTC)
    except ValueError:
        return None


def _with_time(day: datetime, line: str, start: int, end: int) -> datetime:
    """Attach a time written right after the date ("08:16", "at 9:22 a.m.", "16h05") or just
    before it ("15:35, Oct 29 2020"); a stated GMT/UTC offset is honoured, otherwise UTC."""
    match = _TIME.match(line, end) or _TIME_BEFORE.search(line, max(0, start - 12), start)
    if match is None:
        return day
    hour, minute = int(match["H"]), int(match["M"])
    second = int(match.groupdict().get("S") or 0)
    marker = (match["ap"] or "").casefold()
    if marker.startswith("p") and hour < 12:
        hour += 12
    elif marker.startswith("a") and hour == 12:
        hour = 0
    zone = UTC
    offset = match.groupdict().get("off")
    if offset:
        hours, minutes = int(offset), int(match["offm"] or 0)
        if abs(hours) <= 14:
            sign = -1 if hours < 0 else 1
            zone = timezone(timedelta(hours=hours, minutes=sign * minutes))
    return day.replace(hour=hour, minute=minute, second=second, tzinfo=zone)


def find_mentions(line: str, *, month_first: bool = False) -> list[DateMention]:
    """Every explicit date in `line`, in order. Numeric dates like 05/04/2020 are read day-first
    unless `month_first` says the page writes them the American way."""
    if not _PREFILTER.search(line):
        return []
    found: list[tuple[int, int, datetime]] = []

    def add(start: int, end: int, day: datetime | None) -> None:
        if day is not None and not any(s < end and start < e for s, e, _ in found):
            found.append((start, end, day))

    for match in _CJK.finditer(line):
        add(match.start(), match.end(), _build(int(match["y"]), int(match["m"]), int(match["d"])))
    for match in _NUMERIC_YMD.finditer(line):
        add(match.start(), match.end(), _build(int(match["y"]), int(match["m"]), int(match["d"])))
    for match in _NUMERIC_XXY.finditer(line):
        a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
        day, month = (b, a) if month_first else (a, b)
        if day <= 12 and month > 12:
            day, month = month, day
        add(match.start(), match.end(), _build(year, month, day))
    for pattern in _TEXT_PATTERNS:
        for match in pattern.finditer(line):
            month = _month_number(match["m"])
            if month is not None:
                day = _build(int(match["y"]), month, int(match["d"]))
                add(match.start(), match.end(), day)
    return [
        DateMention(_with_time(day, line, start, end), start, end)
        for start, end, day in sorted(found, key=lambda item: item[0])
    ]


def writes_month_first(lines: list[str]) -> bool:
    """Whether the page writes numeric dates month-first (04/26/2020): decided by a numeric date
    that can only be read one way, else by its textual dates ("April 26, 2020" vs "26 April")."""
    votes = 0
    for line in lines:
        if not _PREFILTER.search(line):
            continue
        for match in _NUMERIC_XXY.finditer(line):
            a, b = int(match["a"]), int(match["b"])
            if a > 12 >= b:
                return False
            if b > 12 >= a:
                return True
        votes += len(_TEXT_PATTERNS[1].findall(line)) - len(_TEXT_PATTERNS[0].findall(line))
    return votes > 0
