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
added to the vector needs its weight in ``WEIGHTS`` for phrases to find it.

Two things the caller must handle:

- Feed the vector words cut the way FTS5 cuts them (``" ".join(tokenize.words(text))``):
  PostgreSQL's own parser reads "POL-358" as ``pol`` and ``-358``, which a query for the phrase
  ``pol 358`` would not find.
- Stop-word removal can leave only exclusions (``the -cat`` under ``english`` is ``!'cat'``),
  which matches nearly everything: guard the WHERE with ``querytree(q) <> 'T'``.
"""

from app.search.tree import And, Field, Node, Not, Or, Phrase, Term

WEIGHTS = {"title": "A", "body": "D"}

SQL_FRAGMENT = "to_tsquery(%s::regconfig, %s)"


def compile_tsquery(node: Node, config: str = "simple") -> tuple[str, tuple[str, str]]:
    """An SQL expression of type tsquery (psycopg ``%s`` placeholders) and its parameters.

    Use it as ``WHERE search_vector @@ <fragment>`` with the parameters bound in order.
    """
    return SQL_FRAGMENT, (config, tsquery_text(node))


def tsquery_text(node: Node) -> str:
    """The ``to_tsquery`` input for a tree from ``parse``: bind it for any driver's placeholder."""
    return _text(node, "")


def _text(node: Node, weight: str) -> str:
    match node:
        case Term(text, prefix):
            return _lexeme(text, prefix, weight)
        case Phrase(words, prefix) if weight:
            last = len(words) - 1
            lexemes = (_lexeme(w, prefix and i == last, weight) for i, w in enumerate(words))
            return "(" + " <-> ".join(lexemes) + ")"
        case Phrase():
            # Concatenated vectors number body positions right after the title's, so an
            # unweighted phrase could run from the title's last word into the body's first.
            columns = (_text(node, column_weight) for column_weight in WEIGHTS.values())
            return "(" + " | ".join(columns) + ")"
        case Field(name, item):
            return _text(item, WEIGHTS[name])
        case Not(item):
            return "!" + _text(item, weight)
        case And(items):
            return "(" + " & ".join(_text(item, weight) for item in items) + ")"
        case Or(items):
            return "(" + " | ".join(_text(item, weight) for item in items) + ")"
    raise TypeError(f"not a query node: {node!r}")


def _lexeme(word: str, prefix: bool, weight: str) -> str:
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    label = ("*" if prefix else "") + weight
    return quoted + (":" + label if label else "")
