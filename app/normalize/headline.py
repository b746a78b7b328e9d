"""The headline of a text dump: the title-shaped line nearest above the article's first paragraph.

Between a page's headline and its first paragraph sit a byline and date block, share buttons,
an image and its caption, sometimes a list of other stories; above it sit menus and section
labels. So the headline is read from the lines above the first paragraph by their shape alone
(length, capitals, closing punctuation, list markers, dates), with two anchors that hold on any
layout: the credit line ("By ...", in any language) that a headline stands right above, and
the page's URL, whose slug most outlets spell from the headline's words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import unquote, urlsplit

from app.normalize import boilerplate as bp
from app.normalize.authors import names_no_author
from app.normalize.date_mentions import find_mentions
from app.normalize.dated_names import name_beside_date
from app.normalize.lines import Line, measure

# How far above the first paragraph the headline may stand (share bars, captions, teasers).
_WINDOW = 40
_MIN_WORDS = 2
_MAX_WORDS = 40
_MIN_SLUG_WORDS = 2
_MIN_SLUG_MATCHES = 3
# Of the line's words in the slug, or of the slug's words in the line (a slug may drop words,
# or spell only the headline's first few).
_MIN_LINE_SHARE = 0.4
_MIN_SLUG_SHARE = 0.6
_STRICT_SHARE = 0.6
_BYLINE_REACH = 12
_MIN_TITLE_WORDS = 3
# Chrome reasons a headline never carries: a credit, a caption, a pager, another language.
_NEVER_HEADLINE = frozenset({"credit", "caption", "counter", "other-language"})
# The words a credit line opens with, in the languages the stoplists cover.
_BYLINE_OPENER = re.compile(
    r"^(?:by|par|von|por|di|da|door|av|af|przez|от|автор(?:ы)?|текст|tekst|text|"
    r"(?:written|reported|story|words)\s+by)(?:\s*[:\-\u2013\u2014]\s*|\s+|$)",
    re.IGNORECASE,
)
# 'Analysis by Jane Doe', 'Ein Beitrag von Jane Doe', 'Publié par Jane Doe': a word or two,
# then the opener and a name of two capitalised words ('Heizjacken von Bosch' is a headline).
_LED_CREDIT = re.compile(
    r"^(?:[^\W\d_]+\s+){1,2}(?P<credit>(?:by|von|par|por|di|door|av|af|przez|от)\s+"
    r"[A-ZÀ-ÞА-ЯЁ][^\W\d_]*\.?\s+[A-ZÀ-ÞА-ЯЁ])"
)
_SLUG_WORD = re.compile(r"[^\W\d_]{2,}")
_SLUG_TOKEN = re.compile(r"[^\W\d_]{2,}|(?<!\d)\d{1,4}(?!\d)")
_TRAIL_MARK = re.compile(r"\s[>»›/]\s")
_NAME_JOINS = frozenset({"and", "&", "und", "et", "y", "e", "i", "и", "og", "en"})
_MAX_CREDIT_WORDS = 10
_DATE_DIGITS = 0.15
_DATE_NUMBERS = 2
# A headline of two words ('CDPATH replacements') only right above the first paragraph.
_SHORT_TITLE_REACH = 3
# A headline shaped like a credit ('Wahlzensur: Angriff auf Universitäten') has more words.
_MIN_CREDIT_SHAPED_WORDS = 4
_MAX_LABEL_WORDS = 3
# The nearest headline of three words or more counts this close to the first paragraph.
_NEAR = 8
_OPENING_LINES = 2
_FILE_NAME = re.compile(r"(?:/(?:index|default))?\.[a-z0-9]{2,5}$", re.IGNORECASE)
_MAX_NAME_WORDS = 4
_DATE_BLOCK = 2
_HANDLE = re.compile(r"@\w+")
_CREDIT_TAIL = re.compile(r"\s+[|/\u2022\u2013\u2014-]\s+")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_.'\u2019-]*(?:[.'\u2019-][^\W\d_]*)*\.?$")
_SIGNED = re.compile(r"\b(?i:by)\s+[A-ZÀ-Þ]\w+")
# A date stamp signed in any of the byline openers' languages ('02.02.2022 von Jane Doe').
_SIGNED_BY_ANY = re.compile(r"\b(?i:by|von|par|por|door|av|af|przez|от)\s+[A-ZÀ-ÞА-ЯЁ]\w+")
# A post's meta line: its date, then who posted it in any of the openers' languages, a login
# or a team as often as a name ('26/12/2019 von webteam', '2021-03-12 by admin').
_SIGNED_STAMP = re.compile(r"^[\d./-]+\s+(?i:by|von|par|por|door|av|af|przez|от)\s+\w")
_LIST_MARK = re.compile(r"^[*•+·▪►▸›»|–—-]+\s*")
_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s")
# A one-word headline ('Bohnenviertel') only right above the first paragraph, and long.
_ONE_WORD_REACH = 2
_MIN_ONE_WORD_CHARS = 8
_MIN_STANDFIRST_WORDS = 8
_DATE_REACH = 2
# A line's word and a slug's are one word in two forms: long, the same but for the ending.
_MIN_STEM = 6
_MAX_ENDING = 2
# An apostrophe inside a word, which slugs leave out ('NPC’s' -> 'npcs', 'Don't' -> 'dont').
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u00b4`](?=\w)")
# A quotation inside a line, in the marks of the languages the stoplists cover.
_QUOTE = re.compile(r"[\"“„«»‚‘'](.{8,})[\"”“«»‘’']$")
_MAX_LEAD_IN_WORDS = 5
# Umlauts and the sharp s as German slugs write them out.
_WRITTEN_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# A slug spelled from one long word ('.../bielersee-winterhechte') names that line alone.
_MIN_SPELLED_LETTERS = 8
_CRUMB_SPLIT = re.compile(r"\s+[>»›→/]\s+")
_MIN_CRUMBS = 3
_DASHES = ("-", "\u2013", "\u2014")
_LAYOUT_GAP = re.compile(r"\s{3,}")
_BAR_SPLIT = re.compile(r"\s+[|\u2502]\s+")
# A headline quoted in guillemets ('»Einfach kein Geld mehr«'), which lists use as a marker.
_QUOTED = re.compile(r"^[»«][^»«]+[«»]$")
# A word spelled with a lower-case first letter and a capital inside: a brand ('iPhone').
_BRAND = re.compile(r"^[^\W\d_]+[A-ZÀ-Þ]")
_MAX_TITLE_SENTENCES = 2
_MAX_QUESTION_WORDS = 12
_MAX_STANDFIRST_SENTENCES = 3
# A headline closes on none of these: a full stop (the Latin one, the danda of Devanagari and
# Bengali, the Urdu one), a colon, a comma, a bar or a trail's arrow.
_NO_HEADLINE_END = (".", "\u0964", "\u0965", "\u06d4", ":", ";", ",", "|", "/", ">", "›", "→")
# A headline written as sentences closing on a full stop: as long as a short standfirst.
_MAX_SENTENCE_TITLE_WORDS = 16
# A headline over its standfirst: a share bar of two lines at most between them.
_STANDFIRST_GAP = 3
# A kicker closing on a colon over the headline: more words than a label's ('Suche nach:').
_MIN_KICKER_WORDS = 4
_MAX_KICKER_WORDS = 10
_MAX_KICKER_STOPS = 0.5
# How far under the first paragraph a credit line may stand.
_BELOW_FIRST = 3


@dataclass
class Headline:
    """The headline's line, its standfirst's, and the kicker's above it when the headline is
    printed in two lines, the first closing on a colon."""

    title: int
    subtitle: int | None = None
    kicker: int | None = None


@dataclass
class Credit:
    """A credit line (or a lone 'By' and the name's line under it) and the text it reads."""

    indexes: list[int]
    text: str


def is_headline_shaped(line: Line) -> bool:
    """A few words, mostly letters, at most one sentence (two when it closes on a question or
    a cry: 'Vegetarier zu sein. Bedarf oder Trend?'), no list marker (a quote's '»' is none),
    no closing full stop, comma or colon; not opening on a lower-case letter (a keyword list,
    a label) unless on a brand's ('iPhone 14: ...'), not a label
    of three words opening on a figure ('5 Minuten Lesezeit'), not a date stamp, a credit line, a
    breadcrumb trail or a web address, and holding no link and no copyright sign (a photo's
    caption and credit: 'Am Ufer © APA/Jens Doe'). A row laid out in cells is judged by the
    cell it would print as its headline (see headline_text)."""
    text = line.text
    if _LAYOUT_GAP.search(text.strip()):
        return is_headline_shaped(measure(line.index, headline_text(line)))
    return (
        _MIN_WORDS <= line.words <= _MAX_WORDS
        and (not line.bullet or _QUOTED.match(text) is not None)
        and line.letter_share >= 0.5
        and (line.sentences <= 1 or _is_short_question(line))
        and not text.endswith(_NO_HEADLINE_END)
        and not line.truncated
        and not (text[0].islower() and not _BRAND.match(text))
        and len(_TRAIL_MARK.findall(text)) < 2
        and not _is_menu_row(text)
        and (" " in text or _is_spaceless(line))
        and "©" not in text
        and "://" not in text
        and sum(len(t) for t in line.tokens) >= 2 * len(line.tokens)
        and not (line.words <= _MAX_LABEL_WORDS and text[0].isdigit())
        and not _is_date_stamp(line)
        and not is_credit_line(line)
    )


def _is_menu_row(text: str) -> bool:
    """'Druckansicht | Artikel versenden | Tippfehler melden': three items or more set apart
    by bars, none longer than a button's few words (a headline's bar sets off a site's name
    or a second clause, once)."""
    items = _BAR_SPLIT.split(text)
    return len(items) >= _MIN_CRUMBS and all(
        len(item.split()) <= _MAX_LABEL_WORDS for item in items
    )


def headline_text(line: Line) -> str:
    """The headline a chosen line prints: the last step of a breadcrumb trail glued before it
    ('Home → News → Climate clock starts ticking') is the page's title alone, and so is the
    cell of most words (the last of a tie) of a row laid out in cells ('Suche      Der Tag,
    an dem ...      Mehr zu'), a search box and a link beside the headline (of most
    characters in a script written without spaces)."""
    cells = _LAYOUT_GAP.split(line.text.strip())
    text = max(reversed(cells), key=partial(_cell_size, spaceless=_is_spaceless(line)))
    if line.bullet and _QUOTED.match(text) is None:  # a lone list item's marker
        text = _LIST_MARK.sub("", text)
    crumbs = _CRUMB_SPLIT.split(text)
    if len(crumbs) >= _MIN_CRUMBS and len(crumbs[-1].split()) >= _MIN_TITLE_WORDS:
        return crumbs[-1]
    return text


def _cell_size(cell: str, *, spaceless: bool) -> int:
    """A cell's words; in a script written without spaces (Chinese, Japanese, Thai), where a
    cell is one 'word', its characters."""
    return len(cell) if spaceless else len(cell.split())


def _is_short_question(line: Line) -> bool:
    """A headline may ask in two short sentences; running text that asks is longer."""
    return (
        line.sentences == _MAX_TITLE_SENTENCES
        and line.words <= _MAX_QUESTION_WORDS
        and (line.text.endswith(("?", "!")))
    )


def _is_date_stamp(line: Line) -> bool:
    """A date line: two numbers at least (a day and a year, a time) and mostly figures or
    short; a headline naming a year ('Fünf HR-Trends 2023') has one."""
    if not line.date_like or sum(t.isdecimal() for t in line.tokens) < _DATE_NUMBERS:
        return False
    return line.digit_share >= _DATE_DIGITS or bp.is_date_line(line)


def _is_spaceless(line: Line) -> bool:
    return line.script in {"han", "kana", "thai"}


def is_credit_line(line: Line) -> bool:
    """'By Jane Doe', 'Von Moritz Bachmann ...', a lone 'By' over the name's line, or a date
    stamp signed 'by Jane Doe'."""
    if (_BYLINE_OPENER.match(line.text) or _LED_CREDIT.match(line.text)) and line.words <= 12:
        return True
    if _is_date_stamp(line) and _SIGNED_STAMP.search(line.text):
        return True
    return line.date_like and bool(_SIGNED.search(line.text)) and line.words <= 16


def _names_people(line: Line) -> bool:
    """'Kevin Johnson and Kevin McCoy USA TODAY': capitalised names joined by a conjunction."""
    words = line.text.split()
    joins = [w for w in words if w.casefold() in _NAME_JOINS]
    return (
        bool(joins)
        and not line.bullet
        and len(words) <= _MAX_CREDIT_WORDS
        and all(w[0].isupper() for w in words if w not in joins and w[0].isalpha())
    )


def choose_headline(
    lines: list[Line], first: int, chrome: dict[int, str], url: str | None
) -> Headline | None:
    """The headline above lines[first] (the article's first paragraph), its standfirst, and
    its kicker (see _kicker_above)."""
    headline = _headline_lines(lines, first, chrome, url)
    if headline is not None and (quoted := _quoted_title(lines, headline.title)) is not None:
        headline = Headline(title=quoted)
    if headline is not None:
        headline.kicker = _kicker_above(lines, headline.title, chrome)
    return headline


def _quoted_title(lines: list[Line], chosen: int) -> int | None:
    """The line above that the chosen one quotes whole at its end, after a few words ('One
    thought on “Quiet streets”' over the comments, 'Quiet streets' at the top): a heading of
    the comments or of a reply form names the post by its headline, in quotes. A headline
    quoting a name in its course ('... from 'Dancing with the Stars' after ...') is none."""
    match = _QUOTE.search(lines[chosen].text)
    if match is None or len(lines[chosen].text[: match.start()].split()) > _MAX_LEAD_IN_WORDS:
        return None
    quoted = match[1].strip().casefold()
    above = (line.index for line in reversed(lines[:chosen]) if line.text.casefold() == quoted)
    return next(above, None)


def _kicker_above(lines: list[Line], title: int, chrome: dict[int, str]) -> int | None:
    """The line right above the headline when it closes on a colon and reads as the
    headline's first half ('Dance at the old depot:' over 'Washed in every water'): a few
    words, mostly not stopwords, no list marker, no credit or date. A label closing on a
    colon ('Search for:', 'Up next:', 'Read more:') has three words at most, or stopwords
    mostly ('Das könnte Sie auch interessieren:')."""
    if title == 0 or (title - 1) in chrome:
        return None
    line = lines[title - 1]
    shaped = (
        _MIN_KICKER_WORDS <= line.words <= _MAX_KICKER_WORDS
        and line.text.endswith(":")
        and line.stop_share < _MAX_KICKER_STOPS
        and line.letter_share >= 0.6
        and line.sentences <= 1
        and not line.bullet
        and not line.date_like
        and not is_credit_line(line)
    )
    return title - 1 if shaped else None


def _headline_lines(
    lines: list[Line], first: int, chrome: dict[int, str], url: str | None
) -> Headline | None:
    """The headline above lines[first] (the article's first paragraph), and its standfirst.

    In order: the line the URL's slug spells (letter for letter, else most of its words),
    or a breadcrumb trail ends on; a one-word title right above the paragraph that the
    paragraph repeats; the nearest headline-shaped line right above the credit line nearest
    the paragraph; the nearest right above a standfirst; else the nearest headline-shaped
    line of three words or more (or shorter, right above the paragraph). A shorter
    headline-shaped line right above the one chosen is the headline and the chosen one its
    standfirst.
    """
    top = max(0, first - _WINDOW)
    above = _candidates(lines[top:first], chrome, lines)
    candidates = [c for c in above if not _credit_at(lines, c.index, first, chrome)]
    # The body's own first line may be the headline, kept as a paragraph: the slug tells.
    opening = _candidates(lines[first : first + _OPENING_LINES], chrome, lines)[::-1]
    # A slug of three words or more spelled letter for letter names its line anywhere; a
    # shorter one only when no line near the paragraph spells most of it.
    long_slug = len(_slug_words(url)[1]) >= _MIN_SLUG_MATCHES
    anywhere = partial(_spelled_whole, lines, 0, first, chrome, url, end=len(lines))
    spelled = (
        _spelled_whole(lines, top, first, chrome, url)
        or (anywhere() if long_slug else None)
        or _dated_twin(lines, _spelled_by_slug(candidates, url), candidates, url)
        or _spelled_by_slug(opening, url)
        or _spelled_anywhere(lines, first, chrome, url)
        or (None if long_slug else anywhere())
    )
    spelled = spelled or _named_by_breadcrumb(lines, top, first)
    if spelled is not None:
        return Headline(
            title=spelled.index, subtitle=_standfirst_below(lines, spelled, first, chrome)
        )
    one_word = _one_word_title(lines, first, chrome)
    if one_word is not None and _echoed_below(lines, one_word, first):
        return Headline(title=one_word.index)
    if not candidates:
        only = (
            _opening_over_date(lines, first, chrome)
            or _above_date_stamp(lines, first, candidates, chrome)
            or _nearest(lines, first, candidates, chrome)
        )
        return Headline(title=only.index) if only is not None else None
    chosen = _opening_over_date(lines, first, chrome) or _above_byline(
        lines, top, first, candidates, chrome
    )
    if chosen is None and (over := _above_standfirst(lines, first, candidates, chrome)):
        return Headline(title=over.index)  # its standfirst is the running text under it
    chosen = (
        chosen
        or _above_date_stamp(lines, first, candidates, chrome)
        or _nearest(lines, first, candidates, chrome)
    )
    return _with_standfirst(lines, chosen, chrome) if chosen is not None else None


def spelled_title(lines: list[Line], url: str | None) -> str | None:
    """The headline of a page with no article found: the line the URL's slug spells letter
    for letter (nearest the top), or none; no other sign holds without a first paragraph."""
    if not url:
        return None
    line = _spelled_whole(lines, 0, 0, {}, url, end=len(lines))
    return headline_text(line) if line is not None else None


def _credit_at(lines: list[Line], i: int, first: int, chrome: dict[int, str]) -> bool:
    """A credit line; names joined by a conjunction, or a name of two words, count in the
    byline and date block only ('Kevin Johnson and Kevin McCoy USA TODAY', 'Emotion
    Redaktion'): elsewhere such a line is as often a headline ('Literatur und Animated
    Typography')."""
    line = lines[i]
    if is_credit_line(line):
        return True
    named = _names_people(line) or (line.words == _MIN_WORDS and _only_a_name(line))
    return named and _in_date_block(lines, i, first) and _under_a_headline(lines, i, chrome)


def _under_a_headline(lines: list[Line], i: int, chrome: dict[int, str]) -> bool:
    """Whether a headline-shaped line stands a line or two above (a date stamp between): a
    byline sits under its headline. A name-shaped line under a menu ('OUTDOOR LOVERS' under
    '* WORK', 'Axios Future' under its date and the site's repeated links) heads the article
    itself."""
    return any(
        is_headline_shaped(lines[k]) and k not in chrome for k in range(max(0, i - _DATE_BLOCK), i)
    )


def _candidates(
    lines: list[Line], chrome: dict[int, str], page: list[Line] | None = None
) -> list[Line]:
    """The headline-shaped lines among these, nearest the paragraph (the last) first, judged
    where they stand on the page (see _shaped_on_page)."""
    page = lines if page is None else page
    return [
        line
        for line in reversed(lines)
        if _shaped_on_page(page, line) and _not_chrome(line, chrome.get(line.index))
    ]


def _shaped_on_page(page: list[Line], line: Line) -> bool:
    """Whether the line is shaped as a headline where it stands: an item numbered out of
    the list's turn is a heading opening on a figure, judged with the figure as a word
    ('15. Zukunftsforum Ländliche Entwicklung' under '4. ...'). A lone item marked by a
    symbol stays a list item here ('* To Read the Full Story' is a link): only the slug
    spelling it makes it a headline (see _spells)."""
    numbered = _item_number(line) is not None
    if line.bullet and numbered and not _in_a_list(page, line):
        return is_headline_shaped(replace(line, bullet=False, words=line.words + 1))
    return is_headline_shaped(line)


def _not_chrome(line: Line, reason: str | None) -> bool:
    """Credits, captions, pagers and other languages are no headline; a line shaped like a
    short credit ('Image: AP') is one when it has the words of a headline."""
    if reason == "credit":
        return line.words >= _MIN_CREDIT_SHAPED_WORDS and "/" not in line.text
    return reason not in _NEVER_HEADLINE


def _spelled_anywhere(
    lines: list[Line], first: int, chrome: dict[int, str], url: str | None
) -> Line | None:
    """A line elsewhere on the page that the URL's slug spells nearly in full: the headline
    stands far from the paragraph taken for the article's first (or that paragraph is not)."""
    near = range(first - _WINDOW, first + _OPENING_LINES)
    elsewhere = [c for c in _candidates(lines, chrome, lines) if c.index not in near]
    found = _spelled_by_slug(elsewhere, url, strict=True)
    return found


def _spelled_whole(
    lines: list[Line],
    top: int,
    first: int,
    chrome: dict[int, str],
    url: str | None,
    *,
    end: int | None = None,
) -> Line | None:
    """The line nearest the first paragraph (from lines[top] to lines[end], by default a
    line or two into the body) that the slug spells letter for letter
    ('.../aggression-fotografie/' over 'Aggression Fotografie', '.../bielerseewinterhechte--1026'
    over 'Bielersee-Winterhechte'): a headline however short or name-shaped it is; never a
    list item (a menu entry linking to the page), a credit line, a caption or a line in
    another language."""
    letters = _slug_letters(url)
    if len(letters) < _MIN_SPELLED_LETTERS:
        return None
    end = min(len(lines), first + _OPENING_LINES) if end is None else end
    # A line too short or too long to hold the slug's letters is none (umlauts written out
    # take two letters, spaces and marks none): most lines are skipped before being folded.
    shortest, longest = len(letters) // 2, 4 * len(letters)
    spelled = [
        line
        for line in lines[top:end]
        if shortest <= len(line.text) <= longest and _spells(lines, line, letters, chrome)
    ]
    return min(spelled, key=lambda line: abs(first - line.index), default=None)


def _spells(lines: list[Line], line: Line, letters: str, chrome: dict[int, str]) -> bool:
    """Whether the line's letters are the slug's. A line shaped like a short credit ('Nummer
    zwei: Leo' as 'Image: AP') counts: a page's address never spells a picture's credit; so
    does a lone list item (see _in_a_list)."""
    listed = _in_a_list(lines, line) and _QUOTED.match(line.text) is None  # '»' is a quote's
    reason = chrome.get(line.index)
    if listed or (reason in _NEVER_HEADLINE and reason != "credit") or is_credit_line(line):
        return False
    text = line.text.casefold()
    spellings = {text, text.translate(_WRITTEN_OUT), _APOSTROPHE.sub("", text)}
    return any("".join(_folded_words(spelling)) == letters for spelling in spellings)


def _in_a_list(lines: list[Line], line: Line) -> bool:
    """A list item with another right above or below it. A lone item is a headline a theme
    sets off with a marker ('* Interning small integers' over 'Posted by ...'), the list of
    one entry a menu linking to the page never is."""
    if not line.bullet:
        return False
    number = _item_number(line)
    for step in (-1, 1):
        k = line.index + step
        if not (0 <= k < len(lines) and lines[k].bullet):
            continue
        if number is None or _item_number(lines[k]) == number + step:
            return True
    return False


def _item_number(line: Line) -> int | None:
    """The number of an item of a numbered list ('4. Kontakt' -> 4); an item numbered out of
    turn ('15. Zukunftsforum' under '4. ...') belongs to no list: it is a heading opening on
    a figure."""
    match = _NUMBERED.match(line.text)
    return int(match[1]) if match else None


def _slug_letters(url: str | None) -> str:
    """The letters of the URL path's last segment that has any, run together."""
    if not url:
        return ""
    path = _FILE_NAME.sub("", unquote(urlsplit(url).path))
    segments = ["".join(_folded_words(segment)) for segment in path.split("/")]
    return next((letters for letters in reversed(segments) if letters), "")


def _slug_words(url: str | None) -> tuple[set[str], set[str], bool]:
    """The words of the URL's path, those of its last segment that has any (the slug;
    sections and ids stand before or after it), and whether that segment ends the path (a
    word or two before an id, '.../news/275221/', name a section, not the page)."""
    if not url:
        return set(), set(), False
    path = _FILE_NAME.sub("", unquote(urlsplit(url).path))
    parts = [part for part in path.split("/") if part]
    segments = [set(_folded_words(part, numbers=True)) for part in parts]
    worded = [k for k, part in enumerate(parts) if _folded_words(part)]
    if not worded:
        return set().union(*segments), set(), False
    return set().union(*segments), segments[worded[-1]], worded[-1] == len(parts) - 1


def _folded_words(text: str, *, numbers: bool = False) -> list[str]:
    """Words case-folded and without accents, as slugs spell them ('Classificação' ->
    'classificacao'); with numbers, figures of up to four digits too ('blockhaus-typ-3';
    longer ones are ids)."""
    ascii_folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in ascii_folded if not unicodedata.combining(ch))
    return (_SLUG_TOKEN if numbers else _SLUG_WORD).findall(plain)


