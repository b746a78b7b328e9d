"""Plain-text dump -> Extraction: the article body, its headline parts, and every dropped line.

Steps: measure each line (lines.py), find the densest run of prose (segment.py), grow it by the
short paragraphs that border it, drop chrome inside it (boilerplate.py), then read the headline,
standfirst, dateline and credit lines around it (header.py). Every line that is not kept is
recorded with the reason it was dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.normalize import boilerplate as bp
from app.normalize.article import RemovedLine
from app.normalize.article_lists import ArticleList, article_lists, keeps_list, list_end
from app.normalize.extraction import Extraction
from app.normalize.header import Header, read_header, trailing_bylines
from app.normalize.headline import choose_headline, header_credits, spelled_title
from app.normalize.language import detect_language
from app.normalize.lines import Line, holds_script, measure, script_family, with_stopwords
from app.normalize.segment import (
    Region,
    can_carry_run,
    cut_before_date_list,
    cut_before_link_block,
    cut_column_tail,
    densest_run,
    is_prose,
)
from app.normalize.stopwords import stoplist

_MAX_SUBHEADING_WORDS = 8
_LEDE_LOOK_BACK = 14
_MAX_HEADING_WORDS = 20
_TABLE_DIGIT_SHARE = 0.3
_MIN_TABLE_CELLS = 3
_LANGUAGE_SAMPLE_CHARS = 800
_LANGUAGE_ROUNDS = 3
_MIN_LINK_WORDS = 3
_MIN_ELLIPSIS_SENTENCES = 2
_MIN_ELLIPSIS_WORDS = 7
# A run cut down to fewer paragraphs than this before a dated list was the list itself.
_MIN_ARTICLE_PARAGRAPHS = 2
# How many runs within one dated list are set aside before the first run is kept.
_DATED_LIST_ROUNDS = 4


@dataclass
class Reading:
    """The extractor's view of a page: each line measured and judged, the article's run, and
    the lines kept as its body (dropped lines carry their reason in removed)."""

    lines: list[Line]
    prose: list[bool]
    region: Region
    chrome: dict[int, str]
    kept: list[int]
    removed: dict[int, str]
    language: tuple[str | None, float | None]
    sample: list[Line]


def extract_text(text: str, *, url: str | None = None) -> Extraction:
    raw_lines = [line for line in text.splitlines() if line.strip()]
    stripped = [line.strip() for line in raw_lines]
    if not raw_lines:
        return Extraction(paragraphs=[])
    header_token = bp.split_leading_date(raw_lines[0].strip())
    reading = read_page(raw_lines, first_line=header_token[1] if header_token else None)
    if reading is None:
        return _no_article(stripped, url)
    lines, region, chrome = reading.lines, reading.region, reading.chrome
    header = read_header(lines, region.start, chrome)
    headline = choose_headline(lines, reading.kept[0], chrome, url)
    header.set_headline(lines, headline)
    credits = header_credits(lines, headline, reading.kept[0], chrome)
    header.bylines = sorted({i for credit in credits for i in credit.indexes})
    byline_tail = trailing_bylines(lines, region.end, chrome)
    removed = dict(reading.removed)
    _explain_outside(lines, region, chrome, header, byline_tail, removed)

    kept_indexes = set(reading.kept)
    sample_kept = all(line.index in kept_indexes for line in reading.sample)
    removed_lines = []
    if header_token:
        removed_lines.append(RemovedLine(text=header_token[0], reason="header-date"))
    removed_lines += [RemovedLine(text=lines[i].text, reason=r) for i, r in sorted(removed.items())]
    return Extraction(
        paragraphs=[lines[i].text for i in reading.kept],
        lines=stripped,
        title=header.title,
        title_source="text-header" if header.title else None,
        subtitle=header.subtitle,
        dateline=header.dateline,
        byline_lines=[credit.text for credit in credits] + [lines[i].text for i in byline_tail],
        removed=removed_lines,
        language=reading.language if sample_kept else None,
    )


def read_page(raw_lines: list[str], *, first_line: str | None = None) -> Reading | None:
    """Measure and judge the non-empty lines of a page; None when it holds no article.

    The page is read in the language of its article: guessed first from the page's prose-shaped
    lines, then, when the body found that way tells another language, read again in that one.
    Read alone, a body then gets the language it was read in on its page, and keeps its lines.
    When the rounds run out with the guess still flipping, the body is what its lines keep
    read alone (see _read_alone).
    first_line replaces the first line's text (a date header glued before it is cut off).
    """
    measured = [measure(i, raw) for i, raw in enumerate(raw_lines)]
    if first_line is not None:
        measured[0] = measure(0, first_line)
    sample = _language_sample(measured)
    language = detect_language(_joined(sample))
    reading = None
    for _ in range(_LANGUAGE_ROUNDS):
        reading = _read(measured, language, sample)
        if reading is None:
            return None
        body_sample = _language_sample([reading.lines[i] for i in reading.kept])
        if [line.index for line in body_sample] == [line.index for line in sample]:
            return reading
        sample, told = body_sample, detect_language(_joined(body_sample))
        if told[0] == language[0]:
            reading.language, reading.sample = told, sample
            return reading
        language = told
    return None if reading is None else _read_alone(reading)


def _read_alone(reading: Reading) -> Reading | None:
    """The reading of a page whose language flips from round to round (the body read in one
    language tells another, whose body tells the first again): no round's body is read in the
    language it tells, so normalized again it would lose lines. Its body is then what its own
    lines keep read alone, as they are read when the body is normalized again; dropped lines
    keep the reason they got there. None when they hold no article alone.
    """
    texts = [reading.lines[i].text for i in reading.kept]
    if texts == [line.raw for line in reading.lines]:
        return reading  # the page is its body already: read alone, it reads the same
    alone = read_page(texts)
    if alone is None:
        return None
    removed = dict(reading.removed)
    for k in range(len(texts)):
        if k not in alone.kept:
            edge = "before-article" if k < alone.region.start else "after-article"
            removed[reading.kept[k]] = alone.removed.get(k) or alone.chrome.get(k) or edge
    return replace(
        reading,
        kept=[reading.kept[k] for k in alone.kept],
        removed=removed,
        language=alone.language,
        sample=[reading.lines[reading.kept[line.index]] for line in alone.sample],
    )


def _joined(lines: list[Line]) -> str:
    return " ".join(line.text for line in lines)


def _read(
    measured: list[Line], language: tuple[str | None, float | None], sample: list[Line]
) -> Reading | None:
    stopwords = stoplist(language[0])
    lines = [with_stopwords(line, stopwords) for line in measured] if stopwords else measured
    prose, region = _prose_run(lines, has_stoplist=bool(stopwords))
    if region is None:
        return None
    region = _past_a_dated_list(lines, prose, region)
    lists = article_lists(lines, prose)
    region = _article_end(lines, prose, lists, region)
    region = _grow(lines, prose, lists, _take_lede(lines, prose, region))
    script = _main_script(lines[region.start : region.end], prose[region.start : region.end])
    chrome = _chrome_reasons(lines, script, region)
    removed: dict[int, str] = {}
    kept = _body(lines, prose, lists, region, chrome, removed)
    if not any(can_carry_run(lines[i], prose[i]) for i in kept):
        return None  # only short lines around chrome were left: no article
    return Reading(lines, prose, region, chrome, kept, removed, language, sample)


def _past_a_dated_list(lines: list[Line], prose: list[bool], region: Region) -> Region:
    """The densest run elsewhere when this one is a list of dated items from its first
    paragraph on (a photo gallery's dated captions, a list of posts): such a list is no
    article, and cutting the run before its second date (see cut_before_date_list) would
    leave a caption of it. The list may be longer than the run, so each run found within it
    is set aside in turn. The run stays when no other holds more prose than the cut one."""
    cut = cut_before_date_list(lines, prose, region)
    masked = list(prose)
    candidate: Region | None = region
    for _ in range(_DATED_LIST_ROUNDS):
        if candidate is None:
            return region
        within = cut_before_date_list(lines, prose, candidate)
        if sum(prose[within.start : within.end]) >= _MIN_ARTICLE_PARAGRAPHS:
            break
        masked[candidate.start : candidate.end] = [False] * (candidate.end - candidate.start)
        candidate = densest_run(lines, masked)
    else:
        return region
    if candidate is region or _prose_words(lines, prose, candidate) <= _prose_words(
        lines, prose, cut
    ):
        return region
    return candidate


def _prose_words(lines: list[Line], prose: list[bool], region: Region) -> int:
    return sum(lines[i].words for i in range(region.start, region.end) if prose[i])


def _article_end(
    lines: list[Line], prose: list[bool], lists: dict[int, ArticleList], region: Region
) -> Region:
    """The run ends before a list of dated posts or a block of links below the article."""
    region = cut_column_tail(lines, prose, cut_before_date_list(lines, prose, region))
    text = [is_text or _borders_body(line) for line, is_text in zip(lines, prose, strict=True)]
    links = [
        (i not in lists or lists[i].opener == i) and _is_link_shaped(lines, prose, i)
        for i in range(len(lines))
    ]
    return cut_before_link_block(lines, prose, text, links, region)


def _is_link_shaped(lines: list[Line], prose: list[bool], i: int) -> bool:
    """An item of a list of links: a menu entry or another story's headline.

    Only lines the body drops count, so a body extracted again holds no such list to end at.
    """
    line = lines[i]
    if bp.is_link_item(line):
        return True
    return (
        not prose[i]
        and not line.sentence_end
        and line.words >= _MIN_LINK_WORDS
        and _is_heading_like(lines, prose, i)
    )


def _no_article(stripped: list[str], url: str | None = None) -> Extraction:
    """A page with no running text of its own: nothing is its article, every line is dropped.
    Its headline is still the line the URL's slug spells letter for letter, if one does (a
    page of short lines, a photo series under its title, names itself so)."""
    title = spelled_title([measure(i, text) for i, text in enumerate(stripped)], url)
    return Extraction(
        paragraphs=[],
        lines=stripped,
        title=title,
        title_source="text-header" if title else None,
        removed=[RemovedLine(text=t, reason="no-article") for t in stripped],
    )


def _prose_run(lines: list[Line], *, has_stoplist: bool) -> tuple[list[bool], Region | None]:
    """Which lines are prose, and the densest run of them.

    Without a single line rich in the guessed language's stopwords, the guess is what failed
    (too little text to tell, or a language the lists lack): prose is then judged by its shape,
    as it is on a page with no stoplist. A body is so read the same way alone as on its page,
    where other lines may have swayed the guess. Copies (a caption doubled, a line printed twice
    in a row) are dropped from the body, so they do not count as prose towards its run either.
    """
    copies = bp.doubled_captions(lines) | bp.back_to_back_copies(lines)
    prose = [
        is_prose(line, has_stoplist=has_stoplist) and line.index not in copies for line in lines
    ]
    region = densest_run(lines, prose)
    if region is None and has_stoplist:
        return _prose_run(lines, has_stoplist=False)
    return prose, region


def _language_sample(lines: list[Line]) -> list[Line]:
    """The longest lines shaped like sentences: the page's prose, to tell its language by.

    Judged on shape alone (stopwords need the language), so that chrome lines do not sway the
    guess: the article's body, extracted again, is then read in the language it was read in
    on its page. A page without sentences is judged by its longest lines.
    """
    shaped = [line for line in lines if is_prose(line, has_stoplist=False)] or lines
    sample: list[Line] = []
    size = 0
    for line in sorted(shaped, key=lambda line: line.chars, reverse=True):
        sample.append(line)
        size += line.chars
        if size >= _LANGUAGE_SAMPLE_CHARS:
            break
    return sample


def _borders_body(line: Line) -> bool:
    """A short paragraph next to the main run: a sentence, yet too short to count as prose."""
    return (
        line.sentence_end
        and line.words >= 4
        and line.letter_share >= 0.6
        and not line.bullet
        and not line.truncated
    )


def _ends_in_ellipsis(lines: list[Line], prose: list[bool], i: int) -> bool:
    """A paragraph of the article that trails off in an ellipsis (a writer's pause, or a
    paywall cutting the last paragraph): sentences of their own, right under a paragraph in
    the same column. Teasers trail off too, but in one clipped sentence, under a headline.
    """
    line = lines[i]
    return (
        line.truncated
        and line.sentences >= _MIN_ELLIPSIS_SENTENCES
        and line.words >= _MIN_ELLIPSIS_WORDS
        and line.letter_share >= 0.6
        and i > 0
        and prose[i - 1]
        and lines[i - 1].indent == line.indent
    )


def _take_lede(lines: list[Line], prose: list[bool], region: Region) -> Region:
    """A standfirst paragraph printed above a share bar or a table of contents belongs to the
    article: take the nearest prose line a few chrome lines above the run, in the same column."""
    column = lines[region.start].indent
    for position in range(region.start - 1, max(-1, region.start - 1 - _LEDE_LOOK_BACK), -1):
        if prose[position]:
            if lines[position].indent != column:
                break
            return Region(position, region.end)
    return region


def _grow(
    lines: list[Line], prose: list[bool], lists: dict[int, ArticleList], region: Region
) -> Region:
    """Take in the short paragraphs bordering the run (a closing line, a one-line lede).

    Below the run only those printed in the column of its last line count: a short sentence
    in another column after the article is a caption or a box beside it.
    """
    start, end = region.start, region.end
    while start > 0 and _borders_body(lines[start - 1]) and not bp.is_date_line(lines[start - 1]):
        start -= 1
    while (following := _following_part(lines, prose, lists, end)) is not None:
        end = following
    return Region(start, end)


def _following_part(
    lines: list[Line], prose: list[bool], lists: dict[int, ArticleList], end: int
) -> int | None:
    """Where the part of the article right below the run ends: a short paragraph, a list the
    article opens, or a social post it quotes; None when none follows."""
    for part_end in (
        _next_paragraph_end(lines, prose, end),
        list_end(lines, lists, end),
        _quoted_post_end(lines, end),
    ):
        if part_end is not None:
            return part_end
    return None


def _in_quoted_post(lines: list[Line], i: int) -> bool:
    """A social post quoted in the article: its signature line, or the post's text above it."""
    return bp.is_post_signature(lines[i]) or (
        i + 1 < len(lines) and bp.is_post_signature(lines[i + 1])
    )


