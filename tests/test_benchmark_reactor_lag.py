"""Tests for benchmarks/reactor_lag.py: the structure of what it reports, never its timings.

The crawls run in subprocesses (a Twisted reactor cannot restart, and this process
must not install one), against the bundled demo site on 127.0.0.1; /work/shared is
not needed.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import reactor_lag as rl  # noqa: E402

PAGES = 20


def _check_run(run: dict, mode: str) -> None:
    assert run["mode"] == mode
    assert run["pages"] == PAGES
    assert run["inputs"] == PAGES
    assert run["articles"] + run["duplicates"] + run["rejects"] == PAGES
    assert run["articles"] > 0
    assert run["adds_up"] is True
    assert run["workers"] == (1 if mode == "pool" else 0)
    assert run["seconds"] >= 0 and run["pages_per_s"] >= 0 and run["close_seconds"] >= 0
    assert isinstance(run["ticks"], int) and run["ticks"] >= 0
    assert set(run["lag"]) == {"median_ms", "p99_ms", "max_ms"}
    assert all(value >= 0 for value in run["lag"].values())
    assert run["lag"]["median_ms"] <= run["lag"]["p99_ms"] <= run["lag"]["max_ms"]
    assert run["close_lag_max_ms"] >= 0


def test_both_modes_json_from_the_command_line():
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.reactor_lag", "--pages", str(PAGES), "--workers", "1", "--json"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [run["mode"] for run in report["runs"]] == ["pool", "inline"]
    for run, mode in zip(report["runs"], ("pool", "inline")):
        _check_run(run, mode)
    # Both modes clean the same pages the same way.
    pool, inline = report["runs"]
    assert (pool["articles"], pool["duplicates"], pool["rejects"]) == \
        (inline["articles"], inline["duplicates"], inline["rejects"])
    assert report["adds_up"] is True
    ratio = report["max_lag_ratio_inline_over_pool"]
    assert ratio is None or ratio >= 0
    # The table is the same report in another form.
    table = rl.render_table(report)
    assert table.splitlines()[0].split()[:5] == ["mode", "workers", "pages", "seconds", "pages/s"]
    assert "adds up" in table and "DOES NOT ADD UP" not in table


def test_article_urls_are_distinct_and_cycle_through_the_articles():
    urls = rl.article_urls("http://127.0.0.1:8000", ["/a.html", "/b.html", "/c.html"], 7)
    assert len(urls) == len(set(urls)) == 7
    assert urls[0] == "http://127.0.0.1:8000/a.html?copy=0"
    assert urls[4] == "http://127.0.0.1:8000/b.html?copy=4"
    with pytest.raises(ValueError):
        rl.article_urls("http://127.0.0.1:8000", [], 3)


def test_lag_stats_in_milliseconds():
    assert rl.lag_stats([]) == {"median_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    stats = rl.lag_stats([0.001] * 99 + [0.5])
    assert stats["median_ms"] == pytest.approx(1.0)
    assert stats["p99_ms"] == pytest.approx(1.0)
    assert stats["max_ms"] == pytest.approx(500.0)
    stats = rl.lag_stats([i / 1000 for i in range(1, 201)])  # 1..200 ms
    assert stats["p99_ms"] == pytest.approx(198.0)
    assert stats["max_ms"] == pytest.approx(200.0)


def _fake_run(mode: str, max_ms: float, adds_up: bool = True) -> dict:
    return {"mode": mode, "workers": 2 if mode == "pool" else 0, "pages": 10, "inputs": 10, "articles": 4,
            "duplicates": 5, "rejects": 1, "adds_up": adds_up, "seconds": 1.0, "pages_per_s": 10.0, "ticks": 90,
            "lag": {"median_ms": 0.1, "p99_ms": max_ms / 2, "max_ms": max_ms},
            "close_seconds": 0.1, "close_lag_max_ms": 50.0}


def test_compare_and_table():
    report = rl.compare([_fake_run("pool", 4.0), _fake_run("inline", 40.0)])
    assert report["max_lag_ratio_inline_over_pool"] == pytest.approx(10.0)
    assert report["adds_up"] is True
    table = rl.render_table(report)
    assert "max lag inline / pool: 10.0x" in table
    rows = {line.split()[0]: line.split() for line in table.splitlines() if line.startswith(("pool", "inline"))
            and not line.startswith(("pool:", "inline:"))}
    assert rows["pool"][1:5] == ["2", "10", "1.00", "10.0"]
    assert rows["inline"][7] == "40.00"
    assert "inline: manifest inputs 10 of 10 pages, adds up: 4 articles, 5 duplicates, 1 rejects" in table

    report = rl.compare([_fake_run("pool", 0.0), _fake_run("inline", 40.0, adds_up=False)])
    assert report["max_lag_ratio_inline_over_pool"] is None
    assert report["adds_up"] is False
    table = rl.render_table(report)
    assert "max lag inline / pool: n/a" in table and "DOES NOT ADD UP" in table


def test_module_imports_without_scrapy():
    code = ("import sys; import benchmarks.reactor_lag as rl\n"
            "print('scrapy' in sys.modules, 'twisted.internet.reactor' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False"]


class _FakeCrawler:
    """Just what the probe reads: settings and a signal manager that records connections."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.connected: list = []
        self.signals = self

    def connect(self, receiver, signal) -> None:
        self.connected.append(receiver.__name__)


def _probe_with(**attributes):
    rl.ReactorLagProbe.reset()
    for name, value in attributes.items():
        setattr(rl.ReactorLagProbe, name, value)
    return rl.ReactorLagProbe


def test_probe_summary_times_discovery_from_the_marked_response_to_the_next_idle():
    # ticks (when, lag): a 0.3 s stall ending at 10.5 began at 10.2, after the mark at 10.1
    probe = _probe_with(opened_at=10.0, marked_at=10.1, idle_after_mark_at=10.6, closed_at=11.0,
                        ticks=[(10.05, 0.001), (10.5, 0.3), (10.55, 0.002), (10.9, 0.05)])
    summary = probe.summary()
    assert summary["discovery"]["seconds"] == pytest.approx(0.5)
    assert summary["discovery"]["lag"]["max_ms"] == pytest.approx(300.0)  # not the 50 ms after the idle
    assert summary["items"] == 0 and summary["seconds"] == pytest.approx(1.0)  # no item: until closed
    assert _probe_with(opened_at=1.0, closed_at=2.0, ticks=[]).summary()["discovery"] is None


def test_probe_writes_its_summary_where_the_setting_says(tmp_path):
    out = tmp_path / "probe.json"
    crawler = _FakeCrawler({rl.OUT_SETTING: str(out), rl.MARK_URL_SETTING: "http://h/sitemap.xml"})
    rl.ReactorLagProbe.reset()
    probe = rl.ReactorLagProbe(crawler)
    assert {"response_received", "spider_idle"} <= set(crawler.connected)
    rl.ReactorLagProbe.opened_at = 0.0
    probe.spider_idle()  # before the mark: not the end of discovery
    probe.response_received(response=SimpleNamespace(url="http://h/other.xml"))
    assert rl.ReactorLagProbe.marked_at is None
    probe.response_received(response=SimpleNamespace(url="http://h/sitemap.xml"))
    probe.spider_idle()
    probe.item_done()
    probe.spider_closed()
    data = json.loads(out.read_text())
    assert data["items"] == 1 and data["discovery"]["seconds"] >= 0
    # Without the settings, nothing is written and no discovery signal is connected.
    plain = _FakeCrawler({})
    rl.ReactorLagProbe(plain)
    assert "spider_idle" not in plain.connected