def _slug_spellings(text: str, slug: set[str]) -> set[str]:
    """The line's words as the slug spells them: without accents ('für' -> 'fur'), or with
    the umlauts and the sharp s written out, as German slugs do ('für' -> 'fuer',
    'Straße' -> 'strasse'), whichever the slug holds."""
    plain = _folded_words(text, numbers=True)
    spelled = _folded_words(text.casefold().translate(_WRITTEN_OUT), numbers=True)
    if len(spelled) != len(plain):
        return {_inflected(word, slug) for word in plain}
    return {
        _inflected(b if a not in slug and b in slug else a, slug)
        for a, b in zip(plain, spelled, strict=True)
    }


def _inflected(word: str, slug: set[str]) -> str:
    """The slug's word that spells the line's word in another form ('democratic' in a line,
    'democrats' in the slug): both long, the same but for an ending of two letters at most
    each; else the word itself."""
    if word in slug or len(word) < _MIN_STEM:
        return word
    stem = word[: max(_MIN_STEM, len(word) - _MAX_ENDING)]
    return next(
        (
            other
            for other in sorted(slug)
            if len(other) >= _MIN_STEM
            and other.startswith(stem)
            and abs(len(other) - len(word)) <= _MAX_ENDING
            and word.startswith(other[: max(_MIN_STEM, len(other) - _MAX_ENDING)])
        ),
        word,
    )


