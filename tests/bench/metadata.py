"""Metadata benchmark: title, authors, URL and outlet of newsstore's HTML and text paths beside
trafilatura's metadata, in one run.

    python -m tests.bench.metadata [--misses] [FOLDER ...]

Each FOLDER is a shared extraction data set (default ../shared/data/extraction-dev and
../shared/data/extraction-multilingual-dev): text/KEY.txt, html/KEY.html.gz and a truth file with
each page's URL. The truth of the other fields is what the page's own HTML states, read here
with lxml alone (none of the code under test):

- title: the h1 that the page's og:title, JSON-LD headline or <title> names; that og:title or
  headline, or that <title>, without the site name it carries; the page's only h1 (an h1 that
  is the site's name, a blog's logo, is none): any of these counts as right. The site's name
  is the one the page states (og:site_name, JSON-LD publisher or WebSite), its logo's (an h1
  linking to the site's home page), or a title's part that spells the registered domain's
  name (its letters hold it: 'MyOOS Community Forum' on foren.myoos.de; or the domain's
  hyphenated words open its words in turn: 'CDU-Fraktion im Erfurter Stadtrat' on
  cdu-fraktion-erfurt.de). One rule strips it from either end of a title ('Headline | Site',
  'Headline | Site | Its motto' and 'Site - Headline'); a title built as a trail from the
  site's name down ('Site » Blog Archive » Headline') is read as its last step; a title that
  is the site's name whole (a home page) is left as it is. So a blog's logo (an h1 naming the
  site) or a title still carrying the site's name is no longer counted right;
- authors: meta author / article:author / parsely-author / dc.creator and the JSON-LD author's
  names (links and one-word names beside full names left out); beside them, the bylines: the
  text of each visible element whose class, id, rel or itemprop marks it as the author's or
  the byline ('byline', 'author vcard', rel="author"; not in a comment, not hidden, up to 300
  characters): a name shown there is stated by the page, though its metadata does not repeat
  it;
- url: the page's canonical link or og:url, else the data set's URL (both count as right);
- outlet: the registered domain of that URL; the outlet's name is scored on the pages that
  state one (og:site_name, JSON-LD publisher or WebSite name).

The HTML path is run without a URL (a page saved without a manifest), the text path with the
data set's URL (as a manifest gives it). Title exact-match compares `\\w+` tokens case-folded;
token F1 is over the same tokens. "in dump" is title right over the pages whose text dump
states the title (a line of it scoring token F1 >= 0.9 against one of the titles, or holding
one's tokens in a row); on the others no line of the dump is the title: the dump was saved
without the headline (its honest answer is none), or the markup's only title is a
<title> carrying a site name it does not name elsewhere. "dump none: null" counts, of those
others, the pages given no title. Author precision counts the names given on pages whose
metadata states authors; on the others, "byline" counts the names given that a marked byline
shows (all of a name's words, two at least, in one), "printed" those a byline printed in an
element nothing marks shows (a short visible element, up to 120 characters, not in a comment:
the name right after a word such as By or von, or in a dated line of 12 words at most: 'By
Cara Stiles', '11.12.2019 - Amelie Loevenich'), and "invented" the rest: names the page does
not state. --misses lists, for newsstore's paths, each page whose title or authors are not
right ('title*': its dump states none).
"""

from __future__ import annotations

import copy
import gzip
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import tldextract
import trafilatura

from app.normalize import RawInput, normalize
from app.normalize.page_meta import json_ld_objects

