"""One scraped line and the measurements the extractor decides on.

Every decision about a line uses these numbers (length, stopword share, sentence punctuation,
letters against digits and symbols, list markers, dates, script), never the line's wording.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache


def _mark_ranges() -> str:
    """The combining marks (Unicode Mn, Mc) of the basic plane as a character class's ranges:
    the vowel signs of Indic scripts ('বাড়ির', 'हिन्दी'), Thai's, diacritics written apart.
    Python's \\w leaves them out, so a word would break at each one."""
    marks = [c for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in {"Mn", "Mc"}]
    ranges: list[tuple[int, int]] = []
    for code in marks:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_MARKS = _mark_ranges()
# A word: letters and digits with the combining marks written on them.
_WORD = re.compile(rf"\w[\w{_MARKS}]*")
_BULLET = re.compile(r"^(?:[*•+·▪►▸›»|–—-]+|\d{1,2}[.)](?=\s))\s*")
_SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)\]]*$")
# A full stop after a lower-case word (not after an initial like "N.") and before a capital.
_SENTENCE_INSIDE = re.compile(
    r"(?:[a-zß-ÿа-яё]{2}|\d)[.!?。！？][\"'”’»)]*\s+[\"'“‘«(]?[A-ZÀ-ÞА-ЯЁ0-9]"
)
# A line ending on a comma breaks a sentence that the next line carries on.
_CLAUSE_ENDS = (",", "\u3001", "\uff0c")
# Renderers print table cells apart by runs of spaces; prose has single spaces.
_CELL_GAP = re.compile(r"\s{2,}")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_CLOCK = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?!\d)")

_SCRIPT_SAMPLE = 160
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_A-Za-z]")
# Letters are counted as what is left when the rest is taken out: prose is mostly letters, so
# the rest is the shorter list to build (one match per character).
_NOT_LETTER = re.compile(rf"[^\w{_MARKS}]|[\d_]")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
# The full stops of Devanagari and Bengali (danda), of Urdu, and the Arabic question mark too.
_SENTENCE_MARKS = ".!?。！？…\u0964\u0965\u06d4\u061f"
_CLOSERS = "\"'”’»)]"

# Scripts by code point block: a line in another script than the article's is not its text.
_SCRIPTS = (
    (0x0370, 0x03FF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0900, 0x0DFF, "indic"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1100, 0x11FF, "hangul"),
    (0x3040, 0x30FF, "kana"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "hangul"),
)


def script_of(text: str) -> str | None:
    """The script most of the line's letters are written in ('latin', 'cyrillic', ...).

    The line's opening is a fair sample, and keeps this cheap on long paragraphs.
    """
    text = text[:_SCRIPT_SAMPLE]
    if text.isascii():  # every letter is [A-Za-z]: count them as what the rest leaves
        letters = len(text) - len(_NOT_LETTER.findall(text))
        return "latin" if letters else None
    counts: dict[str, int] = {"latin": len(_ASCII_LETTER.findall(text))}
    for ch in _NON_ASCII_LETTER.findall(text):
        name = _letter_script(ch)
        counts[name] = counts.get(name, 0) + 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


@cache
def _letter_script(ch: str) -> str:
    """The script of one non-ASCII letter (a page uses few letters, many times over)."""
    code = ord(ch)
    for low, high, script in _SCRIPTS:
        if low <= code <= high:
            return script
    return "latin" if code < 0x0370 else "other"


# Japanese is written in kana and han together: a line mostly in either is the same writing.
_FAMILIES = {"kana": "cjk", "han": "cjk"}


def script_family(script: str | None) -> str | None:
    """The writing system a script belongs to, so that lines of one language compare equal."""
    return _FAMILIES.get(script, script) if script else None


def holds_script(text: str, family: str) -> bool:
    """Whether the line's opening holds any letter of the given writing system.

    Text in a non-Latin script routinely carries Latin names and terms ('iPhone', 'Ctrl'),
    which can outnumber its own letters on a short line without making it another language.
    """
    for ch in _NON_ASCII_LETTER.findall(text[:_SCRIPT_SAMPLE]):
        code = ord(ch)
        if any(
            low <= code <= high and script_family(name) == family for low, high, name in _SCRIPTS
        ):
            return True
    return False


def _is_spaceless(script: str | None) -> bool:
    return script in {"han", "kana", "thai"}


@dataclass
class Line:
    """A non-empty input line and its measurements."""

    index: int
    raw: str
    text: str
    indent: int
    words: int
    stop_share: float
    letter_share: float
    digit_share: float
    bullet: bool
    sentence_end: bool
    sentences: int
    date_like: bool
    script: str | None
    echoed: bool
    truncated: bool
    continued: bool
    cells: int
    tokens: tuple[str, ...]

    @property
    def chars(self) -> int:
        return len(self.text)


def measure(index: int, raw: str, stopwords: frozenset[str] = frozenset()) -> Line:
    text = raw.strip()
    bullet_match = _BULLET.match(text)
    content = text[bullet_match.end() :] if bullet_match else text
    tokens = _WORD.findall(content)
    script = script_of(content)
    words = len(tokens)
    if _is_spaceless(script):
        words = max(words, len(content) // 2)
    others = "".join(_NOT_LETTER.findall(content))
    spaces = len(_SPACE.findall(others))
    visible = (len(content) - spaces) or 1
    digits = len(_DIGIT.findall(others)) if others else 0
    sentence_end = _ends_sentence(content)
    return Line(
        index=index,
        raw=raw,
        text=text,
        indent=len(raw) - len(raw.lstrip()),
        words=words,
        stop_share=_stop_share(tokens, stopwords),
        letter_share=(len(content) - len(others)) / visible,
        digit_share=digits / visible,
        bullet=bullet_match is not None and bool(content),
        sentence_end=sentence_end,
        sentences=len(_SENTENCE_INSIDE.findall(content)) + sentence_end,
        # Every date pattern holds a digit: a line without one skips the three searches.
        date_like=digits > 0
        and bool(_YEAR.search(content) or _CLOCK.search(content) or _NUMERIC_DATE.search(content)),
        script=script,
        echoed=_says_it_twice(tokens),
        truncated=content.endswith(("...", "\u2026")),
        continued=content.endswith(_CLAUSE_ENDS),
        cells=len(_CELL_GAP.split(content)),
        tokens=tuple(tokens),
    )


def _ends_sentence(content: str) -> bool:
    """Sentence punctuation last, before any closing quotes and brackets (a search anchored at
    the end would try every position of a long paragraph)."""
    unclosed = content.rstrip(_CLOSERS)
    return bool(unclosed) and unclosed[-1] in _SENTENCE_MARKS


def with_stopwords(line: Line, stopwords: frozenset[str]) -> Line:
    """The line measured against the stoplist of a language settled after a first look."""
    # A copy of its fields: dataclasses.replace runs __init__ over them all, five times slower,
    # and this runs for every line of every page once its language is known.
    measured = Line.__new__(Line)
    measured.__dict__.update(vars(line), stop_share=_stop_share(line.tokens, stopwords))
    return measured


def _stop_share(tokens: Sequence[str], stopwords: frozenset[str]) -> float:
    if not tokens or not stopwords:
        return 0.0
    return sum(map(stopwords.__contains__, map(str.lower, tokens))) / len(tokens)


def _says_it_twice(tokens: list[str]) -> bool:
    """A teaser printed as title + same title: the line's second half repeats its first."""
    half = len(tokens) // 2
    return half >= 3 and tokens[:half] == tokens[len(tokens) - half :]