def _spelled_by_slug(
    candidates: list[Line], url: str | None, *, strict: bool = False
) -> Line | None:
    """The candidate whose words and the URL path's words overlap most (most outlets build the
    slug from the headline); the nearest wins a tie. A candidate holding every word of a
    short slug ('.../kondenswasser.html') counts too. strict asks for most words of both."""
    slug, last, final = _slug_words(url)
    if len(slug) < _MIN_SLUG_WORDS:
        return None
    best, best_overlap = None, 0.0
    for line in candidates:
        words = _slug_spellings(line.text, slug)
        matches = len(words & slug)
        if not words:
            continue
        spells_last = final and len(last) < _MIN_SLUG_MATCHES and last <= words and not strict
        # One shared word of a slug of several is chance ('Meal 3' under '...-meal-prep').
        needed = max(min(_MIN_SLUG_MATCHES, len(words), len(slug)), min(2, len(slug)))
        if matches < needed and not spells_last:
            continue
        line_share, slug_share = matches / len(words), matches / len(slug)
        if strict and (line_share < _STRICT_SHARE or slug_share < _STRICT_SHARE):
            continue
        if line_share < _MIN_LINE_SHARE and slug_share < _MIN_SLUG_SHARE and not spells_last:
            continue
        # The slug's own segment counts twice: a section's name spells the path too.
        overlap = _overlap(matches, words, slug) + _overlap(len(words & last), words, last)
        if overlap > best_overlap:
            best, best_overlap = line, overlap
    if best is None:
        return None
    # A breadcrumb trail glued before the headline spells the path's sections too.
    inside = [c for c in candidates if c is not best and c.words >= _MIN_TITLE_WORDS]
    return next((c for c in inside if best.text.endswith(c.text)), best)