DEFAULT_FOLDERS = [
    Path("../shared/data/extraction-dev"),
    Path("../shared/data/extraction-multilingual-dev"),
]
_TOKEN = re.compile(r"\w+")
_SEPARATORS = re.compile(r"\s+[|\u2013\u2014\-:·•»]\s+")
_SEPARATOR_CHARS = " |\u2013\u2014-:·•»"
_TRAIL = re.compile(r"\s+[»>]\s+")
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d+[a-z_]*/", re.IGNORECASE)
_HOME_PATH = re.compile(r"^/?(?:index\.\w+|home|start)?/?$", re.IGNORECASE)
# A domain's name shorter than this is held by chance ('n-tv', 'ap').
_MIN_LABEL = 4
_NAME_SPLIT = re.compile(r"\s*(?:[;,|&]|\band\b)\s*")
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "dc.creator",
    "dcterms.creator",
    "sailthru.author",
)
# A class, id, rel or itemprop naming an element the article's author or byline ('author
# vcard', 'byline__name', 'td-post-author-name', 'autor', 'auteurs'); one naming a comment
# ('comment-author') marks a reader's name, not the article's.
_BYLINE_MARK = re.compile(r"author|autor|auteur|byline", re.IGNORECASE)
_COMMENT_MARK = re.compile(r"comment|kommentar", re.IGNORECASE)
_MARK_ATTRIBUTES = ("class", "id", "rel", "itemprop")
_UNSEEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_UNSEEN_TAGS = frozenset({"head", "script", "style", "noscript", "template", "meta", "title"})
# A byline, an author's box: longer text is a container that merely carries the mark.
_MAX_BYLINE_CHARS = 300
# A byline printed where nothing marks it: a short element (prose naming someone is longer)
# signing a name with a byline word of the data sets' languages, or carrying a date.
_MAX_PRINTED_CHARS = 120
_MAX_DATED_BYLINE_WORDS = 12
_SPACES = re.compile(r"\s+")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)
_MIN_NAME_WORDS = 2
_SIGNING_WORD = r"(?:^|[\s|·•–—-])(?:by|von|par|por|door|av|af|przez|от|autor|author|auteur)"
# ... then a word's end, or a capital: spans printed side by side run together ('ByJane Doe').
_SIGNING = re.compile(_SIGNING_WORD + r"(?:\b|(?=(?-i:[A-ZÀ-ÞА-ЯЁ])))", re.IGNORECASE)
_DATE_SHAPE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\b"
)
_EXTRACT = tldextract.TLDExtract(
    cache_dir=None, suffix_list_urls=(), include_psl_private_domains=True
)


@dataclass
class Truth:
    titles: list[str]
    authors: list[str]
    bylines: list[str]
    printed: list[str]
    urls: set[str]
    domain: str | None
    site_name: str | None
    states_url: bool


@dataclass
class Page:
    key: str
    url: str | None
    text: str
    html: str
    truth: Truth
    dump_titled: bool = False


@dataclass
class Found:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    outlet_name: str | None = None
    outlet_domain: str | None = None


@dataclass
class Tally:
    pages: int = 0
    titled: int = 0
    dump_titled: int = 0
    dump_title_right: int = 0
    dump_untitled_null: int = 0
    title_exact: int = 0
    title_f1: float = 0.0
    title_right: int = 0
    authors_given: int = 0
    authors_right: int = 0
    authors_stated: int = 0
    authors_found: int = 0
    invented: int = 0
    shown: int = 0
    printed: int = 0
    url_stated: int = 0
    url_right: int = 0
    outlet_right: int = 0
    named: int = 0
    name_right: int = 0
    seconds: float = 0.0


# --- truth, from the page's own markup ---------------------------------------------------------


def tokens(text: str | None) -> list[str]:
    """Case-folded words in one Unicode form (NFC: a markup's 'ড়' as one code point and a
    dump's as a letter and its dot are one letter); a soft hyphen (U+00AD, invisible:
    'Genesenen\xadnachweise') splits none."""
    text = unicodedata.normalize("NFC", (text or "").replace("\xad", ""))
    return [t.casefold() for t in _TOKEN.findall(text)]


