"""HTML page -> Extraction: trafilatura for the main text and metadata, htmldate for dates.

The page is parsed once; trafilatura and htmldate both take the lxml tree (and, given a tree,
never fetch anything). When trafilatura finds no main text, the page's rendered text goes
through the plain-text path, so a page never comes out emptier than its text dump would.
"""

from __future__ import annotations

from datetime import UTC, datetime

from htmldate import find_date
from lxml.etree import iterwalk
from lxml.html import HtmlElement
from trafilatura import bare_extraction, extract_metadata, load_html
from trafilatura.settings import Document
from trafilatura.utils import sanitize
from trafilatura.xml import process_element

from app.normalize.decode import clean
from app.normalize.extraction import Extraction
from app.normalize.page_meta import read_page_meta
from app.normalize.text import extract_text
from app.normalize.url_dates import date_from_url

# Chosen by measurement (F1 on news pages with a hand-made body / on multilingual pages of
# every kind, snippets): defaults 0.957 / 0.926; comments left out and the headline taken out
# of the body 0.965 / 0.932; with favor_precision as well 0.976 / 0.922. News is what this
# store holds, so precision wins; on shops and wikis it misses more (recall 0.938 -> 0.907).
_TRAFILATURA_OPTIONS: dict[str, bool] = {"include_comments": False, "favor_precision": True}

# Elements whose text a browser does not show.
_HIDDEN = frozenset({"head", "script", "style", "noscript", "template", "svg", "iframe"})
# Elements that start a new line of rendered text.
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div"),
        *("dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "li", "main", "nav", "ol", "option", "p", "pre"),
        *("section", "summary", "table", "td", "th", "tr", "ul"),
    }
)


def extract_html(html: str, *, url: str | None = None) -> Extraction:
    """The article in an HTML page, with what the page's metadata states about it."""
    tree = load_html(html) if html.strip() else None
    if tree is None:
        return extract_text(html, url=url)
    lines = rendered_lines(tree)
    document = bare_extraction(tree, url=url, **_TRAFILATURA_OPTIONS)
    metadata = extract_metadata(tree, default_url=url)
    paragraphs = _paragraphs(_main_text(document) if isinstance(document, Document) else None)
    if paragraphs and _same_text(paragraphs[0], metadata.title):
        paragraphs = paragraphs[1:]  # the headline is the title, not the body's first line
    if paragraphs:
        extraction = Extraction(paragraphs=paragraphs, lines=lines)
    else:
        extraction = extract_text("\n".join(lines), url=url)
        extraction.lines = lines
    _add_metadata(extraction, metadata, tree, url)
    return extraction


def rendered_lines(tree: HtmlElement) -> list[str]:
    """The page's visible text, one line per block, as a browser's text dump would give it.

    Walked with iterwalk rather than recursion: scraped pages nest deeply enough to break
    Python's recursion limit.
    """
    parts: list[str] = []
    hidden_depth = 0
    for event, element in iterwalk(tree, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _HIDDEN:
                hidden_depth += 1
            elif not hidden_depth:
                if tag in _BLOCKS:
                    parts.append("\n")
                if element.text and tag:
                    parts.append(element.text)
            continue
        if tag in _HIDDEN:
            hidden_depth -= 1
        if hidden_depth:
            continue
        if tag in _BLOCKS:
            parts.append("\n")
        if element.tail and element is not tree:
            parts.append(element.tail)
    text = clean("".join(parts), repair=False)
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _main_text(document: Document) -> str | None:
    """trafilatura's text rendering of the main block, without its closing html.unescape.

    lxml has already resolved the page's entities: unescaping again turns a page that shows
    "caf&eacute;" into "café" and "&amp;lt;" into "<", words the page never displayed.
    """
    if document.body is None:
        return document.text
    parts: list[str] = []
    process_element(document.body, parts, include_formatting=False)
    return sanitize("".join(parts), preserve_space=True)


def _paragraphs(text: str | None) -> list[str]:
    """trafilatura's text output has one block (paragraph, heading, list item) per line.

    No second mojibake repair: the page was repaired when decoded, and repairing the joined
    blocks again could turn text the page shows into characters it never had.
    """
    if not text:
        return []
    lines = clean(text, repair=False).split("\n")
    return [" ".join(line.split()) for line in lines if line.strip()]


def _add_metadata(
    extraction: Extraction, metadata: Document, tree: HtmlElement, url: str | None
) -> None:
    """Title, authors, URL, site name and dates as the page's markup states them.

    The publication date is htmldate's original date (trafilatura asks it for that); the
    modification date only when the markup states one later than the publication.
    """
    page = read_page_meta(tree, metadata, url)
    if page.title:
        extraction.title, extraction.title_source = page.title, page.title_source
    elif extraction.title:
        extraction.title_source = "text-header"
    extraction.meta_authors = _authors(metadata.author)
    extraction.meta_sitename = page.site_name
    extraction.meta_url = page.url
    extraction.meta_published = _day(metadata.date)
    if extraction.meta_published is not None:
        extraction.meta_published_by_url = _dated_by_url_only(
            tree, extraction.meta_published, metadata.url or url
        )
    modified = _day(_latest_stated_date(tree, url))
    published = extraction.meta_published
    if modified and (published is None or modified > published):
        extraction.meta_modified = modified


def _dated_by_url_only(tree: HtmlElement, published: datetime, url: str | None) -> bool:
    """Whether htmldate's date is the URL's day and the page's markup states none: then it
    came from the URL, not from the metadata. Asked only of pages whose URL holds that day,
    and without htmldate's search of the whole text, which the markup question does not need."""
    if url is None or date_from_url(url, now=datetime.now(UTC)) != published:
        return False
    return find_date(tree, original_date=True, extensive_search=False) is None


def _latest_stated_date(tree: HtmlElement, url: str | None) -> str | None:
    """The most recent date the page's markup states (htmldate without its text-wide search).

    Without the extensive search a date printed beside other stories cannot be taken for an
    update; the URL's date is only a last resort, as it dates the first publication.
    """
    return find_date(
        tree,
        url=url,
        original_date=False,
        extensive_search=False,
        deferred_url_extractor=True,
    )


def _same_text(a: str, b: str | None) -> bool:
    return b is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _authors(field: str | None) -> list[str]:
    """trafilatura joins several authors with "; "."""
    if not field:
        return []
    names = (" ".join(name.split()) for name in clean(field).split(";"))
    return list(dict.fromkeys(name for name in names if name))


def _day(value: str | None) -> datetime | None:
    """htmldate's YYYY-MM-DD as midnight UTC: a day, with no time of day stated."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None