def _dated_twin(
    lines: list[Line], spelled: Line | None, candidates: list[Line], url: str | None
) -> Line | None:
    """Of two lines spelling the same words of the slug, the one standing right over a date
    stamp (a repeat of itself aside) when the one chosen does not: a headline stands over its
    date, a subheading under it repeats the headline's words in fewer ('Fazit, Erkenntnisse,
    Pläne' under 'Fazit, Erkenntnisse und meine Pläne für 2020')."""
    if spelled is None or _over_a_date(lines, spelled):
        return spelled
    slug = _slug_words(url)[0]
    spelled_words = _slug_spellings(spelled.text, slug) & slug
    twins = [
        c
        for c in candidates
        if c is not spelled
        and spelled.text not in c.text  # a section's name glued before the same headline
        and c.words >= _MIN_TITLE_WORDS
        and spelled_words <= _slug_spellings(c.text, slug)
        and _over_a_date(lines, c)
    ]
    return twins[0] if twins else spelled


def _over_a_date(lines: list[Line], line: Line) -> bool:
    """Whether a date stamp stands right under the line, or under its repeat."""
    below = line.index + 1
    if below < len(lines) and lines[below].text == line.text:
        below += 1
    return below < len(lines) and _states_a_date(lines[below])


def _named_by_breadcrumb(lines: list[Line], top: int, first: int) -> Line | None:
    """The line that a breadcrumb trail above the paragraph ends on ('Home > Wissen >
    Schwierige Gespräche: so geht's!'): sites end the trail on the page's own title."""
    end = min(len(lines), first + _OPENING_LINES)
    for trail in lines[top:first]:
        crumbs = _CRUMB_SPLIT.split(trail.text)
        if len(crumbs) < _MIN_CRUMBS or len(crumbs[-1].split()) < _MIN_TITLE_WORDS:
            continue
        last = _folded_words(crumbs[-1])
        for line in lines[trail.index + 1 : end]:
            if _folded_words(line.text) == last:
                return line
    return None