def _quoted_post_end(lines: list[Line], end: int) -> int | None:
    """Where a social post quoted right below the run ends (its signature's line)."""
    for k in (end, end + 1):
        if k < len(lines) and bp.is_post_signature(lines[k]):
            return k + 1
    return None


def _next_paragraph_end(lines: list[Line], prose: list[bool], end: int) -> int | None:
    """Where the short paragraph right below the run ends, or None without one in its column.

    Lines ending on a comma carry a sentence on to the next line (a renderer broke it); they
    belong to the paragraph that the sentence closes.
    """
    k = end
    while k < len(lines) and lines[k].continued and lines[k].indent == lines[end - 1].indent:
        k += 1
    if k == len(lines) or lines[k].indent != lines[end - 1].indent or bp.is_date_line(lines[k]):
        return None
    closes = _borders_body(lines[k]) or (k > end and prose[k])
    return k + 1 if closes or _ends_in_ellipsis(lines, prose, k) else None


def _main_script(lines: list[Line], prose: list[bool]) -> str | None:
    """The writing system carrying most of the run's prose (a family: kana and han are one)."""
    weights: dict[str, int] = {}
    for line, is_text in zip(lines, prose, strict=True):
        family = script_family(line.script)
        if is_text and family:
            weights[family] = weights.get(family, 0) + line.chars
    return max(weights, key=weights.__getitem__) if weights else None