def token_f1(truth: str | None, found: str | None) -> float:
    want, got = Counter(tokens(truth)), Counter(tokens(found))
    common = sum((want & got).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def _text(element: Any) -> str:
    """The text a reader sees in the element: a style sheet or a script inside it (a heading
    styled inline: '<h1><style>.css-1x{font-size:16px}</style>Headline</h1>') prints none."""
    if element.find(".//style") is not None or element.find(".//script") is not None:
        element = copy.deepcopy(element)
        for code in element.xpath(".//style | .//script"):
            code.drop_tree()  # its tail, the text after it, stays
    return " ".join(element.text_content().split())


def _meta(tree: Any, *names: str) -> list[str]:
    values = []
    for element in tree.xpath("//meta[@content]"):
        key = (element.get("property") or element.get("name") or "").casefold()
        if key in names and element.get("content").strip():
            values.append(" ".join(element.get("content").split()))
    return values


def _types(item: dict) -> set[str]:
    kind = item.get("@type", "")
    return {str(k) for k in (kind if isinstance(kind, list) else [kind])}


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    return [" ".join(value.split())] if isinstance(value, str) and value.strip() else []


def _site_name(tree: Any, items: list[dict]) -> str | None:
    for name in _meta(tree, "og:site_name"):
        return name
    for item in items:
        for name in _names(item.get("publisher")):
            return name
    for item in items:
        if "WebSite" in _types(item):
            for name in _names(item.get("name")):
                return name
    return None


def _site_label(url: str | None) -> str:
    """The registered domain's name without its suffix, its words joined by hyphens
    ('myoos' of foren.myoos.de), a page kept by a web archive read at its own address."""
    domain = registered_domain(_unarchived(url)) or ""
    return "-".join(tokens(domain.split(".")[0])) if domain else ""


def _unarchived(url: str | None) -> str | None:
    """'https://web.archive.org/web/2014.../http://site.com/x' -> 'http://site.com/x'."""
    return _ARCHIVED.sub("", url) if url else url


def _names_site(part: str, sites: list[str], label: str) -> bool:
    """A title's part is the site's name: the name stated (or a part of it: 'BMBF' of
    'Bundesministerium ... - BMBF'), or it spells the domain's name: its letters hold it
    ('MyOOS Community Forum' on myoos.de), or each of its hyphenated words opens one of the
    part's words in turn ('CDU-Fraktion im Erfurter Stadtrat' on cdu-fraktion-erfurt.de)."""
    words = tokens(part)
    if not words:
        return False
    if any(token_f1(site, part) >= 0.5 or set(words) <= set(tokens(site)) for site in sites):
        return True
    if len(label.replace("-", "")) < _MIN_LABEL:
        return False
    if label.replace("-", "") in "".join(words):
        return True
    return "-" in label and _opens_in_turn(label.split("-"), words)


def _opens_in_turn(label_words: list[str], words: list[str]) -> bool:
    rest = iter(words)
    return all(any(word.startswith(lw) for word in rest) for lw in label_words if lw)


def _without_site(title: str, sites: list[str], label: str = "") -> str:
    """'Headline | Site' -> 'Headline' when a part after the first is the site's name (with
    the parts after it: 'Headline | Site | Its motto'), and 'Site | Headline' -> 'Headline'
    when the first part is (one rule for either end, the end first). A title built as a
    trail from the site's name down ('Site » Blog Archive » Headline') names the page by its
    last step, as a breadcrumb trail does."""
    parts = _SEPARATORS.split(title)
    if len(parts) < 2 or any(token_f1(site, title) >= 0.9 for site in sites):
        return title  # one part, or the site's name whole (a home page's title)
    named = [k for k, part in enumerate(parts) if _names_site(part, sites, label)]
    later = [k for k in named if k > 0]
    if later:
        return title[: _part_start(title, parts, later[0])].rstrip(_SEPARATOR_CHARS)
    if named:
        if len(parts) > 2 and all(_TRAIL.fullmatch(m) for m in _SEPARATORS.findall(title)):
            return parts[-1]
        return title[len(parts[0]) :].lstrip(_SEPARATOR_CHARS)
    return title


def _part_start(title: str, parts: list[str], k: int) -> int:
    """Where parts[k] of the title starts (the separators between parts kept as they are)."""
    position = 0
    for part in parts[:k]:
        position = title.index(part, position) + len(part)
    return title.index(parts[k], position)


def _logo_names(tree: Any, url: str | None) -> list[str]:
    """The text of an h1 that links to the site's home page: a blog's logo, the site's name
    (an h1 holding the headline links to the article, or nowhere)."""
    home = registered_domain(_unarchived(url))
    names = []
    for h1 in tree.xpath("//h1[.//a[@href] or ancestor::a[@href]]"):
        href = (h1.xpath(".//a/@href | ancestor::a/@href") or [""])[0]
        target = urlsplit(_unarchived(href.strip()) or "")
        same_site = not target.netloc or registered_domain(target.geturl()) == home
        if same_site and _HOME_PATH.match(target.path) and not target.query and _text(h1):
            names.append(_text(h1))
    return names


def _titles(tree: Any, items: list[dict], sites: list[str], url: str | None) -> list[str]:
    """The page's headline as its markup states it, best first: the h1 that its og:title,
    JSON-LD headline or <title> names; that og:title or headline without the site's name; its
    only h1; its <title> without the site's name. The site's name is the one the page states
    (og:site_name, publisher), its logo's (an h1 linking to the home page), or a title's part
    holding the domain's name. An h1 that is the site's name is none. Any of them counts as
    right."""
    stated = _meta(tree, "og:title") + [n for i in items for n in _names(i.get("headline"))]
    page_titles = [_text(t) for t in tree.xpath("//head/title | //title")[:1]]
    label = (registered_domain(url) or "").split(".")[0]
    h1s = [
        t
        for t in (_text(h) for h in tree.xpath("//h1"))
        if t and not any(token_f1(site, t) >= 0.5 for site in sites) and "".join(tokens(t)) != label
    ]
    titles = [
        h1
        for h1 in h1s
        if any(
            token_f1(c, h1) >= 0.6 or set(tokens(h1)) <= set(tokens(c))
            for c in stated + page_titles
        )
    ][:1]
    site_label = _site_label(url)
    titles += [_without_site(t, sites, site_label) for t in stated]
    titles += h1s[:1] if len(h1s) == 1 else []
    titles += [_without_site(t, sites, site_label) for t in page_titles]
    return list(dict.fromkeys(t for t in titles if t))


def _authors(tree: Any, items: list[dict]) -> list[str]:
    raw = _meta(tree, *_AUTHOR_META)
    for item in items:
        if _types(item) & {"WebSite", "Organization", "WebPage"} and "author" not in item:
            continue
        raw += _names(item.get("author")) + _names(item.get("creator"))
    names = []
    for value in raw:
        if "://" in value or value.startswith("@"):
            continue
        names += [n for n in (p.strip(" .") for p in _NAME_SPLIT.split(value)) if n]
    full = [n for n in names if len(n.split()) > 1]
    kept = full or names
    return list(dict.fromkeys(kept))


def _marks(element: Any) -> str:
    return " ".join(element.get(name) or "" for name in _MARK_ATTRIBUTES)


def _seen(element: Any) -> bool:
    """Shown to a reader: not in the head, a script or a template, not hidden by its
    attributes or its or an ancestor's inline style, and not in a comment."""
    return not any(_unseen_here(node) for node in [element, *element.iterancestors()])


def _bylines(tree: Any) -> list[str]:
    """The text of each visible element the markup marks as the author's or the byline (its
    class, id, rel or itemprop says so: 'byline', 'author vcard', rel="author"): names a page
    shows there it states, whether or not its metadata repeats them."""
    texts = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or not _BYLINE_MARK.search(_marks(element)):
            continue
        text = _text(element)
        if text and len(text) <= _MAX_BYLINE_CHARS and _seen(element):
            texts.append(text)
    return list(dict.fromkeys(texts))


def _printed_bylines(tree: Any) -> list[str]:
    """The short lines a reader sees (a block or a <br> ends one), outside comments, that sign
    a name ('By ...', 'von ...') or carry a date: where a page prints its byline without
    marking it."""
    return [
        line
        for line in dict.fromkeys(_visible_lines(tree))
        if len(line) <= _MAX_PRINTED_CHARS and (_SIGNING.search(line) or _DATE_SHAPE.search(line))
    ]


def _visible_lines(tree: Any) -> list[str]:
    """The page's text as a reader sees it, a line per block (the source's own line breaks
    are spaces): what is hidden, in the head, a script or a comment left out."""
    pieces: list[str] = []

    def walk(element: Any) -> None:
        if isinstance(element.tag, str) and not _unseen_here(element):
            block = "\n" if element.tag in _BLOCK_TAGS else ""
            pieces.append(block + _SPACES.sub(" ", element.text or ""))
            for child in element:
                walk(child)
            pieces.append(block)
        pieces.append(_SPACES.sub(" ", element.tail or ""))  # the text after it: its parent's

    walk(tree)
    lines = "".join(pieces).splitlines()
    return [" ".join(line.split()) for line in lines if line.strip()]


def _unseen_here(element: Any) -> bool:
    """Hidden by its own tag, attributes or inline style, or a comment's."""
    return (
        element.tag in _UNSEEN_TAGS
        or element.get("hidden") is not None
        or bool(_UNSEEN.search(element.get("style") or ""))
        or bool(_COMMENT_MARK.search(_marks(element)))
    )


def _in_printed_byline(name: str, texts: list[str]) -> bool:
    """The name stands in a printed byline: right after its signing word ('By Jane Doe',
    'Autor: Jane Doe'), or in a dated line of a few words ('11.12.2019 - Jane Doe')."""
    words = set(tokens(name))
    if len(words) < _MIN_NAME_WORDS:
        return False
    signed = re.compile(_SIGNING_WORD + r"\W*" + re.escape(name), re.IGNORECASE)
    return any(
        signed.search(text)
        or (
            _DATE_SHAPE.search(text)
            and len(text.split()) <= _MAX_DATED_BYLINE_WORDS
            and words <= set(tokens(text))
        )
        for text in texts
    )


def url_key(url: str | None) -> str | None:
    """Host without www and path without trailing slash: the parts that name the page."""
    if not url:
        return None
    match = re.match(r"^(?:https?:)?//(?:www\.)?([^/?#]+)([^?#]*)", url.strip(), re.I)
    if not match:
        return None
    return (match[1] + match[2].rstrip("/")).casefold()


def registered_domain(url: str | None) -> str | None:
    return _EXTRACT(url).top_domain_under_public_suffix or None if url else None


def read_truth(html: str, dataset_url: str | None) -> Truth:
    parser = lxml.html.HTMLParser(encoding="utf-8")
    tree = lxml.html.fromstring(html.encode("utf-8"), parser=parser) if html.strip() else None
    if tree is None:
        return Truth([], [], [], [], {url_key(dataset_url)} - {None}, None, None, False)
    items = list(json_ld_objects(tree))
    site = _site_name(tree, items)
    sites = [name for name in [site, *_logo_names(tree, dataset_url)] if name]
    stated = tree.xpath('//link[@rel="canonical"]/@href') + _meta(tree, "og:url")
    stated = [u for u in stated if u.startswith(("http", "//"))]
    urls = {url_key(u) for u in [*stated, dataset_url]} - {None}
    return Truth(
        titles=_titles(tree, items, sites, dataset_url),
        authors=_authors(tree, items),
        bylines=_bylines(tree),
        printed=_printed_bylines(tree),
        urls=urls,
        domain=registered_domain(dataset_url or (stated[0] if stated else None)),
        site_name=site,
        states_url=bool(stated),
    )


# --- the extractors ---------------------------------------------------------------------------


def _from_article(raw: RawInput) -> Found:
    article = normalize(raw)
    outlet = article.outlet
    return Found(
        title=article.title,
        authors=article.authors,
        url=article.url,
        outlet_name=outlet.name if outlet else None,
        outlet_domain=outlet.domain if outlet else None,
    )


def newsstore_html(page: Page) -> Found:
    return _from_article(RawInput(content=page.html, format="html"))


def newsstore_text(page: Page) -> Found:
    return _from_article(RawInput(content=page.text, format="text", url=page.url))


def trafilatura_metadata(page: Page) -> Found:
    meta = trafilatura.extract_metadata(page.html)
    return Found(
        title=meta.title,
        authors=[a.strip() for a in (meta.author or "").split(";") if a.strip()],
        url=meta.url,
        outlet_name=meta.sitename,
        outlet_domain=registered_domain(meta.url),
    )


# --- scoring ----------------------------------------------------------------------------------


def same_name(a: str, b: str) -> bool:
    """One name's words are the other's (a middle initial or an appended outlet aside)."""
    x, y = set(tokens(a)), set(tokens(b))
    return bool(x and y) and (x <= y or y <= x) and len(x & y) >= min(2, len(x), len(y))


def _known(name: str, names: list[str]) -> bool:
    return any(same_name(name, other) for other in names)


def _in_byline(name: str, bylines: list[str]) -> bool:
    """The name's words (two at least) all stand in one of the page's bylines."""
    words = set(tokens(name))
    return len(words) >= 2 and any(words <= set(tokens(text)) for text in bylines)


def score(page: Page, found: Found, tally: Tally) -> None:
    truth = page.truth
    tally.pages += 1
    if truth.titles:
        tally.titled += 1
        f1 = max(token_f1(title, found.title) for title in truth.titles)
        tally.title_f1 += f1
        tally.title_exact += any(tokens(title) == tokens(found.title) for title in truth.titles)
        tally.title_right += f1 >= 0.9
        tally.dump_titled += page.dump_titled
        tally.dump_title_right += page.dump_titled and f1 >= 0.9
        tally.dump_untitled_null += not page.dump_titled and found.title is None
    if truth.authors:
        tally.authors_stated += len(truth.authors)
        tally.authors_given += len(found.authors)
        tally.authors_right += sum(_known(f, truth.authors) for f in found.authors)
        tally.authors_found += sum(_known(t, found.authors) for t in truth.authors)
    else:
        for name in found.authors:
            if _in_byline(name, truth.bylines):
                tally.shown += 1
            elif _in_printed_byline(name, truth.printed):
                tally.printed += 1
            else:
                tally.invented += 1
    if truth.states_url:
        tally.url_stated += 1
        tally.url_right += url_key(found.url) in truth.urls
        tally.outlet_right += bool(truth.domain) and found.outlet_domain == truth.domain
    if truth.site_name:
        tally.named += 1
        tally.name_right += tokens(found.outlet_name) == tokens(truth.site_name)


def _holds(tokens_of_line: list[str], title: list[str]) -> bool:
    n = len(title)
    return any(tokens_of_line[i : i + n] == title for i in range(len(tokens_of_line) - n + 1))


def dump_states_title(text: str, titles: list[str]) -> bool:
    """Whether a line of the text dump is one of the titles (token F1 >= 0.9) or holds one's
    tokens in a row: what a reader of the dump alone could find."""
    lines = [line for line in text.splitlines() if line.strip()]
    for title in titles:
        wanted = tokens(title)
        if wanted and any(
            token_f1(title, line) >= 0.9 or _holds(tokens(line), wanted) for line in lines
        ):
            return True
    return False


def load_pages(folder: Path) -> list[Page]:
    truth_file = folder / "ground-truth.json"
    if not truth_file.exists():
        truth_file = folder / "truth.json"
    urls = {k: v.get("url") for k, v in json.loads(truth_file.read_text("utf-8")).items()}
    pages = []
    for key in sorted(urls):
        text = (folder / "text" / f"{key}.txt").read_text(encoding="utf-8", errors="replace")
        with gzip.open(folder / "html" / f"{key}.html.gz", "rb") as fh:
            page_html = fh.read().decode("utf-8", errors="replace")
        truth = read_truth(page_html, urls[key])
        page = Page(key, urls[key], text, page_html, truth, dump_states_title(text, truth.titles))
        pages.append(page)
    return pages


EXTRACTORS: list[tuple[str, Callable[[Page], Found]]] = [
    ("trafilatura metadata (html)", trafilatura_metadata),
    ("newsstore HTML path", newsstore_html),
    ("newsstore text path", newsstore_text),
]


def run(pages: list[Page], extract: Callable[[Page], Found], show: bool = False) -> Tally:
    tally = Tally()
    started = time.perf_counter()
    for page in pages:
        found = extract(page)
        score(page, found, tally)
        if show:
            _show_misses(page, found)
    tally.seconds = time.perf_counter() - started
    return tally


def _show_misses(page: Page, found: Found) -> None:
    """With --misses: each page whose title or authors were not right, truth beside output."""
    truth = page.truth
    wrong_authors = [
        a
        for a in found.authors
        if not any(same_name(a, t) for t in truth.authors)
        and (
            truth.authors
            or not (_in_byline(a, truth.bylines) or _in_printed_byline(a, truth.printed))
        )
    ]
    f1 = max((token_f1(title, found.title) for title in truth.titles), default=0.0)
    if f1 < 0.9 and (truth.titles or found.title):
        label = "title " if page.dump_titled else "title*"  # *: the dump states none
        print(f"  {page.key[:8]} {label} {truth.titles[:2]!r}\n           got    {found.title!r}")
    if truth.states_url and url_key(found.url) not in truth.urls:
        print(f"  {page.key[:8]} url    {sorted(truth.urls)!r}\n           got    {found.url!r}")
    if wrong_authors or (truth.authors and not found.authors):
        print(f"  {page.key[:8]} author {truth.authors!r}\n           got    {found.authors!r}")


def _share(part: float, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  -  "


def format_table(folder: Path, pages: list[Page], rows: list[tuple[str, Tally]]) -> str:
    first = rows[0][1]
    lines = [
        f"{folder.name}: {len(pages)} pages; {first.titled} stating a title "
        f"({first.dump_titled} in the text dump too), "
        f"{sum(bool(p.truth.authors) for p in pages)} stating authors "
        f"({first.authors_stated} names), {first.url_stated} stating a URL, "
        f"{first.named} a site name",
        "| extractor                   | title exact | title F1 | title F1>=0.9 | in dump "
        "| dump none: null | author P | author R | invented | byline | printed | url   "
        "| outlet domain "
        "| outlet name |",
        "|-----------------------------|-------------|----------|---------------|---------"
        "|-----------------|----------|----------|----------|--------|---------|-------"
        "|---------------"
        "|-------------|",
    ]
    for name, t in rows:
        lines.append(
            f"| {name:<27} | {_share(t.title_exact, t.titled):<11} "
            f"| {_share(t.title_f1, t.titled):<8} | {_share(t.title_right, t.titled):<13} "
            f"| {_share(t.dump_title_right, t.dump_titled):<7} "
            f"| {f'{t.dump_untitled_null} / {t.titled - t.dump_titled}':<15} "
            f"| {_share(t.authors_right, t.authors_given):<8} "
            f"| {_share(t.authors_found, t.authors_stated):<8} | {t.invented:<8} | {t.shown:<6} "
            f"| {t.printed:<7} "
            f"| {_share(t.url_right, t.url_stated)} | {_share(t.outlet_right, t.url_stated):<13} "
            f"| {_share(t.name_right, t.named):<11} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    show = "--misses" in argv
    for folder in [Path(a) for a in argv if a != "--misses"] or DEFAULT_FOLDERS:
        pages = load_pages(folder)
        rows = []
        for name, extract in EXTRACTORS:
            if show:
                print(f"{name}, misses:")
            rows.append((name, run(pages, extract, show=show and name.startswith("newsstore"))))
        print(format_table(folder, pages, rows))
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
