"""Run one spider in this process, feeding the dataset writer, with live progress."""
from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.items import ArticleItem, RejectItem
from pipelines.dataset import ensure_writable_dir, new_run_id
from pipelines.manifest import RunManifest

from .report import LiveCounts, Progress


class CrawlFailed(RuntimeError):
    """The crawl ended without its run manifest: something broke before the end."""


def project_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings (crawler/settings.py), wherever the command runs from."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(spider_cls: type, spider_kwargs: dict[str, Any], out_dir: Path, command: str,
              progress: Progress, overrides: dict[str, Any] | None = None,
              verbose: bool = False) -> tuple[RunManifest, Path, bool]:
    """Crawl to the dataset under `out_dir`; returns the run's manifest, its path, and
    whether the run was stopped (Ctrl-C/SIGTERM: Scrapy's graceful shutdown)."""
    ensure_writable_dir(out_dir)
    run_id = new_run_id()
    settings = project_settings({
        "NEWSINGEST_OUT": str(out_dir),
        "NEWSINGEST_RUN_ID": run_id,
        "NEWSINGEST_COMMAND": command,
        "LOG_LEVEL": "INFO" if verbose else "ERROR",
        **(overrides or {}),
    })
    process = CrawlerProcess(settings)
    if not verbose:
        _quiet_expected_errors()
    crawler = process.create_crawler(spider_cls)
    counts = LiveCounts()
    _count_items(crawler, counts, progress)
    process.crawl(crawler, **spider_kwargs)
    process.start()
    progress.finish(counts)
    interrupted = crawler.stats.get_value("finish_reason") == "shutdown"
    manifest_path = out_dir / "runs" / f"{run_id}.json"
    if not manifest_path.is_file():
        if interrupted:  # a second Ctrl-C: Scrapy stopped at once, before the pipelines closed
            raise KeyboardInterrupt
        raise CrawlFailed("the crawl stopped before writing its manifest (run with --verbose to see why)")
    return load_manifest(manifest_path), manifest_path, interrupted


# Loggers whose errors are about single URLs: each of those ends as a reject row with
# its reason, so on a terminal they are noise. --verbose shows them.
_PER_URL_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt",
                    "crawler.middlewares", "scrapy.core.downloader.handlers.http11")


def _quiet_expected_errors() -> None:
    for name in _PER_URL_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _count_items(crawler: Any, counts: LiveCounts, progress: Progress) -> None:
    def scraped(item: Any, **_: Any) -> None:
        counts.inputs += 1
        if isinstance(item, ArticleItem):
            counts.articles += 1
        elif isinstance(item, RejectItem):
            counts.rejects += 1
        progress.update(counts)

    def dropped(**_: Any) -> None:
        counts.inputs += 1
        counts.duplicates += 1
        progress.update(counts)

    crawler.signals.connect(scraped, signal=signals.item_scraped, weak=False)
    crawler.signals.connect(dropped, signal=signals.item_dropped, weak=False)


def load_manifest(path: Path) -> RunManifest:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("adds_up", None)
    data["rejects_by_reason"] = Counter(data.get("rejects_by_reason", {}))
    data["languages"] = Counter(data.get("languages", {}))
    return RunManifest(**data)
