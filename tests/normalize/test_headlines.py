"""The headline of a text dump, read by line shape and position: above a standfirst, above the
date stamp, at a breadcrumb trail's end, one word right above the body; and shapes a headline
may take (guillemets, a brand's lower-case letter, two short sentences asking)."""

from __future__ import annotations

import pytest

from app.normalize import RawInput, normalize
from app.normalize.headline import (
    choose_headline,
    headline_text,
    is_headline_shaped,
    spelled_title,
)
from app.normalize.lines import measure

PARAGRAPHS = "".join(
    f"Die Stadt hat am {day} über den neuen Haushalt beraten, den mehrere Mitglieder des Rates "
    "als den ehrgeizigsten Plan seit einem Jahrzehnt bezeichneten, und am Abend dafür gestimmt.\n"
    for day in ("Montag", "Dienstag", "Mittwoch")
)
MENU = "* Home\n* Politik\n* Sport\n"


def _title(dump: str) -> str | None:
    return normalize(RawInput(content=dump, format="text")).title


def test_the_headline_above_a_standfirst_wins_over_share_buttons_nearer_the_body():
    dump = (
        MENU + "Rat beschließt den Haushalt nach langer Nacht\n"
        "Der Plan ist der ehrgeizigste seit zehn Jahren und soll im Frühjahr gelten.\n"
        "Online seit heute, 12.09 Uhr\n"
        "Auf Facebook teilen Auf Twitter teilen\n" + PARAGRAPHS
    )
    assert _title(dump) == "Rat beschließt den Haushalt nach langer Nacht"


def test_the_headline_over_the_date_wins_over_a_subheading_under_it():
    dump = (
        MENU + "Das Blog Magazin\n"
        "Die Überforderung durch Überangebote\n"
        "Datum: 13. April 2017 Autor: www.example.com 2 Kommentare\n"
        "Überangebot überfordert uns immer mehr\n" + PARAGRAPHS
    )
    assert _title(dump) == "Die Überforderung durch Überangebote"


def test_a_breadcrumb_trail_ends_on_the_headline():
    dump = (
        MENU + "Home > Wissen > Schwierige Gespräche im Büro\n"
        "Schwierige Gespräche im Büro\n"
        "3 von 5 , ( 1 Bewertung)\n"
        "Weiterführende Links zum Thema\n" + PARAGRAPHS
    )
    assert _title(dump) == "Schwierige Gespräche im Büro"


def test_a_trail_ending_on_a_separator_is_no_headline():
    assert not is_headline_shaped(measure(0, "Software im Allgemeinen ›"))


@pytest.mark.parametrize(
    ("line", "shaped"),
    [
        ("»Einfach kein Geld mehr, um die Miete zu zahlen«", True),
        ("iPhone 14: Warum sich das Warten wirklich lohnt", True),
        ("Vegetarier zu sein. Bedarf, Trend oder eigene Entscheidung?", True),
        ("» Weiterlesen", False),  # a list marker, not a quote
        ("keywords, tags and more", False),
        ("Er kam. Er sah. Und dann ging er wieder nach Hause, ohne ein Wort zu sagen?", False),
    ],
)
def test_shapes_a_headline_may_take(line: str, shaped: bool):
    assert is_headline_shaped(measure(0, line)) is shaped


def test_a_one_word_headline_right_above_the_body_when_nothing_longer_is_near():
    assert _title(MENU + "Willkommen!\n" + PARAGRAPHS) == "Willkommen!"
    assert _title(MENU + "Teilen\n" + PARAGRAPHS) is None  # a button: too short a word


def _title_at(dump: str, url: str) -> str | None:
    return normalize(RawInput(content=dump, format="text", url=url)).title