def _other_language(line: Line, script: str | None) -> bool:
    """A line in another writing system than the article's: a sidebar in another language.

    A line of a non-Latin article that holds some of the article's letters beside Latin words
    is the article's language quoting names or terms, not another language.
    """
    family = script_family(line.script)
    if not script or family in {None, script} or bp.is_date_line(line):
        return False
    return script == "latin" or not holds_script(line.text, script)


def _chrome_reasons(lines: list[Line], script: str | None, region: Region) -> dict[int, str]:
    """Reasons that hold wherever the line stands: repetition, captions, credits, script."""
    reasons: dict[int, str] = {}
    for i in bp.doubled_captions(lines):
        reasons[i] = "caption"
    for i in bp.repeated_lines(lines):
        if not region.start <= i < region.end:
            reasons.setdefault(i, "repeated-line")
    for i in bp.repeated_labels(lines):
        reasons.setdefault(i, "repeated-line")
    for line in lines:
        if line.index in reasons:
            continue
        if line.echoed:
            reasons[line.index] = "repeated-line"
        elif bp.is_credit(line):
            reasons[line.index] = "credit"
        elif bp.is_counter(line):
            reasons[line.index] = "counter"
        elif bp.is_photo_caption(line):
            reasons[line.index] = "caption"
        elif _other_language(line, script):
            reasons[line.index] = "other-language"
    return reasons


