"""Scrapy fetching against a local server: every URL ends as exactly one row."""
import gzip
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.schema import ARTICLE_SCHEMA

from .conftest import PAGES, run_command
from .local_server import LocalServer, Route

ARTICLE = (PAGES / "widgets_in_content.html").read_bytes()
OTHER_ARTICLE = (PAGES / "share_newsletter.html").read_bytes()
FRENCH = (PAGES / "french_article.html").read_bytes()
GERMAN = (PAGES / "german_article.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}


def _manifest(out: Path) -> dict:
    [path] = (out / "runs").glob("*.json")
    return json.loads(path.read_text())


def _rejects(out: Path) -> dict[str, tuple[str, str]]:
    rows = duckdb.sql(f"SELECT url, stage, reason FROM read_parquet('{out}/rejects/**/*.parquet')").fetchall()
    return {url: (stage, reason) for url, stage, reason in rows}


def _articles(out: Path) -> list[tuple]:
    return duckdb.sql(
        f"SELECT url, title, language FROM read_parquet('{out}/articles/**/*.parquet', hive_partitioning=true)"
        " ORDER BY url").fetchall()


@pytest.fixture
def site():
    routes = {
        "/robots.txt": Route(body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"}),
        "/a.html": Route(body=ARTICLE, headers=HTML),
        "/b.html": Route(body=OTHER_ARTICLE, headers=HTML),
        "/fr.html": Route(body=FRENCH, headers={"Content-Type": "text/html"}),
        "/copy-of-a.html": Route(body=ARTICLE, headers=HTML),
        "/private/secret.html": Route(body=ARTICLE, headers=HTML),
        "/doc.pdf": Route(body=b"%PDF-1.4\n...", headers={"Content-Type": "application/pdf"}),
        "/moved.html": Route(301, headers={"Location": "/b.html"}),
        "/busy.html": Route(503, b"busy", {"Retry-After": "1", "Content-Type": "text/plain"},
                            then=Route(body=GERMAN, headers=HTML)),
        "/slow.html": Route(body=ARTICLE, headers=HTML, delay=4),
        "/huge.html": Route(body=b"<html><body>" + b"<p>word </p>" * 20000 + b"</body></html>", headers=HTML),
        "/empty.html": Route(body=b"", headers=HTML),
        # 5 MB of HTML in 5 KB of gzip: the size limit holds after decompression too.
        "/bomb.html": Route(body=gzip.compress(b"<html><body><p>" + b" " * 5_000_000 + b"</p></body></html>"),
                            headers={**HTML, "Content-Encoding": "gzip"}),
    }
    with LocalServer(routes) as server:
        yield server


def test_every_url_ends_as_one_article_or_reject(site, tmp_path):
    out = tmp_path / "data"
    urls = {
        "/a.html": None, "/fr.html": None, "/busy.html": None,
        "/missing.html": ("fetch", "http_status"),
        "/private/secret.html": ("fetch", "robots_txt"),
        "/doc.pdf": ("fetch", "not_html"),
        "/slow.html": ("fetch", "timeout"),
        "/huge.html": ("fetch", "too_large"),
        "/empty.html": ("decode", "empty"),
        "/bomb.html": ("fetch", "too_large"),
    }
    given = [site.url(path) for path in urls] + [
        "http://127.0.0.1:9/refused.html", "http://no-such-host.invalid/x.html", "ftp://example.com/file",
    ]
    result = run_command(["newsingest", "ingest", *given, "--out", str(out), "-s", "DOWNLOAD_TIMEOUT=2",
                          "-s", "DOWNLOAD_MAXSIZE=100000", "-s", "RETRY_TIMES=1"])
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    manifest = _manifest(out)
    assert manifest["inputs"] == len(given) == manifest["articles"] + manifest["rejects"] + manifest["duplicates"]
    assert manifest["articles"] == 3
    rejects = _rejects(out)
    for path, expected in urls.items():
        if expected:
            assert rejects[site.url(path)] == expected, path
    assert rejects["http://127.0.0.1:9/refused.html"] == ("fetch", "connection_error")
    assert rejects["http://no-such-host.invalid/x.html"] == ("fetch", "dns_error")
    assert rejects["ftp://example.com/file"] == ("fetch", "invalid_url")
    # robots.txt was read and obeyed: the disallowed page was never asked for.
    assert "/robots.txt" in site.requests
    assert "/private/secret.html" not in site.requests
    # The 503 with Retry-After was retried, and the second answer became an article.
    assert site.requests.count("/busy.html") == 2
    assert site.url("/busy.html") in {url for url, _, _ in _articles(out)}


def test_duplicates_and_redirects_are_counted_once(site, tmp_path):
    out = tmp_path / "data"
    urls = [site.url(p) for p in ("/a.html", "/copy-of-a.html", "/b.html", "/moved.html", "/a.html")]
    result = run_command(["newsingest", "ingest", *urls, "--out", str(out), "--quiet"])
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    manifest = _manifest(out)
    assert (manifest["inputs"], manifest["articles"], manifest["duplicates"]) == (5, 2, 3)
    ids = duckdb.sql(f"SELECT count(*), count(DISTINCT article_id) FROM read_parquet('{out}/articles/**/*.parquet')").fetchall()
    assert ids == [(2, 2)]


def test_urls_from_a_file_and_from_stdin(site, tmp_path):
    listing = tmp_path / "links.txt"
    listing.write_text(f"# today's links\n{site.url('/a.html')}\n\n{site.url('/fr.html')}\n")
    from_file = run_command(["newsingest", "ingest", "--urls-file", str(listing), "--out", str(tmp_path / "f")])
    assert from_file.returncode == 0, from_file.stderr
    assert "articles    2" in from_file.stdout
    assert "duckdb -c" in from_file.stdout

    from_stdin = run_command(["newsingest", "ingest", "--urls-file", "-", "--out", str(tmp_path / "s")],
                             stdin=site.url("/b.html") + "\n")
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert _articles(tmp_path / "s")[0][0] == site.url("/b.html")


def test_nothing_ingested_and_usage_errors(site, tmp_path):
    nothing = run_command(["newsingest", "ingest", site.url("/missing.html"), "--out", str(tmp_path / "n")])
    assert nothing.returncode == 1
    assert _rejects(tmp_path / "n")[site.url("/missing.html")] == ("fetch", "http_status")

    for args in (["ingest"], ["ingest", "--urls-file", str(tmp_path / "absent.txt")],
                 ["ingest", site.url("/a.html"), "--out", "/proc/forbidden"],
                 ["ingest", site.url("/a.html"), "-s", "NOEQUALS"]):
        result = run_command(["newsingest", *args])
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.strip().startswith("newsingest: error:")
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_scrapy_list_and_crawl_to_parquet_feed(site, tmp_path):
    listed = run_command(["scrapy", "list"])
    assert listed.returncode == 0 and "urls" in listed.stdout.split()

    feed = tmp_path / "out.parquet"
    urls = ",".join(site.url(p) for p in ("/a.html", "/fr.html", "/missing.html"))
    result = run_command(["scrapy", "crawl", "urls", "-a", f"urls={urls}", "-O", str(feed), "-s", "LOG_LEVEL=WARNING"])
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr  # pipelines off by design are not warned about on every run
    assert pq.read_schema(feed).equals(ARTICLE_SCHEMA, check_metadata=False)
    rows = duckdb.sql(f"SELECT url, language FROM read_parquet('{feed}') ORDER BY url").fetchall()
    assert rows == [(site.url("/a.html"), "en"), (site.url("/fr.html"), "fr")]

    # -o appends for real: the rows already in the file stay.
    listing = tmp_path / "more.txt"
    listing.write_text(site.url("/b.html") + "\n")
    again = run_command(["scrapy", "crawl", "urls", "-a", f"urls_file={listing}", "-o", str(feed),
                         "-s", "LOG_LEVEL=WARNING"])
    assert again.returncode == 0, again.stderr
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{feed}')").fetchall() == [(3,)]


def test_a_long_url_file_is_read_as_the_crawl_goes(site, tmp_path):
    listing = tmp_path / "links.txt"
    given = [site.url("/a.html"), site.url("/fr.html")] + [site.url(f"/gone/{n}.html") for n in range(400)]
    listing.write_text("# many links\n" + "\n".join(given) + "\nnot a url\n")
    extensions = json.dumps({"tests.crawl_probes.SchedulerDepth": 0})
    result = run_command(["newsingest", "ingest", "--urls-file", str(listing), "--out", str(tmp_path / "d"), "-q",
                          "-s", f"EXTENSIONS={extensions}", "-s", "AUTOTHROTTLE_ENABLED=False"])
    assert result.returncode == 0, result.stderr
    manifest = _manifest(tmp_path / "d")
    assert manifest["inputs"] == len(given) + 1 == manifest["articles"] + manifest["rejects"] + manifest["duplicates"]
    assert manifest["adds_up"] and manifest["articles"] == 2
    # The scheduler held a downloader's worth of requests at a time, never the whole list.
    assert manifest["extra"]["scrapy_stats"]["probe/scheduler_max"] <= 40


def test_a_stopped_ingest_counts_the_urls_it_never_asked_for_as_unfinished(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from .conftest import REPO_ROOT

    routes = {f"/slow/{n}.html": Route(body=OTHER_ARTICLE, headers=HTML, delay=0.3) for n in range(60)}
    with LocalServer(routes) as server:
        listing = tmp_path / "links.txt"
        listing.write_text("\n".join(server.url(f"/slow/{n}.html") for n in range(60)) + "\n")
        process = subprocess.Popen([sys.executable, "-m", "crawler.cli", "ingest", "--urls-file", str(listing),
                                    "--out", str(tmp_path / "d"), "-s", "AUTOTHROTTLE_ENABLED=False",
                                    "-s", "CONCURRENT_REQUESTS=2", "-s", "ROBOTSTXT_OBEY=False"],
                                   cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 30
        while len(server.requests) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    manifest = _manifest(tmp_path / "d")
    ended = manifest["articles"] + manifest["rejects"] + manifest["duplicates"]
    assert manifest["inputs"] == 60 and 0 < manifest["unfinished"] == 60 - ended
    assert "unfinished" in stdout


def test_url_files_are_counted_then_read_lazily(tmp_path):
    import io

    from crawler.url_lists import UrlFileError, open_url_file

    listing = tmp_path / "links.txt"
    listing.write_text("# c\nhttps://a.example/1\n\n  https://a.example/2  \n#x\nhttps://a.example/3\n")
    url_file = open_url_file(str(listing))
    assert url_file.count == 3
    urls = iter(url_file)
    assert next(urls) == "https://a.example/1"  # a generator over the file, not a list
    assert list(urls) == ["https://a.example/2", "https://a.example/3"]

    spooled = open_url_file("-", stdin=io.StringIO("https://b.example/1\nhttps://b.example/2\n"))
    assert spooled.count == 2 and list(spooled) == list(spooled) == ["https://b.example/1", "https://b.example/2"]
    spooled.close()
    assert not spooled.path.exists()

    (tmp_path / "latin1.txt").write_bytes("https://a.example/caf\xe9\n".encode("latin-1"))
    for name in (str(tmp_path / "latin1.txt"), str(tmp_path / "absent.txt")):
        with pytest.raises(UrlFileError):
            open_url_file(name)


def test_a_meta_refresh_page_is_followed(site, tmp_path):
    site.routes["/refresh.html"] = Route(body=b"<html><head><meta http-equiv='refresh' content='0; url=/b.html'>"
                                              b"</head><body>Moved</body></html>", headers=HTML)
    result = run_command(["newsingest", "ingest", site.url("/refresh.html"), "--out", str(tmp_path / "d"), "-q"])
    assert result.returncode == 0, result.stderr
    assert [url for url, _, _ in _articles(tmp_path / "d")] == [site.url("/b.html")]
    assert "/b.html" in site.requests
