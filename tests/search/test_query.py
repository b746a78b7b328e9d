import time

import pytest
from hypothesis import given, settings

from app.search.query import MAX_DEPTH, QUERY_LANGUAGE_DOC, QuerySyntaxError, parse
from app.search.tree import And, Field, Node, Not, Or, Phrase, Term, is_positive, terms, to_text
from tests.search.strategies import queries

a, b, c = Term("a"), Term("b"), Term("c")


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("a", a),
        ("a b", And((a, b))),
        ("a AND b", And((a, b))),
        ("a OR b", Or((a, b))),
        ("a | b", Or((a, b))),
        ("a|b", Or((a, b))),
        ("a b OR c", Or((And((a, b)), c))),
        ("a OR b c", Or((a, And((b, c))))),
        ("a (b OR c)", And((a, Or((b, c))))),
        ("(a OR b) OR c", Or((a, b, c))),
        ("a (b c)", And((a, b, c))),
        ("((((a))))", a),
        ("a -b", And((a, Not(b)))),
        ("a NOT b", And((a, Not(b)))),
        ("-b a", And((Not(b), a))),
        ("a -(b OR c)", And((a, Not(Or((b, c)))))),
        ("a --b", And((a, Not(b)))),
        ("NOT NOT a", a),
        ("-(-a)", a),
        ("a - b", And((a, b))),
        ("a -", a),
        ('"a b"', Phrase(("a", "b"))),
        ('"a"', a),
        ('"a b"*', Phrase(("a", "b"), prefix=True)),
        ("\u201ca b\u201d", Phrase(("a", "b"))),
        ("\u00aba b\u00bb c", And((Phrase(("a", "b")), c))),
        ("\u201ea b\u201c", Phrase(("a", "b"))),
        ('\u201ca b"', Phrase(("a", "b"))),
        ("a*", Term("a", prefix=True)),
        ("a**", Term("a", prefix=True)),
        ("*a", a),
        ("a-*", a),
        ("POL-358", Phrase(("POL", "358"))),
        ("pol-35*", Phrase(("pol", "35"), prefix=True)),
        ("AT&T", Phrase(("AT", "T"))),
        ("and or not", And((Term("and"), Term("or"), Term("not")))),
        ('"OR"', Term("OR")),
        ("title:a", Field("title", a)),
        ("TITLE:a", Field("title", a)),
        ('body:"a b"', Field("body", Phrase(("a", "b")))),
        ("title:(a OR b)", Field("title", Or((a, b)))),
        ("title:-a b", And((Not(Field("title", a)), b))),
        ("-title:a b", And((Not(Field("title", a)), b))),
        ("title:(a -b)", Field("title", And((a, Not(b))))),
        ("c title:(-a -b)", And((c, Not(Field("title", a)), Not(Field("title", b))))),
        ("foo:bar", Phrase(("foo", "bar"))),
        ("title:foo:bar", Field("title", Phrase(("foo", "bar")))),
        ("a OR ?!", a),
        ('a ""', a),
        ("a (?!)", a),
        ("Херсон", Term("Херсон")),
        ("café", Term("café")),
        ("北京发布 서울에서", And((Term("北京发布"), Term("서울에서")))),
    ],
)
def test_parse_builds_tree(query: str, tree: Node) -> None:
    assert parse(query) == tree


@pytest.mark.parametrize("query", ["", "   ", "*", "-", "--", "?!", '""', "(?!)", "- * ."])
def test_query_without_words_parses_to_none(query: str) -> None:
    assert parse(query) is None


@pytest.mark.parametrize(
    ("query", "position", "expected"),
    [
        ('kherson "grain deal', 8, "a closing '\"'"),
        ("a \u00abb c", 2, "a closing '\"'"),
        ("(a OR b", 0, "a closing ')'"),
        ("a (b (c)", 2, "a closing ')'"),
        ("a)", 1, "an operator, a word or the end of the query"),
        ("AND", 0, "a word, a phrase or '('"),
        ("OR a", 0, "a word, a phrase or '('"),
        ("a OR", 4, "a word, a phrase or '('"),
        ("a AND", 5, "a word, a phrase or '('"),
        ("a AND OR b", 6, "a word, a phrase or '('"),
        ("a NOT", 5, "a word, a phrase or '('"),
        ("a OR )", 5, "a word, a phrase or '('"),
        ("|", 0, "a word, a phrase or '('"),
        ("()", 1, "a word, a phrase or '('"),
        ("title:", 6, "a word, a phrase or '('"),
        ("title: a", 6, "a word, a phrase or '('"),
        ("title:OR", 6, "a word, a phrase or '('"),
        ("title:(body:a)", 0, "a word, phrase or '(' group"),
        ("-a", 0, "a word or phrase to search for"),
        ("-a -b", 0, "a word or phrase to search for"),
        ("title:(-a)", 0, "a word or phrase to search for"),
        ("a OR -b", 5, "a word or phrase"),
        ("a -(-b -c)", 2, "a word or phrase to exclude"),
    ],
)
def test_syntax_error_names_position_and_expectation(
    query: str, position: int, expected: str
) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse(query)
    assert (raised.value.position, raised.value.expected) == (position, expected)
    assert f"at position {position}" in str(raised.value)


