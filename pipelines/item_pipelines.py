"""Scrapy item pipelines: clean off the reactor, drop duplicates, write the dataset.

    ITEM_PIPELINES = {
        "pipelines.item_pipelines.CleaningPipeline": 100,
        "pipelines.item_pipelines.DedupPipeline": 200,
        "pipelines.item_pipelines.DatasetWriterPipeline": 300,
    }
"""
from __future__ import annotations

from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredSemaphore

from cleaning import Article, KnownFacts, PageInput, Rejection, Stage, clean_page
from crawler.items import ArticleItem, FetchedPage, FetchFailure, RejectItem

from .dataset import DatasetWriter, new_run_id
from .dedup import RunDeduplicator
from .pool import CleaningPool, default_workers
from .twisted_bridge import deferred_from_pool_future

RUN_ID_STAT = "newsingest/run_id"


def run_id_for(crawler: Any) -> str:
    """One run id per crawl, shared by every component: from the settings, else made once."""
    run_id = crawler.settings.get("NEWSINGEST_RUN_ID") or crawler.stats.get_value(RUN_ID_STAT)
    if not run_id:
        run_id = new_run_id()
    crawler.stats.set_value(RUN_ID_STAT, run_id)
    return run_id


class DuplicateArticle(DropItem):
    """Dropped because the run already wrote this article (same id or same text)."""


class CleaningPipeline:
    """Fetched pages -> ArticleItem or RejectItem, cleaned in a process pool.

    The reactor only submits work and receives results; at most NEWSINGEST_MAX_IN_FLIGHT
    pages are in the pool at once, and Scrapy's scraper slot (SCRAPER_SLOT_MAX_ACTIVE_SIZE)
    stops the downloader while too many responses wait, so memory stays flat.
    """

    def __init__(self, crawler: Any, workers: int, max_in_flight: int) -> None:
        self.crawler = crawler
        self.workers = workers
        self._slots = DeferredSemaphore(max_in_flight)
        self._pool: CleaningPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "CleaningPipeline":
        workers = crawler.settings.getint("NEWSINGEST_WORKERS") or default_workers()
        max_in_flight = crawler.settings.getint("NEWSINGEST_MAX_IN_FLIGHT") or workers * 2
        return cls(crawler, workers, max_in_flight)

    def open_spider(self, spider: Any = None) -> None:
        self._pool = CleaningPool(self.workers)

    def close_spider(self, spider: Any = None) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, FetchFailure):
            rejection = Rejection(item.url, Stage.FETCH, item.reason, item.detail)
            return RejectItem(rejection, item.fetched_at, item.discovered_via)
        if isinstance(item, FetchedPage):
            # The reactor waits on a Deferred; the work runs in another process.
            return await maybe_deferred_to_future(self._slots.run(self._clean, item))
        return item

    def _clean(self, item: FetchedPage) -> Deferred:
        from twisted.internet import reactor

        page = PageInput(
            body=item.body,
            url=item.final_url,
            headers=item.headers,
            known=KnownFacts(published_at=item.known_published_at, discovered_via=item.discovered_via),
            fetched_at=item.fetched_at,
        )
        assert self._pool is not None, "open_spider() starts the pool"
        deferred = deferred_from_pool_future(self._pool.submit(clean_page, page), reactor)
        return deferred.addCallback(_as_item, item)


def _as_item(result: Article | Rejection, page: FetchedPage) -> ArticleItem | RejectItem:
    if isinstance(result, Article):
        return ArticleItem(result, page.fetched_at)
    return RejectItem(result, page.fetched_at, page.discovered_via)


class DedupPipeline:
    """Within a run, the same article (same article_id or content_hash) goes through once."""

    def __init__(self) -> None:
        self._seen = RunDeduplicator()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, ArticleItem) and self._seen.is_duplicate(item.article):
            raise DuplicateArticle(f"duplicate article in this run: {item.article.url}")
        return item


class DatasetWriterPipeline:
    """Articles and rejects into the dataset under NEWSINGEST_OUT (off when it is unset)."""

    def __init__(self, crawler: Any, out_dir: str) -> None:
        self.crawler = crawler
        self.out_dir = out_dir
        self.writer: DatasetWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "DatasetWriterPipeline":
        out_dir = crawler.settings.get("NEWSINGEST_OUT")
        if not out_dir:
            raise NotConfigured("NEWSINGEST_OUT is not set: no dataset is written")
        pipeline = cls(crawler, out_dir)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def open_spider(self, spider: Any = None) -> None:
        command = self.crawler.settings.get("NEWSINGEST_COMMAND") or f"scrapy crawl {self.crawler.spidercls.name}"
        self.writer = DatasetWriter(self.out_dir, command=command, run_id=run_id_for(self.crawler))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        assert self.writer is not None
        if isinstance(item, ArticleItem):
            self.writer.write_article(item.article, item.fetched_at, item.version)
        elif isinstance(item, RejectItem):
            self.writer.write_reject(item.rejection, item.fetched_at, item.discovered_via)
        return item

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any = None) -> None:
        if self.writer is not None and isinstance(exception, DuplicateArticle):
            self.writer.count_duplicate()

    def close_spider(self, spider: Any = None) -> None:
        if self.writer is None:
            return
        stats = self.crawler.stats.get_stats()
        self.writer.manifest.extra["scrapy_stats"] = {key: _jsonable(value) for key, value in sorted(stats.items())}
        self.writer.close()


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
