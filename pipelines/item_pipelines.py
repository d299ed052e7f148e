"""Scrapy item pipelines: clean off the reactor, drop duplicates, write the dataset.

    ITEM_PIPELINES = {
        "pipelines.item_pipelines.CleaningPipeline": 100,
        "pipelines.item_pipelines.DedupPipeline": 200,
        "pipelines.item_pipelines.IncrementalPipeline": 250,
        "pipelines.item_pipelines.DatasetWriterPipeline": 300,
    }
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredSemaphore

from cleaning.dates import utc_now
from cleaning import Article, KnownFacts, PageInput, Rejection, RejectReason, Stage, clean_page
from crawler.items import ArticleItem, FetchedPage, FetchFailure, RejectItem

from .dataset import DatasetWriter, manifest_path, new_manifest, new_run_id
from .dedup import RunDeduplicator
from .folder_claim import FOLDER_LOCKED, claim_folder
from .pool import CleaningPool, WorkerFailure, default_workers
from .state import StateStore, is_permanent
from .twisted_bridge import deferred_from_pool_future
from .versions import DUPLICATE, UNCHANGED, RunRecord

RUN_ID_STAT = "newsingest/run_id"


def run_id_for(crawler: Any) -> str:
    """One run id per crawl, shared by every component: from the settings, else made once."""
    run_id = crawler.settings.get("NEWSINGEST_RUN_ID") or crawler.stats.get_value(RUN_ID_STAT)
    if not run_id:
        run_id = new_run_id()
    crawler.stats.set_value(RUN_ID_STAT, run_id)
    return run_id


class _CountedDrop(DropItem):
    """A drop that is an outcome, not a problem: logged at DEBUG (Scrapy would print the
    whole item, page bytes included, at WARNING), and carrying the article item, since
    Scrapy's item_dropped signal hands over the spider's original item instead."""

    def __init__(self, message: str, item: "ArticleItem") -> None:
        super().__init__(message, log_level="DEBUG")
        self.item = item


class DuplicateArticle(_CountedDrop):
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
        self._pool = CleaningPool(self.workers).start()  # before the first page, not during the crawl

    def close_spider(self, spider: Any = None) -> None:
        if self._pool is not None:
            self._pool.shutdown()

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, FetchFailure):
            rejection = Rejection(item.url, Stage.FETCH, item.reason, item.detail)
            return RejectItem(rejection, item.fetched_at, item.discovered_via, item.site,
                              requested_url=item.requested_url)
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
        future = self._pool.submit(clean_page, page)
        deferred = deferred_from_pool_future(future, reactor)
        deferred.addErrback(self._retry_elsewhere, page, future)
        return deferred.addCallback(_as_item, item)

    def _retry_elsewhere(self, failure: Any, page: PageInput, future: Any) -> Deferred:
        """The task failed (a worker died): retry it alone, waiting in a thread, not the reactor."""
        from twisted.internet import threads

        assert self._pool is not None
        return threads.deferToThread(self._pool.retry_or_failure, clean_page, page, future)


def _as_item(result: Article | Rejection | WorkerFailure, page: FetchedPage) -> ArticleItem | RejectItem:
    if isinstance(result, WorkerFailure):
        result = Rejection(page.final_url, Stage.EXTRACT, RejectReason.EXTRACTION_ERROR, result.detail)
    requested = page.url if page.url != page.final_url else None
    if isinstance(result, Article):
        return ArticleItem(result, page.fetched_at, site=page.site, requested_url=requested)
    return RejectItem(result, page.fetched_at, page.discovered_via, page.site, requested_url=requested)


class DedupPipeline:
    """Within a run, the same article (same article_id or content_hash) goes through once."""

    def __init__(self) -> None:
        self._seen = RunDeduplicator()

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, ArticleItem) and self._seen.is_duplicate(item.article):
            raise DuplicateArticle(f"duplicate article in this run: {item.article.url}", item)
        return item


class UnchangedArticle(_CountedDrop):
    """Dropped because the dataset already holds this article with this content."""


class IncrementalPipeline:
    """Across runs (NEWSINGEST_STATE on, as the `news` spider sets it): an article already in
    the dataset with the same text is not written again; with new text it is written as
    the next version. What this run did is recorded in the state store only after the
    writer has published its files (close_spider runs after the writer's)."""

    def __init__(self, crawler: Any, out_dir: str) -> None:
        self.crawler = crawler
        self.out_dir = out_dir
        self.state: StateStore | None = None
        self.record: RunRecord | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> "IncrementalPipeline":
        out_dir = crawler.settings.get("NEWSINGEST_OUT")
        if not out_dir or not crawler.settings.getbool("NEWSINGEST_STATE"):
            # Off by design outside scheduled crawls into a dataset: no argument, so Scrapy
            # does not warn about it on every run (its "Enabled item pipelines" line tells).
            raise NotConfigured()
        pipeline = cls(crawler, out_dir)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any = None) -> None:
        """A duplicate dropped earlier in the chain still marks its URLs as seen."""
        if isinstance(exception, DuplicateArticle):
            article_item = exception.item
            if self.record is not None:
                self.record.saw("article", article_item.article.url, article_item.requested_url)

    def open_spider(self, spider: Any = None) -> None:
        # Two runs never write one folder at once: without its claim, no state is touched.
        if claim_folder(self.crawler, self.out_dir).granted:
            self.state = StateStore(self.out_dir)
            self.state.reconcile()
            self.record = RunRecord(self.state)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if self.state is None:
            return item  # the folder was not ours: the spider is closing
        if isinstance(item, ArticleItem):
            verdict = self.record.judge(item.article, item.requested_url)
            if verdict == UNCHANGED:
                raise UnchangedArticle(f"unchanged since the last run: {item.article.url}", item)
            if verdict == DUPLICATE:
                raise DuplicateArticle(f"same text as an article already in the dataset: {item.article.url}", item)
            item.version = verdict
        elif isinstance(item, RejectItem):
            rejection = item.rejection
            if is_permanent(rejection.reason.value, rejection.detail):
                self.record.saw(rejection.reason.value, rejection.url, item.requested_url)
        return item

    def close_spider(self, spider: Any = None) -> Deferred | None:
        if self.state is None:
            return None
        from twisted.internet import threads

        # On a thread: after a big sitemap the run leaves tens of thousands of pending
        # URLs to record, seconds of SQLite work the reactor need not wait in.
        return threads.deferToThread(self._commit, self.crawler.spider)

    def _commit(self, spider: Any) -> None:
        assert self.state is not None
        try:
            validators = list(getattr(spider, "validators", []))
            found = [(key, url, site, via, published)
                     for key, (url, site, via, published) in getattr(spider, "found", {}).items()]
            lastmods = [(key, lastmod, always) for key, (lastmod, always) in getattr(spider, "lastmods", {}).items()]
            assert self.record is not None
            self.record.commit(run_id_for(self.crawler), validators, found, lastmods)
        finally:
            self.state.close()


