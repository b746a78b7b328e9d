import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.search.tokenize import is_cjk, words

# Scripts and symbols a news query meets, all assigned before Unicode 6.1 (SQLite's tables).
_ALPHABET = st.sampled_from(
    list("abcXYZ019 -_'\u2019.,:;!?*\"()|/\\@#&+\t\n")
    + list("éüçñßøłőİǅ")  # Latin with diacritics, title case
    + list("\u0301\u0308\u0327\u0305\u0903\u20dd\u200d")  # combining marks, joiners
    + list("херсонХЕРСОНїёй")  # Cyrillic
    + list("ωάΩ")  # Greek
    + list("北京市发布서울에서ひらカタ")  # CJK
    + list("مرحبا٣")  # Arabic, Arabic-Indic digit
    + list("हिन्दी")  # Devanagari (vowel signs are combining marks)
    + list("²½Ⅻｆ\ue000")  # other numbers, fullwidth, private use
)


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        'CREATE VIRTUAL TABLE t USING fts5(body, tokenize="unicode61 remove_diacritics 2")'
    )
    connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    yield connection
    connection.close()


def fts5_words(fts: sqlite3.Connection, text: str) -> list[str]:
    """The words FTS5 itself indexes for ``text`` (case- and accent-folded), in order."""
    fts.execute("DELETE FROM t")
    fts.execute("INSERT INTO t (rowid, body) VALUES (1, ?)", (text,))
    return [term for (term,) in fts.execute("SELECT term FROM v ORDER BY offset")]


@settings(max_examples=500, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_words_are_cut_where_fts5_cuts_them(fts: sqlite3.Connection, text: str) -> None:
    ours = words(text)
    assert [fts5_words(fts, word) for word in ours] == [[term] for term in fts5_words(fts, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("POL-358", ["POL", "358"]),
        ("O\u2019Neil's", ["O", "Neil", "s"]),
        ("cafe\u0301 café", ["cafe\u0301", "café"]),
        ("Херсон, Zaporizhzhia", ["Херсон", "Zaporizhzhia"]),
        ("北京市政府发布。", ["北京市政府发布"]),
        ("x²", ["x²"]),
        ("", []),
    ],
)
def test_words_examples(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("北京", True), ("서울에서", True), ("ひらがな", True), ("カタカナ", True), ("Херсон", False),
     ("café", False), ("abc北", True)],
)  # fmt: skip
def test_is_cjk(word: str, expected: bool) -> None:
    assert is_cjk(word) is expected
