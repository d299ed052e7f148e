"""Finding article URLs: feeds, sitemaps and section fronts. Parsing only, no fetching.

Feeds go through feedparser, sitemaps through Scrapy's own Sitemap parser (lxml with
entities off); the DOCTYPE of a feed is cut before parsing, so no external entity is
fetched and no entity expansion bomb goes off.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable
from urllib.parse import urldefrag, urlsplit

import feedparser
from courlan import is_navigation_page, is_not_crawlable
from courlan import normalize_url as courlan_normalize
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from cleaning.dates import parse_datetime
from cleaning.identity import dedup_key as canonical_article_url
from cleaning.identity import http_url, normalize_url

_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[[^\]]*\])?[^>]*>", re.I | re.S)
_NON_ARTICLE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".css", ".js", ".xml", ".rss",
                         ".zip", ".mp3", ".mp4", ".ico", ".json", ".txt")
_INDEX_STEMS = {"", "index", "default", "home", "main", "start"}
_ARTICLE_ID = re.compile(r"\d{4,}")
_QUERY_ID = re.compile(r"(?:^|&)(?:id|p|story|article|articleid|newsid)=\d{3,}(?:&|$)", re.I)
# Path segments of pages that are about the site or the reader, never an article.
_NON_ARTICLE_SEGMENTS = {
    "author", "authors", "autor", "auteur", "profile", "profiles", "account", "accounts", "user", "users",
    "login", "logout", "signin", "signup", "register", "subscribe", "subscription", "newsletter",
    "newsletters", "search", "archive", "archives", "terms", "terms-of-service", "terms-of-use",
    "privacy", "privacy-policy", "cookie-policy", "contact", "contact-us", "about", "about-us",
    "impressum", "datenschutz", "mentions-legales", "tag", "tags", "category", "categories", "topic", "topics",
}


@dataclass(frozen=True)
class DiscoveredUrl:
    url: str
    published_at: datetime | None = None  # from the feed entry or news sitemap
    modified_at: datetime | None = None  # a sitemap's lastmod, a feed entry's <updated>


@dataclass(frozen=True)
class SitemapContent:
    is_index: bool
    entries: list[DiscoveredUrl]  # pages (urlset) or child sitemaps (index)


def parse_feed(body: bytes, feed_url: str) -> list[DiscoveredUrl]:
    """Entries of an RSS 0.9x/1.0/2.0 or Atom feed: link and publication time."""
    parsed = feedparser.parse(_DOCTYPE.sub(b"", body[:20_000_000]), sanitize_html=False,
                              resolve_relative_uris=False)
    # An Atom entry's <updated> changes when the article does: its lastmod. (feedparser
    # also fills `updated` from an RSS item's pubDate, which is no such thing.)
    atom = str(parsed.get("version", "")).startswith("atom")
    found = []
    for entry in parsed.entries:
        url = http_url(entry.get("link") or _first_alternate(entry), feed_url)
        if url:
            found.append(DiscoveredUrl(url, _feed_time(entry), parse_datetime(entry.get("updated")) if atom else None))
    return found


def _first_alternate(entry: Any) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def _feed_time(entry: Any) -> datetime | None:
    for key in ("published", "updated"):
        value = parse_datetime(entry.get(key))
        if value is not None:
            return value
    struct = entry.get("published_parsed") or entry.get("updated_parsed")
    if struct:
        return datetime(*struct[:6], tzinfo=timezone.utc)
    return None


class _NewsSitemap(Sitemap):
    """Scrapy's Sitemap, also reading <news:publication_date> (Google News sitemaps)."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: Any) -> dict[str, Any] | None:
        published = None
        for child in elem.iter():
            if self._get_tag_name(child) == "publication_date" and child.text:
                published = child.text.strip()
        entry = super()._process_sitemap_element(elem)
        if entry is not None and published:
            entry["publication_date"] = published
        return entry


def parse_sitemap(body: bytes, max_size: int = 50 * 1024 * 1024) -> SitemapContent:
    """A sitemap (gzip too) or a sitemap index; news sitemap dates come with their URLs."""
    if body[:2] == b"\x1f\x8b":  # gzip, whatever the file is called
        body = gunzip(body, max_size=max_size)
    sitemap = _NewsSitemap(body)
    entries = []
    for entry in sitemap:
        url = http_url(entry["loc"])
        if url:
            entries.append(DiscoveredUrl(url, parse_datetime(entry.get("publication_date")),
                                         parse_datetime(entry.get("lastmod"))))
    return SitemapContent(sitemap.type == "sitemapindex", entries)


def looks_like_article_url(url: str) -> bool:
    """A link worth fetching as an article: not a tag/category/author/page/login page, not a
    file, not an index; a slug of several words or a numeric id."""
    if not http_url(url) or is_not_crawlable(url) or is_navigation_page(url):
        return False
    parts = urlsplit(url)
    path = parts.path
    if path.lower().endswith(_NON_ARTICLE_SUFFIXES):
        return False
    segments = [segment for segment in path.split("/") if segment]
    if not segments or any(segment.lower() in _NON_ARTICLE_SEGMENTS for segment in segments):
        return False
    if _QUERY_ID.search(parts.query):
        return True
    stem = re.sub(r"\.(s?html?|php|aspx?)$", "", segments[-1].lower())
    if stem in _INDEX_STEMS:
        return False
    if stem.count("-") >= 2 or stem.count("_") >= 2:
        return True
    # A number of four digits or more in the last two segments: an id (not /archive/2024).
    if stem.isdigit() and len(stem) == 4:
        return False  # /news/2024: a year's archive
    return len(segments) >= 2 and bool(_ARTICLE_ID.search("/".join(segments[-2:])))


def article_links(hrefs: Iterable[str], page_url: str, allows: Any) -> list[str]:
    """Same-site links from a front page that look like articles, in page order, once each."""
    return [url for key, url in _site_links(hrefs, page_url, allows) if looks_like_article_url(key)]


def section_links(hrefs: Iterable[str], page_url: str, allows: Any) -> list[str]:
    """Same-site HTML pages that are not articles and not tag/author/login pages: more fronts."""
    return [url for key, url in _site_links(hrefs, page_url, allows)
            if not looks_like_article_url(key) and not is_not_crawlable(key) and not is_navigation_page(key)
            and not urlsplit(key).path.lower().endswith(_NON_ARTICLE_SUFFIXES)]


def fetch_url(url: str, key: str | None = None) -> str:
    """The spelling to request: the site's own path (a trailing slash may matter to its
    server) without fragment or tracking parameters; an AMP variant is fetched as the
    article itself. `key`: the URL's canonical_article_url, when the caller has it."""
    key = key or canonical_article_url(url)
    if key != normalize_url(url):
        return key
    try:
        return urldefrag(courlan_normalize(url, strict=False, trailing_slash=True)).url
    except (ValueError, TypeError):
        return urldefrag(url).url


def _site_links(hrefs: Iterable[str], page_url: str, allows: Any) -> list[tuple[str, str]]:
    """Links of the site, in page order, once per page: AMP, tracking and slash variants
    are folded (judged on the folded form, since /story/amp is the story), and the first
    spelling seen is kept, without its fragment: the URL the site itself links to."""
    seen: dict[str, str] = {}
    for href in hrefs:
        url = http_url(href, page_url)
        if url and allows(url):
            seen.setdefault(canonical_article_url(url), fetch_url(url))
    return list(seen.items())
