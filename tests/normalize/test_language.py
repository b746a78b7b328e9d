from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.normalize.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("North Korea on Tuesday put its weight behind Russia, supporting the decision.", "en"),
        ("Северная Корея поддержала решение России о присоединении четырёх регионов.", "ru"),
        ("Північна Корея підтримала рішення Росії щодо анексії чотирьох областей.", "uk"),
        ("Kuzey Kore, Rusya'nın dört Ukrayna bölgesini ilhak kararını destekledi.", "tr"),
        ("Corea del Norte respaldó la decisión de Rusia de anexionarse cuatro regiones.", "es"),
        ("Die Regierung hat am Dienstag neue Maßnahmen gegen die Pandemie beschlossen.", "de"),
    ],
)
def test_detects_the_language_with_a_probability(text: str, code: str):
    found, confidence = detect_language(text)
    assert found == code
    assert confidence is not None and 0.5 < confidence <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "12345 !!! 678", "\u2014\u2014"])
def test_no_words_no_language(text: str):
    assert detect_language(text) == (None, None)


def test_long_text_is_judged_on_its_opening():
    text = "The government announced new measures on Tuesday. " * 200_000
    start = time.perf_counter()
    assert detect_language(text)[0] == "en"
    assert time.perf_counter() - start < 1.0


@given(st.text(max_size=500))
def test_never_raises_and_confidence_is_a_probability(text: str):
    code, confidence = detect_language(text)
    assert (code is None) == (confidence is None)
    assert confidence is None or 0.0 <= confidence <= 1.0
