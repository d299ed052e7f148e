"""`news`: the scheduled crawl. Discover articles from each site's feeds, sitemaps and
section fronts, fetch only what earlier runs did not see, one page item each.

    scrapy crawl news -a seeds=seeds/demo.toml -s NEWSINGEST_OUT=data [-a full=1]
    newsingest crawl seeds/mine.toml --out data [--full]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterator

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.discovery import (DiscoveredUrl, article_links, canonical_article_url, fetch_url, parse_feed,
                               parse_sitemap, section_links)
from crawler.fetch_errors import classify_failure
from crawler.seeds import Seeds, SiteSeed, load_seeds
from pipelines.folder_claim import folder_refused
from pipelines.state import StateStore

from .base import PageSpider

SITES_STAT = "newsingest/sites"
MAX_SITEMAP_DEPTH = 3  # index -> index -> sitemap is deep enough; deeper is a loop or a trap


@dataclass
class SiteReport:
    """Per site: what discovery found, so an empty feed or a dead site is never silent."""

    discovered: dict[str, int] = field(default_factory=lambda: {"feed": 0, "sitemap": 0, "link": 0})
    new_urls: int = 0
    already_seen: int = 0
    modified: int = 0  # seen before, but the sitemap's lastmod is newer than our fetch
    pending: int = 0  # found by an earlier run that did not finish them
    discovery_requests: int = 0  # feeds, sitemaps and start pages asked for
    discovery_failures: int = 0  # of those, the ones that failed (DNS, timeout, 5xx...)
    not_modified: int = 0  # feeds and sitemaps that answered 304
    over_limit: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        problems = list(self.problems)
        if sum(self.discovered.values()) == 0 and not self.not_modified and not self.pending:
            problems.append("discovery found no article URL")
        return {"discovered": dict(self.discovered), "new_urls": self.new_urls,
                "already_seen": self.already_seen, "modified": self.modified, "pending": self.pending,
                "over_limit": self.over_limit, "not_modified": self.not_modified,
                "discovery_requests": self.discovery_requests, "discovery_failures": self.discovery_failures,
                "problems": problems}


def parse_flag(value: Any) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


class NewsSpider(PageSpider):
    name = "news"
    custom_settings = {"NEWSINGEST_STATE": True}

    def __init__(self, seeds: str | Seeds | None = None, full: Any = False, origin: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if seeds is None:
            raise ValueError("no seeds file: use -a seeds=FILE.toml")
        # origin="PLACEHOLDER=REAL" swaps a placeholder origin in the seeds (the demo's port).
        replace = tuple(origin.split("=", 1)) if origin else None
        self.seeds = seeds if isinstance(seeds, Seeds) else load_seeds(seeds, replace)
        self.full = parse_flag(full)
        self.reports = {site.name: SiteReport() for site in self.seeds.sites}
        self.validators: list[tuple[str, str | None, str | None]] = []  # (feed url, etag, last-modified)
        self._queued: set[str] = set()  # article URLs requested in this run
        # Every new article URL of this run, fetched or not: what the run does not finish
        # stays pending in the state store for the next one. url -> (site, via, published_at)
        self.found: dict[str, tuple[str, str, datetime | None]] = {}
        self._seen_before: set[str] = set()  # skipped as known (counted once)
        self._state: StateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        out_dir = crawler.settings.get("NEWSINGEST_OUT")
        spider._state = StateStore(out_dir) if out_dir else None
        spider._set_site_delays(crawler.settings)
        return spider

    def _set_site_delays(self, settings: Any) -> None:
        """A site's crawl_delay becomes a download slot of its own (DOWNLOAD_SLOTS)."""
        slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
        for site in self.seeds.sites:
            if site.crawl_delay is not None:
                slots.setdefault(_slot(site), {"delay": site.crawl_delay, "concurrency": 1})
        if slots and not getattr(settings, "frozen", False):
            settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    async def start(self):
        if folder_refused(self.crawler):
            return  # another run holds the dataset folder, or it cannot be written
        for site in self.seeds.sites:
            # URLs earlier runs found but did not finish go first: a feed that answers 304
            # would not list them again.
            for url, via, published_at in (self._state.pending(site.name) if self._state else []):
                self.reports[site.name].pending += 1
                for request in self._articles(site, [DiscoveredUrl(url, published_at)], via, count=False):
                    yield request
            for url in site.feeds:
                yield self._discovery_request(url, site, "feed", self.parse_feed)
            for url in site.sitemaps:
                yield self._discovery_request(url, site, "sitemap", self.parse_sitemap, depth=0)
            for url in site.start_urls:
                yield self._discovery_request(url, site, "link", self.parse_front, depth=0)

    def closed(self, reason: str) -> None:
        # Also in Scrapy's stats dump, for `scrapy crawl news` without a dataset folder.
        self.crawler.stats.set_value(SITES_STAT, {name: report.as_dict() for name, report in self.reports.items()})
        if self._state is not None:
            self._state.close()

    # --- discovery -----------------------------------------------------------------------
    def _discovery_request(self, url: str, site: SiteSeed, kind: str, callback: Any, depth: int = 0) -> scrapy.Request:
        self.reports[site.name].discovery_requests += 1
        headers = {}
        if self._state is not None and not self.full and kind != "link":
            etag, last_modified = self._state.validators(url)
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        return scrapy.Request(url, callback=callback, errback=self.discovery_failed, headers=headers,
                              dont_filter=True, meta={**self._site_meta(site), "discovery": kind, "depth": depth,
                                                      "handle_httpstatus_list": [304]})

    def _site_meta(self, site: SiteSeed) -> dict[str, Any]:
        meta: dict[str, Any] = {"site": site.name}
        if site.crawl_delay is not None:
            meta.update(download_slot=_slot(site), autothrottle_dont_adjust_delay=True)
        return meta

    def _site(self, response: Response) -> SiteSeed:
        name = response.meta["site"]
        return next(site for site in self.seeds.sites if site.name == name)

    def _not_modified(self, response: Response, what: str) -> bool:
        if response.status == 304:
            self.logger.info("%s not modified since the last run: %s", what, response.url)
            self.reports[response.meta["site"]].not_modified += 1
            return True
        return False

    def _remember_validators(self, response: Response) -> None:
        """Only for a feed or sitemap that was read: a broken one is fetched in full next time."""
        self.validators.append((response.url, _header(response, b"ETag"), _header(response, b"Last-Modified")))

    def parse_feed(self, response: Response) -> Iterator[Any]:
        site = self._site(response)
        if self._not_modified(response, "feed"):
            return
        entries = parse_feed(response.body, response.url)
        if not entries:
            self.reports[site.name].problems.append(f"feed yielded no entries: {response.url}")
        self._remember_validators(response)
        yield from self._articles(site, entries, "feed")

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        site = self._site(response)
        if self._not_modified(response, "sitemap"):
            return
        try:
            content = parse_sitemap(response.body, self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        except Exception as error:  # noqa: BLE001 - a broken sitemap is a site problem, not a crash
            self.reports[site.name].problems.append(f"sitemap unreadable: {response.url}: {error}")
            return
        if not content.entries:
            self.reports[site.name].problems.append(f"sitemap yielded no URLs: {response.url}")
        self._remember_validators(response)
        if content.is_index:
            depth = response.meta.get("depth", 0) + 1
            if depth > MAX_SITEMAP_DEPTH:
                self.reports[site.name].problems.append(f"sitemap index nested too deep: {response.url}")
                return
            for entry in content.entries:
                if site.allows(entry.url):
                    yield self._discovery_request(entry.url, site, "sitemap", self.parse_sitemap, depth=depth)
            return
        yield from self._articles(site, content.entries, "sitemap")

    def parse_front(self, response: Response) -> Iterator[Any]:
        site = self._site(response)
        if not hasattr(response, "xpath"):
            self.reports[site.name].problems.append(f"start page is not HTML: {response.url}")
            return
        hrefs = response.xpath("//a/@href").getall()
        links = article_links(hrefs, response.url, site.allows)
        depth = response.meta.get("depth", 0)
        if not links and depth == 0:
            self.reports[site.name].problems.append(f"start page has no article links: {response.url}")
        if depth + 1 <= site.max_depth:
            yield from self._articles(site, [DiscoveredUrl(link) for link in links], "link")
        if depth + 1 < site.max_depth:  # deeper crawls also walk the site's other section pages
            for url in section_links(hrefs, response.url, site.allows):
                if canonical_article_url(url) not in self._queued:
                    self._queued.add(canonical_article_url(url))
                    yield self._discovery_request(url, site, "link", self.parse_front, depth=depth + 1)

    def discovery_failed(self, failure: Failure) -> None:
        request = failure.request
        _, detail = classify_failure(failure)
        kind = request.meta.get("discovery", "discovery")
        report = self.reports[request.meta["site"]]
        report.discovery_failures += 1
        report.problems.append(f"{kind} {request.url} failed: {detail}")

    def _articles(self, site: SiteSeed, entries: list[DiscoveredUrl], via: str,
                  count: bool = True) -> Iterator[scrapy.Request]:
        report = self.reports[site.name]
        if count:
            report.discovered[via] += len(entries)
        for entry in entries:
            if not site.allows(entry.url):
                continue
            key = canonical_article_url(entry.url)  # one key for every spelling of the page
            if key in self._queued:
                continue
            url = fetch_url(entry.url)
            if not self.full and self._state is not None:
                last_fetched = self._state.last_fetched(url)
                # Seen before: fetched again only when a sitemap says it changed since. Not
                # marked as queued, so a later sitemap entry with a newer lastmod still counts.
                if last_fetched is not None and not (entry.modified_at and entry.modified_at > last_fetched):
                    if url not in self._seen_before:
                        self._seen_before.add(url)
                        report.already_seen += 1
                    continue
                if last_fetched is not None:
                    report.modified += 1
            self._queued.add(key)
            self.found[url] = (site.name, via, entry.published_at)
            if report.new_urls >= site.max_pages:
                report.over_limit += 1
                continue
            report.new_urls += 1
            request = self.page_request(url, via, **self._site_meta(site))
            request.meta["known_published_at"] = entry.published_at
            yield request


def _slot(site: SiteSeed) -> str:
    return f"site:{site.name}"


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
