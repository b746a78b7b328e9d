"""Compile a query tree into a PostgreSQL tsquery, passed to ``to_tsquery`` as one bind parameter.

The tree is written as tsquery text in which every word is a quoted lexeme (``'word'``, with
``''`` and ``\\\\`` escaped), so user text can never become a tsquery operator, and the text
reaches SQL only as a parameter, so it can never become SQL. ``to_tsquery`` still runs each
quoted lexeme through the text-search configuration (lower-casing, stemming, stop words,
unaccent where the configuration has it), exactly as ``plainto_tsquery`` would, and unlike
``plainto_tsquery`` it keeps prefixes (``:*``), phrases (``<->``) and field weights.

Fields map to weights: the searchable vector is expected to be built as
``setweight(to_tsvector(cfg, title), 'A') || setweight(to_tsvector(cfg, body), 'D')``, so
``title:word`` is ``'word':A`` and ``body:word`` is ``'word':D``. A phrase is matched within
one weight at a time, so that, as in FTS5, it never runs from the title into the body; a column
added to the vector needs its weight in ``WEIGHTS`` for phrases to find it. A word written in
CJK is matched by its character pairs (app.search.cjk), which the vector holds with weights B
(title) and C (body): ``CJK_WEIGHTS``.

Two things the caller must handle:

- Feed the vector words cut the way FTS5 cuts them (``" ".join(tokenize.words(text))``):
  PostgreSQL's own parser reads "POL-358" as ``pol`` and ``-358``, which a query for the phrase
  ``pol 358`` would not find.
- Stop-word removal can leave only exclusions (``the -cat`` under ``english`` is ``!'cat'``),
  which matches nearly everything: guard the WHERE with ``querytree(q) <> 'T'``.
"""

from app.search.cjk import grams, is_cjk_word, word_grams
from app.search.tree import And, Field, Node, Not, Or, Phrase, Term

WEIGHTS = {"title": "A", "body": "D"}
# The CJK side index (app.search.cjk): the character pairs of the title (B) and body (C).
CJK_WEIGHTS = {"title": "B", "body": "C"}

SQL_FRAGMENT = "to_tsquery(%s::regconfig, %s)"


def compile_tsquery(node: Node, config: str = "simple") -> tuple[str, tuple[str, str]]:
    """An SQL expression of type tsquery (psycopg ``%s`` placeholders) and its parameters.

    Use it as ``WHERE search_vector @@ <fragment>`` with the parameters bound in order.
    """
    return SQL_FRAGMENT, (config, tsquery_text(node))


def tsquery_text(node: Node) -> str:
    """The ``to_tsquery`` input for a tree from ``parse``: bind it for any driver's placeholder."""
    return _text(node, None)


def _text(node: Node, field: str | None) -> str:
    match node:
        case Term(text) if is_cjk_word(text):
            return _cjk(grams(text), field)
        case Phrase(words) if all(is_cjk_word(word) for word in words):
            return _cjk(word_grams(words), field)
        case Term(text, prefix):
            return _lexeme(text, prefix, WEIGHTS[field] if field else "")
        case Phrase(words, prefix):
            return _phrase(list(words), prefix, WEIGHTS, field)
        case Field(name, item):
            return _text(item, name)
        case Not(item):
            return "!" + _text(item, field)
        case And(items):
            return "(" + " & ".join(_text(item, field) for item in items) + ")"
        case Or(items):
            return "(" + " | ".join(_text(item, field) for item in items) + ")"
    raise TypeError(f"not a query node: {node!r}")


def _phrase(words: list[str], prefix: bool, weights: dict[str, str], field: str | None) -> str:
    """Adjacent lexemes within one weight. Concatenated vectors number each part's positions
    right after the one before, so a phrase with no weight could run from one column's last
    word into the next column's first: without a field it is tried in each column apart."""
    if field is None:
        return "(" + " | ".join(_phrase(words, prefix, weights, name) for name in weights) + ")"
    last = len(words) - 1
    lexemes = (_lexeme(w, prefix and i == last, weights[field]) for i, w in enumerate(words))
    return "(" + " <-> ".join(lexemes) + ")"


def _cjk(pairs: list[str], field: str | None) -> str:
    """Pairs in the side columns; a lone character is a prefix of the pairs it starts, as in
    app.search.sqlite_fts."""
    if len(pairs) > 1:
        return _phrase(pairs, False, CJK_WEIGHTS, field)
    weight = "".join(CJK_WEIGHTS.values()) if field is None else CJK_WEIGHTS[field]
    return _lexeme(pairs[0], len(pairs[0]) == 1, weight)


def _lexeme(word: str, prefix: bool, weight: str) -> str:
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    label = ("*" if prefix else "") + weight
    return quoted + (":" + label if label else "")