def _overlap(matches: int, words: set[str], slug: set[str]) -> float:
    return 2 * matches / (len(words) + len(slug)) if words or slug else 0.0


def _above_byline(
    lines: list[Line], top: int, first: int, candidates: list[Line], chrome: dict[int, str]
) -> Line | None:
    """The headline-shaped line nearest above the credit line nearest the first paragraph: a
    line that says it is a credit ('By ...') first, else a line of names by a date."""
    above = range(first - 1, top - 1, -1)
    byline = next((i for i in above if is_credit_line(lines[i])), None)
    if byline is None:
        byline = next((i for i in above if _credit_at(lines, i, first, chrome)), None)
    if byline is None:
        return None
    for line in candidates:
        if byline - _BYLINE_REACH <= line.index < byline and line.words >= _MIN_TITLE_WORDS:
            return line
    return None


def _above_date_stamp(
    lines: list[Line], first: int, candidates: list[Line], chrome: dict[int, str]
) -> Line | None:
    """The headline-shaped line right above the date stamp nearest the paragraph (a line or
    two up: a kicker or a share bar between): a headline stands over its date; the lines
    between the date and the paragraph are subheadings, captions and buttons."""
    above = range(first - 1, max(-1, first - 1 - _BYLINE_REACH), -1)
    stamp = next((i for i in above if _states_a_date(lines[i])), None)
    if stamp is None:
        return None
    near = [c for c in candidates if stamp - _DATE_REACH <= c.index < stamp]
    if not near and stamp > 0 and _is_sentence_title(lines[stamp - 1], chrome):
        return lines[stamp - 1]
    if not near:
        return _under_date_stamp(stamp, candidates)
    # A label of a word or two between the headline and its date is a section's or a button's.
    return next((c for c in near if c.words >= _MIN_TITLE_WORDS), near[0] if near else None)


