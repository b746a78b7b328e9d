"""The metadata benchmark's truth: a name a page shows in an element its markup marks as the
author's or the byline is stated by the page, whether or not its metadata repeats it."""

from __future__ import annotations

from tests.bench.metadata import Found, Page, Tally, read_truth, score

BODY = "<p>The council met on Tuesday and voted for the budget late in the evening.</p>"


def _tally(html: str, authors: list[str]) -> Tally:
    truth = read_truth(html, "https://example.com/news/budget")
    tally = Tally()
    score(Page("k", None, "", html, truth), Found(authors=authors), tally)
    return tally


def test_a_name_in_a_marked_byline_is_shown_not_invented():
    html = f'<html><body><div class="post-byline">By Jane Doe | 12 March 2021</div>{BODY}</body>'
    tally = _tally(html, ["Jane Doe", "John Roe"])
    assert (tally.shown, tally.invented) == (1, 1)


def test_a_rel_author_link_states_its_name():
    html = f'<html><body><a rel="author" href="/jane">Jane Doe</a>{BODY}</body></html>'
    assert (_tally(html, ["Jane Doe"]).shown, _tally(html, ["Jane Doe"]).invented) == (1, 0)


def test_a_comment_s_author_or_a_hidden_byline_states_no_author():
    html = (
        '<html><body><div style="display:none"><span class="author">Jane Doe</span></div>'
        f'{BODY}<ol class="comment-list"><li><cite class="comment-author">John Roe</cite>'
        "</li></ol></body></html>"
    )
    tally = _tally(html, ["Jane Doe", "John Roe"])
    assert (tally.shown, tally.invented) == (0, 2)


def test_a_metadata_author_is_scored_for_precision_not_as_shown():
    head = '<head><meta name="author" content="Jane Doe"></head>'
    html = f'<html>{head}<body><span class="byline">Jane Doe</span>{BODY}</body></html>'
    tally = _tally(html, ["Jane Doe"])
    assert (tally.authors_right, tally.shown, tally.invented) == (1, 0, 0)


def test_a_title_spelled_in_two_unicode_forms_is_one_title():
    # 'ড়' as one code point (U+09DC) in the markup, as 'ড' and its dot in the dump.
    html = "<html><head><title>\u09ac\u09be\u09dc\u09bf</title></head><body></body></html>"
    truth = read_truth(html, None)
    tally = Tally()
    found = Found(title="\u09ac\u09be\u09a1\u09bc\u09bf")
    score(Page("k", None, "", html, truth), found, tally)
    assert tally.title_right == 1


def test_a_style_sheet_inside_the_headline_is_not_its_text():
    style = "<style>.css-1x{font-size:16px;}</style>"
    html = f"<html><body><h1>{style}Budget plan passes</h1>{BODY}</body></html>"
    assert read_truth(html, None).titles == ["Budget plan passes"]


def test_a_byline_printed_unmarked_is_printed_not_invented():
    html = (
        f"<html><body><div><span>By Jane Doe</span> <span>12.03.2021</span></div>{BODY}"
        "<div>11.12.2019 - John Roe</div></body></html>"
    )
    tally = _tally(html, ["Jane Doe", "John Roe"])
    assert (tally.shown, tally.printed, tally.invented) == (0, 2, 0)


def test_a_name_only_in_prose_or_a_comment_is_invented():
    prose = "<p>Jane Doe, the treasurer, said by the end of 2021 the council had met often.</p>"
    comment = '<div class="comments"><p>By John Roe, 12.03.2021</p></div>'
    html = f"<html><body>{prose}{BODY}{comment}</body></html>"
    tally = _tally(html, ["Jane Doe", "John Roe"])
    assert (tally.printed, tally.invented) == (0, 2)


def test_a_byline_line_inside_a_block_or_across_spans_is_printed():
    html = (
        "<html><body><div>A short essay<br>von Jane Doe<br><br>"
        f"{BODY}</div><div><span>By</span><span>John Roe</span></div>"
        "<div>\n  <span>| By </span>\n  <span>Ann Poe</span> |\n  <time>May 2, 2020</time></div>"
        "</body></html>"
    )
    tally = _tally(html, ["Jane Doe", "John Roe", "Ann Poe"])
    assert (tally.printed, tally.invented) == (3, 0)