def test_a_slug_spelling_the_line_letter_for_letter_names_a_short_headline():
    # Two capitalised words beside a date would read as a name; the slug says it is the title.
    dump = MENU + "Weitere Themen aus der Region\n26. Januar 2017\nAggression Fotografie\n"
    url = "https://example.org/essays/2017/01/aggression-fotografie/"
    assert _title_at(dump + PARAGRAPHS, url) == "Aggression Fotografie"
    # A slug run together spells a hyphenated word; a menu entry linking there is no headline.
    dump = "* Bielersee-Winterhechte\n" + MENU + "Bielersee-Winterhechte\n"
    url = "https://example.ch/de/bielerseewinterhechte--1026"
    assert _title_at(dump + PARAGRAPHS, url) == "Bielersee-Winterhechte"
    # Guillemets quote the title; they mark no list item.
    dump = MENU + "Unsere neue App kann getestet werden: »frag.jetzt«\n»frag.jetzt«\n"
    assert _title_at(dump + PARAGRAPHS, "https://example.org/frag-jetzt/") == "»frag.jetzt«"


def test_a_german_slug_writes_umlauts_out():
    dump = (
        MENU + "Stadtwerke erhöhen Kapazität für Wärmespeicher\n"
        "Nach oben scrollen\n" * 12 + "Diese Webseite verwendet Cookies\n" + PARAGRAPHS
    )
    url = "https://example.de/2022/12/06/stadtwerke-erhoehen-kapazitaet-fuer-waermespeicher/"
    assert _title_at(dump, url) == "Stadtwerke erhöhen Kapazität für Wärmespeicher"


def test_the_body_opening_on_a_headline_is_titled_by_it_when_none_stands_near_above():
    dump = (
        "Skip to content\n" + MENU * 6 + "Haushalt: Rat beschließt den Plan?\n"
        "Aus der Region 6. November 2023 15:00 Kommentar schreiben\n" + PARAGRAPHS
    )
    assert _title(dump) == "Haushalt: Rat beschließt den Plan?"


@pytest.mark.parametrize(
    "line",
    [
        "Pro-Kopf-Konsum von 11,1 Litern pro Jahr © APA/Jens Doe",  # a caption and its credit
        "Diese Folge zitieren: Podcast Nummer 158, https://example.org/158",
    ],
)
def test_a_line_holding_a_copyright_sign_or_a_link_is_no_headline(line: str):
    assert not is_headline_shaped(measure(0, line))


def test_a_trail_glued_before_the_headline_leaves_the_headline_alone():
    dump = MENU + "Home → Notizie → Il consiglio approva il bilancio dopo una lunga notte\n"
    assert _title(dump + PARAGRAPHS) == "Il consiglio approva il bilancio dopo una lunga notte"


def test_a_row_of_buttons_set_apart_by_bars_is_no_headline():
    assert not is_headline_shaped(measure(0, "Druckansicht | Artikel versenden | Fehler melden"))
    assert is_headline_shaped(measure(0, "How to Grow a Lemon Tree from Seed | Step-by-Step Guide"))


def test_a_one_word_title_the_paragraph_repeats_wins_over_a_headline_further_up():
    # A box beside the article (its own column) has a headline over a standfirst.
    box = (
        "    Die Region erleben und entdecken\n"
        "    Hier finden Sie einen umfangreichen Service rund um die Stadt und ihre Umgebung.\n"
    )
    body = "".join(f"  {line}\n" for line in PARAGRAPHS.splitlines())
    dump = (
        MENU + box + "* Facebook\n* Flickr\n  Bohnenviertel\n"
        "  Das Bohnenviertel entstand als erstes Wohnquartier im 15. Jahrhundert außerhalb der "
        "Stadtmauer, und heute präsentiert es sich in liebevoll renoviertem Gewand.\n" + body
    )
    assert _title(dump) == "Bohnenviertel"


def test_a_line_the_slug_spells_letter_for_letter_counts_far_from_the_body():
    dump = (
        MENU
        + "Mandarinen-Schmand-Kuchen\nder cremigste Kuchen den ich kenne!\n"
        + "".join(f"{n} g Zutat Nummer {n}\n" for n in range(60))
        + "Zubereitung\n"
        + PARAGRAPHS
    )
    url = "https://example.de/rezepte/607331160490733/Mandarinen-Schmand-Kuchen.html"
    assert _title_at(dump, url) == "Mandarinen-Schmand-Kuchen"


