"""Scheduled crawls over a site that grows between runs: only what is new is written."""
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from pipelines.lock import OutputLock

from .conftest import REPO_ROOT, run_command
from .local_server import LocalServer, Route

HTML = {"Content-Type": "text/html; charset=utf-8"}
WORDS = ("harbour council budget river school bridge festival market railway library orchard museum "
         "election weather storm ferry stadium clinic factory theatre garden tunnel airport").split()


def article_html(number: int, edition: int = 1) -> bytes:
    """A small, distinct news page; `edition` changes its text (a corrected article)."""
    topic = WORDS[number % len(WORDS)]
    paragraphs = "".join(
        f"<p>Story {number} paragraph {p}: the {topic} project in district {number * 7 + p} moved forward on "
        f"Tuesday after a long debate about costs, timing and the needs of residents, officials said. "
        f"Edition {edition} of this report adds that work will resume in the spring.</p>"
        for p in range(4))
    return (f"<html lang='en'><head><title>Story {number} about the {topic} | Test Times</title>"
            f"<link rel='canonical' href='/news/story-{number}-about-the-{topic}.html'></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>Story {number} about the {topic}</h1>"
            f"{paragraphs}</article></body></html>").encode()


def story_path(number: int) -> str:
    return f"/news/story-{number}-about-the-{WORDS[number % len(WORDS)]}.html"


class GrowingSite:
    """A news site on 127.0.0.1 with an RSS feed, a sitemap and a front page."""

    def __init__(self, count: int, delay: float = 0.0) -> None:
        self.routes: dict[str, Route] = {}
        self.corrected_at: dict[int, str] = {}
        self.delay = delay
        self.server = LocalServer(self.routes)
        self.count = 0
        self.publish(count)

    def publish(self, count: int) -> None:
        for number in range(self.count, count):
            self.routes[story_path(number)] = Route(body=article_html(number), headers=HTML, delay=self.delay)
        self.count = count
        self._index_pages()

    def correct(self, number: int) -> None:
        self.routes[story_path(number)] = Route(body=article_html(number, edition=2), headers=HTML)
        self.corrected_at[number] = "2099-01-01T00:00:00+00:00"  # the sitemap's lastmod says so
        self._index_pages()

    def _index_pages(self) -> None:
        origin = self.server.origin
        half = self.count // 2  # the feed lists the newer half, the sitemap the older half
        items = "".join(f"<item><title>Story {n}</title><link>{origin}{story_path(n)}?utm_source=rss</link>"
                        f"<pubDate>Tue, 0{1 + n % 9} Oct 2024 10:00:00 +0000</pubDate></item>"
                        for n in range(half, self.count))
        feed = f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{items}</channel></rss>"
        self.routes["/feed.xml"] = Route(body=feed.encode(), headers={
            "Content-Type": "application/rss+xml", "ETag": f'"feed-{self.count}"'})
        urls = "".join(f"<url><loc>{origin}{story_path(n)}</loc><lastmod>{self.corrected_at.get(n, '2024-10-01')}"
                       "</lastmod></url>" for n in range(half))
        self.routes["/sitemap.xml"] = Route(body=("<?xml version='1.0'?><urlset xmlns="
                                                  f"'http://www.sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>").encode(),
                                            headers={"Content-Type": "application/xml"})
        links = "".join(f"<li><a href='{story_path(n)}#top'>Story {n}</a></li>" for n in range(self.count))
        self.routes["/"] = Route(body=f"<html><body><ul>{links}</ul><a href='/tag/news'>tag</a></body></html>".encode(),
                                 headers=HTML)
        self.routes["/robots.txt"] = Route(body=b"User-agent: *\nDisallow: /private/\n",
                                           headers={"Content-Type": "text/plain"})

    def seeds(self, folder: Path, extra: str = "") -> Path:
        origin = self.server.origin
        path = folder / "seeds.toml"
        path.write_text(f'[[site]]\nname = "test-times"\nstart_urls = ["{origin}/"]\nfeeds = ["{origin}/feed.xml"]\n'
                        f'sitemaps = ["{origin}/sitemap.xml"]\n{extra}')
        return path

    def article_requests(self) -> int:
        return sum(1 for path in self.server.requests if path.startswith("/news/"))

    def __enter__(self) -> "GrowingSite":
        self.server.__enter__()
        self._index_pages()  # now that the port is known
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)


