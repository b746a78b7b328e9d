"""Snippets for hits of the derived index, cut here from the stored title and body.

The index keeps no text, so a page's snippets are made from its articles as the store holds
them: a word is marked when the index's analyzer makes it the same term as a query word (so
"elections" marks "election" and "Zürich" marks "zurich"), or a term that a prefix* word starts.
Words written in CJK are found by the pairs, as app.search.snippets does for the databases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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

_WORD = re.compile(r"[\w\u0300-\u036f]+")
# Words of context kept before the first match.
_LEAD_WORDS = 6


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


def _fragment(matcher: _Matcher, text: str) -> Snippet | None:
    """About SNIPPET_TOKENS words of `text` from a little before its first match, every match
    inside highlighted; None when nothing in `text` matches."""
    words: list[re.Match[str]] = []
    first = None
    for found in _WORD.finditer(text):
        words.append(found)
        if first is None and matcher.matches(found.group()):
            first = len(words) - 1
        if first is not None and len(words) >= first + SNIPPET_TOKENS - _LEAD_WORDS:
            break
    if first is None:
        return None
    window = words[max(0, first - _LEAD_WORDS) :]
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
