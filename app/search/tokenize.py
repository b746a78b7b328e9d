"""Split query text into words the way SQLite FTS5's ``unicode61`` tokenizer splits documents.

The query tree holds words, not raw text, so that every backend sees the same words the index
holds: "POL-358" is the two adjacent words ``POL 358``, punctuation separates words, letters keep
their case and accents (the index folds both). Agreement with SQLite is checked by a test that
tokenizes the same strings with FTS5 itself.

Known difference: SQLite's tables date from Unicode 6.1, so characters assigned later (recent
emoji, new scripts) are word characters there and separators here. They are dropped from a
query; nothing else changes.
"""

import re
import unicodedata
from functools import lru_cache

# Combining marks that unicode61 keeps inside a word (it folds them away with
# remove_diacritics); every other combining mark separates words there.
_KEPT_MARKS = frozenset(
    {
        *range(0x300, 0x305),
        *range(0x306, 0x30D),
        *(0x30F, 0x311, 0x31B),
        *range(0x323, 0x329),
        *(0x32D, 0x32E, 0x330, 0x331),
    }
)
_WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Co", "Cn"})

# Scripts written without spaces between words (or, for Korean, with particles glued to the
# word): unicode61 indexes a whole run of them as one word.
_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3005, 0x3007),  # iteration and closing marks, ideographic zero
    (0x3040, 0x31FF),  # Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, ...
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xA960, 0xA97F),  # Hangul Jamo Extended-A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo Extended-B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF66, 0xFF9F),  # halfwidth Katakana
    (0xFFA0, 0xFFDC),  # halfwidth Hangul
    (0x20000, 0x3FFFF),  # CJK Unified Ideographs Extensions B and later
)


@lru_cache(maxsize=4096)
def is_word_char(char: str) -> bool:
    """Whether unicode61 keeps ``char`` inside a word rather than splitting on it."""
    return unicodedata.category(char) in _WORD_CATEGORIES or ord(char) in _KEPT_MARKS


def words(text: str) -> list[str]:
    """The words of ``text`` in order, as unicode61 would cut them (case and accents kept).

    A run of combining accents alone is no word: the index folds it away to nothing.
    """
    found: list[str] = []
    start = -1
    for index, char in enumerate(text + " "):
        if is_word_char(char):
            if start < 0:
                start = index
        elif start >= 0:
            word = text[start:index]
            if any(ord(mark) not in _KEPT_MARKS for mark in word):
                found.append(word)
            start = -1
    return found


CJK_PATTERN = re.compile(
    "[" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in _CJK_RANGES) + "]"
)


def is_cjk(word: str) -> bool:
    """Whether ``word`` contains Chinese, Japanese or Korean script.

    unicode61 does not split such runs into words, so a backend may route these words to an
    n-gram index instead.
    """
    return CJK_PATTERN.search(word) is not None
