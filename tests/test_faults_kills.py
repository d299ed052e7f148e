"""Killed runs: `ingest-files` SIGKILLed at random points (starting, cleaning, writing,
publishing), again and again, then run to the end: every Parquet file opens, no hidden
file is left, and every page is in the dataset exactly once."""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from .conftest import REPO_ROOT

pytestmark = pytest.mark.faults

PAGES = 60
KILLS = 10
_WORDS = ("harbour ferry union council budget timetable residents island weather captain engine "
          "dock pier ticket fare summer winter route vessel crew").split()


def page(seed: int) -> str:
    paragraphs = "".join(
        f"<p>Report {seed}-{i}: the {_WORDS[(i + seed) % 20]} and the {_WORDS[(i * 7 + seed) % 20]} changed "
        f"before the {_WORDS[(i * 3 + seed) % 20]} season, the {_WORDS[(seed * 5 + i) % 20]} office said on "
        f"day {seed * 31 + i} of the dispute.</p>" for i in range(10))
    return (f"<html><head><title>Ferry dispute, part {seed}</title></head><body><article>"
            f"<h1>Ferry dispute, part {seed}</h1>{paragraphs}</article></body></html>")


def ingest(pages, out) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", "ingest-files", str(pages), "--out", str(out),
                             "--workers", "2", "--quiet"], cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def test_runs_killed_at_random_points_lose_nothing_and_double_nothing(tmp_path):
    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    for seed in range(PAGES):
        (pages / f"story-{seed:02d}.html").write_text(page(seed), encoding="utf-8")
    chance = random.Random(20261129)
    killed = 0
    for _ in range(KILLS):
        run = ingest(pages, out)
        time.sleep(chance.uniform(0.3, 4.0))
        run.send_signal(signal.SIGKILL)
        killed += run.wait(timeout=60) == -signal.SIGKILL  # else it had ended by itself
    assert killed >= KILLS // 2
    final = ingest(pages, out)
    _, stderr = final.communicate(timeout=300)
    assert final.returncode in (0, 3), stderr  # 3: the killed runs had published everything

    files = sorted(out.glob("*/fetch_date=*/*.parquet"))
    rows = [row for path in files if path.parent.parent.name == "articles"
            for row in pq.read_table(path, columns=["url", "article_id", "version", "content_hash"]).to_pylist()]
    assert not list(out.glob("*/fetch_date=*/.part-*")), "a hidden part file outlived the runs"
    assert sorted(row["url"] for row in rows) == sorted((pages / f"story-{seed:02d}.html").resolve().as_uri()
                                                        for seed in range(PAGES))  # each page once
    assert len({row["content_hash"] for row in rows}) == PAGES
    assert {row["version"] for row in rows} == {1}
