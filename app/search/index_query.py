"""Compile a query tree and the request's filters into a tantivy query.

The tree's words are cut as the database indexes cut them (app.search.tokenize); here each is
folded and stemmed by the index's own analyzer, so a query word and an indexed word meet as the
same term. Words written in CJK match as the phrase of their character pairs in the side fields,
as on both databases. The title counts TITLE_WEIGHT times a body match. Filters are clauses
that match without adding to the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

import tantivy
from tantivy import FieldType, Occur, Query

from app.search.backend import TITLE_WEIGHT
from app.search.cjk import grams, is_cjk_word, word_grams
from app.search.index import (
    INDEX_DATES,
    PHRASE_FIELDS,
    PREFIX_ANALYZER,
    SCHEMA,
    WORD_ANALYZER,
    as_utc,
    word_pair,
)
from app.search.tree import And, Field, Node, Not, Or, Phrase, Term

_WEIGHTS = {"title": TITLE_WEIGHT, "body": 1.0}
_CJK_FIELDS = {"title": "title_cjk", "body": "body_cjk"}


@dataclass(frozen=True)
class IndexFilters:
    """The filters of a request, resolved to what the index holds (outlet slugs to ids)."""

    outlet_ids: tuple[int, ...] | None = None  # None: any outlet; (): no outlet matches
    published_from: datetime | None = None
    published_to: datetime | None = None
    language: str | None = None
    story: str | None = None
    up_to_pk: int | None = None
    pks: tuple[int, ...] | None = None  # only these rows (re-checking a pinned page)
    excluded_pks: tuple[int, ...] = ()


def compile_query(tree: Node | None, filters: IndexFilters) -> Query:
    """The whole query: the tree (None: every document) and the filters."""
    clauses: list[tuple[Occur, Query]] = []
    if tree is not None:
        clauses.append((Occur.Must, compile_tree(tree)))
    clauses += [(Occur.Must, Query.const_score_query(f, 0.0)) for f in _filters(filters)]
    if filters.excluded_pks:
        excluded = Query.term_set_query(SCHEMA, "pk", list(filters.excluded_pks))
        clauses.append((Occur.MustNot, excluded))
    if not clauses:
        return Query.all_query()
    if len(clauses) == 1 and clauses[0][0] == Occur.Must:
        return clauses[0][1]
    if all(occur == Occur.MustNot for occur, _ in clauses):
        clauses.append((Occur.Must, Query.all_query()))
    return Query.boolean_query(clauses)


def compile_tree(node: Node, field: str | None = None) -> Query:
    """A tree from ``parse`` (positive, normalized: see app.search.tree)."""
    match node:
        case Term(text) if is_cjk_word(text):
            return _pairs(grams(text), field)
        case Phrase(words) if all(is_cjk_word(word) for word in words):
            return _pairs(word_grams(words), field)
        case Term(text, prefix):
            return _fields(field, lambda name: _words(name, [text], prefix))
        case Phrase(words, prefix):
            return _fields(field, lambda name: _words(name, list(words), prefix))
        case Field(name, item):
            return compile_tree(item, name)
        case Or(items):
            return Query.boolean_query([(Occur.Should, compile_tree(i, field)) for i in items])
        case And(items):
            return Query.boolean_query(
                [
                    (Occur.MustNot, compile_tree(i.item, field))
                    if isinstance(i, Not)
                    else (Occur.Must, compile_tree(i, field))
                    for i in items
                ]
            )
        case Not():
            raise ValueError("an exclusion matches nothing on its own; parse() never returns one")
    raise TypeError(f"not a query node: {node!r}")


def _fields(field: str | None, build: object) -> Query:
    """The query `build` makes for one field, in the field asked for or in title and body,
    the title weighted."""
    assert callable(build)
    names = [field] if field else list(_WEIGHTS)
    queries = [Query.boost_query(build(name), _WEIGHTS[name]) for name in names]
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def _words(field: str, words: Sequence[str], prefix: bool) -> Query:
    """Words in order in one field; with `prefix`, the last one matches as a prefix."""
    terms = [token for word in words[:-1] for token in WORD_ANALYZER.analyze(word)]
    last = (PREFIX_ANALYZER if prefix else WORD_ANALYZER).analyze(words[-1])
    if not last:  # a word the analyzer keeps nothing of (accents alone): match nothing
        return Query.empty_query()
    if prefix:
        return Query.phrase_prefix_query(SCHEMA, field, [*terms, *last])
    terms += last
    if len(terms) == 1:
        return Query.term_query(SCHEMA, field, terms[0])
    return _phrase(field, terms)


def _phrase(field: str, terms: list[str]) -> Query:
    """Terms in a row, found through the field's pairs of adjacent words (see PHRASE_FIELDS),
    scored as those pairs. Two terms are one pair; a longer phrase holds all its pairs and is
    then checked word by word, in the few documents that hold them all."""
    pairs = [
        (Occur.Must, Query.term_query(SCHEMA, PHRASE_FIELDS[field], word_pair(a, b)))
        for a, b in pairwise(terms)
    ]
    if len(pairs) == 1:
        return pairs[0][1]
    in_order = Query.const_score_query(Query.phrase_query(SCHEMA, field, terms), 0.0)
    return Query.boolean_query([*pairs, (Occur.Must, in_order)])


def _pairs(pairs: list[str], field: str | None) -> Query:
    """A run of CJK pairs in the side fields. A lone character matches the pairs it starts."""
    names = [_CJK_FIELDS[field]] if field else list(_CJK_FIELDS.values())

    def build(name: str) -> Query:
        if len(pairs) == 1 and len(pairs[0]) == 1:
            return Query.phrase_prefix_query(SCHEMA, name, pairs)
        if len(pairs) == 1:
            return Query.term_query(SCHEMA, name, pairs[0])
        return Query.phrase_query(SCHEMA, name, pairs)

    weights = {"title_cjk": TITLE_WEIGHT, "body_cjk": 1.0}
    queries = [Query.boost_query(build(name), weights[name]) for name in names]
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def _filters(filters: IndexFilters) -> list[Query]:
    found: list[Query] = []
    if filters.outlet_ids is not None:
        if not filters.outlet_ids:
            found.append(Query.empty_query())
        else:
            found.append(Query.term_set_query(SCHEMA, "outlet_id", list(filters.outlet_ids)))
    if filters.published_from is not None or filters.published_to is not None:
        found.append(_date_range(filters.published_from, filters.published_to))
    if filters.language:
        found.append(Query.term_query(SCHEMA, "language", filters.language))
    if filters.story:
        found.append(Query.term_query(SCHEMA, "story_id", filters.story))
    if filters.up_to_pk is not None:
        found.append(
            Query.range_query(SCHEMA, "pk", FieldType.Unsigned, upper_bound=filters.up_to_pk)
        )
    if filters.pks is not None:
        found.append(Query.term_set_query(SCHEMA, "pk", list(filters.pks)))
    return found


def _date_range(lower: datetime | None, upper: datetime | None) -> Query:
    """Dates the index can hold are those of tantivy's nanosecond clock (1677 to 2262): a bound
    beyond them either excludes everything or nothing."""
    if (lower is not None and as_utc(lower) > INDEX_DATES[1]) or (
        upper is not None and as_utc(upper) < INDEX_DATES[0]
    ):
        return Query.empty_query()
    lower = None if lower is None or as_utc(lower) <= INDEX_DATES[0] else lower
    upper = None if upper is None or as_utc(upper) >= INDEX_DATES[1] else upper
    if lower is None and upper is None:
        return Query.exists_query("published_at")
    return Query.range_query(
        SCHEMA, "published_at", FieldType.Date, lower_bound=lower, upper_bound=upper
    )


def after_key(sort: str, key: int) -> tantivy.Query:
    """Documents after sort key `key` in the date order `sort` (a keyset page boundary)."""
    field = f"{sort}_key"
    if sort == "newest":
        return Query.range_query(
            SCHEMA, field, FieldType.Integer, upper_bound=key, include_upper=False
        )
    return Query.range_query(SCHEMA, field, FieldType.Integer, lower_bound=key, include_lower=False)


def restrict(query: Query, condition: Query) -> Query:
    """`query`, scored as before, where `condition` also holds."""
    return Query.boolean_query(
        [(Occur.Must, query), (Occur.Must, Query.const_score_query(condition, 0.0))]
    )


def restrict_not(query: Query, condition: Query) -> Query:
    """`query`, scored as before, where `condition` does not hold."""
    return Query.boolean_query([(Occur.Must, query), (Occur.MustNot, condition)])