def _body(
    lines: list[Line],
    prose: list[bool],
    lists: dict[int, ArticleList],
    region: Region,
    chrome: dict[int, str],
    removed: dict[int, str],
) -> list[int]:
    kept = []
    for i in range(region.start, region.end):
        line = lines[i]
        reason = chrome.get(i)
        if reason is None and not keeps_list(lists, chrome, i, kept):
            reason = _line_reason(lines, prose, i)
        if reason is None and kept and _same(lines[kept[-1]], line):
            reason = "repeated-line"
        if reason:
            removed[i] = reason
        else:
            kept.append(i)
    return _trim(lines, prose, lists, kept, removed)


def _line_reason(lines: list[Line], prose: list[bool], i: int) -> str | None:
    """Why a line inside the run is chrome, or None when it is the article's."""
    line = lines[i]
    if _in_quoted_post(lines, i):
        return None
    if bp.is_link_item(line):
        return "link-list"
    if bp.is_date_line(line):
        return "date-list"
    if line.truncated and not _ends_in_ellipsis(lines, prose, i):
        return "teaser"
    if not prose[i] and not line.sentence_end and _is_heading_like(lines, prose, i):
        return "inline-heading"
    return None


def _trim(
    lines: list[Line],
    prose: list[bool],
    lists: dict[int, ArticleList],
    kept: list[int],
    removed: dict[int, str],
) -> list[int]:
    """The body opens and closes on text: a stray short line left at either end once the chrome
    next to it is gone is outside the article, as it would be on a page that starts with it."""

    def is_text(i: int) -> bool:
        return (
            prose[i]
            or _borders_body(lines[i])
            or _ends_in_ellipsis(lines, prose, i)
            or i in lists
            or bp.is_post_signature(lines[i])
        )

    start, end = 0, len(kept)
    while start < end and not is_text(kept[start]):
        removed[kept[start]] = "before-article"
        start += 1
    while end > start and not is_text(kept[end - 1]):
        removed[kept[end - 1]] = "after-article"
        end -= 1
    return kept[start:end]


