"""Hypothesis strategies for query strings: arbitrary text, and text built from the
language's own pieces so that operators, quotes, fields and nesting meet often."""

from hypothesis import strategies as st

_PIECES = st.sampled_from(
    [
        "a", "b", "kherson", "Херсон", "café", "POL-358", "서울에서", "北京", "zap*", "*",
        "AND", "OR", "NOT", "and", "or", "|", "-", "--", "(", ")", '"', '"*', "title:", "body:",
        "TITLE:", "foo:", ":", "'", "\\", "^", "+", "NEAR", "NEAR/2", "{", "}", ",", ".", "\x00",
        "\u201c", "\u00bb", "\u0301", "\ud7ff", "\ud800", "\U0001f980", " ", " ", " ", "\t",
    ]
)  # fmt: skip

query_like = st.lists(_PIECES, max_size=25).map("".join)
anything = st.text(max_size=60)
queries = st.one_of(query_like, anything)
