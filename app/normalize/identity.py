"""Stable identity: canonical URLs, article ids, content hashes and outlets from names or URLs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import tldextract

from app.normalize.article import Outlet

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|ocid|cmpid)$", re.I)
# The public suffix list as the package ships it: never fetched (ingest runs offline), never
# cached to disk. Private suffixes count, so that two blogs on one host are two outlets.
_SUFFIXES = tldextract.TLDExtract(
    cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True, include_psl_private_domains=True
)


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no fragment, no tracking parameters, no default port.

    Two crawls of the same page must map to one article id, so only parts that never change
    which page is served are dropped.
    """
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return None
    host = (parts.hostname or "").lower()
    if parts.port and (parts.scheme, parts.port) not in {("http", 80), ("https", 443)}:
        host = f"{host}:{parts.port}"
    params = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode([(k, v) for k, v in params if not _TRACKING_PARAMS.match(k)])
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def domain_of(url: str | None) -> str | None:
    """The registered domain ('www01.koreaherald.com' -> 'koreaherald.com', 'news.bbc.co.uk'
    -> 'bbc.co.uk'); a host with no public suffix (an address, 'localhost') as it is."""
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    return _registered_domain(host) if host else None


@lru_cache(maxsize=4096)
def _registered_domain(host: str) -> str:
    """Cached: an archive holds many pages of few hosts, and the suffix lookup is the cost."""
    return _SUFFIXES.extract_str(host).top_domain_under_public_suffix or host.removeprefix("www.")


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if slug:
        return slug
    return "outlet-" + hashlib.sha256(name.encode()).hexdigest()[:8]


def outlet_for(name: str | None, url: str | None) -> Outlet | None:
    """The outlet as named (by a manifest, a record or the page's markup), else the URL's
    domain; never from the text."""
    domain = domain_of(url)
    if name and name.strip():
        return Outlet(slug=slugify(name.strip()), name=name.strip(), domain=domain)
    if domain:
        return Outlet(slug=slugify(domain), name=domain, domain=domain)
    return None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(body: str) -> str:
    return _digest(" ".join(body.split()).casefold())


def article_id(canonical: str | None, title: str | None, body: str) -> str:
    """Derived from the canonical URL, else from the normalized title and body."""
    key = canonical or f"{' '.join((title or '').split()).casefold()}\n{content_hash(body)}"
    return _digest(key)[:16]
