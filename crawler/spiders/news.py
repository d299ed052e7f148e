"""`news`: the scheduled crawl. Discover articles from each site's feeds, sitemaps and
section fronts, fetch only what earlier runs did not see, one page item each.

    scrapy crawl news -a seeds=seeds/demo.toml -s NEWSINGEST_OUT=data [-a full=1]
    newsingest crawl seeds/mine.toml --out data [--full]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, AsyncIterator, Callable

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.discovery import (DiscoveredUrl, article_links, canonical_article_url, fetch_url, parse_feed,
                               parse_sitemap, section_links)
from crawler.discovery_thread import CHUNK, Candidate, DiscoveryThread, triage
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
        self._queued: set[str] = set()  # keys (canonical_article_url) of the URLs taken in this run
        # Every new article URL of this run, fetched or not: what the run does not finish
        # stays pending in the state store for the next one.
        # key -> (url, site, via, published_at)
        self.found: dict[str, tuple[str, str, str, datetime | None]] = {}
        self._seen_before: set[str] = set()  # keys skipped as known (counted once)
        self._state: StateStore | None = None
        self._discovery_fetched: set[str] = set()  # feed and sitemap URLs requested this run
        # url key -> (lastmod or <updated> seen, record even if not fetched): for the state store
        self.lastmods: dict[str, tuple[str, bool]] = {}
        self._discovery = DiscoveryThread()

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
        # URLs earlier runs found but did not finish are chosen first, so they have the
        # first claim on max_pages (a feed that answers 304 would not list them again).
        # Their requests go out after the discovery requests, as the downloader has room.
        replay = []
        for site in self.seeds.sites:
            replay += [(site, *chosen) for chosen in await self._replay_pending(site)]
        for site in self.seeds.sites:
            for url in site.feeds:
                if self._first_fetch(url):
                    yield self._discovery_request(url, site, "feed", self.parse_feed)
            for url in site.sitemaps:
                if self._first_fetch(url):
                    yield self._discovery_request(url, site, "sitemap", self.parse_sitemap, depth=0)
            for url in site.start_urls:
                yield self._discovery_request(url, site, "link", self.parse_front, depth=0)
        for site, url, via, published_at in replay:
            await self.room_for_requests()
            yield self._article_request(site, url, via, published_at)

    async def _replay_pending(self, site: SiteSeed) -> list[tuple[str, str, datetime | None]]:
        """(url, via, published_at) of the site's pending URLs chosen for this run. Pending
        rows are read a batch at a time, and only until max_pages is reached: a backlog of
        100,000 URLs costs this run the batches it takes from, the rest stays pending."""
        if self._state is None:
            return []
        report = self.reports[site.name]
        report.pending = await self._discovery.run(self._state.pending_count, site.name)
        batches = self._state.pending(site.name, batch=CHUNK)
        chosen: list[tuple[str, str, datetime | None]] = []
        read = 0
        while report.new_urls < site.max_pages:
            batch = await self._discovery.run(next, batches, None)
            if batch is None:
                break
            read += len(batch)
            via_of = {url: via for url, via, _ in batch}
            entries = [DiscoveredUrl(url, published_at) for url, _, published_at in batch]
            for candidate in await self._discovery.run(triage, entries, site.allows, self._lookup_state()):
                via = via_of[candidate.entry.url]
                url = self._take(site, candidate, via)
                if url is not None:
                    chosen.append((url, via, candidate.entry.published_at))
        report.over_limit += report.pending - read  # not read: still pending, for a later run
        return chosen

    def closed(self, reason: str) -> None:
        # Also in Scrapy's stats dump, for `scrapy crawl news` without a dataset folder.
        self.crawler.stats.set_value(SITES_STAT, {name: report.as_dict() for name, report in self.reports.items()})
        self._discovery.close()
        if self._state is not None:
            self._state.close()

    # --- discovery -----------------------------------------------------------------------
    def _first_fetch(self, url: str) -> bool:
        """Whether this feed or sitemap URL is new to the run (each is fetched once a run)."""
        key = canonical_article_url(url)
        if key in self._discovery_fetched:
            return False
        self._discovery_fetched.add(key)
        return True

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

    async def parse_feed(self, response: Response) -> AsyncIterator[Any]:
        site = self._site(response)
        if self._not_modified(response, "feed"):
            return
        entries = await self._discovery.run(parse_feed, response.body, response.url)
        if not entries:
            self.reports[site.name].problems.append(f"feed yielded no entries: {response.url}")
        self._remember_validators(response)
        async for request in self._articles(site, entries, "feed"):
            yield request

    async def parse_sitemap(self, response: Response) -> AsyncIterator[Any]:
        site = self._site(response)
        if self._not_modified(response, "sitemap"):
            return
        try:
            content = await self._discovery.run(parse_sitemap, response.body,
                                                self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
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
                # An index that lists itself, or two that list each other, is read once.
                if site.allows(entry.url) and self._first_fetch(entry.url):
                    yield self._discovery_request(entry.url, site, "sitemap", self.parse_sitemap, depth=depth)
            return
        async for request in self._articles(site, content.entries, "sitemap"):
            yield request

    async def parse_front(self, response: Response) -> AsyncIterator[Any]:
        site = self._site(response)
        if not hasattr(response, "xpath"):
            self.reports[site.name].problems.append(f"start page is not HTML: {response.url}")
            return
        depth = response.meta.get("depth", 0)
        links, sections = await self._discovery.run(_front_links, response, site.allows, depth + 1 < site.max_depth)
        if not links and depth == 0:
            self.reports[site.name].problems.append(f"start page has no article links: {response.url}")
        if depth + 1 <= site.max_depth:
            async for request in self._articles(site, [DiscoveredUrl(link) for link in links], "link"):
                yield request
        for url in sections:  # deeper crawls also walk the site's other section pages
            key = canonical_article_url(url)
            if key not in self._queued:
                self._queued.add(key)
                yield self._discovery_request(url, site, "link", self.parse_front, depth=depth + 1)

    def discovery_failed(self, failure: Failure) -> None:
        request = failure.request
        _, detail = classify_failure(failure)
        kind = request.meta.get("discovery", "discovery")
        report = self.reports[request.meta["site"]]
        report.discovery_failures += 1
        report.problems.append(f"{kind} {request.url} failed: {detail}")

    async def _articles(self, site: SiteSeed, entries: list[DiscoveredUrl], via: str) -> AsyncIterator[scrapy.Request]:
        """Requests for the entries worth fetching, a chunk at a time: keys, spellings and
        state lookups on the discovery thread, the run's bookkeeping here."""
        report = self.reports[site.name]
        report.discovered[via] += len(entries)
        for start in range(0, len(entries), CHUNK):
            spell = report.new_urls < site.max_pages  # past the limit, URLs are only remembered
            candidates = await self._discovery.run(triage, entries[start:start + CHUNK], site.allows,
                                                   self._lookup_state(), spell)
            for candidate in candidates:
                url = self._take(site, candidate, via)
                if url is not None:
                    yield self._article_request(site, url, via, candidate.entry.published_at)

    def _lookup_state(self) -> StateStore | None:
        """The store to ask what earlier runs fetched; none for a full crawl (all is new)."""
        return None if self.full else self._state

    def _take(self, site: SiteSeed, candidate: Candidate, via: str) -> str | None:
        """The run's bookkeeping for one allowed URL: the URL to request now, or None when
        it is taken already, known, or over max_pages (then it is remembered as pending)."""
        report = self.reports[site.name]
        if candidate.key in self._queued:
            if candidate.lastmod:  # queued from a link or a feed: its sitemap lastmod still counts
                self.lastmods.setdefault(candidate.key, (candidate.lastmod, False))
            return None
        # Seen before: fetched again only when a sitemap says it changed since. Not marked
        # as queued, so a later sitemap entry with a newer lastmod still counts.
        if not candidate.is_wanted():
            if candidate.lastmod and candidate.last_fetched is not None and candidate.recorded_lastmod is None:
                self.lastmods[candidate.key] = (candidate.lastmod, True)  # current as fetched: the baseline
            if candidate.key not in self._seen_before:
                self._seen_before.add(candidate.key)
                report.already_seen += 1
            return None
        if candidate.last_fetched is not None:
            report.modified += 1
        self._queued.add(candidate.key)
        if candidate.lastmod:
            self.lastmods[candidate.key] = (candidate.lastmod, False)  # recorded once the fetch finishes
        url = candidate.fetch_url
        self.found[candidate.key] = (url or candidate.entry.url, site.name, via, candidate.entry.published_at)
        if report.new_urls >= site.max_pages:
            report.over_limit += 1
            return None
        report.new_urls += 1
        return url or fetch_url(candidate.entry.url, candidate.key)

    def _article_request(self, site: SiteSeed, url: str, via: str, published_at: datetime | None) -> scrapy.Request:
        request = self.page_request(url, via, **self._site_meta(site))
        request.meta["known_published_at"] = published_at
        return request


def _front_links(response: Response, allows: Callable[[str], bool], sections: bool) -> tuple[list[str], list[str]]:
    """A front page's article links and, when the crawl goes deeper, its other section
    fronts (on the discovery thread: parsing the page and spelling its links)."""
    hrefs = response.xpath("//a/@href").getall()
    return article_links(hrefs, response.url, allows), section_links(hrefs, response.url, allows) if sections else []


def _slot(site: SiteSeed) -> str:
    return f"site:{site.name}"


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