def _under_date_stamp(stamp: int, candidates: list[Line]) -> Line | None:
    """With no headline over the date stamp (a menu's items above it), the headline of three
    words or more right under it: the page prints its date first, then the headline, then
    share buttons and captions down to the paragraph."""
    under = next((c for c in candidates if c.index == stamp + 1), None)
    return under if under is not None and under.words >= _MIN_TITLE_WORDS else None


def _is_sentence_title(line: Line, chrome: dict[int, str]) -> bool:
    """A headline written as a sentence or two closing on a full stop ('I read the ruling.
    Here is what you need to know.'): right above its date stamp, with no other headline
    there, a line of a few words is the headline, not a paragraph (running text stands under
    the date). Its other marks are a headline's: no list marker, no colon or comma closing
    it, no date, no credit."""
    return (
        _MIN_TITLE_WORDS <= line.words <= _MAX_SENTENCE_TITLE_WORDS
        and line.sentences <= _MAX_TITLE_SENTENCES
        and line.text.endswith(".")
        and not line.bullet
        and not line.truncated
        and line.index not in chrome
        and line.letter_share >= 0.6
        and is_headline_shaped(measure(line.index, line.text.rstrip(".")))
    )


def _states_a_date(line: Line) -> bool:
    """A short line naming a day, a month and a year ('Datum: 13. April 2017 Autor: ...')."""
    return line.date_like and line.words <= _MAX_CREDIT_WORDS * 2 and bool(find_mentions(line.text))


