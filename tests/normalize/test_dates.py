from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.normalize.date_mentions import find_mentions, writes_month_first
from app.normalize.dates import find_dates
from app.normalize.extraction import Extraction
from app.normalize.url_dates import date_from_url

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def seed_extraction(prefix: str, title: str | None = None) -> Extraction:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title = title or lines[0]
    start = lines.index(title) + 1
    return Extraction(paragraphs=lines[start:], lines=lines, title=title)


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def test_top_line_date_glued_to_first_sentence_is_the_header():
    found = find_dates(seed_extraction("000"), url=None, now=NOW)
    assert (found.published_at, found.published_source) == (day(2022, 10, 4), "text-header")


def test_no_date_in_text_or_url_stays_unknown():
    found = find_dates(seed_extraction("001"), url="https://aa.com.tr/en/asia/x/2701953", now=NOW)
    assert found.published_at is None and found.published_source is None


def test_sidebar_dates_are_never_the_article_date():
    extraction = seed_extraction("002")
    assert find_dates(extraction, url=None, now=NOW).published_at is None
    url = "https://rubryka.com/en/2022/10/04/kndr-pidtrymala/amp"
    found = find_dates(extraction, url=url, now=NOW)
    assert (found.published_at, found.published_source) == (day(2022, 10, 4), "url")


def test_russian_header_gives_published_and_modified_with_times():
    title = (
        "North Korea recognized the results of the referenda on the accession of new regions"
        " to Russia"
    )
    found = find_dates(seed_extraction("003", title), url=None, now=NOW)
    assert found.published_at == datetime(2022, 10, 4, 8, 16, tzinfo=UTC)
    assert found.published_source == "text-header"
    assert found.modified_at == datetime(2022, 12, 24, 22, 38, tzinfo=UTC)


def test_url_query_parameter_date():
    url = "http://www01.koreaherald.com/view.php?mp=17&np=166&ud=20240624050171"
    found = find_dates(seed_extraction("004"), url=url, now=NOW)
    assert (found.published_at, found.published_source) == (day(2024, 6, 24), "url")


def test_html_metadata_wins_and_naive_metadata_is_read_as_utc():
    extraction = Extraction(
        paragraphs=["Body."],
        lines=["Title", "March 2, 2020", "Body."],
        title="Title",
        meta_published=datetime(2020, 3, 1, 9, 30),
    )
    found = find_dates(extraction, url="https://x.org/2020/03/03/a", now=NOW)
    assert (found.published_at, found.published_source) == (
        datetime(2020, 3, 1, 9, 30, tzinfo=UTC),
        "html-meta",
    )


def prose(n: int) -> str:
    return f"Paragraph {n} tells the story at length, with enough words to read as prose here."


def test_header_date_nearest_the_body_beats_the_page_top_date():
    lines = ["Tue, 14 Jan 2020", "Menu", "Megablaze under control", "13 Jan 2020, 22:11 GMT+10"]
    lines += [prose(1), prose(2)]
    found = find_dates(
        Extraction(paragraphs=lines[4:], lines=lines, title=lines[2]), url=None, now=NOW
    )
    assert found.published_at == datetime(2020, 1, 13, 22, 11, tzinfo=timezone(timedelta(hours=10)))


def test_modification_before_publication_is_dropped():
    lines = ["A title", "Published March 2, 2020", "Updated March 1, 2020", prose(1), prose(2)]
    extraction = Extraction(paragraphs=lines[3:], lines=lines, title="A title")
    found = find_dates(extraction, url=None, now=NOW)
    assert (found.published_at, found.modified_at) == (day(2020, 3, 2), None)


def test_future_dates_are_ignored():
    lines = ["A title", "Published March 2, 2031", prose(1), prose(2)]
    extraction = Extraction(paragraphs=lines[2:], lines=lines, title="A title")
    assert find_dates(extraction, url=None, now=NOW).published_at is None


def test_dates_before_the_web_are_history_not_publication():
    lines = ["A title", "4 December 1969", prose(1), prose(2)]
    extraction = Extraction(paragraphs=lines[2:], lines=lines, title="A title")
    assert find_dates(extraction, url=None, now=NOW).published_at is None


def test_relative_days_are_never_dates():
    lines = ["A title", "Posted on Tuesday", "Updated yesterday, 3 hours ago", prose(1)]
    extraction = Extraction(paragraphs=lines[3:], lines=lines, title="A title")
    assert find_dates(extraction, url=None, now=NOW).published_at is None


