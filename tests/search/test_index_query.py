"""The derived index (tantivy) finds what the databases find: the shared table-driven corpus
of tests/search/corpus.py, and any input the query language accepts runs without error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings

from app.search.cjk import side_text
from app.search.index import IndexedArticle, IndexState, SearchIndex
from app.search.index_query import IndexFilters, compile_query
from app.search.query import MAX_DEPTH, QuerySyntaxError, parse
from tests.search.corpus import ARTICLES, CASES
from tests.search.strategies import queries


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    built = SearchIndex.open(Path(tmp_path_factory.mktemp("index")))
    articles = [
        IndexedArticle(pk, title, body, side_text(title), side_text(body), None, "en", None, None)
        for pk, (title, body) in ARTICLES.items()
    ]
    built.write([], articles, IndexState(applied_seq=len(articles)))
    return built


def search(index: SearchIndex, query: str) -> set[int]:
    tree = parse(query)
    assert tree is not None
    scored, total = index.top(compile_query(tree, IndexFilters()), 100)
    assert total == len(scored)
    return {pk for pk, _ in scored}


@pytest.mark.parametrize(("query", "expected", "meaning"), CASES, ids=[c[0] for c in CASES])
def test_operator_meaning_on_fixed_corpus(
    index: SearchIndex, query: str, expected: set[int], meaning: str
) -> None:
    assert search(index, query) == expected, meaning


def test_exclusions_distributed_out_of_a_field_stay_per_field(index: SearchIndex) -> None:
    assert search(index, "title:cafe body:(-reopened -lviv)") == set()
    assert search(index, "title:cafe -body:lviv") == {3}


def test_a_title_match_outranks_a_body_match(index: SearchIndex) -> None:
    tree = parse("bridge")
    assert tree is not None
    scored, _ = index.top(compile_query(tree, IndexFilters()), 10)
    assert [pk for pk, _ in scored] == [1], "only 1 has bridge, in title and body"
    tree = parse("kherson")
    assert tree is not None
    ranked = [pk for pk, _ in index.top(compile_query(tree, IndexFilters()), 10)[0]]
    assert ranked == [1, 10], "1 has Kherson in its title, 10 only in its body"


def test_filters_narrow_without_changing_the_matches_score(index: SearchIndex) -> None:
    tree = parse("kherson")
    assert tree is not None
    everything = dict(index.top(compile_query(tree, IndexFilters()), 10)[0])
    narrowed = dict(index.top(compile_query(tree, IndexFilters(up_to_pk=5)), 10)[0])
    assert narrowed == {1: everything[1]}
    assert not index.top(compile_query(tree, IndexFilters(language="de")), 10)[0]
    assert not index.top(compile_query(tree, IndexFilters(outlet_ids=())), 10)[0]
    excluded = index.top(compile_query(tree, IndexFilters(excluded_pks=(1,))), 10)[0]
    assert [pk for pk, _ in excluded] == [10]


def test_deepest_allowed_nesting_runs_in_the_index(index: SearchIndex) -> None:
    query = "kherson"
    for level in range(MAX_DEPTH):
        query = f"(x{level} OR {query})" if level % 2 else f"({query} -y{level})"
    assert search(index, query) == {1, 10}


@settings(max_examples=1500, deadline=None)
@given(queries)
def test_any_input_either_is_rejected_or_runs_in_the_index(index: SearchIndex, query: str) -> None:
    try:
        tree = parse(query)
    except QuerySyntaxError:
        return
    if tree is not None:
        index.top(compile_query(tree, IndexFilters()), 10)


def test_a_long_phrase_needs_its_words_in_a_row_not_just_its_pairs(tmp_path: Path) -> None:
    """Phrases are found through pairs of adjacent words; the pairs of "red fox runs" are in
    document 1 too, but not in a row."""
    texts = {1: "A red fox jumps. The fox runs away.", 2: "At dawn a red fox runs home."}
    pairs = SearchIndex.open(tmp_path)
    articles = [
        IndexedArticle(pk, None, body, None, None, None, "en", None, None)
        for pk, body in texts.items()
    ]
    pairs.write([], articles, IndexState(applied_seq=2))
    assert search(pairs, '"red fox runs"') == {2}
    assert search(pairs, '"red fox"') == {1, 2}
    assert search(pairs, '"fox runs"') == {1, 2}
    assert search(pairs, '"runs fox"') == set()
    assert search(pairs, '"a red fox runs home"') == {2}
