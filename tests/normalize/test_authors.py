from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.normalize.article import Outlet
from app.normalize.authors import find_authors, names_in_credit
from app.normalize.extraction import Extraction


def test_seed_001_writing_credit():
    extraction = Extraction(paragraphs=["Body."], byline_lines=["*Writing by Islamuddin Sajid"])
    assert find_authors(extraction) == (["Islamuddin Sajid"], "text-byline")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        (
            "Reporting by Tom Balmforth and Maria Tsvetkova; Editing by Peter Graff",
            ["Tom Balmforth", "Maria Tsvetkova"],
        ),
        ("By Jane Doe, Staff Writer", ["Jane Doe"]),
        ("By Dr. Anna Smith (anna.smith@example.com)", ["Anna Smith"]),
        ("Posted by: Ed de Leon on February 18, 2020 in Showbiz", ["Ed de Leon"]),
        ("Ashok Pradhan | TNN | Apr 7, 2020, 15:43 IST", ["Ashok Pradhan"]),
        ("By Ryan Kim, Yonhap correspondent", ["Ryan Kim"]),
        ("Por Pedro Lázaro Rodríguez Gil", ["Pedro Lázaro Rodríguez Gil"]),
        ("Автор: Иван Петров", ["Иван Петров"]),
        ("By Orhan Coskun and Ali Khalidi Reuters", ["Orhan Coskun", "Ali Khalidi"]),
        ("By Conor O'Brien", ["Conor O'Brien"]),
        ("Por Redação", []),
        ("By", []),
        ("By signing up you agree to our Terms of Use and Privacy Policy", []),
        ("Photo: John Smith", []),
        ("Edited by Peter Graff", []),
        ("By the time the police arrived, it was over and nobody knew why", []),
    ],
)
def test_names_in_credit(line: str, expected: list[str]):
    assert names_in_credit(line) == expected


def test_metadata_first_and_each_name_once():
    extraction = Extraction(
        paragraphs=[],
        meta_authors=["Jane Doe"],
        byline_lines=["By Jane Doe and John Roe"],
    )
    assert find_authors(extraction) == (["Jane Doe", "John Roe"], "html-meta")


def test_body_text_never_makes_an_author():
    extraction = Extraction(paragraphs=["Written by John Roe, the report was long."])
    assert find_authors(extraction) == ([], None)


@given(st.lists(st.text(max_size=200), max_size=5), st.lists(st.text(max_size=100), max_size=3))
def test_never_raises(lines: list[str], meta: list[str]):
    authors, source = find_authors(Extraction(paragraphs=[], byline_lines=lines, meta_authors=meta))
    assert len(authors) == len({a.casefold() for a in authors})
    assert (source is None) == (not authors)


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (["By David Jeans"], ["David Jeans"]),
        (["Admin"], []),  # one word: a login, a desk or a site, not a person
        (["LISA MASCARO", "ERIC TUCKER"], ["Lisa Mascaro", "Eric Tucker"]),
        (["Kevin McCoy USA TODAY"], ["Kevin McCoy"]),
        (["Jonathan GarberUSAToday"], ["Jonathan Garber"]),
        (["USA Today"], []),
        (["Текст Венера Ерофеева"], ["Венера Ерофеева"]),
    ],
)
def test_metadata_names_are_cleaned_of_roles_outlets_and_capitals(
    meta: list[str], expected: list[str]
):
    outlet = Outlet(slug="usa-today", name="USA TODAY", domain="usatoday.com")
    names, _ = find_authors(Extraction(paragraphs=[], meta_authors=meta), outlet)
    assert names == expected


def test_a_credit_goes_on_into_a_sentence():
    assert names_in_credit("Von Moritz Bachmann publiziert am 25. September 2018") == [
        "Moritz Bachmann"
    ]


def test_a_trailing_line_needs_a_role_to_be_a_credit():
    assert names_in_credit("Learn More", require_role=True) == []
    assert names_in_credit("*Writing by Islamuddin Sajid", require_role=True) == [
        "Islamuddin Sajid"
    ]


def test_metadata_may_name_an_author_opening_on_an_article_a_credit_line_may_not():
    stated = Extraction(paragraphs=["Body."], meta_authors=["The Water Coolest"])
    assert find_authors(stated) == (["The Water Coolest"], "html-meta")
    credited = Extraction(paragraphs=["Body."], byline_lines=["By The Guardian"])
    assert find_authors(credited) == ([], None)


@pytest.mark.parametrize(
    ("meta", "names"),
    [
        # A month the byline's date opened with, run into the name.
        ("Jane Doe November", ["Jane Doe"]),
        # A short month name is a name as often.
        ("Theresa May", ["Theresa May"]),
        # A web address is no name; a site stated by its domain is the page's word.
        ("Www Example Blog De", []),
        ("ExampleBlog com", ["ExampleBlog com"]),
    ],
)
def test_metadata_names_lose_a_trailing_month_and_web_addresses(meta: str, names: list[str]):
    assert find_authors(Extraction(paragraphs=[], meta_authors=[meta]))[0] == names


@pytest.mark.parametrize(
    ("meta", "names"), [("Jane Doe says", []), ("Edward Said", ["Edward Said"])]
)
def test_a_comment_s_signature_in_the_metadata_is_no_author(meta: str, names: list[str]):
    assert find_authors(Extraction(paragraphs=[], meta_authors=[meta]))[0] == names