def _same(a: Line, b: Line) -> bool:
    """A paragraph printed twice in a row once the chrome between is gone (a doubled caption).

    Copies further apart stay: recipes and lists repeat their steps on purpose.
    """
    return " ".join(a.text.split()).casefold() == " ".join(b.text.split()).casefold()


def _is_heading_like(lines: list[Line], prose: list[bool], i: int) -> bool:
    """A headline-sized line between paragraphs that does not introduce the next one.

    Table rows (mostly figures, or cells set apart by runs of spaces) and lines ending on a
    comma are no headlines, whatever their length.
    """
    line = lines[i]
    table_row = line.digit_share >= _TABLE_DIGIT_SHARE or line.cells >= _MIN_TABLE_CELLS
    return (
        line.words <= _MAX_HEADING_WORDS
        and not table_row
        and not line.continued
        and not _introduces(lines, prose, i)
    )


def _introduces(lines: list[Line], prose: list[bool], i: int) -> bool:
    """A subheading: a few words right above a paragraph (a longer headline links elsewhere),
    or a line of any length that ends in a colon right above the paragraph it announces."""
    line = lines[i]
    following = i + 1 < len(lines) and prose[i + 1]
    return (
        following
        and (1 <= line.words <= _MAX_SUBHEADING_WORDS or line.text.endswith(":"))
        and line.letter_share >= 0.5
        and not line.bullet
        and not _is_shouted_label(line)
    )


def _is_shouted_label(line: Line) -> bool:
    """One word in capitals ('ADVERTISEMENT', 'VIDEO'): an ad slot's or a player's label."""
    return line.words == 1 and line.text.isupper()


def _explain_outside(
    lines: list[Line],
    region: Region,
    chrome: dict[int, str],
    header: Header,
    byline_tail: list[int],
    removed: dict[int, str],
) -> None:
    """Give every line outside the article a reason, the most specific signal first."""
    taken = header.taken
    for line in lines:
        i = line.index
        if region.start <= i < region.end or i in taken:
            continue
        before = i < region.start
        if i in header.bylines or i in byline_tail:
            reason = "byline"
        elif i in chrome:
            reason = chrome[i]
        elif bp.is_date_line(line):
            reason = "header-date" if before and i in header.date_lines else "date-list"
        elif bp.is_link_item(line):
            reason = "link-list"
        else:
            reason = "before-article" if before else "after-article"
        removed[i] = reason