def test_updated_only_header_still_dates_the_article():
    lines = ["A title", "Updated: Jan 23, 2020, 10.45 AM IST", prose(1), prose(2)]
    extraction = Extraction(paragraphs=lines[2:], lines=lines, title="A title")
    assert find_dates(extraction, url=None, now=NOW).published_at.date() == day(2020, 1, 23).date()


def test_list_of_other_stories_is_skipped_for_the_header():
    lines = ["A title"]
    for n in range(4):
        lines += [f"Other story {n} with a headline", f"October {20 + n}, 2020"]
    lines += ["October 26, 2020", prose(1), prose(2)]
    extraction = Extraction(paragraphs=lines[-2:], lines=lines, title="A title")
    assert find_dates(extraction, url=None, now=NOW).published_at == day(2020, 10, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 октября 2022,, 08:16", datetime(2022, 10, 4, 8, 16, tzinfo=UTC)),
        ("Friday January 24th, 2025", day(2025, 1, 24)),
        ("Miércoles, 15 de Abril de 2020", day(2020, 4, 15)),
        ("30 Ekim 2020 Cuma 18:28", datetime(2020, 10, 30, 18, 28, tzinfo=UTC)),
        ("11 de Outubro de 2020, 8:34", datetime(2020, 10, 11, 8, 34, tzinfo=UTC)),
        ("24 квітня 2020 р.", day(2020, 4, 24)),
        ("Published: Sept. 8, 2020 at 9:22 a.m. ET", datetime(2020, 9, 8, 9, 22, tzinfo=UTC)),
        ("Posted March 2, 2020 5:04 pm", datetime(2020, 3, 2, 17, 4, tzinfo=UTC)),
        ("2020. 08. 18. 21:35", datetime(2020, 8, 18, 21, 35, tzinfo=UTC)),
        ("質問日時：2020/07/13 01:10", datetime(2020, 7, 13, 1, 10, tzinfo=UTC)),
        ("2020年4月17日", day(2020, 4, 17)),
        ("Publié le jeudi 24 Décembre 2020 à 07h47", datetime(2020, 12, 24, 7, 47, tzinfo=UTC)),
        ("15:35, Oct 29 2020", datetime(2020, 10, 29, 15, 35, tzinfo=UTC)),
        ("2.9.2020 klo 12.45", datetime(2020, 9, 2, 12, 45, tzinfo=UTC)),
    ],
)
def test_mentions_in_many_languages(text: str, expected: datetime):
    (mention,) = find_mentions(text)
    assert mention.when == expected


@pytest.mark.parametrize(
    "text",
    ["on Tuesday", "yesterday at 5 pm", "Oct 29", "Election 2020", "© 1998 - 2020", "31/02/2020"],
)
def test_no_mention_without_a_full_valid_date(text: str):
    assert find_mentions(text) == []


def test_numeric_dates_follow_the_pages_own_order():
    assert find_mentions("05/04/2020")[0].when == day(2020, 4, 5)
    assert find_mentions("05/04/2020", month_first=True)[0].when == day(2020, 5, 4)
    assert writes_month_first(["Updated 04/26/2020"])
    assert not writes_month_first(["26/04/2020"])
    assert writes_month_first(["April 26, 2020", "May 2, 2020"])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://rubryka.com/en/2022/10/04/slug/amp", day(2022, 10, 4)),
        ("https://en.newizv.ru/news/2022-10-04/slug-389501", day(2022, 10, 4)),
        ("http://www01.koreaherald.com/view.php?mp=17&ud=20240624050171", day(2024, 6, 24)),
        ("https://www.registerguard.com/news/20200413/slug", day(2020, 4, 13)),
        ("https://www.youm7.com/story/2020/8/24/slug", day(2020, 8, 24)),
        ("https://aa.com.tr/en/asia-pacific/slug/2701953", None),
        ("https://x.org/2031/01/01/future", None),
        ("https://x.org/2020/13/45/not-a-date", None),
        (None, None),
    ],
)
def test_url_dates(url: str | None, expected: datetime | None):
    assert date_from_url(url, now=NOW) == expected


@given(st.text(max_size=2000))
def test_mentions_never_raise(text: str):
    for mention in find_mentions(text):
        assert mention.when.tzinfo is not None


@given(st.lists(st.text(max_size=200), max_size=40), st.text(max_size=200))
def test_find_dates_never_raises_nor_dates_the_future(lines: list[str], url: str):
    extraction = Extraction(paragraphs=lines[1:], lines=lines, title=lines[0] if lines else None)
    found = find_dates(extraction, url=url, now=NOW)
    assert found.published_at is None or found.published_at <= NOW
