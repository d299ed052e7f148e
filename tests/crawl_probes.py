"""Scrapy extensions that tests load into a crawl subprocess (-s EXTENSIONS=...) to see
how the crawl did its work. What they saw goes into Scrapy's stats, which the run's
manifest keeps (extra.scrapy_stats)."""
from __future__ import annotations

import gc
import threading
from typing import Any

from scrapy import signals


class DiscoveryThreads:
    """Which threads ran discovery's parsing and triage, and how many keys each state
    lookup asked for at once."""

    def __init__(self, crawler: Any) -> None:
        import crawler.spiders.news as news
        from pipelines.state import StateStore

        self.crawler = crawler
        self.threads: dict[str, set[str]] = {}
        for name in ("parse_sitemap", "parse_feed", "triage", "_front_links"):
            setattr(news, name, self._recording(name, getattr(news, name)))
        original_lookup = StateStore.last_fetched

        def last_fetched(store: StateStore, keys: Any) -> Any:
            keys = list(keys)
            stats = self.crawler.stats
            stats.inc_value("probe/lookups")
            stats.inc_value("probe/lookup_keys", len(keys))
            stats.set_value("probe/lookup_thread", threading.current_thread().name)
            stats.set_value("probe/gc_frozen", gc.get_freeze_count())  # the crawl is on by now
            return original_lookup(store, keys)

        StateStore.last_fetched = last_fetched
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "DiscoveryThreads":
        return cls(crawler)

    def _recording(self, name: str, function: Any) -> Any:
        def recorded(*args: Any, **kwargs: Any) -> Any:
            threads = self.threads.setdefault(name, set())
            threads.add(threading.current_thread().name)
            self.crawler.stats.set_value(f"probe/threads/{name}", ",".join(sorted(threads)))
            return function(*args, **kwargs)
        return recorded

    def spider_opened(self, spider: Any) -> None:
        self.crawler.stats.set_value("probe/reactor_thread", threading.current_thread().name)


class SchedulerDepth:
    """The most requests that waited in the scheduler at once (scheduled, not yet sent
    to the downloader)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.waiting = 0
        crawler.signals.connect(self.scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.sent, signal=signals.request_reached_downloader)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "SchedulerDepth":
        return cls(crawler)

    def scheduled(self, request: Any, spider: Any) -> None:
        self.waiting += 1
        self.crawler.stats.max_value("probe/scheduler_max", self.waiting)

    def sent(self, request: Any, spider: Any) -> None:
        self.waiting -= 1
