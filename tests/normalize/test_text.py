"""Plain-text extraction: each signal on a small synthetic page, then the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.normalize.lines import measure
from app.normalize.segment import Region, is_prose
from app.normalize.text import _past_a_dated_list, extract_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

PROSE = [
    "The council voted on Tuesday to expand the city's bus network, adding three routes "
    "that will connect the northern suburbs with the hospital and the university campus.",
    "Officials said the new lines would start running in the spring, once the drivers have "
    "been hired and trained, and that fares would stay at the price they have been since 2019.",
    "Residents who spoke at the meeting welcomed the plan, although several of them asked "
    "why the service would not run later in the evening when many of them finish their shifts.",
    "The mayor said that the evening timetable would be reviewed after the first six months, "
    "when the council will have figures on how many people are actually using the buses.",
]


def page(*parts: str | list[str]) -> str:
    lines: list[str] = []
    for part in parts:
        lines.extend([part] if isinstance(part, str) else part)
    return "\n\n".join(lines)


def reasons(text: str) -> dict[str, str]:
    return {r.text: r.reason for r in extract_text(text).removed}


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def test_empty_and_blank_input_give_an_empty_extraction() -> None:
    for text in ("", "   \n\n  \t\n"):
        extraction = extract_text(text)
        assert extraction.paragraphs == []
        assert extraction.removed == []


def test_lines_are_the_stripped_non_empty_input_lines_in_order() -> None:
    extraction = extract_text("  first line  \n\n\tsecond line\n")
    assert extraction.lines == ["first line", "second line"]


def test_body_is_the_prose_run_and_menus_around_it_are_dropped() -> None:
    menu = ["* Home", "* World", "* Business", "* Sport", "* Weather"]
    footer = ["About us", "Contact", "Terms of use"]
    got = extract_text(page(menu, PROSE, footer))
    assert got.paragraphs == PROSE
    why = reasons(page(menu, PROSE, footer))
    assert why["* Home"] == "link-list"
    assert why["Terms of use"] == "after-article"


def test_every_line_is_in_the_body_the_header_or_removed() -> None:
    text = page("Buses for the north", ["* Home", "* Sport"], PROSE, "Share this", "© 2024 Paper")
    got = extract_text(text)
    accounted = got.paragraphs + [r.text for r in got.removed]
    accounted += [x for x in (got.title, got.subtitle, got.dateline) if x]
    assert sorted(accounted) == sorted(got.lines)


def test_title_is_the_headline_line_right_above_the_body() -> None:
    got = extract_text(page("Menu", "City expands its bus network to the north", PROSE))
    assert got.title == "City expands its bus network to the north"
    assert got.subtitle is None


def test_a_longer_headline_shaped_line_under_the_title_is_the_standfirst() -> None:
    standfirst = "Three new routes will link the suburbs with the hospital and the campus next year"
    got = extract_text(page("City expands its bus network", standfirst, PROSE))
    assert (got.title, got.subtitle) == ("City expands its bus network", standfirst)


def test_no_title_is_invented_when_the_text_opens_with_prose() -> None:
    assert extract_text(page(PROSE)).title is None


def test_an_all_capitals_place_line_opening_the_article_is_the_dateline() -> None:
    got = extract_text(page("City expands its bus network", "LYON", PROSE))
    assert got.dateline == "LYON"
    assert "LYON" not in got.paragraphs


def test_a_name_shaped_credit_line_is_a_byline_not_body() -> None:
    got = extract_text(page("City expands its bus network", PROSE, "*Reporting by Ana Lima"))
    assert got.byline_lines == ["*Reporting by Ana Lima"]
    assert reasons(page("City expands its bus network", PROSE, "*Reporting by Ana Lima")) == {
        "*Reporting by Ana Lima": "byline"
    }


def test_a_date_token_glued_before_the_first_sentence_is_a_header_date() -> None:
    text = "date 2024-03-05 " + page(PROSE)
    got = extract_text(text)
    assert got.paragraphs[0] == PROSE[0]
    assert got.title is None
    assert reasons(text)["date 2024-03-05"] == "header-date"


def test_date_stamps_above_the_headline_are_header_dates() -> None:
    stamps = ["Posted 5 March 2024, 08:16", "Updated 6 March 2024, 10:02"]
    text = page(stamps, "New bus plan approved", PROSE)
    got = extract_text(text)
    assert got.title == "New bus plan approved"
    assert reasons(text)["Posted 5 March 2024, 08:16"] == "header-date"
    assert reasons(text)["Updated 6 March 2024, 10:02"] == "header-date"


def test_a_list_of_other_dated_stories_after_the_article_is_not_body() -> None:
    others = []
    for n in range(4):
        others += [f"Story number {n} about something else", f"Monday March {n + 4}th, 2024"]
    got = extract_text(page(PROSE, others))
    assert got.paragraphs == PROSE
    assert reasons(page(PROSE, others))["Monday March 4th, 2024"] == "date-list"


def test_comments_introduced_by_date_stamps_end_the_article() -> None:
    comments = []
    for name in ("alice", "bob", "carol"):
        comments += [
            f"{name} says:",
            "March 5, 2024 at 6:34 am",
            "I take this bus every day and I think the new routes are long overdue for us.",
        ]
    got = extract_text(page(PROSE, comments))
    assert got.paragraphs == PROSE


def test_a_doubled_caption_is_not_in_the_body() -> None:
    caption = "The mayor and the transport chief present the new bus routes at the city hall"
    body = [PROSE[0], caption[:50], caption + " on Monday. (AFP)", *PROSE[1:]]
    got = extract_text(page(body))
    assert got.paragraphs == PROSE
    assert reasons(page(body))[caption[:50].strip()] == "caption"


def test_a_paragraph_printed_twice_around_chrome_appears_once() -> None:
    got = extract_text(page(PROSE[:2], "Image: AP", PROSE[1:]))
    assert got.paragraphs == PROSE


def test_steps_repeated_further_apart_in_the_article_are_kept() -> None:
    step = "Eat every two or three hours."
    body = [PROSE[0], step, PROSE[1], step, PROSE[2]]
    assert extract_text(page(body)).paragraphs == body


def test_the_body_extracts_to_itself() -> None:
    body = extract_text(page(["* Home", "* Sport"], "A bus plan", PROSE, "Image: AP")).paragraphs
    assert extract_text("\n\n".join(body)).paragraphs == body


def test_image_credit_lines_are_chrome() -> None:
    for credit in ("Image: AP", "Photo: Reuters", "(Photo: Jane Doe)"):
        got = extract_text(page(PROSE[:2], credit, PROSE[2:]))
        assert got.paragraphs == PROSE
        assert reasons(page(PROSE[:2], credit, PROSE[2:]))[credit] == "credit"


def test_a_headline_between_paragraphs_is_dropped_as_inline_heading() -> None:
    heading = "Mayor hails record bus use in the south as the network keeps growing"
    got = extract_text(page(PROSE[:2], heading, PROSE[2:]))
    assert got.paragraphs == PROSE
    assert reasons(page(PROSE[:2], heading, PROSE[2:]))[heading] == "inline-heading"


def test_a_short_subheading_introducing_a_paragraph_is_kept() -> None:
    got = extract_text(page(PROSE[:2], "What happens next", PROSE[2:]))
    assert got.paragraphs == [*PROSE[:2], "What happens next", *PROSE[2:]]


def test_long_unpunctuated_paragraphs_and_table_rows_in_the_article_are_kept() -> None:
    unpunctuated = (
        "Riders said the service had improved a great deal since the summer and that the "
        "drivers were friendly and the buses were clean"
    )
    row = "Route 12    4,210    3,980    +5.8%"
    body = [PROSE[0], unpunctuated, PROSE[1], row, PROSE[2], PROSE[3]]
    assert extract_text(page(body)).paragraphs == body


def test_a_table_header_row_with_cells_set_apart_by_spaces_is_kept() -> None:
    table = ["Route     Stops     Minutes", "12        14        35", "14        9         22"]
    got = extract_text(page(PROSE[:2], table, PROSE[2:]))
    assert got.paragraphs == [*PROSE[:2], *table, *PROSE[2:]]


def test_a_long_line_ending_in_a_colon_above_a_paragraph_introduces_it() -> None:
    intro = "Here is what the members of the council told the residents after the vote:"
    got = extract_text(page(PROSE[:2], intro, PROSE[2:]))
    assert got.paragraphs == [*PROSE[:2], intro, *PROSE[2:]]


def test_a_sentence_ending_in_a_colon_above_a_table_is_prose() -> None:
    intro = "The figures that the council published for the three new routes are these:"
    table = ["Route 12    4,210    3,980", "Route 14    2,105    1,870"]
    got = extract_text(page(PROSE[:2], intro, table, PROSE[2:]))
    assert got.paragraphs == [*PROSE[:2], intro, *table, *PROSE[2:]]


def test_a_social_post_quoted_in_the_article_is_kept_with_its_signature() -> None:
    post = [
        "New bus routes start in the spring pic.example/abc123",
        "— City Hall (@cityhall) May 5, 2022",
    ]
    closing = ["Riders have waited long enough for this", "— Jane Rider (@janerider) May 6, 2022"]
    got = extract_text(page(PROSE[:2], post, PROSE[2:], closing, "* Share", "* Email"))
    assert got.paragraphs == [*PROSE[:2], *post, *PROSE[2:], *closing]


def test_two_quoted_posts_close_together_are_no_list_of_dated_posts() -> None:
    posts = [
        "New bus routes start in the spring pic.example/abc123",
        "— City Hall (@cityhall) May 5, 2022",
        "One of the riders answered the council a day later like this:",
        "Riders have waited long enough for this",
        "— Jane Rider (@janerider) May 6, 2022",
    ]
    got = extract_text(page(PROSE[:2], posts, PROSE[2:]))
    assert got.paragraphs == [*PROSE[:2], *posts, *PROSE[2:]]


def test_a_short_paragraph_next_to_the_article_is_kept() -> None:
    closing = "The vote passed by nine to two."
    assert extract_text(page(PROSE, closing)).paragraphs == [*PROSE, closing]


def test_lines_in_another_script_than_the_article_are_other_language() -> None:
    sidebar = ["Свіжі новини міста", "Міська рада схвалила новий бюджет на наступний рік."]
    got = extract_text(page(PROSE, sidebar))
    assert got.paragraphs == PROSE
    assert set(reasons(page(PROSE, sidebar)).values()) == {"other-language"}


def test_lines_in_kanji_or_with_latin_terms_stay_in_a_japanese_article() -> None:
    article = [
        "市議会は火曜日に、北部の住宅地と病院や大学を結ぶ三つの新しいバス路線を追加することを決めました。",
        "新しい路線は運転手の採用と研修が終わる春から運行される予定で、運賃は据え置かれるということです。",
        "市長選挙運動期間中公約実現計画発表。",
        "会議に出席した住民の多くは計画を歓迎しましたが、夜遅くまで運行しない理由を尋ねる人もいました。",
        "詳しくはWebサイトのFAQページをご覧ください。",
        "市長は、最初の半年が過ぎたあとで夜の時刻表を見直すと話し、利用者の数を調べる考えを示しました。",
    ]
    got = extract_text(page(article))
    assert got.paragraphs == article


def test_a_repeated_menu_line_is_marked_repeated() -> None:
    text = page("Weather", "Sport", PROSE, "Weather", "Sport")
    assert reasons(text)["Weather"] == "repeated-line"


def test_a_short_label_printed_several_times_inside_the_article_is_not_body() -> None:
    text = page(PROSE[0], "Sponsored", PROSE[1:3], "Sponsored", PROSE[3])
    assert extract_text(text).paragraphs == PROSE
    assert reasons(text)["Sponsored"] == "repeated-line"


def test_a_single_word_in_capitals_between_paragraphs_is_no_subheading() -> None:
    text = page(PROSE[:2], "SPONSORED", PROSE[2:])
    assert extract_text(text).paragraphs == PROSE
    assert reasons(text)["SPONSORED"] == "inline-heading"


def test_a_line_closing_on_a_bracketed_photo_credit_is_a_caption() -> None:
    caption = "A bus waits at the new stop by the hospital on Monday. (City Press/Jane Doe)"
    text = page(PROSE[:2], caption, PROSE[2:])
    assert extract_text(text).paragraphs == PROSE
    assert reasons(text)[caption] == "caption"


def test_a_slideshow_position_between_paragraphs_is_a_counter() -> None:
    text = page(PROSE[:2], "Photo 2 of 7", PROSE[2:], "3 / 7")
    assert extract_text(text).paragraphs == PROSE
    assert reasons(text)["Photo 2 of 7"] == "counter"


def test_teasers_that_print_their_title_twice_are_not_prose() -> None:
    teaser = "Best bus deals of the year for students Best bus deals of the year for students"
    assert teaser not in extract_text(page(PROSE, teaser)).paragraphs


def test_a_standfirst_above_a_share_bar_belongs_to_the_article() -> None:
    lede = "A short opening paragraph that sums up the story before the share buttons."
    share = ["* Facebook", "* Twitter", "* Email"]
    got = extract_text(page("City expands its bus network", lede, share, PROSE))
    assert got.paragraphs == [lede, *PROSE]
    assert got.title == "City expands its bus network"
    assert reasons(page("City expands its bus network", lede, share, PROSE))["* Email"] == (
        "link-list"
    )


def test_truncated_teasers_after_the_article_are_not_body() -> None:
    teasers = [
        "Council approves the budget for next year after a long debate in which...",
        "The river has risen above its banks for the second time this winter and\u2026",
    ]
    assert extract_text(page(PROSE, teasers)).paragraphs == PROSE


def test_a_paragraph_of_sentences_trailing_off_in_an_ellipsis_is_kept() -> None:
    pause = "Nobody at the meeting knew the answer. The mayor only smiled and said we would see…"
    cut = "The drivers' union has not yet agreed. Its leaders said they would meet again in a..."
    got = extract_text(page(PROSE[:2], pause, PROSE[2:], cut, "Subscribe to read more"))
    assert got.paragraphs == [*PROSE[:2], pause, *PROSE[2:], cut]


def test_a_sentence_broken_over_lines_ending_on_commas_stays_whole() -> None:
    broken = [
        "Besides the buses,",
        "the council will also look at the trams,",
        "it said on Friday.",
    ]
    got = extract_text(page(PROSE, broken, "Home", "Contact"))
    assert got.paragraphs == [*PROSE, *broken]


def test_prose_in_another_column_of_the_dump_weighs_less_than_the_article_column() -> None:
    article = ["    " + p for p in PROSE]
    menu = ["    Weather", "    Traffic", "    Sport", "    Video"]
    teasers = [
        "            A party of six left a steakhouse without paying a bill of some hundreds.",
        "            The state will mail applications to residents who may want to serve.",
    ]
    got = extract_text("\n".join([*article, *menu, *teasers]))
    assert got.paragraphs == PROSE


def test_lighter_prose_in_other_columns_after_the_article_column_is_not_body() -> None:
    article = ["    " + p for p in PROSE]
    box = [
        "          Get the best of the city's news in your inbox every morning of the week.",
        "          Subscribe now",
        "          We will never share your address with anyone else without asking you.",
    ]
    assert extract_text("\n".join([*article, *box])).paragraphs == PROSE


def test_a_short_sentence_in_another_column_after_the_article_is_not_body() -> None:
    article = ["    " + p for p in PROSE]
    credit = "            Photos were taken by the council."
    assert extract_text("\n".join([*article, credit])).paragraphs == PROSE


def test_a_block_of_links_below_the_article_ends_it_before_the_teasers_after_it() -> None:
    related = [
        "Related stories",
        "* Bridge repairs will close the river road for a month",
        "* The library opens a new branch in the old railway station",
        "* Schools plan a longer holiday in the autumn term",
    ]
    teasers = [
        "    Sign up for our morning letter and get the day's most important local stories, "
        "the weather and the traffic delivered to your inbox before you leave the house.",
        "    The paper's reporters cover the council, the courts and the schools of the region, "
        "and they are always glad to hear from readers who have a story they want told.",
    ]
    got = extract_text(page(PROSE, related, teasers))
    assert got.paragraphs == PROSE
    assert reasons(page(PROSE, related, teasers))[teasers[0].strip()] == "after-article"


def test_a_list_inside_the_article_does_not_end_it() -> None:
    steps = [
        "The new routes are these:",
        "* Route 12 from the station to the hospital",
        "* Route 14 along the ring road to the campus",
        "* Route 15 through the old town to the northern estates",
    ]
    got = extract_text(page(PROSE[:2], steps, PROSE[2:]))
    assert PROSE[2] in got.paragraphs and PROSE[3] in got.paragraphs


def test_a_list_the_article_introduces_is_kept_whole() -> None:
    steps = [
        "The new routes are these:",
        "* route 12 from the station to the hospital",
        "* route 14 along the ring road to the campus",
    ]
    got = extract_text(page(PROSE[:2], steps, PROSE[2:]))
    assert got.paragraphs == [*PROSE[:2], *steps, *PROSE[2:]]
    assert extract_text("\n\n".join(got.paragraphs)).paragraphs == got.paragraphs


def test_a_list_closing_the_article_is_kept() -> None:
    steps = [
        "The new routes will run as follows:",
        "* route 12 from the station to the hospital every ten minutes",
        "* route 14 along the ring road to the campus every quarter hour",
    ]
    got = extract_text(page(PROSE, steps, "Home", "Contact"))
    assert got.paragraphs == [*PROSE, *steps]
    assert extract_text("\n\n".join(got.paragraphs)).paragraphs == got.paragraphs


def test_a_list_hanging_under_a_paragraph_is_kept_but_links_under_a_heading_are_not() -> None:
    facts = ["* three new routes", "* fares kept at their old price"]
    links = ["More from the city", "* a new bridge opens", "* schools plan longer holidays"]
    got = extract_text(page(PROSE[:2], facts, PROSE[2:3], links, PROSE[3:]))
    assert got.paragraphs == [*PROSE[:2], *facts, *PROSE[2:]]
    headlines = ["* Bridge Repairs Close The River Road", "* Library Opens A New Branch"]
    assert extract_text(page(PROSE[:2], headlines, PROSE[2:])).paragraphs == PROSE


def test_an_article_in_german_uses_german_stopwords() -> None:
    german = [
        "Der Stadtrat hat am Dienstag beschlossen, das Busnetz der Stadt um drei Linien zu "
        "erweitern, die die nördlichen Vororte mit dem Krankenhaus verbinden sollen.",
        "Die neuen Linien sollen im Frühjahr den Betrieb aufnehmen, sobald die Fahrer "
        "eingestellt und ausgebildet sind, und die Preise bleiben so, wie sie sind.",
        "Viele Anwohner begrüßten den Plan, fragten aber, warum die Busse nicht auch am "
        "späten Abend fahren, wenn viele von ihnen von der Arbeit nach Hause kommen.",
    ]
    menu = ["Startseite", "Politik", "Wirtschaft", "Kultur"]
    assert extract_text(page(menu, german, "Impressum")).paragraphs == german


# The seeds, read as a careful reader would.


def test_seed_000_body_without_header_token_related_heading_or_image_credit() -> None:
    got = extract_text(seed("000"))
    assert got.title is None
    assert got.paragraphs[0].startswith("North Korea has again attested")
    assert got.paragraphs[-1].startswith("Kim Jong-un also defended")
    assert len(got.paragraphs) == 6
    body = "\n".join(got.paragraphs)
    assert "date 2022-10-04" not in body
    assert "lauds Putin" not in body
    assert "Image: AP" not in body
    assert reasons(seed("000"))["date 2022-10-04"] == "header-date"


def test_seed_001_title_standfirst_dateline_body_and_byline() -> None:
    lines = seed("001").splitlines()
    got = extract_text(seed("001"))
    assert (got.title, got.subtitle, got.dateline) == (lines[0], lines[1], "ANKARA")
    assert got.paragraphs[0].startswith("North Korea on Tuesday")
    assert got.paragraphs[-1] == lines[15]
    assert got.byline_lines == ["*Writing by Islamuddin Sajid"]


def test_seed_002_sidebar_of_other_posts_and_cookie_line_are_not_body() -> None:
    lines = [line for line in seed("002").splitlines() if line.strip()]
    got = extract_text(seed("002"))
    assert (got.title, got.subtitle) == (lines[0], lines[1])
    assert got.paragraphs[-1].startswith("According to CNN")
    body = "\n".join(got.paragraphs)
    assert "2025" not in body
    assert not any("\u0400" <= ch <= "\u04ff" for ch in body)


def test_seed_003_header_dates_title_and_body() -> None:
    text = seed("003")
    got = extract_text(text)
    assert got.title == (
        "North Korea recognized the results of the referenda on the accession of new regions "
        "to Russia"
    )
    assert got.paragraphs[0].startswith("The North Korean authorities supported")
    assert got.paragraphs[-1].startswith("It was planned to discuss")
    why = reasons(text)
    for line in [*text.splitlines()[:8:2], "4 октября 2022, 08:16"]:
        assert why[line.strip()] == "header-date"


def test_seed_004_chrome_captions_and_title() -> None:
    text = seed("004")
    got = extract_text(text)
    assert got.title == (
        "N. Korea supports Russia's war with Ukraine as 'legitimate act of self-defense'"
    )
    assert got.paragraphs[0].startswith("North Korea on Monday criticized")
    assert got.paragraphs[-1].endswith("(Yonhap)")
    body = "\n".join(got.paragraphs)
    assert "pose for a photo" not in body
    for chrome in ("Back To Top", "MOST POPULAR", "LATEST NEWS", "subscribe"):
        assert chrome not in body
        assert chrome in reasons(text)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_extraction_is_stable_on_its_own_body(prefix: str) -> None:
    body = extract_text(seed(prefix)).paragraphs
    assert extract_text("\n\n".join(body)).paragraphs == body


def test_a_run_that_is_a_gallery_of_dated_captions_gives_way_to_the_article() -> None:
    article = [
        f"The council voted on {day} to raise the levy on empty homes, a measure its members "
        "said would bring hundreds of flats back onto the market within a year."
        for day in ("Monday", "Tuesday", "Wednesday")
    ]
    gallery = []
    for k, town in enumerate(["Leeds", "Hull", "Dover", "York", "Bath", "Derby"]):
        gallery += [
            f"{30 - k} October 2020",
            f"People gather on the seafront in {town} as the first storm of the autumn brings "
            "high waves and strong winds, and fishermen pull their boats ashore for the night.",
            "PA",
        ]
    texts = ["* Home", "Council raises levy on empty homes", *article, "In pictures", *gallery]
    lines = [measure(i, text) for i, text in enumerate(texts)]
    prose = [is_prose(line, has_stoplist=False) for line in lines]
    in_gallery = Region(texts.index(gallery[0]), len(texts))
    assert _past_a_dated_list(lines, prose, in_gallery) == Region(2, 5)
