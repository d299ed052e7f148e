"""Sections 3 and 4 of the speed benchmark: a whole crawl, and its memory.

`newsingest ingest --urls-file` fetches distinct copies of the AEB pages from a page
server in another process, through Scrapy, the project's pipelines and the dataset
writer, with the reactor lag probe of `benchmarks.reactor_lag` as a Scrapy extension
(`-s EXTENSIONS=...`). Politeness is off for the benchmark (AutoThrottle off, 16
requests per domain): it measures the pipeline, not the delays. While it runs, the
memory of the command's whole process tree (main process, forkserver, workers) is
sampled from /proc.
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from benchmarks.commands import REPO_ROOT, child_env, newsingest, probe_settings, read_manifest
from benchmarks.process_memory import PeakMemory, run_sampled
from benchmarks.speed_pages import ROBOTS_TXT, PageServer, SiteFiles, article_urls
from benchmarks.speed_report import Figure, Target, ratio

CRAWL_VS_POOL_TARGET = 0.95
LAG_P99_TARGET_MS = 50.0
MEMORY_TARGET_MIB = 400.0
MEMORY_GROWTH_TARGET = 1.10
UNPOLITE = {"AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "LOG_LEVEL": "ERROR"}


@dataclass
class CrawlRun:
    urls: int
    exit_code: int
    wall_seconds: float
    memory: PeakMemory
    probe: dict[str, Any] | None  # the reactor lag probe's summary
    manifest: dict[str, Any] | None
    stderr_tail: str = ""  # the command's last line on stderr (why it failed, if it did)

    @property
    def pages_per_s(self) -> float | None:
        """Pages through the pipelines (items scraped or dropped) per second of the crawl."""
        if not self.probe or not self.probe["seconds"]:
            return None
        return self.probe["items"] / self.probe["seconds"]

    def as_dict(self) -> dict[str, Any]:
        return {"urls": self.urls, "exit_code": self.exit_code, "wall_seconds": round(self.wall_seconds, 2),
                "peak_rss_mib": round(self.memory.rss_mib, 1),
                "peak_pss_mib": None if self.memory.pss_mib is None else round(self.memory.pss_mib, 1),
                "processes": self.memory.processes, "probe": self.probe,
                "manifest": {k: self.manifest.get(k) for k in ("inputs", "articles", "duplicates", "rejects",
                                                               "unfinished")} if self.manifest else None,
                "pages_per_s": self.pages_per_s, "stderr_tail": self.stderr_tail}


def crawl(server: PageServer, urls: int, **settings: str) -> CrawlRun:
    """One `newsingest ingest --urls-file` run over copies 0..urls-1, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="speed-crawl-") as tmp:
        folder = Path(tmp)
        urls_file = folder / "urls.txt"
        urls_file.write_text("\n".join(article_urls(server.origin, urls)) + "\n", encoding="utf-8")
        probe_file = folder / "probe.json"
        out = folder / "data"
        args = newsingest("ingest", "--urls-file", str(urls_file), "--out", str(out), "-q",
                          *probe_settings(probe_file, **{**UNPOLITE, **settings}))
        with (folder / "stderr.txt").open("w+", encoding="utf-8") as stderr:
            code, wall, peak = run_sampled(args, cwd=REPO_ROOT, env=child_env(), stdout=subprocess.DEVNULL,
                                           stderr=stderr)
            stderr.seek(0)
            last_line = (stderr.read().strip().splitlines() or [""])[-1]
        return CrawlRun(urls, code, wall, peak, _read_json(probe_file), read_manifest(out), last_line)


def _read_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def site(templates: Sequence[bytes]) -> PageServer:
    return PageServer(templates, SiteFiles({"/robots.txt": ROBOTS_TXT}))


def crawl_figures(run: CrawlRun, pool_pages_per_s: float | None) -> list[Figure]:
    """Section 3 from one crawl run and section 2's pool figure."""
    m = run.manifest or {}
    how = (f"`newsingest ingest --urls-file` of {run.urls:,} distinct AEB copies from a local server process, "
           f"AutoThrottle off; {m.get('articles')} articles, {m.get('duplicates')} duplicates, "
           f"{m.get('rejects')} rejects; exit code {run.exit_code}"
           + (f": {run.stderr_tail}" if run.exit_code and run.stderr_tail else ""))
    lag = (run.probe or {}).get("lag", {})
    return [
        Figure(3, "crawl pages/s", run.pages_per_s, "/s", note=how),
        Figure(3, "crawl / pool pages/s", ratio(run.pages_per_s, pool_pages_per_s), "x",
               Target(">=", CRAWL_VS_POOL_TARGET),
               note="" if pool_pages_per_s else "needs section 2 in the same run (the pool's pages/s)"),
        Figure(3, "reactor lag p99", lag.get("p99_ms"), "ms", Target("<", LAG_P99_TARGET_MS),
               note="10 ms LoopingCall in the crawl process, spider_opened to the last item"),
        Figure(3, "reactor lag median", lag.get("median_ms"), "ms"),
        Figure(3, "reactor lag max", lag.get("max_ms"), "ms"),
        Figure(3, "close: last item to spider_closed", (run.probe or {}).get("close_seconds"), "s"),
    ]


def memory_figures(small: CrawlRun, big: CrawlRun, long_list: CrawlRun | None) -> list[Figure]:
    """Section 4: peak memory of the crawl's process tree at two sizes (and a long URL list)."""
    growth = ratio(big.memory.rss_mib, small.memory.rss_mib)
    figures = [
        Figure(4, f"peak RSS, all processes, {small.urls:,} pages", small.memory.rss_mib, "MB",
               note=f"summed over the command's process tree ({big.memory.processes} processes at most), "
                    "sampled every 0.2 s from /proc"),
        Figure(4, f"peak RSS, all processes, {big.urls:,} pages", big.memory.rss_mib, "MB",
               Target("<", MEMORY_TARGET_MIB)),
        Figure(4, f"RSS {big.urls:,} / {small.urls:,} pages", growth, "x", Target("<=", MEMORY_GROWTH_TARGET)),
        Figure(4, f"peak PSS, {small.urls:,} pages", small.memory.pss_mib, "MB"),
        Figure(4, f"peak PSS, {big.urls:,} pages", big.memory.pss_mib, "MB"),
    ]
    if long_list is not None:
        figures.append(Figure(
            4, f"{long_list.urls:,} URLs listed, peak RSS / {small.urls:,} pages",
            ratio(long_list.memory.rss_mib, small.memory.rss_mib), "x", Target("<=", MEMORY_GROWTH_TARGET),
            note=f"`ingest --urls-file` of {long_list.urls:,} URLs stopped by CLOSESPIDER_TIMEOUT after "
                 f"{(long_list.probe or {}).get('items')} pages: a list held whole grows with its length; "
                 f"peak RSS {long_list.memory.rss_mib:.0f} MB"))
    return figures
