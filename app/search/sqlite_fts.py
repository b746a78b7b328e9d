"""Query tree -> FTS5 MATCH expression (first version)."""

from __future__ import annotations

from app.search.query import And


def compile_match(tree: And) -> str:
    return " AND ".join('"' + term.text.replace('"', '""') + '"' for term in tree.items)