def test_a_headline_laid_out_in_cells_beside_a_search_box_is_its_longest_cell():
    row = "Suche" + " " * 40 + "Rat beschließt den Haushalt nach langer Nacht" + " " * 40 + "Mehr"
    assert _title(MENU + row + "\n" + PARAGRAPHS) == "Rat beschließt den Haushalt nach langer Nacht"


def test_one_word_shared_with_a_long_slug_spells_no_headline():
    # The headline stands too far above the body to be read; a label near it shares a word.
    dump = (
        "Meal Prep for a Little More Obsessed\n"
        "Meal plans, recipes and a shopping list for the week.\n"
        + "".join(f"Portion {n}: 1 Green, 1 Purple, 1 Red, 1 Yellow.\n" for n in range(45))
        + "Meal 3\n"
        + "The information provided on this website is for reference only and no advice.\n"
        + "Results vary depending on the starting point, the goals and the effort put in.\n"
    )
    url = "https://example.com/blog/a-little-more-obsessed-meal-prep"
    assert _title_at(dump, url) != "Meal 3"


def test_a_slug_spells_the_headline_s_figure():
    dump = MENU + "* Blockhaus 1\n* Blockhaus 2\nBlockhaus 3\nBlockhaus für 2 bis 5 Personen\n"
    assert _title_at(dump + PARAGRAPHS, "https://example.de/blockhaus-typ-3/") == "Blockhaus 3"


def test_a_row_of_cells_is_judged_by_its_longest_cell():
    gap = " " * 30
    assert not is_headline_shaped(measure(0, f"Suchen Sie im Archiv in über 7000 Artikeln:{gap}"))
    assert is_headline_shaped(measure(0, f"Suche{gap}Der Tag, an dem er sich offenbart{gap}Mehr"))


def test_a_menu_row_of_cells_over_the_headline_is_no_headline_with_a_standfirst():
    dump = (
        MENU + "All the News      Calendar      Search\n"
        "More than 100 protesters killed in the unrest\n"
        "All news\n"
        "November 20, 2019 - 11:28 AMT\n"
        "Other news in this section\n" + PARAGRAPHS
    )
    assert _title(dump) == "More than 100 protesters killed in the unrest"


def test_a_section_s_name_before_an_id_in_the_path_spells_no_headline():
    dump = MENU + "Rat beschließt den Haushalt nach langer Nacht\nAlle News\n" + PARAGRAPHS
    url = "https://example.de/de/news/275221/"
    assert _title_at(dump, url) == "Rat beschließt den Haushalt nach langer Nacht"


def test_a_long_slug_spelled_letter_for_letter_far_above_wins_over_a_teaser_near_the_body():
    dump = (
        MENU
        + "«Wir waren fast 40 Tage in Quarantäne»\n"
        + "".join(f"* Thema Nummer {n}\n" for n in range(45))
        + "Nachricht aus der Migration: «Wir waren fast 40 Tage in Quarantäne»\n"
        + PARAGRAPHS
    )
    url = "https://example.de/news/id/45292/wir-waren-fast-40-tage-in-quarantaene"
    assert _title_at(dump, url) == "«Wir waren fast 40 Tage in Quarantäne»"


def test_a_line_above_a_run_of_repeated_menu_lines_is_no_headline_over_the_chosen_one():
    headline = "Rat beschließt den Haushalt nach langer Nacht: was jetzt gilt und für wen"
    menu_again = "*\n*\n*\n*\n"
    dump = (
        "* Home\n*\n*\n*\n*\n"
        + MENU
        + "Die Welt der Tiere\n"
        + menu_again
        + f"{headline}\nvon STADTZEITUNG 02.11.2021\n"
        + PARAGRAPHS
    )
    assert _title(dump) == headline


def test_a_line_shaped_like_a_picture_s_credit_is_the_headline_when_the_slug_spells_it():
    dump = MENU + "Teil drei: Anna\n3. August 2015 · Filed under privat\n" + PARAGRAPHS
    assert _title_at(dump, "https://blog.example.org/teil-drei-anna/") == "Teil drei: Anna"


