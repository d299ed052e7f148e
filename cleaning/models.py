"""What goes into the cleaning stage and what comes out of it."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Mapping


class Stage(str, enum.Enum):
    """Where in the flow an input was turned away."""

    INPUT = "input"  # the file or URL could not be read at all
    FETCH = "fetch"  # network: status, DNS, timeout, robots.txt (Scrapy side)
    DECODE = "decode"  # bytes are not an HTML document
    EXTRACT = "extract"  # trafilatura found no article body
    QUALITY = "quality"  # a body was found but it is not an article


class RejectReason(str, enum.Enum):
    UNREADABLE = "unreadable"  # file missing, unreadable, or bad gzip
    INVALID_URL = "invalid_url"  # not an http(s) URL with a host
    EMPTY = "empty"  # no bytes, or only whitespace / markup with no text
    PDF = "pdf"
    IMAGE = "image"
    BINARY = "binary"  # other non-text bytes
    NOT_HTML = "not_html"  # text, but not HTML (JSON, plain text, XML feed...)
    NO_CONTENT = "no_content"  # trafilatura returned no body
    EXTRACTION_ERROR = "extraction_error"  # the extractor raised
    TOO_SHORT = "too_short"
    LINK_LIST = "link_list"  # mostly links: an index, a tag page, a site map
    SECTION_FRONT = "section_front"  # teasers under headline links: a front page, not an article
    ALL_BOILERPLATE = "all_boilerplate"  # nothing left once boilerplate is stripped
    # fetch stage (crawler/)
    HTTP_STATUS = "http_status"
    DNS_ERROR = "dns_error"
    TIMEOUT = "timeout"
    CONNECTION_ERROR = "connection_error"
    ROBOTS_TXT = "robots_txt"
    TOO_LARGE = "too_large"
    FETCH_ERROR = "fetch_error"


@dataclass(frozen=True)
class KnownFacts:
    """What the caller already knows about the page before it is cleaned."""

    published_at: datetime | None = None  # e.g. from a feed or a news sitemap
    title: str | None = None
    discovered_via: str = "url"  # feed, sitemap, link, url, file, warc


@dataclass(frozen=True)
class PageInput:
    """One page to clean: its bytes and what came with them."""

    body: bytes
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    known: KnownFacts = field(default_factory=KnownFacts)
    # When the bytes were fetched (UTC); dates after it are not believed. None: now.
    fetched_at: datetime | None = None


@dataclass(frozen=True)
class Article:
    article_id: str
    url: str
    canonical_url: str | None
    domain: str | None
    title: str | None
    text: str
    authors: list[str]
    published_at: datetime | None
    published_at_source: str | None
    modified_at: datetime | None
    language: str | None
    description: str | None
    sitename: str | None
    categories: list[str]
    tags: list[str]
    image_url: str | None
    word_count: int
    content_hash: str
    discovered_via: str


@dataclass(frozen=True)
class Rejection:
    url: str
    stage: Stage
    reason: RejectReason
    detail: str = ""
