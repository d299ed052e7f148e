"""A crawl's claim on its dataset folder: writable, and locked against other runs.

Shared by the pipelines that write the folder (one claim per crawler). Under
`newsingest` the command holds the lock itself and exits with its own code; under
`scrapy crawl` or Scrapyd nobody does, so the first pipeline to open claims it here.
A folder that cannot be claimed closes the spider at once with a reason that says why
(Scrapy's `finish_reason`, the log, and for a locked folder a manifest of its own),
instead of a traceback, and nothing is written.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals

from .output_dir import OutputDirError, ensure_writable_dir
from .lock import FolderLocked, OutputLock

logger = logging.getLogger(__name__)

FOLDER_LOCKED = "folder_locked"
FOLDER_UNWRITABLE = "output_folder_unwritable"


class FolderClaim:
    def __init__(self, crawler: Any, out_dir: Path) -> None:
        self.crawler = crawler
        self.out_dir = out_dir
        self.refusal: str | None = None  # FOLDER_LOCKED or FOLDER_UNWRITABLE
        self.problem: str | None = None  # the sentence for the log and the manifest
        self._lock: OutputLock | None = None

    def acquire(self) -> None:
        try:
            ensure_writable_dir(self.out_dir)
            if not self.crawler.settings.getbool("NEWSINGEST_LOCK_HELD"):
                self._lock = OutputLock(self.out_dir).acquire()
        except FolderLocked as error:
            self.refusal, self.problem = FOLDER_LOCKED, str(error)
        except OutputDirError as error:
            self.refusal, self.problem = FOLDER_UNWRITABLE, str(error)
        if self.refusal:
            logger.error("newsingest: %s; the spider closes without writing", self.problem)
            self.crawler.signals.connect(self._close_spider, signal=signals.spider_opened)

    @property
    def granted(self) -> bool:
        return self.refusal is None

    def _close_spider(self, spider: Any = None) -> None:
        engine = self.crawler.engine
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14; close_spider() is deprecated there
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(engine.close_spider_async(reason=self.refusal))
        else:
            engine.close_spider(self.crawler.spider, self.refusal)

    def release(self, **_: Any) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def claim_folder(crawler: Any, out_dir: str | Path) -> FolderClaim:
    """The crawler's claim on `out_dir`, made by the first pipeline that asks and
    released once every pipeline has closed (Scrapy's spider_closed comes after)."""
    claim = getattr(crawler, "_newsingest_folder_claim", None)
    if claim is None:
        claim = FolderClaim(crawler, Path(out_dir))
        claim.acquire()
        crawler.signals.connect(claim.release, signal=signals.spider_closed, weak=False)
        crawler._newsingest_folder_claim = claim
    return claim


def folder_refused(crawler: Any) -> bool:
    """Whether the crawl's dataset folder was refused (the spider is closing): a spider
    then starts nothing, not even the reading of the folder's state."""
    claim = getattr(crawler, "_newsingest_folder_claim", None)
    return claim is not None and not claim.granted
