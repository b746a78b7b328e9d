"""Title, URL, outlet and authors of HTML pages and text dumps, and where each came from."""

from __future__ import annotations

import socket

import pytest

from app.normalize import RawInput, normalize
from app.normalize.identity import domain_of
from app.normalize.page_meta import without_site_name

PARAGRAPH = (
    "The committee met on Tuesday to discuss the new budget proposal, which several members "
    "described as the most ambitious plan in a decade, and voted for it late in the evening."
)


def html_page(head: str, h1: str = "Budget plan passes after a long night") -> str:
    return (
        f"<!doctype html><html><head><title>{h1} | Daily Example</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{h1}</h1>" + f"<p>{PARAGRAPH}</p>" * 4 + "</article></body></html>"
    )


HEAD = """
<link rel="canonical" href="https://news.example.co.uk/politics/budget-plan-passes">
<meta property="og:site_name" content="Daily Example">
<meta property="og:title" content="Budget plan passes after a long night - Daily Example">
<meta name="author" content="By JANE ROE">
"""


def test_html_without_a_manifest_states_url_outlet_title_and_authors():
    article = normalize(RawInput(content=html_page(HEAD), format="html"))
    assert (article.url, article.url_source) == (
        "https://news.example.co.uk/politics/budget-plan-passes",
        "html-meta",
    )
    assert article.outlet is not None
    assert (article.outlet.name, article.outlet.domain, article.outlet.slug) == (
        "Daily Example",
        "example.co.uk",
        "daily-example",
    )
    assert article.outlet_source == "html-meta"
    assert (article.title, article.title_source) == (
        "Budget plan passes after a long night",
        "html-heading",
    )
    assert (article.authors, article.authors_source) == (["Jane Roe"], "html-meta")


def test_a_given_url_and_outlet_win_over_the_markup():
    raw = RawInput(
        content=html_page(HEAD),
        format="html",
        url="https://example.co.uk/b",
        outlet="The Example",
        given_by="manifest",
    )
    article = normalize(raw)
    assert (article.url, article.url_source) == ("https://example.co.uk/b", "manifest")
    assert article.outlet is not None and article.outlet.name == "The Example"
    assert article.outlet_source == "manifest"


def test_json_ld_publisher_names_the_outlet_when_open_graph_does_not():
    head = (
        '<link rel="canonical" href="https://www.example.com/a">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget plan '
        'passes after a long night", "publisher": {"@type": "Organization", "name": "Example '
        'Times"}}</script>'
    )
    article = normalize(RawInput(content=html_page(head), format="html"))
    assert article.outlet is not None and article.outlet.name == "Example Times"
    assert article.outlet_source == "html-meta"


def test_a_page_naming_no_site_is_known_by_its_registered_domain():
    head = '<link rel="canonical" href="https://blog.example.org/a">'
    article = normalize(RawInput(content=html_page(head), format="html"))
    assert article.outlet is not None
    assert (article.outlet.name, article.outlet.domain) == ("example.org", "example.org")
    assert article.outlet_source == "url"


def test_a_page_stating_nothing_invents_nothing():
    article = normalize(RawInput(content=html_page("", h1="Budget plan"), format="html"))
    assert article.url is None and article.url_source is None
    assert article.outlet is None and article.outlet_source is None
    assert article.authors == [] and article.authors_source is None


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Budget plan passes | Daily Example", "Daily Example", "Budget plan passes"),
        ("Daily Example: Budget plan passes", "Daily Example", "Daily Example: Budget plan passes"),
        ("Daily Example | Budget plan passes", "Daily Example", "Budget plan passes"),
        ("Review - shoots for the moon - VG247", "VG247", "Review - shoots for the moon"),
        ("Opinion | Budget plan passes", "Daily Example", "Opinion | Budget plan passes"),
        ("Budget plan passes", None, "Budget plan passes"),
    ],
)
def test_the_site_name_is_cut_from_a_metadata_title(title: str, site: str | None, expected: str):
    assert without_site_name(title, site) == expected


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("http://www01.koreaherald.com/view.php?ud=1", "koreaherald.com"),
        ("https://news.bbc.co.uk/a", "bbc.co.uk"),
        ("https://someone.blogspot.com/2020/01/a.html", "someone.blogspot.com"),
        ("http://localhost:8000/a", "localhost"),
        ("not a url", None),
    ],
)
def test_the_registered_domain_comes_from_the_public_suffix_list(url: str, domain: str | None):
    assert domain_of(url) == domain


def test_the_public_suffix_list_is_never_fetched(monkeypatch: pytest.MonkeyPatch):
    """Ingest runs offline: the bundled snapshot answers, no socket is opened."""

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert domain_of("https://www.example.com.au/a") == "example.com.au"


DUMP = """\
* Home
* World
Section label
Markets
Budget plan passes after a long night of talks
Lawmakers back the most ambitious plan in a decade
By Jane Roe and John Doe | Daily Example
March 14, 2023 9:30 am
* Share on Facebook
Patrick Doe, ASSOCIATED PRESS
{p}
{p}
{p}
Learn More
* Related story one
"""


