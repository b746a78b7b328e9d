"""Credit lines of text dumps that carry no 'By': a name beside the date stamp, a credit under
the first paragraph, a credit behind a list marker; and the names they must not give."""

from __future__ import annotations

import pytest

from app.normalize import RawInput, normalize
from app.normalize.authors import find_authors, names_in_credit
from app.normalize.dated_names import name_beside_date
from app.normalize.extraction import Extraction

PARAGRAPH = (
    "Der Ausschuss hat am Dienstag über den neuen Haushalt beraten, den mehrere Mitglieder als "
    "den ehrgeizigsten Plan seit einem Jahrzehnt bezeichneten, und am Abend dafür gestimmt."
)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Bettina Kugler 19.10.2019, 05:00 Uhr", "Bettina Kugler"),
        ("Swantje Schemmerling | 06.11.23", "Swantje Schemmerling"),
        ("Christoph von Ritter 24. April 2020", "Christoph von Ritter"),
        ("04.02.2022 | 15:33 Uhr | Dennis Steimels", "Dennis Steimels"),
        ("Julia Steinhoff / Oktober 25 2023", "Julia Steinhoff"),
        ("Published November 8, 2023", None),  # a stamp's label
        ("Zuletzt Aktualisiert 06.11.2023", None),
        ("Mon 20 Jan 2020 06.05 GMT", None),
        ("New Delhi , News Nation Bureau | Updated : 19 November 2019", None),  # a place
        ("January 13, 2020 | categories: Python | View Comments", None),  # a link
        ("Speerwurf Schi A W14 600 g 19.05.2007", None),  # a table row
        ("NEWS DESK | 06.11.2023", None),  # capitals: a desk
        ("The Guardian 02/10/2020", None),  # an article opens an outlet's name, not a person's
    ],
)
def test_a_name_beside_the_date_is_read_by_its_shape(line: str, name: str | None):
    assert name_beside_date(line) == name


def _dump(header: str, after_first: str = "") -> str:
    return (
        "* Home\n* Politik\n"
        "Haushalt nach langer Nacht beschlossen\n"
        f"{header}\n{PARAGRAPH}\n{after_first}{PARAGRAPH}\n{PARAGRAPH}\n"
    )


@pytest.mark.parametrize(
    ("header", "after_first", "authors"),
    [
        ("Bettina Kugler 19.10.2019, 05:00 Uhr", "", ["Bettina Kugler"]),
        ("19.10.2019 | 05:00 Uhr | Bettina Kugler", "", ["Bettina Kugler"]),
        ("* Von Moritz Wichmann\n* 29.04.2020, 12:01 Uhr", "", ["Moritz Wichmann"]),
        ("* Von\n* Simon Braasch\n* 19.10.19, 08:16 Uhr", "", ["Simon Braasch"]),
        ("29.04.2020", "von Michael Andrusio\n", ["Michael Andrusio"]),
        ("29.04.2020", "02.02.2022, 11:30 Uhr von Markus Steinrisser\n", ["Markus Steinrisser"]),
        ("Veröffentlicht 19.10.2019, 05:00 Uhr", "", []),
        ("Jane Doe\n- Nov. 18th 2019 8:54 am PT", "", ["Jane Doe"]),  # a dash sets off the date
        ("Neueste Beiträge\n* 30. Oktober 2020 Kate May", "", []),  # the heading of a list
    ],
)
def test_credits_without_by_in_the_header_name_the_authors(
    header: str, after_first: str, authors: list[str]
):
    article = normalize(RawInput(content=_dump(header, after_first), format="text"))
    assert article.authors == authors


def test_a_sentence_under_the_first_paragraph_is_no_credit():
    dump = _dump("29.04.2020", "Von Montag an gilt die neue Regel in Berlin und Hamburg.\n")
    assert normalize(RawInput(content=dump, format="text")).authors == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("6. Dezember 2022 von Fatima in Gefühle , Popkultur", []),  # one name, then a category
        ("Von Isabella.DiBiase am Samstag, 19. Oktober 2019", []),
        ("von Sonia Mevißen Erstellt am 01.01.23 um 08:35", ["Sonia Mevißen"]),
        ("Von der Planung bis hin zu den Mitbringseln", []),
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Von Justus von Daniels und Marcus Bensmann", ["Justus von Daniels", "Marcus Bensmann"]),
        ("Da La Nota", []),  # a section's name after the opener
        ("06.11.2023 13:30 von Olga Symbolbild imago", []),  # one name, then a photo's label
    ],
)
def test_a_credit_names_people_up_to_the_first_word_no_name_holds(line: str, expected: list[str]):
    assert names_in_credit(line) == expected


def test_an_online_desk_is_no_author():
    extraction = Extraction(paragraphs=["Body."], byline_lines=["ET Online |"])
    assert find_authors(extraction) == ([], None)
