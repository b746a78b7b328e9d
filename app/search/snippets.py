"""Snippets: the backends (FTS5's snippet(), PostgreSQL's ts_headline) mark matches with
private-use characters that never occur in news text, so the marked fragment splits cleanly into
plain text, match offsets and an HTML-marked form."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from app.models import Article
from app.search.cjk import is_cjk_word
from app.search.tree import Node, Phrase, Term, terms

OPEN, CLOSE = "\ue000", "\ue001"
ELLIPSIS = "…"
# About this many words around the matches.
SNIPPET_TOKENS = 24


@dataclass(frozen=True)
class Snippet:
    text: str
    highlights: list[tuple[int, int]]

    @property
    def marked(self) -> str:
        """The text with each highlight wrapped in <mark>...</mark>."""
        parts, cursor = [], 0
        for start, end in self.highlights:
            parts += [self.text[cursor:start], "<mark>", self.text[start:end], "</mark>"]
            cursor = end
        parts.append(self.text[cursor:])
        return "".join(parts)


def parse_snippet(raw: str | None) -> Snippet:
    """Split a backend's marked fragment into text and [start, end) character offsets."""
    text: list[str] = []
    highlights: list[tuple[int, int]] = []
    length, start = 0, None
    for char in raw or "":
        if char == OPEN:
            start = length
        elif char == CLOSE:
            if start is not None and length > start:
                highlights.append((start, length))
            start = None
        else:
            text.append(char)
            length += 1
    return Snippet("".join(text), highlights)


# Characters of context kept before the first match, and the fragment's whole length, when the
# fragment is cut here rather than by the backend.
_LEAD, _SPAN = 60, 200


def marked_fragment(text: str, words: list[str]) -> str:
    """A backend-style marked fragment of ``text`` around the first of ``words``, every
    occurrence marked: for queries the backends' own snippets cannot mark, those matched in the
    CJK side index (app.search.cjk), whose columns hold character pairs rather than text.

    Words written in CJK are found anywhere, as the pairs find them; others as whole words,
    ignoring case, as the word index finds them.
    """
    found = _occurrences(text, words)
    if not found:
        return _cut(text, 0, min(len(text), _SPAN), [])
    start = max(0, found[0][0] - _LEAD)
    end = min(len(text), start + _SPAN)
    return _cut(text, start, end, [(a, b) for a, b in found if a >= start and b <= end])


def _occurrences(text: str, words: list[str]) -> list[tuple[int, int]]:
    patterns = [
        re.escape(word) if is_cjk_word(word) else rf"(?<!\w){re.escape(word)}(?!\w)"
        for word in sorted(set(words), key=len, reverse=True)
        if word
    ]
    if not patterns:
        return []
    matches = re.finditer("|".join(patterns), text, re.IGNORECASE)
    return [match.span() for match in matches]


def _cut(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    parts = [ELLIPSIS] if start > 0 else []
    cursor = start
    for a, b in spans:
        parts += [text[cursor:a], OPEN, text[a:b], CLOSE]
        cursor = b
    parts.append(text[cursor:end])
    if end < len(text):
        parts.append(ELLIPSIS)
    return "".join(parts)


def query_words(tree: Node) -> list[str]:
    """Every positive word of the query, phrases split into their words."""
    return [word for term in terms(tree) for word in _term_words(term)]


def _term_words(term: Term | Phrase) -> tuple[str, ...]:
    return term.words if isinstance(term, Phrase) else (term.text,)


def needs_own_snippets(tree: Node) -> bool:
    """Whether a word of the query is matched by CJK pairs, which no backend snippet marks."""
    return any(is_cjk_word(word) for word in query_words(tree))


def own_snippets(session: Session, pks: list[int], tree: Node) -> dict[int, str]:
    """Marked fragments of the rows `pks` (a page), cut here from title and body."""
    if not pks:
        return {}
    words = query_words(tree)
    rows = session.execute(
        select(col(Article.pk), col(Article.title), col(Article.body)).where(
            col(Article.pk).in_(pks)
        )
    ).all()
    return {
        pk: marked_fragment(f"{title or ''}\n\n{body}".strip(), words) for pk, title, body in rows
    }
