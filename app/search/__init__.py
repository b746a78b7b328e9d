"""Search: the query language (parse -> tree) and one compiler per database backend."""

from app.search.query import MAX_DEPTH, QUERY_LANGUAGE_DOC, QuerySyntaxError, parse
from app.search.tree import FIELDS, And, Field, Node, Not, Or, Phrase, Term, terms, to_text

__all__ = [
    "FIELDS",
    "MAX_DEPTH",
    "QUERY_LANGUAGE_DOC",
    "And",
    "Field",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "QuerySyntaxError",
    "Term",
    "parse",
    "terms",
    "to_text",
]
