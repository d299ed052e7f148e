"""What flows through the Scrapy side: fetched pages and fetch failures from the spiders,
then articles and rejects out of the cleaning pipeline."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cleaning.models import Article, Rejection, RejectReason


@dataclass
class FetchedPage:
    """One HTTP response, as the spider got it; the spider does not clean."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    discovered_via: str = "url"
    known_published_at: datetime | None = None  # from a feed or news sitemap
    site: str | None = None  # the seeds' site name (scheduled crawls)


@dataclass
class FetchFailure:
    """A request that produced no page: it still ends as a reject row."""

    url: str
    reason: RejectReason
    detail: str
    fetched_at: datetime
    discovered_via: str = "url"
    site: str | None = None
    requested_url: str | None = None  # before redirects, when it differs from `url`


@dataclass
class ArticleItem:
    article: Article
    fetched_at: datetime
    version: int = 1
    site: str | None = None
    requested_url: str | None = None  # before redirects, when it differs from article.url
    run_id: str = ""  # the crawl's run id, for feeds (the dataset writer knows its own)


@dataclass
class RejectItem:
    rejection: Rejection
    fetched_at: datetime
    discovered_via: str | None = None
    site: str | None = None
    requested_url: str | None = None  # before redirects, when it differs from the rejected URL