def crawl(seeds: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_command(["newsingest", "crawl", str(seeds), "--out", str(out), "-s", "AUTOTHROTTLE_ENABLED=False",
                        *extra])


def article_ids(out: Path) -> list[str]:
    return [row[0] for row in duckdb.sql(
        f"SELECT article_id FROM read_parquet('{out}/articles/**/*.parquet')").fetchall()]


def last_manifest(out: Path) -> dict:
    newest = max((out / "runs").glob("*.json"), key=lambda path: path.name)
    return json.loads(newest.read_text())


def test_runs_write_only_what_is_new(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(6) as site:
        seeds = site.seeds(tmp_path)
        first = crawl(seeds, out)
        assert first.returncode == 0, first.stderr
        assert len(article_ids(out)) == 6
        manifest = last_manifest(out)
        assert manifest["adds_up"] and manifest["sites"]["test-times"]["articles"] == 6

        site.publish(9)
        requests_before = site.article_requests()
        second = crawl(seeds, out)
        assert second.returncode == 0, second.stderr
        assert last_manifest(out)["articles"] == 3
        assert site.article_requests() - requests_before == 3  # only the new URLs were fetched

        third = crawl(seeds, out)
        assert third.returncode == 3, third.stderr
        assert "/feed.xml" in site.server.not_modified  # conditional GET: the feed had not changed
        assert "Nothing new since the last run." in third.stdout
        assert last_manifest(out)["articles"] == 0

    ids = article_ids(out)
    assert len(ids) == len(set(ids)) == 9


def test_full_recrawl_writes_changed_articles_as_new_versions(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(4) as site:
        seeds = site.seeds(tmp_path)
        assert crawl(seeds, out).returncode == 0
        site.correct(1)
        result = crawl(seeds, out, "--full")
        assert result.returncode == 0, result.stderr
        manifest = last_manifest(out)
        assert (manifest["articles"], manifest["unchanged"]) == (1, 3)
    rows = duckdb.sql(f"SELECT url, version FROM read_parquet('{out}/articles/**/*.parquet') "
                      "ORDER BY url, version").fetchall()
    versions = [version for url, version in rows if url.endswith(story_path(1))]
    assert versions == [1, 2]
    assert len(rows) == 5


def test_a_newer_sitemap_lastmod_refetches_a_known_article(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(4) as site:  # stories 0 and 1 are in the sitemap
        seeds = site.seeds(tmp_path)
        assert crawl(seeds, out).returncode == 0
        site.correct(0)
        result = crawl(seeds, out)
        assert result.returncode == 0, result.stderr
        manifest = last_manifest(out)
        assert manifest["articles"] == 1 and manifest["sites"]["test-times"]["modified"] == 1
    versions = duckdb.sql(f"SELECT version FROM read_parquet('{out}/articles/**/*.parquet') "
                          f"WHERE url LIKE '%{story_path(0)}' ORDER BY version").fetchall()
    assert versions == [(1,), (2,)]


def test_a_second_run_on_a_locked_folder_exits_with_its_own_code(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(2) as site, OutputLock(out):
        result = crawl(site.seeds(tmp_path), out)
    assert result.returncode == 6
    assert "in use by another run" in result.stderr and "Traceback" not in result.stderr


def test_invalid_seeds_are_a_config_error_before_any_request(tmp_path):
    with GrowingSite(2) as site:
        seeds = site.seeds(tmp_path, extra='max_pagez = 3\n')
        result = crawl(seeds, tmp_path / "data")
        assert result.returncode == 5
        assert f"{seeds}:6:" in result.stderr and "max_pagez" in result.stderr
        assert site.server.requests == []


def test_many_failed_fetches_are_a_partial_failure(tmp_path):
    with GrowingSite(4) as site:
        for number in range(4):
            site.routes[story_path(number)] = Route(503, b"down", {"Content-Type": "text/plain"})
        result = crawl(site.seeds(tmp_path), tmp_path / "data", "-s", "RETRY_TIMES=0")
    assert result.returncode == 4, result.stderr


def test_a_killed_run_is_picked_up_without_loss_or_duplicates(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(12, delay=0.3) as slow_site:
        seeds = slow_site.seeds(tmp_path)
        process = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", str(seeds), "--out", str(out),
                                    "-q", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2"],
                                   cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while slow_site.article_requests() < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in out.rglob("*.parquet"):
            pq.read_table(path)  # every file a reader can see opens
        resumed = crawl(seeds, out)
        assert resumed.returncode in (0, 3), resumed.stderr
        # The reference: one uninterrupted run over the same site.
        assert crawl(seeds, tmp_path / "reference").returncode == 0
    ids = article_ids(out)
    assert len(ids) == len(set(ids)) == 12
    assert sorted(ids) == sorted(article_ids(tmp_path / "reference"))
    for path in out.rglob("*.parquet"):
        pq.read_table(path)


def test_ctrl_c_stops_cleanly_and_keeps_what_was_written(tmp_path):
    out = tmp_path / "data"
    # More articles than Scrapy's downloader takes at once (16), so some are still queued.
    with GrowingSite(30, delay=0.3) as site:
        seeds = site.seeds(tmp_path)
        process = subprocess.Popen([sys.executable, "-m", "crawler.cli", "crawl", str(seeds), "--out", str(out),
                                    "-q", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2",
                                    "-s", "CONCURRENT_REQUESTS=2"],
                                   cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while site.article_requests() < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 130
        assert "Traceback" not in stderr
        written = article_ids(out)
        manifest = last_manifest(out)
        assert 0 < len(written) < 30 and manifest["articles"] == len(written)
        # What was handed in but stopped is said, not lost: the next run fetches it.
        assert manifest["unfinished"] > 0 and not manifest["adds_up"]
        assert manifest["finish_reason"] == "shutdown"
        assert manifest["inputs"] == (manifest["articles"] + manifest["rejects"] + manifest["duplicates"]
                                      + manifest["unchanged"] + manifest["unfinished"])
        resumed = crawl(seeds, out)
        assert resumed.returncode == 0, resumed.stderr
    ids = article_ids(out)
    assert len(ids) == len(set(ids)) == 30


def test_the_scrapy_way_runs_the_same_incremental_crawl(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(3) as site:
        seeds = site.seeds(tmp_path)
        args = ["scrapy", "crawl", "news", "-a", f"seeds={seeds}", "-s", f"NEWSINGEST_OUT={out}",
                "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]
        first = run_command(args)
        assert first.returncode == 0, first.stderr
        assert len(article_ids(out)) == 3
        site.publish(4)
        second = run_command(args)
        assert second.returncode == 0, second.stderr
        assert last_manifest(out)["articles"] == 1
    assert len(set(article_ids(out))) == 4


def test_a_site_whose_discovery_finds_nothing_is_reported(tmp_path):
    with GrowingSite(2) as site:
        site.routes["/feed.xml"] = Route(body=b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
                                              b"</channel></rss>", headers={"Content-Type": "application/rss+xml"})
        origin = site.server.origin
        seeds = tmp_path / "seeds.toml"
        seeds.write_text(f'[[site]]\nname = "quiet"\nfeeds = ["{origin}/feed.xml"]\n'
                         f'[[site]]\nname = "down"\nsitemaps = ["http://127.0.0.1:9/sitemap.xml"]\n')
        result = crawl(seeds, tmp_path / "data", "-s", "RETRY_TIMES=0")
    assert result.returncode == 3, result.stderr
    sites = last_manifest(tmp_path / "data")["sites"]
    assert any("feed yielded no entries" in problem for problem in sites["quiet"]["problems"])
    assert "discovery found no article URL" in sites["quiet"]["problems"]
    assert any("sitemap" in problem and "failed" in problem for problem in sites["down"]["problems"])
    assert "! feed yielded no entries" in result.stdout


def test_urls_over_the_page_limit_are_fetched_by_the_next_run_even_when_the_feed_is_unchanged(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(6) as site:  # the feed lists stories 3, 4 and 5, with an ETag
        origin = site.server.origin
        seeds = tmp_path / "seeds.toml"
        seeds.write_text(f'[[site]]\nname = "feed-only"\nfeeds = ["{origin}/feed.xml"]\nmax_pages = 2\n')
        first = crawl(seeds, out)
        assert first.returncode == 0 and last_manifest(out)["articles"] == 2
        second = crawl(seeds, out)
        assert second.returncode == 0, second.stderr
        assert "/feed.xml" in site.server.not_modified
        manifest = last_manifest(out)
        assert manifest["articles"] == 1 and manifest["sites"]["feed-only"]["pending"] == 1
        assert manifest["sites"]["feed-only"]["problems"] == []
        third = crawl(seeds, out)
        assert third.returncode == 3
    assert len(set(article_ids(out))) == 3


def test_sites_that_cannot_be_reached_are_a_partial_failure(tmp_path):
    seeds = tmp_path / "seeds.toml"
    seeds.write_text('[[site]]\nname = "gone"\nfeeds = ["http://127.0.0.1:9/feed.xml"]\n'
                     'sitemaps = ["http://no-such-host.invalid/sitemap.xml"]\n')
    result = crawl(seeds, tmp_path / "data", "-s", "RETRY_TIMES=0")
    assert result.returncode == 4, result.stderr
    assert last_manifest(tmp_path / "data")["sites"]["gone"]["discovery_failures"] == 2


def test_an_unwritable_output_folder_is_a_usage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with GrowingSite(1) as site:
        result = crawl(site.seeds(tmp_path), blocker / "data")
    assert result.returncode == 2
    assert result.stderr.startswith("newsingest: error: cannot write to output folder")


def test_max_depth_decides_whether_section_pages_are_followed(tmp_path):
    with GrowingSite(3) as site:
        links = "".join(f"<a href='{story_path(n)}'>Story {n}</a>" for n in range(3))
        site.routes["/"] = Route(body=b"<html><body><a href='/world/'>World</a></body></html>", headers=HTML)
        site.routes["/world/"] = Route(body=f"<html><body>{links}</body></html>".encode(), headers=HTML)
        origin = site.server.origin
        for depth, expected in ((1, 0), (2, 3)):
            seeds = tmp_path / f"depth{depth}.toml"
            seeds.write_text(f'[[site]]\nname = "fronts"\nstart_urls = ["{origin}/"]\nmax_depth = {depth}\n')
            out = tmp_path / f"data{depth}"
            crawl(seeds, out)
            assert last_manifest(out)["articles"] == expected


def test_a_sitemap_index_that_lists_itself_is_fetched_once(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(4) as site:
        origin = site.server.origin
        index = ("<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                 f"<sitemap><loc>{origin}/sitemap-index.xml</loc></sitemap>"
                 f"<sitemap><loc>{origin}/sitemap.xml</loc></sitemap>"
                 f"<sitemap><loc>{origin}/sitemap-index.xml?again</loc></sitemap></sitemapindex>")
        site.routes["/sitemap-index.xml"] = Route(body=index.encode(), headers={"Content-Type": "application/xml"})
        site.routes["/sitemap-index.xml?again"] = site.routes["/sitemap-index.xml"]
        seeds = tmp_path / "seeds.toml"
        # The seeds list the child sitemap too: it is still fetched once.
        seeds.write_text(f'[[site]]\nname = "loops"\nsitemaps = ["{origin}/sitemap-index.xml", "{origin}/sitemap.xml"]\n')
        result = crawl(seeds, out)
        assert result.returncode == 0, result.stderr
    assert site.server.requests.count("/sitemap-index.xml") == 1
    assert site.server.requests.count("/sitemap.xml") == 1
    assert site.server.requests.count("/sitemap-index.xml?again") <= 1
    assert len(article_ids(out)) == 2  # the sitemap's half of the site


def test_a_changed_date_only_lastmod_refetches_even_when_it_is_older_than_our_clock(tmp_path):
    out = tmp_path / "data"
    with GrowingSite(4) as site:
        seeds = site.seeds(tmp_path)
        assert crawl(seeds, out).returncode == 0
        # The site corrects story 0 and says so with a date-only lastmod, in the past of
        # our clock (its time zone, or a date without a time): only the change tells.
        site.routes[story_path(0)] = Route(body=article_html(0, edition=2), headers=HTML)
        site.corrected_at[0] = "2024-10-02"
        site._index_pages()
        second = crawl(seeds, out)
        assert second.returncode == 0, second.stderr
        third = crawl(seeds, out)  # the same lastmod again: nothing to fetch
    versions = duckdb.sql(f"SELECT version FROM read_parquet('{out}/articles/**/*.parquet') "
                          f"WHERE url LIKE '%{story_path(0)}' ORDER BY version").fetchall()
    assert versions == [(1,), (2,)]
    assert third.returncode == 3, third.stderr
