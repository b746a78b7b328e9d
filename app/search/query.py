"""Query text -> tree (first version: words, all required)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


class QuerySyntaxError(ValueError):
    def __init__(self, message: str, position: int, expected: str) -> None:
        super().__init__(message)
        self.message, self.position, self.expected = message, position, expected


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class And:
    items: tuple[Term, ...]


def parse(query: str) -> And:
    words = tuple(Term(word.lower()) for word in _WORD.findall(query))
    if not words:
        raise QuerySyntaxError("the query has no words to search for", 0, "a word")
    return And(words)


def to_text(tree: And) -> str:
    return " ".join(term.text for term in tree.items)
