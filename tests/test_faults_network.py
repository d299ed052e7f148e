"""Network faults: servers that stall, drip, reset, lie about lengths, loop redirects or
serve broken robots.txt. Each URL ends as exactly one article or one reject row with a
reason; the run never hangs past its timeouts and never crashes."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from .conftest import PAGES, run_command
from .local_server import LocalServer, Route
from .misbehaving_server import (MisbehavingServer, drip, redirect, reset_mid_body, serve,
                                 short_of_its_length, stall)

pytestmark = pytest.mark.faults

ENGLISH = (PAGES / "wordpress_theme.html").read_bytes()
FRENCH = (PAGES / "french_article.html").read_bytes()
GERMAN = (PAGES / "german_article.html").read_bytes()
SPANISH = (PAGES / "spanish_article.html").read_bytes()
WIDGETS = (PAGES / "widgets_in_content.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST = ["-s", "DOWNLOAD_TIMEOUT=3", "-s", "RETRY_TIMES=1", "-s", "AUTOTHROTTLE_ENABLED=false"]


def manifest_of(out: Path) -> dict:
    [path] = (out / "runs").glob("*.json")
    return json.loads(path.read_text())


def rows(out: Path, table: str, columns: str) -> list[tuple]:
    files = list(out.glob(f"{table}/**/*.parquet"))
    if not files:
        return []
    return duckdb.sql(f"SELECT {columns} FROM read_parquet('{out}/{table}/**/*.parquet')").fetchall()


def ingest(urls: list[str], out: Path, *extra: str):
    result = run_command(["newsingest", "ingest", *urls, "--out", str(out), "--quiet", *FAST, *extra], timeout=180)
    assert "Traceback" not in result.stderr, result.stderr
    manifest = manifest_of(out)
    assert manifest["adds_up"] and manifest["inputs"] == len(urls), manifest
    assert manifest["finish_reason"] == "finished"
    return result, manifest


def test_broken_http_answers_each_end_as_one_named_reject(tmp_path):
    behaviours = {
        "/stall": stall,
        "/drip": drip(b"<html><body><p>" + b"slow " * 400 + b"</p></body></html>"),
        "/reset": reset_mid_body(ENGLISH),
        "/short": short_of_its_length(FRENCH),
        "/gone": serve(b"<html><body><p>This story was removed.</p></body></html>", "410 Gone"),
        "/broken": serve(b"<html><body><p>Internal error</p></body></html>", "500 Internal Server Error"),
        "/ok": serve(SPANISH),
    }
    with MisbehavingServer(behaviours) as server:
        urls = [server.url(path) for path in behaviours]
        result, manifest = ingest(urls, tmp_path / "out")
    rejects = {url: (stage, reason) for url, stage, reason in rows(tmp_path / "out", "rejects", "url, stage, reason")}
    assert rejects[server.url("/stall")] == ("fetch", "timeout")
    assert rejects[server.url("/drip")] == ("fetch", "timeout")
    assert rejects[server.url("/reset")] == ("fetch", "connection_error")
    assert rejects[server.url("/short")] == ("fetch", "connection_error")  # data loss is not a page
    assert rejects[server.url("/gone")] == ("fetch", "http_status")
    assert rejects[server.url("/broken")] == ("fetch", "http_status")
    assert server.requests.count("/broken") == 2  # retried, bounded by RETRY_TIMES
    assert server.requests.count("/gone") == 1  # final: not retried
    assert [url for (url,) in rows(tmp_path / "out", "articles", "url")] == [server.url("/ok")]
    assert manifest["failed_fetches"] >= 4  # timeouts, resets and 5xx may pass next time; 410 may not


def test_redirect_loops_and_long_chains_stop_with_a_reason_and_off_site_redirects_are_followed(tmp_path):
    with LocalServer({"/moved-here": Route(body=GERMAN, headers=HTML)}) as other_site:
        behaviours = {
            "/loop-a": redirect("/loop-b"),
            "/loop-b": redirect("/loop-a"),
            "/elsewhere": redirect(other_site.url("/moved-here"), "301 Moved Permanently"),
            **{f"/hop/{n}": redirect(f"/hop/{n + 1}") for n in range(30)},
            "/hop/30": serve(WIDGETS),
        }
        with MisbehavingServer(behaviours) as server:
            urls = [server.url("/loop-a"), server.url("/hop/0"), server.url("/elsewhere")]
            ingest(urls, tmp_path / "out")
    out = tmp_path / "out"
    rejects = {url: (stage, reason, detail) for url, stage, reason, detail in
               rows(out, "rejects", "url, stage, reason, detail")}
    # The row names the URL the chain stopped at, and its detail the URL that was asked for.
    for asked in urls[:2]:
        [(stage, reason, detail)] = [(stage, reason, detail) for url, (stage, reason, detail) in rejects.items()
                                     if f"asked for {asked}," in detail]
        assert (stage, reason) == ("fetch", "fetch_error") and "redirections" in detail
    assert len([path for path in server.requests if path.startswith("/hop/")]) <= 6  # REDIRECT_MAX_TIMES=5
    # One-off ingestion follows a redirect to another host: the user asked for that page,
    # and the row holds the URL the article lives at.
    assert [url for (url,) in rows(out, "articles", "url")] == [other_site.url("/moved-here")]


@pytest.mark.parametrize("robots", [
    Route(500, b"oops", {"Content-Type": "text/plain"}),
    Route(body=b"\x00\xff<html>not a robots file</html>\x07" * 50, headers={"Content-Type": "text/plain"}),
    Route(body=b"User-agent: *\nDisallow:\n", headers={"Content-Type": "text/plain"}, delay=5),  # times out
], ids=["5xx", "garbage", "timeout"])
def test_a_broken_robots_txt_does_not_block_or_crash_the_run(tmp_path, robots):
    with LocalServer({"/robots.txt": robots, "/story": Route(body=FRENCH, headers=HTML)}) as site:
        ingest([site.url("/story")], tmp_path / "out")
    assert [url for (url,) in rows(tmp_path / "out", "articles", "url")] == [site.url("/story")]


def test_content_that_is_not_a_page_is_rejected_whatever_the_server_says(tmp_path):
    routes = {
        "/api": Route(body=b'{"id": 3, "html": "<p>' + b"Ferry fares rise. " * 40 + b'</p>"}', headers=HTML),
        "/notes": Route(body=b"Plain words about ferries, without any markup at all.\n" * 20, headers=HTML),
        "/picture": Route(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, headers=HTML),
        "/nothing": Route(body=b"", headers=HTML),
    }
    with LocalServer(routes) as site:
        ingest([site.url(path) for path in routes], tmp_path / "out")
    reasons = {url.rsplit("/", 1)[1]: (stage, reason)
               for url, stage, reason in rows(tmp_path / "out", "rejects", "url, stage, reason")}
    assert reasons == {"api": ("decode", "not_html"), "notes": ("decode", "not_html"),
                       "picture": ("decode", "image"), "nothing": ("decode", "empty")}
