"""Snippets: the backends (FTS5's snippet(), PostgreSQL's ts_headline) mark matches with
private-use characters that never occur in news text, so the marked fragment splits cleanly into
plain text, match offsets and an HTML-marked form."""

from __future__ import annotations

from dataclasses import dataclass

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
