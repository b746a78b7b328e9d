"""Robustness properties of the whole pipeline (issue 3, acceptance 3).

Any input normalizes without raising; the body holds only text that was in the input; a body
normalized again as plain text comes out unchanged.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.normalize import NormalizedArticle, RawInput, normalize
from app.normalize.decode import decode

NOW = datetime(2026, 1, 1, tzinfo=UTC)
_WORD = re.compile(r"\w+")

COMMON_WORDS = (
    "the of and to in a is that for on said was with as by at from his it an were are which "
    "government minister officials reported on Tuesday after talks people city police year "
    "Le gouvernement a annoncé mardi die Regierung hat am Dienstag правительство заявило"
)

words = st.one_of(
    st.sampled_from(COMMON_WORDS.split()),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12),
)
sentences = st.builds(
    lambda ws, end: " ".join(ws) + end,
    st.lists(words, min_size=1, max_size=30),
    st.sampled_from(["", ".", ".", "?", ":", " 2024-05-01", "!"]),
)
# Pages shaped like scraped articles: short chrome lines around runs of prose.
articles = st.lists(sentences, max_size=40).map("\n".join)
any_text = st.one_of(st.text(), articles)
some_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def run(content: bytes | str, format: str = "text") -> NormalizedArticle:
    return normalize(RawInput(content=content, format=format), now=NOW)


def tokens(text: str) -> set[str]:
    return set(_WORD.findall(text))


def as_page(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"<html><head><title>t</title></head><body><article>{body}</article></body></html>"


@some_settings
@given(any_text)
@example("")
@example("word " * 200_000)
@example("\n" * 10_000)
def test_any_text_normalizes_to_a_body_made_of_its_own_words(text: str) -> None:
    article = run(text)
    assert tokens(article.body) <= tokens(decode(text))
    assert article.word_count == len(article.body.split())


@some_settings
@given(st.binary(max_size=4096))
@example(bytes(range(256)) * 16)
@example(b"\xff\xfe\x00\xd8")
def test_any_bytes_normalize_to_a_body_made_of_their_own_words(data: bytes) -> None:
    for format in ("text", "html"):
        assert tokens(run(data, format).body) <= tokens(decode(data))


@some_settings
@given(any_text)
def test_any_text_as_html_normalizes_to_a_body_made_of_its_own_words(text: str) -> None:
    assert tokens(run(text, "html").body) <= tokens(decode(text))


@some_settings
@given(st.lists(sentences, min_size=1, max_size=20))
@example(["Fish &amp; chips at the caf&eacute; on the corner, said the owner of the shop."])
@example(["правительство", "Œß"])
def test_a_page_body_holds_only_the_words_of_its_source(paragraphs: list[str]) -> None:
    """The page as the pipeline sees it (decoded, entities resolved once) holds every word."""
    page = as_page(paragraphs)
    assert tokens(run(page, "html").body) <= tokens(html.unescape(decode(page)))


@some_settings
@given(any_text)
@example("Q\nA:A:A:A:A:AA:AB I J.")  # kept under a short first line, dropped when alone
@example(
    "0:0:0:AAA A AB A дA Aв.\r0\r0:A:0:AAAAA A A A."
)  # the page's other line swayed its language
@example(
    "0 0 0 0\r0 0 0 0:0:0:0:A:AAAAAAAAAAAAAAAAAAA.\r0 A A A."
)  # only a short line left by a caption
@example("0 0 0 0\r0 0 0 0AAAAA A A A.\r0\r0:0 A A A A A A A.")  # a stray line at the body's top
@example(
    "0:0:AA A A A A A A.\r0\rAA A0A A0A A0A A0A A0A 0 A0A AA.\rAA A0A A0A A0A A0A A0A 0 A0A AA."
)
@example(
    "0:0/A/A AAA A oqq:\r0:B/JA l AA D\u0386 0:\r"
    "B;add;kaV;a;a;a Ag(\x88;\u010d\u021a\u042f\u043e\u0441\u043f\u0446."
)  # the page's language flips from round to round: the body is what its lines keep alone
def test_a_body_normalized_again_as_text_is_unchanged(text: str) -> None:
    """The text path's output is a fixed point of the text path: nothing left to remove.

    (Not asked of an HTML page's body: trafilatura judged its blocks with the markup around
    them, and the text path may rightly drop a caption or a lone short line it left in.)
    """
    body = run(text).body
    assert run(body).body == body


def test_ten_megabytes_of_scraped_text_normalize() -> None:
    line = (
        "The government said on Tuesday that talks with officials had ended after the city "
        "police reported the incident, according to a statement issued late in the evening."
    )
    chrome = "Home | World | Sport | Subscribe\n12 March 2024\nRead more"
    text = "\n".join(f"{line} Paragraph {i}.\n{chrome}" for i in range(45_000))
    data = text.encode()
    assert len(data) >= 10_000_000
    article = run(data)
    assert tokens(article.body) <= tokens(text)
