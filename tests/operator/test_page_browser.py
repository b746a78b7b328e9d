"""The page at `/` in a real browser (Debian's chromium driven by Playwright): type a query,
see the seeds' hits with snippets and facets, narrow by a facet, open an article, come back.
Nothing is fetched from anywhere but this server, and the page breaks no CSP rule.

Needs Debian's chromium (/usr/bin/chromium); CI installs it, and with CI set a missing browser
is a failure rather than a skip. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ROOT, SEEDS
from tests.utils.servers import newsstore_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

ARTIFACTS = ROOT / "tests" / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("page") / "page.db"
    with newsstore_server(store, "--seed-if-empty", str(SEEDS)) as base:
        yield base


@pytest.fixture
def page(server: str) -> Iterator[Page]:
    assert CHROMIUM, "chromium must be installed where CI is set"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.requested = []  # type: ignore[attr-defined]
        page.problems = []  # type: ignore[attr-defined]
        page.on("request", lambda request: page.requested.append(request.url))  # type: ignore[attr-defined]
        page.on("pageerror", lambda error: page.problems.append(str(error)))  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda message: message.type == "error" and page.problems.append(message.text),  # type: ignore[attr-defined]
        )
        yield page
        browser.close()


def test_search_the_seeds_and_open_an_article(server: str, page: Page) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server}/")
    page.wait_for_selector("#hits .hit")  # the newest articles before any query
    assert page.locator("#hits .hit").count() == 5

    page.fill("#q", "Pyongyang")
    page.press("#q", "Enter")
    expect(page.locator("#status")).to_contain_text("match")
    expected = httpx.get(f"{server}/search", params={"q": "Pyongyang"}).json()
    hits = page.locator("#hits .hit")
    assert hits.count() == expected["total"] == 3
    titles = [h["title"] or "(untitled)" for h in expected["items"]]
    assert hits.locator(".title").all_inner_texts() == titles
    assert hits.first.locator("mark").first.inner_text().lower() == "pyongyang"
    assert page.inner_text("#status") == f"3 articles match {expected['query']}"
    assert page.locator("#facets .facet h3").all_inner_texts() == [
        "OUTLET",
        "LANGUAGE",
        "DATE (MONTH)",
    ]
    assert "undated 1" in page.inner_text("#facets")
    assert "?q=Pyongyang" in page.url
    page.screenshot(path=str(ARTIFACTS / "page-search.png"), full_page=True)

    page.select_option("#outlet", "republic-world")
    page.press("#q", "Enter")
    expect(page.locator("#hits .hit")).to_have_count(1)
    assert "outlet=republic-world" in page.url

    page.select_option("#outlet", "")
    page.select_option("#lang", "en")
    page.fill("#from", "2024-01-01")
    page.fill("#to", "2024-12-31")
    page.click("#search button[type=submit]")
    expect(page.locator("#hits .hit .meta")).to_contain_text("The Korea Herald")
    expect(page.locator("#hits .hit")).to_have_count(1)
    assert "from=2024-01-01" in page.url and "lang=en" in page.url

    first = expected["items"][0]
    page.fill("#from", "")
    page.fill("#to", "")
    page.press("#q", "Enter")
    expect(page.locator("#hits .hit")).to_have_count(3)
    page.locator("#hits .hit .title").first.click()
    page.wait_for_selector("#article h1")
    expect(page.locator("#results")).to_be_hidden()
    expect(page.locator("#article .subtitle")).to_have_count(
        1 if article_subtitle(server, first) else 0
    )
    article = httpx.get(f"{server}/articles/{first['id']}").json()
    assert page.inner_text("#article h1") == (article["title"] or "(untitled)")
    paragraphs = page.locator("#article .body p").all_inner_texts()
    assert paragraphs == article["body"].split("\n\n")
    assert f"?article={first['id']}" in page.url
    page.screenshot(path=str(ARTIFACTS / "page-article.png"), full_page=True)

    page.go_back()
    expect(page.locator("#hits .hit")).to_have_count(3)
    expect(page.locator("#article")).to_be_hidden()
    assert page.input_value("#q") == "Pyongyang"

    assert all(url.startswith(server) for url in page.requested), page.requested  # type: ignore[attr-defined]
    assert page.problems == []  # type: ignore[attr-defined]


def article_subtitle(server: str, hit: dict) -> str | None:
    return httpx.get(f"{server}/articles/{hit['id']}").json()["subtitle"]


def test_a_bad_query_shows_the_reason(server: str, page: Page) -> None:
    page.goto(f"{server}/?q=%28kherson")
    problem = httpx.get(f"{server}/search", params={"q": "(kherson"}).json()
    expect(page.locator("#status")).to_have_text(problem["detail"])