class DatasetWriterPipeline:
    """Articles and rejects into the dataset under NEWSINGEST_OUT (off when it is unset).

    The writer runs on a thread of its own: filling a row group means compressing
    megabytes (hundreds of ms), which must not stall the reactor. One thread keeps the
    rows in order and is the only one that touches the writer and its counts.
    """

    def __init__(self, crawler: Any, out_dir: str) -> None:
        self.crawler = crawler
        self.out_dir = out_dir
        self.writer: DatasetWriter | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dataset-writer")

    @classmethod
    def from_crawler(cls, crawler: Any) -> "DatasetWriterPipeline":
        out_dir = crawler.settings.get("NEWSINGEST_OUT")
        if not out_dir:
            raise NotConfigured()  # no NEWSINGEST_OUT, no dataset: a feed (-O) is the output
        pipeline = cls(crawler, out_dir)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def _on_writer_thread(self, function: Any, *args: Any) -> Deferred:
        from twisted.internet import reactor

        return deferred_from_pool_future(self._thread.submit(function, *args), reactor)

    def open_spider(self, spider: Any = None) -> None:
        command = self.crawler.settings.get("NEWSINGEST_COMMAND") or f"scrapy crawl {self.crawler.spidercls.name}"
        claim = claim_folder(self.crawler, self.out_dir)
        if claim.granted:
            self.writer = DatasetWriter(self.out_dir, command=command, run_id=run_id_for(self.crawler))
            self.writer.remove_abandoned_parts()  # the folder is ours: no one else is writing
        elif claim.refusal == FOLDER_LOCKED:
            # The folder is another run's, but a manifest of our own harms nothing: it is
            # where a Scrapyd user reads what became of this job.
            _refusal_manifest(self.out_dir, command, run_id_for(self.crawler), claim.refusal, claim.problem)

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if self.writer is not None and isinstance(item, (ArticleItem, RejectItem)):
            await maybe_deferred_to_future(self._on_writer_thread(self._write, item))
        return item

    def _write(self, item: ArticleItem | RejectItem) -> None:
        assert self.writer is not None
        if isinstance(item, ArticleItem):
            self.writer.write_article(item.article, item.fetched_at, item.version, item.site)
        else:
            self.writer.write_reject(item.rejection, item.fetched_at, item.discovered_via, item.site)

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Any = None) -> None:
        if self.writer is None:
            return
        site = getattr(item, "site", None)
        if isinstance(exception, DuplicateArticle):
            self._on_writer_thread(self.writer.count_duplicate, site)
        elif isinstance(exception, UnchangedArticle):
            self._on_writer_thread(self.writer.count_unchanged, site)

    def item_error(self, item: Any, response: Any, spider: Any = None, failure: Any = None) -> None:
        """A pipeline raised on this item: it still ends as a reject row saying so."""
        if self.writer is None:
            return
        detail = f"pipeline error: {failure.getErrorMessage() if failure is not None else 'unknown'}"[:500]
        rejection = Rejection(_item_url(item), Stage.EXTRACT, RejectReason.EXTRACTION_ERROR, detail)
        self._on_writer_thread(self.writer.write_reject, rejection, getattr(item, "fetched_at", None) or utc_now(),
                               getattr(item, "discovered_via", None), getattr(item, "site", None))

    def close_spider(self, spider: Any = None) -> None:
        # Synchronous on purpose: Scrapy calls the close_spider methods together, and the
        # incremental state may be committed only once this has published the files.
        if self.writer is None:
            return
        stats = self.crawler.stats.get_stats()
        scrapy_stats = {key: _jsonable(value) for key, value in sorted(stats.items())}
        # Discovery reports of a scheduled crawl, per site, beside the site's counts.
        reports = {name: report.as_dict() for name, report in getattr(self.crawler.spider, "reports", {}).items()}
        inputs = getattr(self.crawler.spider, "inputs_issued", None)
        # Queued after every write: the one thread finishes those first.
        self._thread.submit(self._close, scrapy_stats, reports, inputs).result()
        self._thread.shutdown(wait=True)

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        """Scrapy names the close reason only after the pipelines closed: the manifest,
        already published, is written again (atomically) with it."""
        if self.writer is None or not self.writer.manifest.finished_at:
            return
        self.writer.manifest.finish_reason = reason
        self.writer.manifest.save(self.writer.manifest_path)

    def _close(self, scrapy_stats: dict, reports: dict, inputs: int | None) -> None:
        assert self.writer is not None
        self.writer.manifest.extra["scrapy_stats"] = scrapy_stats
        for name, report in reports.items():
            self.writer.manifest.sites.setdefault(name, {}).update(report)
        self.writer.close(inputs=inputs)


def _refusal_manifest(out_dir: str, command: str, run_id: str, reason: str, problem: str | None) -> None:
    manifest = new_manifest(out_dir, command, run_id)
    manifest.finished_at, manifest.finish_reason = manifest.started_at, reason
    manifest.extra["problem"] = problem
    manifest.save(manifest_path(out_dir, run_id))


def _item_url(item: Any) -> str:
    if isinstance(item, ArticleItem):
        return item.article.url
    if isinstance(item, RejectItem):
        return item.rejection.url
    return getattr(item, "final_url", None) or getattr(item, "url", None) or "unknown:"


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