def test_a_text_dump_headline_is_the_line_above_its_credit_and_date():
    article = normalize(RawInput(content=DUMP.format(p=PARAGRAPH), format="text"))
    assert article.title == "Budget plan passes after a long night of talks"
    assert article.subtitle == "Lawmakers back the most ambitious plan in a decade"
    assert article.title_source == "text-header"
    assert (article.authors, article.authors_source) == (["Jane Roe", "John Doe"], "text-byline")


def test_the_url_slug_names_the_headline_among_other_stories():
    dump = (
        "Other story about the weather this weekend\n"
        "Budget plan passes after a long night of talks\n"
        "Another story about a football match\n"
        "* Share\n" + f"{PARAGRAPH}\n" * 3
    )
    url = "https://example.com/politics/2023/03/14/budget-plan-passes-after-long-night/"
    article = normalize(RawInput(content=dump, format="text", url=url))
    assert article.title == "Budget plan passes after a long night of talks"


def test_a_byline_date_line_or_a_link_is_never_the_headline_or_an_author():
    dump = (
        "By Sherif Saed, Wednesday, 20 November 2019 08:05 GMT\n"
        "* To Read the Full Story\n" + f"{PARAGRAPH}\n" * 3 + "To Read the Full Story\n"
    )
    article = normalize(RawInput(content=dump, format="text"))
    assert article.title is None
    assert article.authors == ["Sherif Saed"]


def test_a_text_dump_without_headline_or_credit_gets_none():
    dump = "* Home\n* World\n" + f"{PARAGRAPH}\n" * 3 + "* Learn More\n"
    article = normalize(RawInput(content=dump, format="text"))
    assert article.title is None and article.title_source is None
    assert article.authors == [] and article.authors_source is None
    assert article.outlet is None and article.url is None


def test_a_manifest_gives_url_and_outlet_of_a_text_dump():
    dump = "Budget plan passes after a long night of talks\n" + f"{PARAGRAPH}\n" * 3
    raw = RawInput(
        content=dump,
        format="text",
        url="https://www.example.com/a",
        given_by="manifest",
    )
    article = normalize(raw)
    assert (article.url_source, article.title_source) == ("manifest", "text-header")
    assert article.outlet is not None and article.outlet.domain == "example.com"
    assert article.outlet_source == "url"


@pytest.mark.parametrize(
    ("head", "source"),
    [
        ("", "url"),  # the page states no date: htmldate's day is the URL's
        ('<meta property="article:published_time" content="2022-10-04T08:00:00Z">', "html-meta"),
    ],
)
def test_a_date_only_the_url_gives_is_sourced_to_the_url(head: str, source: str):
    url = "https://example.com/2022/10/04/budget-plan-passes"
    article = normalize(RawInput(content=html_page(head), format="html", url=url))
    assert article.published_at is not None and article.published_at.date().isoformat() == (
        "2022-10-04"
    )
    assert article.published_at_source == source


def _html(head: str, body: str) -> str:
    return (
        f"<html><head>{head}</head><body>{body}<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></body></html>"
    )


def test_without_og_title_the_page_title_names_the_headline_not_a_menu_heading():
    page = _html(
        "<title>Auf den Spuren von Rafael Nadal</title>",
        "<h2>Ansprechpartner</h2><div>Jane Doe, Telefon 123</div>",
    )
    article = normalize(RawInput(content=page, format="html"))
    assert (article.title, article.title_source) == ("Auf den Spuren von Rafael Nadal", "html-meta")


def test_the_heading_the_title_names_best_is_the_headline_not_the_logo():
    page = _html(
        '<meta property="og:title" content="Vegetarier zu sein. Bedarf, Trend? | Ethify">',
        "<h1>Ethify</h1><h2>Hauptmenü</h2><h1>Vegetarier zu sein. Bedarf, Trend?</h1>",
    )
    article = normalize(RawInput(content=page, format="html"))
    assert article.title == "Vegetarier zu sein. Bedarf, Trend?"
    assert article.title_source == "html-heading"


@pytest.mark.parametrize(
    "logo",
    [
        '<h1 class="site-title"><a href="/" rel="home">Kitchen Notes</a></h1>',
        '<a href="https://kitchen-notes.example/"><h1>Kitchen Notes</h1></a>',
        '<h1><a href="/index.php">Kitchen Notes</a></h1>',
    ],
)
def test_a_heading_linking_home_is_the_sites_logo_not_the_headline(logo: str) -> None:
    """A blog theme prints its name as an h1 linking to the home page; the headline is the
    <title> without that name."""
    page = _html(
        '<title>Onion soup in twenty minutes | Kitchen Notes</title><link rel="canonical" '
        'href="https://kitchen-notes.example/2024/onion-soup">',
        logo,
    )
    article = normalize(RawInput(content=page, format="html"))
    assert article.title == "Onion soup in twenty minutes"


def test_a_heading_linking_to_its_article_stays_the_headline() -> None:
    page = _html(
        "<title>Onion soup in twenty minutes | Kitchen Notes</title>",
        '<h1><a href="/2024/onion-soup?ref=home">Onion soup in twenty minutes</a></h1>',
    )
    article = normalize(RawInput(content=page, format="html"))
    assert (article.title, article.title_source) == ("Onion soup in twenty minutes", "html-heading")
