from __future__ import annotations

import math
import random

import pytest

from app.stories import features
from app.stories.cluster import StoryState
from app.stories.features import terms, top_terms


def ranked_in_full(vector: dict[str, float], count: int) -> list[str]:
    """Every term ranked by weight descending, ties by term: what top_terms must return."""
    return [term for term, _ in sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))][:count]


@pytest.mark.parametrize("count", [1, 5, 30, 150, 400])
def test_top_terms_ranks_as_a_full_sort_with_ties_by_term(count: int) -> None:
    rng = random.Random(count)
    for _ in range(50):
        # few distinct weights, so that ties straddle the cut
        vector = {f"t{n:03}": rng.choice([0.1, 0.2, 0.25, 0.3, 1.0]) for n in range(300)}
        assert top_terms(vector, count) == ranked_in_full(vector, count)


def test_top_terms_of_fewer_terms_than_asked_ranks_them_all() -> None:
    vector = {"b": 0.5, "a": 0.5, "c": 0.9}
    assert top_terms(vector, 10) == ["c", "a", "b"]


def test_similarity_is_the_cosine_over_the_shared_terms() -> None:
    rng = random.Random(3)
    centroid = {f"t{n}": rng.random() for n in range(150)}
    vector = {f"t{n}": rng.random() for n in range(100, 300)}
    story = StoryState(id="s", title=None, centroid=centroid)
    shared = sorted(vector.keys() & centroid.keys())
    expected = math.fsum(vector[t] * centroid[t] for t in shared) / math.sqrt(
        sum(w * w for w in centroid.values())
    )
    assert story.similarity(vector) == pytest.approx(expected, rel=1e-12)
    assert StoryState(id="e", title=None).similarity(vector) == 0.0


def test_terms_are_the_same_for_words_met_before_and_apart_by_language() -> None:
    text = "Die Katze schläft und die Katze"
    first = terms(None, text, "de")
    assert terms(None, text, "en") == {"die": 2, "katze": 2, "@katze": 2, "schläft": 1, "und": 1}
    assert terms(None, text, "de") == first == {"katze": 2, "@katze": 2, "schläft": 1}


def test_a_capitalised_word_is_a_name_only_inside_a_sentence() -> None:
    text = 'Reid resigned. Reid returned quickly, insisting "Police arrived" before Reid smiled.'
    assert terms(None, text) == {
        "reid": 3,
        "@reid": 1,  # the last one: the first opens the text, the second a sentence
        "resigned": 1,
        "quickly": 1,
        "insisting": 1,
        "police": 1,  # opens a quotation: no name
        "arrived": 1,
        "smiled": 1,
    }


@pytest.mark.parametrize("start", ["", "  ", "\n", "\u00a0", "(", "\u201c"])
def test_the_first_word_of_a_text_is_no_name_whatever_opens_the_text(start: str) -> None:
    text = f"{start}Reid resigned. Police insisting\u00a0 Rain arrived, and  Reid smiled."
    assert terms("Storm Hits Harbour", text) == {
        "storm": 1,  # the title's first word: no name; the next ones are names
        "hits": 1,
        "@hits": 1,
        "harbour": 1,
        "@harbour": 1,
        "reid": 2,
        "@reid": 1,  # the second, after a comma and two spaces
        "resigned": 1,
        "police": 1,  # opens a sentence
        "insisting": 1,
        "rain": 1,
        "@rain": 1,  # after a word and two spaces: mid-sentence
        "arrived": 1,
        "smiled": 1,
    }


def test_terms_stay_the_same_when_the_words_met_are_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [
        f"Mayor Lind{n} of Oslo met 40 farmers. Farmers asked Lind{n} for rain." for n in range(20)
    ]
    expected = [terms("A title", text) for text in texts]
    monkeypatch.setattr(features, "MAX_TOKENS", 6)
    monkeypatch.setattr(features, "_COUNTS_OF", {})
    one_article = len(set(features._TOKEN.findall(texts[0]))) + 2  # and its title's
    for _ in range(2):
        assert [terms("A title", text) for text in texts] == expected
        # emptied once past the bound: it holds at most the bound and one article's words
        assert [len(met) <= 6 + one_article for met in features._COUNTS_OF.values()] == [True]
