"""Snippets for hits of the derived index, cut here from the stored title and body.

The index keeps no text, so a page's snippets are made from its articles as the store holds
them: a word is marked when the index's analyzer makes it the same term as a query word (so
"elections" marks "election" and "Zürich" marks "zurich"), or a term that a prefix* word starts.
Words written in CJK are found by the pairs, as app.search.snippets does for the databases.

A snippet is cut for every hit of every page, so finding the first match must not cost a walk
through every word of the text in Python (for a rare word, one that ends late in the body or in
the title). The analyzer stems English suffixes only: a word's term, less its last two
characters, always begins the word as written, lowercased (it held for all 126,000 distinct
words of the multilingual evaluation pages; tests/search/test_highlight.py checks it on the
seeds' words and generated ones). So only the words that begin with a query
term's stem, found by `str.find` in the lowercased text, are candidates, plus every word with a
letter that lowercasing does not fold (accents, other scripts), which is always checked.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import islice

from app.models import Article
from app.search.index import PREFIX_ANALYZER, WORD_ANALYZER
from app.search.snippets import (
    ELLIPSIS,
    SNIPPET_TOKENS,
    Snippet,
    marked_fragment,
    needs_own_snippets,
    parse_snippet,
    query_words,
)
from app.search.tree import Node, Phrase, terms

_WORD_CHARACTER = re.compile(r"[\w\u0300-\u036f]")
_WORD = re.compile(_WORD_CHARACTER.pattern + "+")
# A character beyond ASCII, or the underscore: in a word, its term may not start where the
# word does once lowercased (a folded letter, another script, a combining accent; the analyzer
# splits words at the underscore).
_BEYOND_ASCII = re.compile(r"[^\x00-\x5e\x60-\x7f]")
# Words of context kept before the first match, looked for in this many characters before it.
_LEAD_WORDS, _LEAD_CHARACTERS = 6, 200


@lru_cache(maxsize=65_536)
def _term(word: str) -> str:
    """The index term of one word (the analyzer's only token, or the word lowercased)."""
    tokens = WORD_ANALYZER.analyze(word)
    return tokens[0] if tokens else word.lower()


@lru_cache(maxsize=65_536)
def _folded(word: str) -> str:
    tokens = PREFIX_ANALYZER.analyze(word)
    return tokens[0] if tokens else word.lower()


class _Matcher:
    """Which words of a text the query's positive words and prefixes match."""

    def __init__(self, tree: Node) -> None:
        self.terms: set[str] = set()
        self.prefixes: list[str] = []
        self._seen: dict[str, bool] = {}  # word as written -> whether it matches
        for item in terms(tree):
            words = item.words if isinstance(item, Phrase) else (item.text,)
            for word in words[:-1]:
                self.terms.add(_term(word))
            last = words[-1]
            if item.prefix:
                self.prefixes.append(_folded(last))
            else:
                self.terms.add(_term(last))
        # What every matching word starts with, lowercased (see the module's docstring).
        self.stems = {term[:-2] for term in self.terms} | {p[:-2] for p in self.prefixes}

    def first_match(self, text: str) -> int | None:
        """Where the first word of `text` that the query matches starts."""
        lowered = text.lower()
        if "" in self.stems or len(lowered) != len(text):  # no stem to look for; or İ
            starts: Iterator[int] = (found.start() for found in _WORD.finditer(text))
        else:
            candidates = [_starts_of(stem, text, lowered) for stem in self.stems]
            starts = heapq.merge(*candidates, _unfolded_word_starts(text))
        for start in starts:
            word = _WORD.match(text, start)
            if word is not None and self.matches(word.group()):
                return start
        return None

    def matches(self, word: str) -> bool:
        known = self._seen.get(word)
        if known is None:
            term = _term(word)
            known = term in self.terms or any(term.startswith(p) for p in self.prefixes)
            self._seen[word] = known
        return known


def snippets_for(tree: Node, articles: Sequence[Article]) -> dict[int, Snippet]:
    """A snippet per article (by row key) around the first words the query matches."""
    if needs_own_snippets(tree):
        words = query_words(tree)
        return {
            article.pk or 0: parse_snippet(
                marked_fragment(f"{article.title or ''}\n\n{article.body}".strip(), words)
            )
            for article in articles
        }
    matcher = _Matcher(tree)
    return {article.pk or 0: _snippet(matcher, article) for article in articles}


def _snippet(matcher: _Matcher, article: Article) -> Snippet:
    for text in (article.body, article.title or ""):
        snippet = _fragment(matcher, text)
        if snippet is not None:
            return snippet
    words = list(islice(_WORD.finditer(article.body), SNIPPET_TOKENS))
    end = words[-1].end() if len(words) == SNIPPET_TOKENS else len(article.body)
    return Snippet(article.body[:end] + (ELLIPSIS if end < len(article.body) else ""), [])


def _starts_of(stem: str, text: str, lowered: str) -> Iterator[int]:
    """Where words beginning with `stem` (lowercased) start, in order."""
    at = lowered.find(stem)
    while at >= 0:
        if at == 0 or not _WORD_CHARACTER.match(text, at - 1):
            yield at
        at = lowered.find(stem, at + 1)


def _unfolded_word_starts(text: str) -> Iterator[int]:
    """Where the words holding a character of _BEYOND_ASCII start, in order, once each."""
    if text.isascii() and "_" not in text:
        return
    found = _BEYOND_ASCII.search(text)
    while found is not None:
        at = found.start()
        word = _WORD.match(text, at)
        if word is None:  # punctuation: a curly quote, a dash
            found = _BEYOND_ASCII.search(text, at + 1)
            continue
        while at > 0 and _WORD_CHARACTER.match(text, at - 1):
            at -= 1
        yield at
        found = _BEYOND_ASCII.search(text, word.end())


def _words_before(text: str, end: int) -> list[re.Match[str]]:
    """The last _LEAD_WORDS words that end before `end`, found in the characters just before it
    (the first word found there may be cut short: it is left out)."""
    start = max(0, end - _LEAD_CHARACTERS)
    words = list(_WORD.finditer(text, start, end))
    if start > 0 and len(words) <= _LEAD_WORDS:  # long words: look at the whole start
        words = list(_WORD.finditer(text, 0, end))
    return words[-_LEAD_WORDS:]


def _fragment(matcher: _Matcher, text: str) -> Snippet | None:
    """About SNIPPET_TOKENS words of `text` from a little before its first match, every match
    inside highlighted; None when nothing in `text` matches."""
    first = matcher.first_match(text)
    if first is None:
        return None
    before = _words_before(text, first)
    window = before + list(islice(_WORD.finditer(text, first), SNIPPET_TOKENS - _LEAD_WORDS))
    start, end = window[0].start(), window[-1].end()
    lead = ELLIPSIS if start > 0 else ""
    shift = len(lead) - start
    highlights = [
        (word.start() + shift, word.end() + shift)
        for word in window
        if matcher.matches(word.group())
    ]
    tail = ELLIPSIS if end < len(text) else ""
    return Snippet(lead + text[start:end] + tail, highlights)