def _above_standfirst(
    lines: list[Line], first: int, candidates: list[Line], chrome: dict[int, str]
) -> Line | None:
    """The nearest headline of three words or more standing right above a standfirst: a
    sentence or two of running text above the first paragraph, with the credit, date and
    share lines between them. The line nearest the paragraph is then a share button or a
    label, not the headline."""
    for line in candidates:
        if first - line.index > _BYLINE_REACH:
            return None
        below = line.index + 1
        if line.words >= _MIN_TITLE_WORDS and below < first and _is_standfirst(lines[below]):
            return line if below not in chrome else None
    return None


def _is_standfirst(line: Line) -> bool:
    """A sentence or two of running text, no list item, no teaser cut short: a teaser
    trails off in one clipped sentence, a standfirst trailing off into the article ('... aber
    auch ungewöhnlich milde...') has said a sentence or two first."""
    return (
        line.sentence_end
        and line.words >= _MIN_STANDFIRST_WORDS
        and line.sentences <= _MAX_STANDFIRST_SENTENCES
        and line.letter_share >= 0.6
        and not line.bullet
        and (not line.truncated or line.sentences >= _MAX_TITLE_SENTENCES)
    )


def _nearest(
    lines: list[Line], first: int, candidates: list[Line], chrome: dict[int, str]
) -> Line | None:
    """The nearest headline of three words or more close above the paragraph; else one of
    two words right above it ('CDPATH replacements'); else a one-word title right above it
    ('Willkommen!'); else the body's first line shaped as a headline; else the nearest
    headline of three words or more."""
    one_word = _one_word_title(lines, first, chrome)
    full = [c for c in candidates if c.words >= _MIN_TITLE_WORDS]
    if full and first - full[0].index <= _NEAR:
        return full[0]
    short = [c for c in candidates if first - c.index <= _SHORT_TITLE_REACH]
    if short:
        return short[0]
    return one_word or _opening_title(lines, first, chrome) or (full[0] if full else None)


def _opening_title(lines: list[Line], first: int, chrome: dict[int, str]) -> Line | None:
    """The body's own first line when it is shaped like a headline of three words or more
    and running text or a date stamp follows it: with no headline near above, the page
    printed its headline as the article's first line (a headline far above is a menu's or a
    skip link's)."""
    line = lines[first]
    follows = any(
        _is_running_text(below) or _states_a_date(below)
        for below in lines[first + 1 : first + 1 + _OPENING_LINES]
    )
    shaped = is_headline_shaped(line) and line.words >= _MIN_TITLE_WORDS
    return line if shaped and follows and _not_chrome(line, chrome.get(first)) else None


def _opening_over_date(lines: list[Line], first: int, chrome: dict[int, str]) -> Line | None:
    """The body's own first line when a date stamp stands right under it and it is shaped as
    a headline of three words or more (or as sentences closing on a full stop, see
    _is_sentence_title): a paragraph is never dated line by line, a headline is; the page
    printed its headline as the article's first line. (A credit line under it is no such
    sign: a standfirst stands over the byline as often.)"""
    line = lines[first]
    if first + 1 >= len(lines) or not _not_chrome(line, chrome.get(first)):
        return None
    below = lines[first + 1]
    if not _states_a_date(below):
        return None
    shaped = is_headline_shaped(line) and line.words >= _MIN_TITLE_WORDS
    return line if shaped or _is_sentence_title(line, chrome) else None


def _is_running_text(line: Line) -> bool:
    return line.sentence_end and line.words >= _MIN_STANDFIRST_WORDS and line.letter_share >= 0.6


def _one_word_title(lines: list[Line], first: int, chrome: dict[int, str]) -> Line | None:
    """The one-word title a line or two above the paragraph, if one stands there."""
    reach = range(first - 1, max(-1, first - 1 - _ONE_WORD_REACH), -1)
    return next((lines[i] for i in reach if i not in chrome and _is_one_word_title(lines[i])), None)


def _echoed_below(lines: list[Line], title: Line, first: int) -> bool:
    """Whether the article's opening paragraphs repeat the title's word ('Bohnenviertel ...
    Das Bohnenviertel entstand ...'): a topic's name, not a button's."""
    word = _folded_words(title.text)
    opening = lines[first : first + _OPENING_LINES]
    return bool(word) and any(word[0] in _folded_words(line.text) for line in opening)


def _is_one_word_title(line: Line) -> bool:
    """'Bohnenviertel', 'Willkommen!': one capitalised word of letters, long enough not to be
    a button or a label ('Menu', 'Teilen'), not in capitals (a shouted label, a logo)."""
    word = line.text.rstrip("!?")
    return (
        line.words == 1
        and not line.bullet
        and len(word) >= _MIN_ONE_WORD_CHARS
        and word[0].isupper()
        and not word.isupper()
        and all(ch.isalpha() or ch == "-" for ch in word)
    )


