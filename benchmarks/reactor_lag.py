"""Reactor lag during a crawl: does the Twisted reactor stay responsive while pages are cleaned?

    python -m benchmarks.reactor_lag [--pages N] [--workers W] [--json]

Serves the bundled demo site on 127.0.0.1 and crawls N article URLs (the demo's
articles, repeated with distinct query strings ``?copy=K``) with the project's ``urls``
spider, project settings and real pipelines, into a temporary dataset folder. While the
spider is open, a Twisted ``LoopingCall`` ticks every 10 ms and records how late each
tick fires: lag = (time since the previous tick) - 10 ms, floored at 0. The figures
(lag median, p99, max; seconds, pages/s) are for the crawl proper, from spider_opened
to the last item; the close (last item to spider_closed: the pipelines shutting the pool
down and writing the dataset's files) is reported apart, as "close max".

The crawl runs twice, each in its own process (a Twisted reactor cannot restart):

* ``pool``: the project's CleaningPipeline, which cleans in a process pool;
* ``inline``: a baseline that calls ``cleaning.clean_page`` on the reactor thread.

The figures are printed, never asserted: they depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Sequence

REPO_ROOT = Path(__file__).resolve().parent.parent
TICK_SECONDS = 0.010
MODES = ("pool", "inline")
DEFAULT_PAGES = 400
RESULT_PREFIX = "REACTOR_LAG_RESULT "
PROBE = "benchmarks.reactor_lag.ReactorLagProbe"
OUT_SETTING = "REACTOR_LAG_OUT"  # a file: the probe writes its summary there
MARK_URL_SETTING = "REACTOR_LAG_MARK_URL"  # a URL whose response starts the discovery clock
POOL_PIPELINE = "pipelines.item_pipelines.CleaningPipeline"
INLINE_PIPELINE = "benchmarks.reactor_lag.InlineCleaningPipeline"


# --- pieces that run inside a crawl --------------------------------------------------

def _inline_pipeline_class() -> type:
    from pipelines.item_pipelines import CleaningPipeline, _as_item
    from pipelines.pool import _warm_up

    class InlineCleaningPipeline(CleaningPipeline):
        """Baseline: the same cleaning, but on the reactor thread (blocking it)."""

        def open_spider(self, spider: Any = None) -> None:
            _warm_up()  # as the pool's workers do, before the first page (and the probe)

        def close_spider(self, spider: Any = None) -> None:
            pass

        async def process_item(self, item: Any, spider: Any = None) -> Any:
            from cleaning import KnownFacts, PageInput, clean_page
            from crawler.items import FetchedPage

            if not isinstance(item, FetchedPage):
                return await super().process_item(item, spider)
            page = PageInput(
                body=item.body,
                url=item.final_url,
                headers=item.headers,
                known=KnownFacts(published_at=item.known_published_at, discovered_via=item.discovered_via),
                fetched_at=item.fetched_at,
            )
            return _as_item(clean_page(page), item)

    return InlineCleaningPipeline


def __getattr__(name: str) -> Any:
    # Scrapy loads the baseline by its dotted path; built lazily so that importing this
    # module (for its helpers, or --help) does not import Scrapy and the pipelines.
    if name == "InlineCleaningPipeline":
        cls = _inline_pipeline_class()
        globals()[name] = cls
        return cls
    raise AttributeError(name)


class ReactorLagProbe:
    """Scrapy extension: a LoopingCall every 10 ms from spider_opened to spider_closed.

    Each tick is recorded as (when, lag); the time of the last item (scraped or dropped)
    splits the crawl, while pages are fetched and cleaned, from the close, when the
    pipelines shut down (pool shutdown, dataset files and manifest written).

    In a whole command (`newsingest ... -s EXTENSIONS='{"benchmarks.reactor_lag.ReactorLagProbe": 0}'`),
    the setting REACTOR_LAG_OUT names a file the summary is written to at spider_closed,
    and REACTOR_LAG_MARK_URL a URL (a sitemap) whose response starts a discovery clock
    that stops at the next spider_idle (`benchmarks.speed` uses both).
    """

    ticks: list[tuple[float, float]] = []  # (perf_counter, lag in seconds); class-level: read after the crawl
    opened_at: float | None = None
    last_item_at: float | None = None
    closed_at: float | None = None
    items: int = 0
    marked_at: float | None = None  # when the response of REACTOR_LAG_MARK_URL came
    idle_after_mark_at: float | None = None  # the first spider_idle after it

    def __init__(self, crawler: Any) -> None:
        from scrapy import signals

        self._loop: Any = None
        self._last: float | None = None
        # Set by a benchmark that runs a whole `newsingest` or `scrapy` command: the
        # figures are written there as JSON when the spider closes.
        self._out = crawler.settings.get(OUT_SETTING)
        self._mark_url = crawler.settings.get(MARK_URL_SETTING)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.item_done, signal=signals.item_scraped)
        crawler.signals.connect(self.item_done, signal=signals.item_dropped)
        if self._mark_url:
            crawler.signals.connect(self.response_received, signal=signals.response_received)
            crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Any) -> "ReactorLagProbe":
        return cls(crawler)

    @classmethod
    def reset(cls) -> None:
        cls.ticks = []
        cls.items = 0
        cls.opened_at = cls.last_item_at = cls.closed_at = cls.marked_at = cls.idle_after_mark_at = None

    def tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            # LoopingCall may fire a hair early after a late tick: that is no lag.
            type(self).ticks.append((now, max(0.0, now - self._last - TICK_SECONDS)))
        self._last = now

    def item_done(self, **_: Any) -> None:
        type(self).last_item_at = time.perf_counter()
        type(self).items += 1

    def response_received(self, response: Any = None, **_: Any) -> None:
        if response is not None and response.url == self._mark_url and type(self).marked_at is None:
            type(self).marked_at = time.perf_counter()

    def spider_idle(self, **_: Any) -> None:
        if type(self).marked_at is not None and type(self).idle_after_mark_at is None:
            type(self).idle_after_mark_at = time.perf_counter()

    def spider_opened(self, spider: Any = None) -> None:
        from twisted.internet.task import LoopingCall

        type(self).opened_at = time.perf_counter()
        self._loop = LoopingCall(self.tick)
        self._loop.start(TICK_SECONDS, now=True)

    def spider_closed(self, spider: Any = None, reason: str | None = None) -> None:
        self.tick()  # the last stretch counts too
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        type(self).closed_at = time.perf_counter()
        if self._out:
            Path(self._out).write_text(json.dumps(type(self).summary()), encoding="utf-8")

    @classmethod
    def split(cls) -> tuple[list[float], list[float]]:
        """Lags (seconds) of the ticks during the crawl, and of those during the close."""
        end = cls.last_item_at if cls.last_item_at is not None else float("inf")
        crawl = [lag for when, lag in cls.ticks if when <= end]
        close = [lag for when, lag in cls.ticks if when > end]
        return crawl, close

    @classmethod
    def summary(cls) -> dict[str, Any]:
        """The crawl's figures: seconds from spider_opened to the last item, lags of the
        crawl and of the close, and (with a mark URL) discovery: from that response to the
        first idle after it, and the largest lag in between."""
        crawl, close = cls.split()
        end = cls.last_item_at if cls.last_item_at is not None else cls.closed_at
        discovery = None
        if cls.marked_at is not None:
            until = cls.idle_after_mark_at if cls.idle_after_mark_at is not None else end
            # A tick that ends after the mark counts, if the stall it measures began before `until`.
            stalls = [lag for when, lag in cls.ticks if cls.marked_at < when and when - lag <= until]
            discovery = {"seconds": round(until - cls.marked_at, 4), "lag": lag_stats(stalls)}
        return {"items": cls.items, "seconds": round(end - cls.opened_at, 4), "ticks": len(crawl),
                "lag": lag_stats(crawl), "close_seconds": round(cls.closed_at - end, 4),
                "close_lag_max_ms": lag_stats(close)["max_ms"], "discovery": discovery}


# --- one mode, in this process ---------------------------------------------------------

def article_urls(origin: str, paths: Sequence[str], pages: int) -> list[str]:
    """`pages` distinct URLs: the article paths in turn, each with its own ?copy=K."""
    if not paths:
        raise ValueError("the demo site lists no articles")
    return [f"{origin}{paths[k % len(paths)]}?copy={k}" for k in range(pages)]


def lag_stats(samples: Sequence[float]) -> dict[str, float]:
    """Median, 99th percentile and maximum of lags given in seconds, in milliseconds."""
    if not samples:
        return {"median_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, max(0, int(round(0.99 * len(ordered))) - 1))]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


def run_mode(mode: str, pages: int = DEFAULT_PAGES, workers: int | None = None) -> dict[str, Any]:
    """Crawl `pages` demo URLs in this process with `mode`'s cleaning; the figures as a dict.

    Starts Twisted's reactor, so call it once per process (the script runs each mode in
    a subprocess).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    from crawler.crawl_runner import run_crawl
    from crawler.demo_site import DemoSiteServer
    from crawler.report import Progress
    from crawler import settings as project_settings
    from crawler.settings import ITEM_PIPELINES
    from crawler.spiders.urls import UrlsSpider
    from pipelines.pool import default_workers

    workers = workers or default_workers()
    pipelines = dict(ITEM_PIPELINES)
    if mode == "inline":
        pipelines[INLINE_PIPELINE] = pipelines.pop(POOL_PIPELINE)
    overrides = {
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "LOG_LEVEL": "ERROR",
        "NEWSINGEST_WORKERS": workers,
        "ITEM_PIPELINES": pipelines,
        "EXTENSIONS": {**project_settings.EXTENSIONS, PROBE: 0},  # replaces the whole dict
    }
    # Scrapy loads the probe by its dotted path: read it there, not from __main__.
    from benchmarks.reactor_lag import ReactorLagProbe as probe

    probe.reset()
    with DemoSiteServer() as server, tempfile.TemporaryDirectory(prefix="reactor-lag-") as out:
        paths = [article["path"] for article in server.config.raw.get("articles", [])]
        urls = article_urls(server.origin, paths, pages)
        manifest, _, _ = run_crawl(UrlsSpider, {"urls": urls}, Path(out), f"benchmark reactor_lag {mode}",
                                Progress(enabled=False), overrides=overrides)
    if probe.opened_at is None or probe.closed_at is None:
        raise RuntimeError("the lag probe did not run (spider_opened/spider_closed never fired)")
    crawl_end = probe.last_item_at if probe.last_item_at is not None else probe.closed_at
    seconds = crawl_end - probe.opened_at
    crawl_lags, close_lags = probe.split()
    return {
        "mode": mode,
        "workers": workers if mode == "pool" else 0,
        "pages": pages,
        "inputs": manifest.inputs,
        "articles": manifest.articles,
        "duplicates": manifest.duplicates,
        "rejects": manifest.rejects,
        "adds_up": manifest.adds_up and manifest.inputs == pages,
        "seconds": round(seconds, 3),
        "pages_per_s": round(pages / seconds, 1) if seconds > 0 else 0.0,
        "ticks": len(crawl_lags),
        "lag": lag_stats(crawl_lags),
        "close_seconds": round(probe.closed_at - crawl_end, 3),
        "close_lag_max_ms": lag_stats(close_lags)["max_ms"],
    }