def test_the_body_s_first_line_dated_right_under_it_is_the_headline_even_closing_on_a_stop():
    dump = (
        MENU + "Ich habe den Haushalt gelesen. Das steht wirklich drin.\n"
        "Jane Doe 12. März 2021 | Politik | 3 Kommentare\n*\n" + PARAGRAPHS
    )
    assert _title(dump) == "Ich habe den Haushalt gelesen. Das steht wirklich drin."


def test_a_headline_of_two_sentences_stands_above_the_date_over_the_first_paragraph():
    texts = [
        "Skip to content",
        *MENU.splitlines(),
        "Ich habe den Haushalt gelesen. Das steht wirklich drin.",
        "Jane Doe 12. März 2021 | Politik | 3 Kommentare",
        "*",
        *PARAGRAPHS.splitlines(),
    ]
    lines = [measure(i, text) for i, text in enumerate(texts)]
    headline = choose_headline(lines, texts.index("*") + 1, {}, None)
    assert headline is not None and headline.title == 4


def test_a_kicker_closing_on_a_colon_is_the_headline_s_first_half():
    dump = (
        MENU + "Vielen Dank für Ihre Anmeldung.\n"
        "Konzert im alten Güterbahnhof Nord:\n"
        "Laut und leise zugleich\n"
        "Die neue Kapelle spielt zum ersten Mal vor vollem Haus und überrascht das Publikum.\n"
        "Jane Doe 19.10.2019, 05:00 Uhr\n" + PARAGRAPHS
    )
    assert _title(dump) == "Konzert im alten Güterbahnhof Nord: Laut und leise zugleich"


@pytest.mark.parametrize("label", ["Suche nach:", "Das könnte Sie auch interessieren:"])
def test_a_label_closing_on_a_colon_is_no_kicker(label: str):
    dump = MENU + f"{label}\nLaut und leise im alten Güterbahnhof\n" + PARAGRAPHS
    assert _title(dump) == "Laut und leise im alten Güterbahnhof"


@pytest.mark.parametrize(
    ("lines", "headline"),
    [
        # A lone list item the slug spells is the headline, printed without its marker.
        (
            "Drei Jahre noch\nDie Folgen tragen\n* Warum kleine Zahlen geteilt werden\n",
            "Warum kleine Zahlen geteilt werden",
        ),
        # A menu entry the slug spells is no headline.
        (
            "* Start\n* Warum kleine Zahlen geteilt werden\n* Archiv\nDie Folgen tragen wir alle\n",
            "Die Folgen tragen wir alle",
        ),
    ],
)
def test_a_list_item_the_slug_spells_is_the_headline_only_alone(lines: str, headline: str):
    dump = lines + "Posted by Jane 21.10.2019\n" + PARAGRAPHS
    url = "https://blog.example.eu/2019/10/21/warum-kleine-zahlen-geteilt-werden/"
    assert _title_at(dump, url) == headline


def test_a_heading_numbered_out_of_the_list_s_turn_is_no_list_item():
    dump = (
        MENU + "Sie sind hier:\n1. Start\n2. Themen\n3. Dörfer\n4. 12. Forum Dorf und Land\n"
        "12. Forum Dorf und Land\n" + PARAGRAPHS
    )
    assert _title(dump) == "12. Forum Dorf und Land"


def test_the_headline_right_under_a_date_stamp_with_a_menu_above_it():
    paragraph = (
        "The committee met on Tuesday to discuss the new budget proposal, which several "
        "members described as the most ambitious plan in a decade, and voted for it late.\n"
    )
    dump = (
        "* Home\n* Politics\n+ Weather\n+ Traffic\nCity News February 24, 2020, 7:57 AM\n"
        "Council passes the budget after a long night of talks\n"
        "* Share\n* Tweet\n* Email\nBudget passed by the council\n" + paragraph * 3
    )
    assert _title(dump) == "Council passes the budget after a long night of talks"


def test_a_slug_spells_a_word_in_another_form():
    dump = (
        MENU + "Young voters in the valley are crucial for Republican candidates\n"
        "* Share\n* Tweet\n* Email\n"
        "Young voters in V.A. on the 2024 Republicans\n" + PARAGRAPHS
    )
    url = "https://news.example.com/news/election-valley-young-voters-republicans/"
    assert _title_at(dump, url) == (
        "Young voters in the valley are crucial for Republican candidates"
    )


