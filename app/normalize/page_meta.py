"""What an HTML page's markup states about its article: URL, site name, headline.

trafilatura's metadata (Open Graph, JSON-LD, meta tags, the canonical link) is the base; this
module adds what it does not say: where each value came from, the headline as the page prints
it (the h1 that the metadata title names, without the site name the og:title tends to carry),
and the publisher named in JSON-LD when Open Graph names no site.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement
from trafilatura.settings import Document

from app.normalize.decode import clean
from app.normalize.identity import domain_of

_TOKEN = re.compile(r"\w+")
# What sites put between a headline and their name: 'Headline | Site', 'Site - Headline'.
_SEPARATOR = re.compile(r"\s+[|\u2013\u2014\-:·•»]\s+|\s*[|·•»]\s*")
_MIN_H1_AGREEMENT = 0.6
_MIN_SITE_AGREEMENT = 0.5
_MIN_WORD_CHARS = 4
# A link to a site's home page: its root, or an index or home page at the root.
_HOME_PATH = re.compile(r"^/?(?:index\.\w+|home|start)?/?$", re.IGNORECASE)


@dataclass
class PageMeta:
    url: str | None = None
    site_name: str | None = None
    title: str | None = None
    title_source: str | None = None


def read_page_meta(tree: HtmlElement, metadata: Document, given_url: str | None) -> PageMeta:
    url = metadata.url if metadata.url and metadata.url != given_url else None
    url = url or _stated_url(tree)
    site = _site_name(tree, metadata, url or given_url)
    title, source = _headline(tree, _field(metadata.title), site, url or given_url)
    return PageMeta(url=url, site_name=site, title=title, title_source=source)


def _stated_url(tree: HtmlElement) -> str | None:
    """The canonical link or og:url wherever the page has them: trafilatura reads them in the
    head only, and a page with a stray element before its head has them parsed into the body."""
    stated = tree.xpath('//link[@rel="canonical"]/@href | //meta[@property="og:url"]/@content')
    for value in stated:
        value = value.strip()
        if value.startswith("//"):
            value = "https:" + value
        parts = urlsplit(value)
        if parts.scheme in {"http", "https"} and parts.netloc:
            return value
    return None


def _field(value: str | None) -> str | None:
    return " ".join(clean(value).split()) or None if value else None


def _tokens(text: str | None) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text or "")]


def _agreement(a: str | None, b: str | None) -> float:
    """Token F1 of two strings."""
    x, y = _tokens(a), _tokens(b)
    common = sum(min(x.count(t), y.count(t)) for t in set(x))
    return 2 * common / (len(x) + len(y)) if common else 0.0


def json_ld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iterfind('.//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k == "@graph")


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        return next((n for n in map(_name, value) if n), None)
    if isinstance(value, dict):
        return _name(value.get("name"))
    return _field(value) if isinstance(value, str) else None


def _site_name(tree: HtmlElement, metadata: Document, url: str | None) -> str | None:
    """og:site_name, else the JSON-LD publisher, else the name trafilatura read elsewhere in
    the markup (application name, the title's site part); never the URL's host, which is
    the outlet's domain, not its name."""
    for element in tree.iterfind('.//meta[@property="og:site_name"]'):
        if name := _field(element.get("content")):
            return name
    for item in json_ld_objects(tree):
        if name := _name(item.get("publisher")):
            return name
    name = _field(metadata.sitename)
    if not name or (url and name.casefold() in url.casefold()):
        return None
    return name


def _headings(tree: HtmlElement, tag: str) -> list[str]:
    texts = (" ".join(h.text_content().split()) for h in tree.iterfind(f".//{tag}"))
    return [_field(t) or "" for t in texts if t]


def _stated_title(
    tree: HtmlElement, metadata_title: str | None, logos: list[str]
) -> tuple[str | None, bool]:
    """trafilatura's title, unless the markup states no og:title nor JSON-LD headline and that
    title shares no word with the page's <title> (see _unrelated) or is the site's logo:
    trafilatura then named a heading ('Hauptmenü', 'Pressemitteilungen', the blog's name), and
    the <title> is what the page says. With it, whether the <title> replaced it."""
    if tree.xpath('//meta[@property="og:title"]/@content') or any(
        _name(item.get("headline")) for item in json_ld_objects(tree)
    ):
        return metadata_title, False
    page_title = next(
        (name for e in tree.iterfind(".//title") if (name := _field(e.text_content()))), None
    )
    if page_title and (
        not metadata_title or metadata_title in logos or _unrelated(metadata_title, page_title)
    ):
        return page_title, True
    return metadata_title, False


def _logo_names(tree: HtmlElement, url: str | None) -> list[str]:
    """The text of each h1 that links to the site's home page: a blog theme's logo, the site's
    name (a headline's h1 links to its article, or nowhere)."""
    home = domain_of(url)
    names = []
    for h1 in tree.xpath("//h1[.//a[@href] or ancestor::a[@href]]"):
        href = (h1.xpath(".//a/@href | ancestor::a/@href") or [""])[0].strip()
        target = urlsplit(href)
        same_site = not target.netloc or (home is not None and domain_of(href) == home)
        name = _field(" ".join(h1.text_content().split()))
        if name and same_site and _HOME_PATH.match(target.path) and not target.query:
            names.append(name)
    return names


def _unrelated(a: str, b: str) -> bool:
    """No word of one is in a word of the other ('Chorgeschichte' holds 'Geschichte'); short
    words ('e.V.', 'de') are in too many to tell."""
    longer = [w for w in _tokens(a) if len(w) >= _MIN_WORD_CHARS]
    words = {w for w in _tokens(b) if len(w) >= _MIN_WORD_CHARS}
    return not any(x in y or y in x for x in longer for y in words)


def _headline(
    tree: HtmlElement, metadata_title: str | None, site: str | None, url: str | None
) -> tuple[str | None, str]:
    """The page's h1 that the title names, the one agreeing with it most (the headline as
    printed, not the logo beside it: 'Ethify' in 'Vegetarier ... | Ethify'), or an h2 when
    the title is the page's <title>; else the title without its site name; else the page's
    first h1. A heading that spells the site's name or its domain is the site's logo, not a
    headline."""
    label = _letters(domain_of(url).split(".")[0]) if domain_of(url) else ""
    logos = _logo_names(tree, url)
    site = site or (logos[0] if logos else None)
    title, from_page_title = _stated_title(tree, metadata_title, logos)

    def is_site(heading: str) -> bool:
        return any(_agreement(name, heading) >= _MIN_SITE_AGREEMENT for name in [site, *logos])

    h1s: list[str] = []
    for tag in ("h1", "h2") if from_page_title else ("h1",):
        headings = [
            h for h in _headings(tree, tag) if h and not is_site(h) and _letters(h) != label
        ]
        h1s = headings if tag == "h1" else h1s
        named = [h for h in headings if title and _names(title, h)]
        if named:
            return max(named, key=lambda h: _agreement(title, h)), "html-heading"
    if title:
        return without_site_name(title, site), "html-meta"
    if h1s:
        return h1s[0], "html-heading"
    return None, "html-meta"


def _names(title: str, heading: str) -> bool:
    """Whether the title names the heading: they agree, or the title holds all of the
    heading's words (a title adds the site's name or a section's)."""
    return _agreement(title, heading) >= _MIN_H1_AGREEMENT or set(_tokens(heading)) <= set(
        _tokens(title)
    )


def _letters(text: str) -> str:
    return "".join(_tokens(text))


def without_site_name(title: str, site: str | None) -> str:
    """'Headline | Site' or 'Site: Headline' -> 'Headline' when that part names the site."""
    if not site:
        return title
    parts = [p for p in _SEPARATOR.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    kept = [p for p in parts if _agreement(site, p) < _MIN_SITE_AGREEMENT]
    if not kept or len(kept) == len(parts):
        return title
    start = title.find(kept[0])
    end = title.rfind(kept[-1]) + len(kept[-1])
    return title[start:end].strip() or title
