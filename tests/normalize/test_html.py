"""extract_html: main text and metadata of a page, rendered lines, fallback to the text path."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from app.normalize.html import extract_html
from app.normalize.text import extract_text

SENTENCE = (
    "The committee met on Tuesday to discuss the new budget proposal, which several members "
    "described as the most ambitious plan in a decade. "
)


def page(head: str = "", article: str = "") -> str:
    article = article or (
        f"<h1>Budget plan passes</h1><p>{SENTENCE * 2}</p><h2>What changes</h2><p>{SENTENCE}</p>"
        "<ul><li>More money for schools and hospitals across the region.</li>"
        "<li>Lower taxes for small firms that hire apprentices this year.</li></ul>"
        f"<p>{SENTENCE * 3}</p>"
    )
    return (
        f"<!doctype html><html lang='en'><head><title>Budget plan passes | Daily Example</title>"
        f"{head}<script>var hidden = 'script text';</script><style>.a {{color: red}}</style>"
        "</head><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
        f"</ul></nav><article>{article}</article>"
        "<footer><p>Copyright 2023 Daily Example</p></footer></body></html>"
    )


METADATA = """
<meta property="og:site_name" content="Daily Example">
<meta name="author" content="Jane Roe; John Doe">
<meta property="article:published_time" content="2023-03-14T09:30:00+00:00">
"""


def test_main_text_keeps_headings_and_list_items_as_paragraphs() -> None:
    paragraphs = extract_html(page()).paragraphs
    assert "What changes" in paragraphs
    items = ["More money for schools and hospitals", "Lower taxes for small firms"]
    for item in items:
        assert sum(item in p for p in paragraphs) == 1
        assert not any(item in p and "What changes" in p for p in paragraphs)
    assert (SENTENCE * 3).strip() in paragraphs


def test_navigation_footer_and_scripts_are_not_body() -> None:
    body = "\n".join(extract_html(page()).paragraphs)
    assert "Home" not in body
    assert "Copyright" not in body
    assert "script text" not in body


def test_rendered_lines_hold_the_visible_text_in_order_without_scripts() -> None:
    lines = extract_html(page()).lines
    assert lines[:3] == ["Home", "World", "Budget plan passes"]
    assert lines[-1] == "Copyright 2023 Daily Example"
    assert not any("script text" in line or "color" in line for line in lines)


def test_metadata_gives_title_authors_sitename_and_publication_day() -> None:
    extraction = extract_html(page(METADATA), url="https://example.com/news/budget")
    assert extraction.title == "Budget plan passes"
    assert extraction.meta_authors == ["Jane Roe", "John Doe"]
    assert extraction.meta_sitename == "Daily Example"
    assert extraction.meta_published == datetime(2023, 3, 14, tzinfo=UTC)
    assert extraction.meta_modified is None


def test_a_stated_modification_date_is_kept_apart_from_publication() -> None:
    head = METADATA + '<meta property="article:modified_time" content="2023-03-16T11:00:00Z">'
    extraction = extract_html(page(head))
    assert extraction.meta_published == datetime(2023, 3, 14, tzinfo=UTC)
    assert extraction.meta_modified == datetime(2023, 3, 16, tzinfo=UTC)


def test_a_date_in_a_list_of_other_stories_is_not_a_modification_date() -> None:
    sidebar = "".join(
        f"<li><a href='/s{day}'>Other story number {day}</a> <span>2023-04-{day:02d}</span></li>"
        for day in range(1, 8)
    )
    html = page(METADATA).replace("<footer>", f"<aside><ul>{sidebar}</ul></aside><footer>")
    assert extract_html(html).meta_modified is None


def test_entities_and_special_spaces_come_out_as_clean_text() -> None:
    article = f"<p>{SENTENCE * 3}Caf&eacute;&nbsp;cr&egrave;me &amp; zero&#8203;width.</p>"
    body = "\n".join(extract_html(page(article=article)).paragraphs)
    assert "Café crème & zerowidth." in body


def test_page_without_main_text_falls_back_to_the_text_path_on_its_rendered_lines() -> None:
    html = "<html><body><footer><p>Short note.</p><p>Second line.</p></footer></body></html>"
    extraction = extract_html(html)
    assert extraction.lines == ["Short note.", "Second line."]
    assert extraction.paragraphs == extract_text("Short note.\nSecond line.").paragraphs


@pytest.mark.parametrize(
    "content",
    ["", "   ", "plain words, no markup", "\x00\x01binary\xff", "<", "<html></html>"],
)
def test_input_that_is_not_a_page_does_not_raise(content: str) -> None:
    extraction = extract_html(content)
    assert all(p.strip() for p in extraction.paragraphs)


@pytest.mark.parametrize("depth", [200, 5000])
def test_deeply_nested_markup_does_not_raise(depth: int) -> None:
    html = "<html><body>" + "<div>" * depth + SENTENCE * 3 + "</div>" * depth + "</body></html>"
    extraction = extract_html(html)
    # Past 255 levels libxml2 gives up on the page: its text is lost, but nothing raises.
    assert extraction.paragraphs == ([(SENTENCE * 3).strip()] if depth < 256 else [])


def test_nothing_is_fetched_even_for_a_bare_url(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    url = "https://example.com/2023/03/14/budget-plan"
    extract_html(url, url=url)
    extract_html(page(), url=url)


def test_the_headline_is_the_title_and_not_repeated_as_the_first_paragraph() -> None:
    extraction = extract_html(page())
    assert extraction.title == "Budget plan passes"
    assert "Budget plan passes" not in extraction.paragraphs


def test_a_modification_date_before_publication_is_not_kept() -> None:
    head = METADATA + '<meta property="article:modified_time" content="2023-03-10T11:00:00Z">'
    extraction = extract_html(page(head))
    assert extraction.meta_published == datetime(2023, 3, 14, tzinfo=UTC)
    assert extraction.meta_modified is None