def test_a_row_of_cells_in_a_script_without_spaces_prints_its_longest_cell():
    headline = "市立图书馆新馆今日正式开放迎接读者"
    assert headline_text(measure(0, headline + " " * 40 + "天气：晴")) == headline


def test_a_page_with_no_article_is_titled_by_the_line_its_slug_spells():
    dump = (
        MENU + "Fotoreihe Hafen ./. Markt Mai 2019\nPosted 11. Mai 2019 by Jane\n"
        "Orte\nHafen: Kiel.\nMarkt: Bremen.\nKameras\nJane: Leica.\n"
    )
    url = "https://photos.example.org/de/reihe/fotoreihe-hafen-markt-mai-2019/"
    assert _title_at(dump, url) == "Fotoreihe Hafen ./. Markt Mai 2019"
    assert _title_at(dump, "https://photos.example.org/de/reihe/") is None


def test_of_two_lines_the_slug_spells_alike_the_one_over_the_date_is_the_headline():
    dump = (
        MENU + "Mein Jahr ohne Auto: Bilanz, Kosten und meine Pläne für 2021\n"
        "17. Februar 2021 Jane Doe 4 Kommentare\n"
        "Mein Jahr ohne Auto: Bilanz, Pläne\n" + PARAGRAPHS
    )
    url = "https://blog.example.de/jahr-ohne-auto-bilanz/"
    assert _title_at(dump, url) == "Mein Jahr ohne Auto: Bilanz, Kosten und meine Pläne für 2021"


def test_a_name_shaped_headline_under_a_menu_over_its_date_is_the_headline():
    # Two capitalised words by a date read as a byline only under a headline; under a menu
    # they are the headline itself.
    dump = MENU + "* KONTAKT\nWINTER TRÄUME\nDo 24. Mai 2018, 08:30 | REISEN\n" + PARAGRAPHS
    assert _title(dump) == "WINTER TRÄUME"


def test_a_name_under_its_headline_and_date_stays_a_byline():
    dump = MENU + "Rat beschließt den Haushalt\n12. März 2021\nJane Doe\n" + PARAGRAPHS
    assert _title(dump) == "Rat beschließt den Haushalt"


def test_a_title_under_its_date_and_the_site_s_repeated_links_is_no_byline():
    # 'Stadt Woche' is name-shaped by a date, but the lines above it are the site's links
    # (repeated on the page): no headline stands over it, so it is the headline, not a byline.
    texts = ["Unsere Newsletter", "Unsere Podcasts", "Jan 18, 2019", "Stadt Woche", "Jane Doe"]
    lines = [measure(i, t) for i, t in enumerate(texts + PARAGRAPHS.splitlines())]
    repeated = {0: "repeated-line", 1: "repeated-line", 4: "repeated-line"}
    url = "https://example.com/newsletters/stadt-woche-7120a6c6-be4f"
    headline = choose_headline(lines, len(texts), repeated, url)
    assert headline is not None and headline.title == texts.index("Stadt Woche")


def test_the_headline_over_a_standfirst_trailing_off_wins_over_its_kicker():
    dump = (
        MENU + "18.01.2019\nLass uns übers Wetter reden\n"
        "So viel Regen gab es lange nicht\n"
        "Das Wetter belebt jedes Gespräch. Die Fachleute geben reichlich Stoff dazu. Der "
        "Oktober war nass, aber auch ungewöhnlich mild...\n"
        "Ein Bild vom Regen (Foto: Jane Doe)\n" + PARAGRAPHS
    )
    assert _title(dump) == "So viel Regen gab es lange nicht"


HINDI_PARAGRAPHS = "".join(
    f"सरकार ने {day} को किसानों के लिए नई योजना की घोषणा की और कहा कि इससे गांवों में सिंचाई, "
    "बीज और खाद की लागत कम होगी। मंत्री ने बताया कि योजना का पहला चरण अगले महीने से शुरू "
    "होगा और सभी राज्यों को इसके लिए धन दिया जाएगा।\n"
    for day in ("सोमवार", "मंगलवार", "बुधवार")
)


