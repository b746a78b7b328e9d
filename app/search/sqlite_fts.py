"""Compile a query tree into an SQLite FTS5 MATCH expression.

Every word reaches FTS5 inside a double-quoted string, so no user text is ever read as FTS5
syntax (NEAR, ^, column names, bare operators); the only syntax in the output is what this
module writes. The expression is meant to be passed as a bound parameter:
``... WHERE articles_fts MATCH ?``.
"""

from app.search.cjk import grams, is_cjk_word, word_grams
from app.search.tree import And, Field, Node, Not, Or, Phrase, Term

# FTS5 column for each query field; a renamed column is a change here only.
COLUMNS = {"title": "title", "body": "body"}
# The CJK side index (app.search.cjk): the column of character pairs of each field.
CJK_COLUMNS = {"title": "title_cjk", "body": "body_cjk"}


def compile_match(node: Node, field: str | None = None) -> str:
    """The FTS5 MATCH expression for a tree from ``parse`` (a positive one, as parse returns).

    FTS5's NOT is binary (``a NOT b``), so an And's exclusions are written after its positive
    items: ``a -b -c`` becomes ``("a" NOT ("b" OR "c"))``. A field is pushed down to the words
    under it, as each word picks its column: a word written in CJK is the phrase of its pairs in
    the side columns, any other word is matched in the word columns.
    """
    match node:
        case Term(text) if is_cjk_word(text):
            return _cjk(grams(text), field)
        case Phrase(words) if all(is_cjk_word(word) for word in words):
            return _cjk(word_grams(words), field)
        case Term(text, prefix):
            return _in(field, _string(text) + ("*" if prefix else ""))
        case Phrase(words, prefix):
            return _in(field, _string(" ".join(words)) + ("*" if prefix else ""))
        case Field(name, item):
            return compile_match(item, name)
        case Or(items):
            return "(" + " OR ".join(compile_match(item, field) for item in items) + ")"
        case And(items):
            return _and(items, field)
        case Not():
            raise ValueError("FTS5 cannot match an exclusion on its own; parse() never returns one")
    raise TypeError(f"not a query node: {node!r}")


def _in(field: str | None, expression: str) -> str:
    return expression if field is None else f"{COLUMNS[field]} : {expression}"


def _cjk(pairs: list[str], field: str | None) -> str:
    """A run of pairs in the side columns. A lone character is a prefix of the pairs it starts
    (and the single-character runs); longer input already matches inside runs, prefix or not."""
    columns = CJK_COLUMNS.values() if field is None else (CJK_COLUMNS[field],)
    star = "*" if len(pairs) == 1 and len(pairs[0]) == 1 else ""
    return "{" + " ".join(columns) + "} : " + _string(" ".join(pairs)) + star


def _and(items: tuple[Node, ...], field: str | None) -> str:
    included = [compile_match(item, field) for item in items if not isinstance(item, Not)]
    excluded = [compile_match(item.item, field) for item in items if isinstance(item, Not)]
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
