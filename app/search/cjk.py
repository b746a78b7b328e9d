"""Chinese, Japanese and Korean text as character pairs (bigrams), the side index both backends
keep beside their word index.

Both indexes cut words at spaces and punctuation, so a run of Chinese or Japanese (or a Korean
word with its particle glued on) is one long word there: "北京" alone would never find
"北京市政府". The side columns hold every CJK run rewritten as its overlapping pairs of
characters ("北京市政府" -> "北京 京市 市政 政府"), as Lucene's CJK bigram filter and
Elasticsearch's `cjk` analyzer do. A query word written in CJK is matched as the phrase of its
own pairs in those columns, which finds it anywhere inside a run. A run of one character is
indexed as itself. Pairs are computed here, in Python, when an article is stored; other text
(Latin, Cyrillic, ...) never reaches the side columns, so they cost nothing for it.
"""

import re

from app.search.tokenize import CJK_PATTERN

_RUN = re.compile(CJK_PATTERN.pattern + "+")


def runs(text: str) -> list[str]:
    """The maximal runs of CJK characters in ``text``, in order."""
    return _RUN.findall(text)


def grams(run: str) -> list[str]:
    """The overlapping character pairs of one run; a single character stands for itself."""
    if len(run) == 1:
        return [run]
    return [run[index : index + 2] for index in range(len(run) - 1)]


def side_text(text: str | None) -> str | None:
    """What the side index holds for one column: the pairs of every run, space-separated;
    None when the text has no CJK character (most articles), so nothing is stored."""
    # ASCII text is told apart in one pass in C. (A bound on max(text) is not: curly quotes and
    # dashes lie above the first CJK block, and max() took longer than the pattern's search.)
    if not text or text.isascii():
        return None
    pairs = [pair for run in runs(text) for pair in grams(run)]
    return " ".join(pairs) if pairs else None


def is_cjk_word(word: str) -> bool:
    """Whether a query word is written in CJK only, and so matched by its pairs.

    A word mixing scripts ("K팝") keeps matching as the one whole word the word index holds.
    """
    return bool(word) and _RUN.fullmatch(word) is not None


def word_grams(words: tuple[str, ...]) -> list[str]:
    """The pairs a phrase of CJK words is matched by, in order: each word's own pairs."""
    return [pair for word in words for pair in grams(word)]
