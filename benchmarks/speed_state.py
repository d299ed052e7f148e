"""Section 6 of the speed benchmark: discovery against a large state store.

Each scenario is a whole `newsingest crawl` of one site whose only seed is a sitemap
served from another process, into a folder whose state store (filled beforehand through
`pipelines.state.StateStore.commit_run`) already knows some URLs. The reactor lag probe
(`benchmarks.reactor_lag`) times discovery from the sitemap's response to the first
`spider_idle` after it, and records the reactor's longest stall in between:

* known-small: the store knows N URLs, the sitemap lists those N (all known);
* known-large: the store knows M URLs, the sitemap lists S of them (all known): the
  per-URL cost should not grow with the store;
* past-max-pages: the same large store, a sitemap of S new URLs and `max_pages = 1`:
  every URL but one is over the limit and should cost next to nothing.

Also `newsingest --help`: how long a user waits for the command to answer at all.
"""
from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.commands import REPO_ROOT, child_env, newsingest, probe_settings
from benchmarks.speed_pages import ORIGIN_MARK, ROBOTS_TXT, PageServer, SiteFiles
from benchmarks.speed_report import Figure, Target, ratio
from benchmarks.reactor_lag import MARK_URL_SETTING

STALL_TARGET_MS = 100.0
FLAT_TARGET = 1.5  # per-URL cost, large store / small store: "flat", read as at most +50%
PAST_LIMIT_TARGET = 0.25  # a URL past max_pages costs at most a quarter of a known one
HELP_TARGET_S = 0.3
_ORIGIN = ORIGIN_MARK.decode()


def story_url(origin: str, kind: str, i: int) -> str:
    return f"{origin}/{kind}/{i:07d}-a-story-about-things.html"


def sitemap(urls: list[str]) -> bytes:
    entries = "".join(f"<url><loc>{url}</loc></url>" for url in urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">{entries}</urlset>\n').encode()


def fill_store(folder: Path, urls: list[str]) -> float:
    """A state store in `folder` that knows `urls` as articles; the seconds it took."""
    from pipelines.state import StateStore

    started = time.perf_counter()
    store = StateStore(folder)
    try:
        store.commit_run("benchmark-known", [(url, "article") for url in urls], [], [])
    finally:
        store.close()
    return time.perf_counter() - started


def _seeds(folder: Path, origin: str, sitemap_path: str) -> Path:
    seeds = folder / "seeds.toml"
    seeds.write_text(f'[[site]]\nname = "bench"\nsitemaps = ["{origin}{sitemap_path}"]\n'
                     f'allowed_domains = ["127.0.0.1"]\nmax_pages = 1\n', encoding="utf-8")
    return seeds


def _crawl(folder: Path, origin: str, sitemap_path: str) -> dict[str, Any]:
    probe_file = folder / "probe.json"
    args = newsingest("crawl", str(_seeds(folder, origin, sitemap_path)), "--out", str(folder / "data"), "-q",
                      *probe_settings(probe_file, **{MARK_URL_SETTING: origin + sitemap_path,
                                                     "NEWSINGEST_WORKERS": "1", "LOG_LEVEL": "ERROR"}))
    proc = subprocess.run(args, cwd=REPO_ROOT, env=child_env(), capture_output=True, text=True, timeout=600)
    if not probe_file.is_file():
        raise RuntimeError(f"newsingest crawl exited with {proc.returncode} without the probe's figures: "
                           f"{(proc.stderr.strip().splitlines() or ['no output'])[-1]}")
    return {"exit_code": proc.returncode, **json.loads(probe_file.read_text(encoding="utf-8"))}


def help_seconds(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(newsingest("--help"), cwd=REPO_ROOT, env=child_env(), capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def state_at_scale(small: int, large: int, sitemap_urls: int) -> tuple[list[Figure], dict[str, Any]]:
    known_small = [story_url(_ORIGIN, "known", i) for i in range(small)]
    known_large_sitemap = [story_url(_ORIGIN, "known", i) for i in range(sitemap_urls)]
    new = [story_url(_ORIGIN, "new", i) for i in range(sitemap_urls)]
    files = SiteFiles({"/robots.txt": ROBOTS_TXT,
                       "/sitemap-small.xml": (sitemap(known_small), "application/xml"),
                       "/sitemap-known.xml": (sitemap(known_large_sitemap), "application/xml"),
                       "/sitemap-new.xml": (sitemap(new), "application/xml")})
    results: dict[str, Any] = {}
    with PageServer([b"<html></html>"], files) as server, tempfile.TemporaryDirectory(prefix="speed-state-") as tmp:
        origin = server.origin
        root = Path(tmp)
        large_store = root / "large-store"
        fill_small = fill_store(root / "known-small" / "data", [u.replace(_ORIGIN, origin) for u in known_small])
        fill_large = fill_store(large_store, [story_url(origin, "known", i) for i in range(large)])
        for name in ("known-large", "past-max-pages"):  # each crawl gets its own copy of the large store
            (root / name / "data").mkdir(parents=True)
            shutil.copy(large_store / "state.sqlite", root / name / "data" / "state.sqlite")
        for name, path, urls in (("known-small", "/sitemap-small.xml", small),
                                 ("known-large", "/sitemap-known.xml", sitemap_urls),
                                 ("past-max-pages", "/sitemap-new.xml", sitemap_urls)):
            run = _crawl(root / name, origin, path)
            discovery = run.get("discovery") or {}
            run["urls"] = urls
            run["us_per_url"] = discovery["seconds"] / urls * 1e6 if discovery.get("seconds") is not None else None
            results[name] = run
    results["fill_seconds"] = {"small": fill_small, "large": fill_large}
    results["help_seconds"] = help_seconds()
    small_run, large_run, past = results["known-small"], results["known-large"], results["past-max-pages"]
    stalls = {name: (results[name].get("discovery") or {}).get("lag", {}).get("max_ms", 0.0)
              for name in ("known-small", "known-large", "past-max-pages")}
    how = (f"`newsingest crawl` of a sitemap, store filled beforehand ({small:,} URLs in {fill_small:.1f} s, "
           f"{large:,} in {fill_large:.1f} s); discovery = sitemap response to the first spider_idle")
    figures = [
        Figure(6, f"discovery, {small:,} known, sitemap of them", small_run["us_per_url"], "us/URL", note=how),
        Figure(6, f"discovery, {large:,} known, sitemap {sitemap_urls:,} of them", large_run["us_per_url"],
               "us/URL"),
        Figure(6, f"per URL, {large:,} / {small:,} known", ratio(large_run["us_per_url"], small_run["us_per_url"]),
               "x", Target("<=", FLAT_TARGET), note="'flat' read as at most +50%"),
        Figure(6, f"discovery, {sitemap_urls:,} new, max_pages 1", past["us_per_url"], "us/URL"),
        Figure(6, "past max_pages / known URL", ratio(past["us_per_url"], large_run["us_per_url"]), "x",
               Target("<=", PAST_LIMIT_TARGET), note="'next to nothing' read as at most a quarter of a known URL"),
        Figure(6, "longest reactor stall in discovery", max(stalls.values()), "ms", Target("<=", STALL_TARGET_MS),
               note="; ".join(f"{name} {ms:.0f} ms" for name, ms in stalls.items())),
        Figure(6, "newsingest --help", results["help_seconds"], "s", Target("<", HELP_TARGET_S),
               note="wall time of the whole process, median of 3"),
    ]
    return figures, results
