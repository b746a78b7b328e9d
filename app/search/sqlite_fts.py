"""Compile a query tree into an SQLite FTS5 MATCH expression.

Every word reaches FTS5 inside a double-quoted string, so no user text is ever read as FTS5
syntax (NEAR, ^, column names, bare operators); the only syntax in the output is what this
module writes. The expression is meant to be passed as a bound parameter:
``... WHERE articles_fts MATCH ?``.
"""

from app.search.tree import And, Field, Node, Not, Or, Phrase, Term

# FTS5 column for each query field; a renamed column is a change here only.
COLUMNS = {"title": "title", "body": "body"}


def compile_match(node: Node) -> str:
    """The FTS5 MATCH expression for a tree from ``parse`` (a positive one, as parse returns).

    FTS5's NOT is binary (``a NOT b``), so an And's exclusions are written after its positive
    items: ``a -b -c`` becomes ``("a" NOT ("b" OR "c"))``.
    """
    match node:
        case Term(text, prefix):
            return _string(text) + ("*" if prefix else "")
        case Phrase(words, prefix):
            return _string(" ".join(words)) + ("*" if prefix else "")
        case Field(name, item):
            return f"{COLUMNS[name]} : ({compile_match(item)})"
        case Or(items):
            return "(" + " OR ".join(compile_match(item) for item in items) + ")"
        case And(items):
            return _and(items)
        case Not():
            raise ValueError("FTS5 cannot match an exclusion on its own; parse() never returns one")
    raise TypeError(f"not a query node: {node!r}")


def _and(items: tuple[Node, ...]) -> str:
    included = [compile_match(item) for item in items if not isinstance(item, Not)]
    excluded = [compile_match(item.item) for item in items if isinstance(item, Not)]
    if not included:
        raise ValueError("FTS5 cannot match exclusions on their own; parse() never returns them")
    positive = included[0] if len(included) == 1 else "(" + " AND ".join(included) + ")"
    if not excluded:
        return positive
    negative = excluded[0] if len(excluded) == 1 else "(" + " OR ".join(excluded) + ")"
    return f"({positive} NOT {negative})"


def _string(text: str) -> str:
    """An FTS5 string: FTS5 splits it into words itself, and a '"' inside is written '""'."""
    return '"' + text.replace('"', '""') + '"'