# --- both modes, each in a subprocess, and the report -----------------------------------

def run_mode_subprocess(mode: str, pages: int, workers: int | None, timeout: float = 900) -> dict[str, Any]:
    args = [sys.executable, "-m", "benchmarks.reactor_lag", "--mode", mode, "--pages", str(pages)]
    if workers:
        args += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, env=env)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    raise RuntimeError(f"the {mode} run failed (exit code {proc.returncode}): "
                       f"{(proc.stderr.strip().splitlines() or ['no output'])[-1]}")


def compare(results: list[dict[str, Any]]) -> dict[str, Any]:
    by_mode = {r["mode"]: r for r in results}
    ratio = None
    if "pool" in by_mode and "inline" in by_mode:
        pool_max = by_mode["pool"]["lag"]["max_ms"]
        inline_max = by_mode["inline"]["lag"]["max_ms"]
        ratio = round(inline_max / pool_max, 2) if pool_max > 0 else None
    return {"runs": results, "max_lag_ratio_inline_over_pool": ratio,
            "adds_up": all(r["adds_up"] for r in results)}


def render_table(report: dict[str, Any]) -> str:
    header = (f"{'mode':<8}{'workers':>8}{'pages':>7}{'seconds':>9}{'pages/s':>9}"
              f"{'lag median ms':>15}{'p99 ms':>9}{'max ms':>9}{'ticks':>7}{'close max ms':>14}")
    lines = [header, "-" * len(header)]
    for r in report["runs"]:
        lag = r["lag"]
        lines.append(f"{r['mode']:<8}{r['workers']:>8}{r['pages']:>7}{r['seconds']:>9.2f}{r['pages_per_s']:>9.1f}"
                     f"{lag['median_ms']:>15.2f}{lag['p99_ms']:>9.2f}{lag['max_ms']:>9.2f}{r['ticks']:>7}"
                     f"{r['close_lag_max_ms']:>14.2f}")
    lines.append("")
    ratio = report["max_lag_ratio_inline_over_pool"]
    lines.append(f"max lag inline / pool: {ratio:.1f}x" if ratio is not None else "max lag inline / pool: n/a")
    for r in report["runs"]:
        verdict = "adds up" if r["adds_up"] else "DOES NOT ADD UP"
        lines.append(f"{r['mode']}: manifest inputs {r['inputs']} of {r['pages']} pages, {verdict}: "
                     f"{r['articles']} articles, {r['duplicates']} duplicates, {r['rejects']} rejects")
    tick = f"{TICK_SECONDS * 1000:.0f} ms"
    lines.append(f"lag = time between {tick} LoopingCall ticks minus {tick}, from spider_opened to the last "
                 "item (seconds and pages/s too);")
    lines.append("close max = the largest lag from the last item to spider_closed (pipelines closing).")
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reactor_lag",
                                     description="Reactor timer lag while a crawl cleans pages: "
                                                 "process pool vs. inline cleaning.")
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES, help="article URLs to crawl (default 400)")
    parser.add_argument("--workers", type=int, default=0, help="cleaning processes (default: every core)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # one run, in this process
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.pages < 1:
        print("--pages must be at least 1", file=sys.stderr)
        return 2
    if args.mode:
        result = run_mode(args.mode, args.pages, args.workers or None)
        print(RESULT_PREFIX + json.dumps(result), flush=True)
        return 0
    try:
        results = [run_mode_subprocess(mode, args.pages, args.workers or None) for mode in MODES]
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"reactor_lag: {error}", file=sys.stderr)
        return 1
    report = compare(results)
    print(json.dumps(report, indent=2) if args.json else render_table(report))
    return 0 if report["adds_up"] else 1


if __name__ == "__main__":
    sys.exit(main())