def test_deep_nesting_is_bounded_with_a_clear_error() -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse("(" * 500 + "a" + ")" * 500)
    assert raised.value.position == MAX_DEPTH
    assert raised.value.message == "parentheses nested too deeply"


def test_deepest_allowed_nesting_parses() -> None:
    assert parse("(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH) == a


def test_long_query_parses_in_linear_time() -> None:
    query = " ".join(f"(w{i} OR -x{i} y{i}*)" for i in range(100))[:2000]
    query = query[: query.rfind(")") + 1]
    started = time.perf_counter()
    tree = parse(query)
    assert time.perf_counter() - started < 0.5
    assert isinstance(tree, And) and len(tree.items) > 80


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("POL-358 zaporizh* | kherson", '"POL 358" zaporizh* OR kherson'),
        ("a AND (b OR c)", "a (b OR c)"),
        ("a NOT (b c)", "a -(b c)"),
        ('"OR" TITLE:x', '"OR" title:x'),
        ("title:(a -b)", "title:(a -b)"),
        ('"a b  c!"*', '"a b c"*'),
    ],
)
def test_to_text_is_canonical(query: str, canonical: str) -> None:
    assert to_text(parse(query)) == canonical


def test_terms_are_the_positive_words_once_each() -> None:
    tree = parse('a title:"b c" -d (a OR e*) -(f g)')
    assert terms(tree) == (a, Phrase(("b", "c")), Term("e", prefix=True))
    assert terms(None) == ()


def test_terms_know_cjk_words() -> None:
    assert [t.is_cjk for t in terms(parse('서울에서 "北京 news" kherson'))] == [True, True, False]


def _assert_normalized(node: Node, root: bool = True) -> None:
    match node:
        case And(items) | Or(items):
            assert len(items) >= 2
            assert not any(isinstance(item, type(node)) for item in items)
            if isinstance(node, Or):
                assert all(is_positive(item) for item in items)
        case Not(item):
            assert not root and is_positive(item) and not isinstance(item, Not)
        case Field(name, item):
            assert name in ("title", "body") and is_positive(item)
            items = (item,)
        case Phrase(words):
            assert len(words) >= 2
            items = ()
        case Term(text):
            assert text
            items = ()
    if isinstance(node, Not):
        items = (node.item,)
    for item in items:
        _assert_normalized(item, root=False)


@settings(max_examples=1500, deadline=None)
@given(queries)
def test_any_input_parses_to_a_normalized_tree_or_a_syntax_error(query: str) -> None:
    try:
        tree = parse(query)
    except QuerySyntaxError as error:
        assert 0 <= error.position <= len(query)
        return
    if tree is not None:
        assert is_positive(tree)
        _assert_normalized(tree)
    assert parse(to_text(tree)) == tree


@pytest.mark.parametrize(
    ("example", "same_as"),
    [
        ("kherson bridge", "kherson AND bridge"),
        ('"grain corridor"', '"grain corridor"'),
        ("\u201cgrain corridor\u201d", '"grain corridor"'),
        ("\u00abgrain corridor\u00bb", '"grain corridor"'),
        ("kherson OR mykolaiv", "kherson | mykolaiv"),
        ("ceasefire -gaza", "ceasefire NOT gaza"),
        ("zaporizh*", "zaporizh*"),
        ('"black sea gr"*', '"black sea gr"*'),
        ("(kherson OR odesa) -drone", "(kherson OR odesa) -drone"),
        ('title:"grain deal"', 'title:"grain deal"'),
        ("body:(port OR harbour)", "body:(port OR harbour)"),
        ("a b OR c", "(a b) OR c"),
        ("kherson OR odesa -drone", "kherson OR (odesa -drone)"),
        ("POL-358", '"POL 358"'),
        ("foo:bar", '"foo bar"'),
        ("a - b", "a b"),
    ],
)
def test_documented_examples_mean_what_the_doc_says(example: str, same_as: str) -> None:
    assert f"`{example}`" in QUERY_LANGUAGE_DOC
    assert parse(example) == parse(same_as) is not None


@pytest.mark.parametrize(
    "example", ["OR kherson", "kherson AND", "title:", "-gaza", "kherson OR -gaza"]
)
def test_documented_errors_are_errors(example: str) -> None:
    assert f"`{example}`" in QUERY_LANGUAGE_DOC
    with pytest.raises(QuerySyntaxError):
        parse(example)


def test_documented_depth_limit_is_the_real_one() -> None:
    assert f"more than {MAX_DEPTH} levels of parentheses" in QUERY_LANGUAGE_DOC


@pytest.mark.parametrize("example", ["*", "?!", '""'])
def test_documented_empty_queries_are_empty(example: str) -> None:
    assert f"`{example}`" in QUERY_LANGUAGE_DOC
    assert parse(example) is None


def test_documented_echo_is_the_canonical_text() -> None:
    assert '`POL-358 zaporizh* | kherson` is echoed as `"POL 358" zaporizh* OR kherson`' in (
        QUERY_LANGUAGE_DOC
    )
    assert to_text(parse("POL-358 zaporizh* | kherson")) == '"POL 358" zaporizh* OR kherson'