def test_a_word_keeps_the_vowel_signs_written_on_it():
    line = measure(0, "नई योजना से किसानों को राहत")
    assert (line.words, line.letter_share) == (6, 1.0)
    assert line.tokens[3] == "किसानों"


def test_a_page_in_devanagari_has_its_article_and_headline():
    # Its sentences close on a danda ('।'); a line closing on one is no headline.
    share = "Facebook\nTwitter\nWhatsApp\nPrint\nEmail\n"
    dump = "* होम\n* देश\nनई योजना से किसानों को मिलेगी राहत\n" + share + HINDI_PARAGRAPHS
    article = normalize(RawInput(content=dump, format="text"))
    assert article.title == "नई योजना से किसानों को मिलेगी राहत"
    assert article.body.count("\n\n") == 2
    assert not is_headline_shaped(measure(0, "सरकार ने नई योजना की घोषणा की।"))


def test_a_slug_leaves_out_the_apostrophe_of_the_line_it_spells():
    texts = ["Home", "The Mayor’s Budget Plan", "12 Comments"]
    lines = [measure(i, text) for i, text in enumerate(texts)]
    url = "https://example.com/2021/05/the-mayors-budget-plan.html"
    assert spelled_title(lines, url) == "The Mayor’s Budget Plan"


def test_a_post_dated_and_signed_by_a_login_is_a_byline_under_its_headline():
    # '04/05/2020 von webteam' signs the post: the headline stands over it, not among the
    # minutes' dated items and credits further down.
    texts = [
        *MENU.splitlines(),
        "Protokoll der Vorstandssitzung vom 3. Mai 2020",
        "04/05/2020 von webteam",
        "Zeit und Ort: 19.00 – 21.00 im Rathaus",
        "Anwesend: Jane Doe, John Roe",
        "Weitere Gäste: Erika Muster und John Roe",
        "1. Abnahme des Protokolls der letzten Sitzung vom 5.3.2020",
        "angenommen",
    ]
    lines = [measure(i, text) for i, text in enumerate(texts + PARAGRAPHS.splitlines())]
    headline = choose_headline(lines, len(texts), {len(texts) - 3: "credit"}, None)
    assert headline is not None and headline.title == texts.index(
        "Protokoll der Vorstandssitzung vom 3. Mai 2020"
    )


def test_a_comments_heading_quoting_the_headline_whole_gives_way_to_the_headline():
    texts = [
        *MENU.splitlines(),
        "Quiet streets at night",
        "Mehr zum Thema:",
        "Ein Gedanke zu „Quiet streets at night“",
        "1. Jane sagt:",
    ]
    lines = [measure(i, text) for i, text in enumerate(texts + PARAGRAPHS.splitlines())]
    headline = choose_headline(lines, len(texts), {}, None)
    assert headline is not None and headline.title == texts.index("Quiet streets at night")


def test_a_headline_quoting_a_name_in_its_course_stays_the_headline():
    quoting = "Jane Doe leaves „Dancing in the Rain“ after the final week"
    texts = [*MENU.splitlines(), "Dancing in the Rain", "Menu", quoting]
    lines = [measure(i, text) for i, text in enumerate(texts + PARAGRAPHS.splitlines())]
    headline = choose_headline(lines, len(texts), {}, None)
    assert headline is not None and headline.title == texts.index(quoting)


def test_a_longer_headline_over_a_shorter_standfirst_is_the_headline():
    dump = (
        MENU + "Internationale Beratung für Firmen und Familien im Ausland\n"
        "Rat im Steuerrecht aus einer Hand\n" + PARAGRAPHS
    )
    assert _title(dump) == "Internationale Beratung für Firmen und Familien im Ausland"


def test_a_trail_glued_before_the_headline_above_it_is_no_headline():
    dump = MENU + "Start Politik Rat im Steuerrecht aus einer Hand\n"
    dump += "Rat im Steuerrecht aus einer Hand\n" + PARAGRAPHS
    assert _title(dump) == "Rat im Steuerrecht aus einer Hand"
