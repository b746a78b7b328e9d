"""Snippets of the search index's hits: the quick search for a text's first match gives what
walking every word of the text gives, on any text and query."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hypothesis import assume, given, reject, settings
from hypothesis import strategies as st

from app.search.highlight import SNIPPET_TOKENS, _folded, _term, snippets_for
from app.search.lexer import QuerySyntaxError
from app.search.query import parse
from app.search.snippets import ELLIPSIS, Snippet
from app.search.tree import Node, Phrase, terms

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
WORD = re.compile(r"[\w\u0300-\u036f]+")
LEAD = 6


@dataclass
class Page:
    """What snippets_for reads of an article."""

    pk: int
    title: str | None
    body: str


def walked(tree: Node, article: Page) -> Snippet:
    """The snippet by definition: the first word (body, then title) whose index term a query
    word has, or that a prefix* starts; six words before it, eighteen from it; every match
    inside marked."""
    wanted, prefixes = set(), []
    for item in terms(tree):
        words = item.words if isinstance(item, Phrase) else (item.text,)
        wanted |= {_term(word) for word in words[:-1]}
        if item.prefix:
            prefixes.append(_folded(words[-1]))
        else:
            wanted.add(_term(words[-1]))

    def matches(word: str) -> bool:
        term = _term(word)
        return term in wanted or any(term.startswith(prefix) for prefix in prefixes)

    for text in (article.body, article.title or ""):
        words = list(WORD.finditer(text))
        first = next((n for n, word in enumerate(words) if matches(word.group())), None)
        if first is None:
            continue
        window = words[max(0, first - LEAD) : first + SNIPPET_TOKENS - LEAD]
        start, end = window[0].start(), window[-1].end()
        lead = ELLIPSIS if start > 0 else ""
        shift = len(lead) - start
        marked = [(w.start() + shift, w.end() + shift) for w in window if matches(w.group())]
        return Snippet(lead + text[start:end] + (ELLIPSIS if end < len(text) else ""), marked)
    words = list(WORD.finditer(article.body))[:SNIPPET_TOKENS]
    end = words[-1].end() if len(words) == SNIPPET_TOKENS else len(article.body)
    return Snippet(article.body[:end] + (ELLIPSIS if end < len(article.body) else ""), [])


# Words that meet every path: stems that change the word's end (dying, studies, happily),
# folded letters (Zürich, İstanbul's dotted capital, which lowercases to two characters), other
# scripts, underscores (the analyzer splits there), long words, digits, curly quotes and dashes.
_WORDS = st.sampled_from(
    [
        "election", "Elections", "ELECTED", "dying", "die", "studies", "study", "happily",
        "happy", "Zürich", "zurich", "ZURICH", "İstanbul", "istanbul", "Москва", "москве",
        "café", "cafe", "cafe\u0301", "foo_bar", "_bar", "bar", "naïve", "straße", "strasse",
        "a", "us", "the", "of", "x" * 60, "2024", "R2D2", "\u201cquoted\u201d", "\u2014",
        "\u2019s", "north-east", "relational", "relate", "news", "skies", "sky",
    ]
)  # fmt: skip
_SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", "\n\n", " \u2014 ", "\u00a0"])
_TEXTS = st.lists(st.tuples(_WORDS, _SEPARATORS), max_size=80).map(
    lambda pairs: "".join(word + separator for word, separator in pairs)
)
_QUERIES = st.one_of(
    _WORDS,
    _WORDS.map(lambda word: word[:4] + "*"),
    st.tuples(_WORDS, _WORDS).map(" ".join),
    st.tuples(_WORDS, _WORDS).map(lambda pair: '"{} {}"'.format(*pair)),
    st.tuples(_WORDS, _WORDS).map(" OR ".join),
)


@settings(max_examples=300)
@given(query=_QUERIES, pages=st.lists(st.tuples(_TEXTS, _TEXTS), min_size=1, max_size=4))
def test_the_quick_search_cuts_the_snippet_a_walk_cuts(
    query: str, pages: list[tuple[str, str]]
) -> None:
    try:
        tree = parse(query)
    except QuerySyntaxError:  # an unbalanced quote, straight or curly ("“quo*"): no search
        reject()
    assume(tree is not None)
    articles = [Page(n, title, body) for n, (title, body) in enumerate(pages, start=1)]
    snippets = snippets_for(tree, articles)
    assert snippets == {article.pk: walked(tree, article) for article in articles}


def test_a_late_rare_word_is_found_and_marked_with_its_context() -> None:
    body = " ".join(["filler"] * 300) + " the Zürich summit ended " + " ".join(["tail"] * 40)
    snippet = snippets_for(parse("zurich"), [Page(1, "Title", body)])[1]
    assert snippet.text.startswith(ELLIPSIS + "filler " * 5 + "the Zürich summit ended")
    [(start, end)] = snippet.highlights
    assert snippet.text[start:end] == "Zürich"


def test_a_word_only_in_the_title_is_marked_there() -> None:
    snippet = snippets_for(parse("studies"), [Page(1, "Two studies of sleep", "Nothing.")])[1]
    assert snippet.text == "Two studies of sleep"
    assert [snippet.text[a:b] for a, b in snippet.highlights] == ["studies"]


@given(st.text(alphabet=st.characters(categories=["Ll", "Lu", "Nd"]), min_size=1, max_size=20))
def test_a_words_term_less_two_characters_begins_the_word_folded(word: str) -> None:
    """What the quick search relies on: stemming changes at most a word's last two characters
    of its term, so a matching word begins with its term less those."""
    term = _term(word)
    assert _folded(word).startswith(term[:-2])


def test_every_seed_word_keeps_its_stem_at_its_start() -> None:
    words = {w for path in SEEDS.glob("*.txt") for w in WORD.findall(path.read_text())}
    assert len(words) > 500
    assert [w for w in words if not _folded(w).startswith(_term(w)[:-2])] == []
