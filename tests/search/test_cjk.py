"""The CJK side index: which text becomes character pairs, and how fragments are cut from text
whose matches the backends' own snippets cannot mark."""

import pytest

from app.search.cjk import grams, is_cjk_word, runs, side_text, word_grams
from app.search.snippets import CLOSE, ELLIPSIS, OPEN, marked_fragment, parse_snippet


def test_side_text_holds_the_pairs_of_every_run_and_nothing_else() -> None:
    assert side_text("Seoul 서울에서, 北京市 and 京") == "서울 울에 에서 北京 京市 京"
    assert runs("東京の電車 (JR)") == ["東京の電車"]


@pytest.mark.parametrize("text", [None, "", "Kherson bridge reopens", "Херсон", "café 3.5"])
def test_text_without_cjk_stores_no_pairs(text: str | None) -> None:
    assert side_text(text) is None


def test_a_single_character_stands_for_itself() -> None:
    assert grams("京") == ["京"]
    assert grams("北京市") == ["北京", "京市"]
    assert word_grams(("서울", "시장")) == ["서울", "시장"]


@pytest.mark.parametrize(
    ("word", "expected"), [("北京", True), ("서울에서", True), ("K팝", False), ("kherson", False)]
)
def test_only_words_written_in_cjk_alone_go_to_the_pairs(word: str, expected: bool) -> None:
    assert is_cjk_word(word) is expected


def test_fragment_marks_cjk_inside_runs_and_other_words_only_whole() -> None:
    raw = marked_fragment("北京市政府 reopens; the open cafe Reopened", ["北京", "open"])
    assert raw == f"{OPEN}北京{CLOSE}市政府 reopens; the {OPEN}open{CLOSE} cafe Reopened"


def test_fragment_of_a_long_text_starts_near_the_first_match_with_ellipses() -> None:
    text = "前" * 500 + "交通规定" + "后" * 500
    snippet = parse_snippet(marked_fragment(text, ["交通"]))
    assert snippet.text.startswith(ELLIPSIS) and snippet.text.endswith(ELLIPSIS)
    ((start, end),) = snippet.highlights
    assert snippet.text[start:end] == "交通"
    assert len(snippet.text) < 250


def test_fragment_without_a_match_is_the_start_of_the_text() -> None:
    assert parse_snippet(marked_fragment("东京" * 300, ["北京"])).text.startswith("东京东京")