def _standfirst_below(
    lines: list[Line], title: Line, first: int, chrome: dict[int, str]
) -> int | None:
    """The standfirst right under the headline: a longer headline-shaped line."""
    below = title.index + 1
    if below >= first or below in chrome:
        return None
    line = lines[below]
    if is_headline_shaped(line) and line.words >= 4 and line.chars > title.chars:
        return below
    return None


def _with_standfirst(lines: list[Line], chosen: Line, chrome: dict[int, str]) -> Headline:
    """A headline-shaped line right above the chosen one is the headline, the chosen one its
    standfirst, shorter or longer (a standfirst may be printed without its full stop); a
    longer one ending on the chosen one's words is a trail glued before it ('Home News
    <headline>'), not a headline. A share bar of a line or two may stand between them
    (lines repeated on the page); a line above a longer run of them is a menu's."""
    above = chosen.index - 1
    while above >= 0 and chrome.get(above) == "repeated-line":
        above -= 1
    if chosen.index - above > _STANDFIRST_GAP:
        return Headline(title=chosen.index)
    if above >= 0:
        line = lines[above]
        if (
            is_headline_shaped(line)
            and chrome.get(above) is None
            and line.words >= 4
            and (line.chars < chosen.chars or not line.text.endswith(chosen.text))
            and line.cells < _MIN_CRUMBS  # a row of cells above is a menu, not a headline
        ):
            return Headline(title=above, subtitle=chosen.index)
    return Headline(title=chosen.index)


def header_credits(
    lines: list[Line], headline: Headline | None, first: int, chrome: dict[int, str]
) -> list[Credit]:
    """The credit lines between the headline and the first paragraph: lines opening on 'By'
    (in any language, a list marker aside) or a word or two and 'by', date stamps signed 'by
    ...' or opening or closing on a name, and in the date block names joined by a conjunction
    or a line that is only a name. A line or two under the first paragraph counts when it
    says it is a credit (a standfirst taken for the first paragraph stands above the byline).
    Never link text, never a line above the headline.
    """
    top = first - _BYLINE_REACH - 1
    if headline is not None:
        top = headline.title if headline.subtitle is None else headline.subtitle
    credits: list[Credit] = []
    position = max(top + 1, first - _WINDOW, 0)
    end = min(len(lines), first + _BELOW_FIRST)
    while position < end:
        skip = chrome.get(position) in _NEVER_HEADLINE
        credit = None if skip else _credit_of(lines, position, first, top)
        if credit is not None:
            credits.append(credit)
        position = max(credit.indexes) + 1 if credit is not None else position + 1
    return credits


def _credit_of(lines: list[Line], position: int, first: int, top: int) -> Credit | None:
    """The credit line at position, if it is one (see header_credits); below the first
    paragraph, only a line that opens on 'By' or is a date stamp signed by a name."""
    line = lines[position]
    text = _LIST_MARK.sub("", line.text) if line.bullet else line.text
    below = position >= first
    if below and (line.sentence_end or line.words > _MAX_CREDIT_WORDS):
        return None
    led = _LED_CREDIT.match(text)
    signed = _SIGNED_BY_ANY.search(text) if line.date_like else None
    if led is not None and line.words <= _MAX_CREDIT_WORDS:
        if names_no_author(text[: led.start("credit")]):  # 'Foto von ...'
            return None
        return Credit([position], text[led.start("credit") :])
    if _BYLINE_OPENER.match(text) and line.words <= _MAX_CREDIT_WORDS:
        if line.words == 1 and position + 1 < first:  # 'By' over the name's line
            name = lines[position + 1]
            return Credit([position, position + 1], _LIST_MARK.sub("", name.text))
        return Credit([position], text)
    if signed is not None and line.words <= 2 * _MAX_CREDIT_WORDS:
        return Credit([position], text[signed.start() :])
    if below or line.bullet:
        return None
    if _is_date_stamp(line) and (name := name_beside_date(text)) is not None:
        return Credit([position], name)
    if _in_date_block(lines, position, first) and (
        _names_people(line) or (position == top + 1 and _only_a_name(line))
    ):
        return None if _heads_a_list(lines, position) else Credit([position], text)
    return None


def _heads_a_list(lines: list[Line], position: int) -> bool:
    """A line right above a list item heads the list ('Recent Posts' over its links), however
    much it looks like a name; a dash opening the next line sets off the byline's date
    ('Jane Doe' over '- Nov. 18th 2019 8:54 am PT')."""
    below = lines[position + 1] if position + 1 < len(lines) else None
    return below is not None and below.bullet and not below.text.startswith(_DASHES)


def _in_date_block(lines: list[Line], position: int, first: int) -> bool:
    """A date stamp a line or two above or below: the byline and date block, where a line of
    names is a credit (elsewhere it is as often a label or a link)."""
    around = range(max(0, position - _DATE_BLOCK), min(first, position + _DATE_BLOCK + 1))
    return any(k != position and _is_date_stamp(lines[k]) for k in around)


def _only_a_name(line: Line) -> bool:
    """'Jane Doe', 'Catherine Shu @catherineshu / 2 days': two to four capitalised words
    before any handle or separator, none of them a stopword ('Learn More', 'Read Later')."""
    if line.stop_share > 0:
        return False
    head = _CREDIT_TAIL.split(_HANDLE.sub(" ", line.text), maxsplit=1)[0]
    words = head.split()
    return 2 <= len(words) <= _MAX_NAME_WORDS and all(
        w[0].isupper() and _NAME_WORD.match(w) for w in words
    )
