"""`newsingest demo`: the bundled site, served on 127.0.0.1, crawled into a clean dataset."""
import json

import duckdb
import pandas as pd
import polars as pl
import pytest

from crawler.demo_site import DEMO_SITE, DemoSiteServer

from .conftest import run_command

SITE = json.loads((DEMO_SITE / "_site.json").read_text(encoding="utf-8"))
# What each planted bad page must become: (stage, reason).
EXPECTED_REJECTS = {
    "empty": ("decode", "empty"),
    "not_html": ("fetch", "not_html"),
    "too_short": ("quality", "too_short"),
    "link_list": ("quality", "link_list"),
    "all_boilerplate": ("quality", "all_boilerplate"),
    "http_status": ("fetch", "http_status"),
}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "data"
    result = run_command(["newsingest", "demo", "--out", str(out)])
    return result, out


def test_demo_prints_a_summary_and_a_query(demo_run):
    result, out = demo_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"articles    {len(SITE['articles'])}" in result.stdout
    assert "duckdb -c" in result.stdout and str(out / "articles") in result.stdout


def test_demo_dataset_reads_in_duckdb_polars_and_pandas(demo_run):
    _, out = demo_run
    glob = f"{out}/articles/**/*.parquet"
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{glob}', hive_partitioning=true)").fetchall()
    types = {row[0]: row[1] for row in described}
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["fetched_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == "VARCHAR[]" and types["tags"] == "VARCHAR[]"
    polars_frame = pl.read_parquet(glob, hive_partitioning=True)
    assert polars_frame.schema["published_at"] == pl.Datetime("us", "UTC")
    assert isinstance(polars_frame.schema["authors"], pl.List)
    pandas_frame = pd.read_parquet(out / "articles")
    assert str(pandas_frame["fetched_at"].dt.tz) == "UTC"
    assert len(polars_frame) == len(pandas_frame) == len(SITE["articles"])


def test_demo_articles_are_clean_and_right(demo_run):
    _, out = demo_run
    rows = duckdb.sql(f"SELECT url, title, language, published_at, text FROM "
                      f"read_parquet('{out}/articles/**/*.parquet')").fetchall()
    by_path = {url.split("/", 3)[3]: row for url, *row in rows}
    for article in SITE["articles"]:
        title, language, published_at, text = by_path[article["path"].lstrip("/")]
        assert title == article["title"]
        assert language == article["language"]
        assert published_at.isoformat().replace("+00:00", "") == article["published_at"].replace("+00:00", "")
        leaked = [phrase for phrase in SITE["planted_phrases"] if phrase in text]
        assert leaked == [], article["path"]


def test_demo_bad_pages_are_rejects_and_the_manifest_adds_up(demo_run):
    _, out = demo_run
    rejects = {url.split("/", 3)[3]: (stage, reason) for url, stage, reason in duckdb.sql(
        f"SELECT url, stage, reason FROM read_parquet('{out}/rejects/**/*.parquet')").fetchall()}
    for page in SITE["bad_pages"]:
        assert rejects[page["path"].lstrip("/")] == EXPECTED_REJECTS[page["expect"]], page
    for path in SITE["disallowed"]:
        assert rejects[path.lstrip("/")] == ("fetch", "robots_txt")
    [manifest_file] = (out / "runs").glob("*.json")
    manifest = json.loads(manifest_file.read_text())
    assert manifest["adds_up"]
    assert manifest["articles"] == len(SITE["articles"])
    assert manifest["duplicates"] == len(SITE["redirects"])  # a redirect lands on an article already in
    site = manifest["sites"]["demo-daily"]
    assert site["discovered"]["feed"] > 0 and site["discovered"]["sitemap"] > 0 and site["discovered"]["link"] > 0
    assert site["problems"] == []


def test_a_second_demo_run_writes_nothing_new(demo_run):
    _, out = demo_run
    files_before = sorted(out.glob("articles/**/*.parquet"))
    again = run_command(["newsingest", "demo", "--out", str(out)])
    assert again.returncode == 3, again.stderr
    assert "Nothing new since the last run." in again.stdout
    assert sorted(out.glob("articles/**/*.parquet")) == files_before
    # Nothing was fetched again, the redirect's source URL included.
    newest = max((out / "runs").glob("*.json"), key=lambda path: path.name)
    assert json.loads(newest.read_text())["inputs"] == 0
    ids = duckdb.sql(f"SELECT count(*), count(DISTINCT article_id) FROM read_parquet('{out}/articles/**/*.parquet')")
    assert ids.fetchall() == [(len(SITE["articles"]), len(SITE["articles"]))]


def test_robots_disallowed_demo_pages_are_never_requested(tmp_path):
    # The demo's scheduled crawl, against a server whose request log we can read.
    with DemoSiteServer() as server:
        seeds = (DEMO_SITE.parent / "demo.toml").read_text().replace(SITE["placeholder_origin"], server.origin)
        seeds_file = tmp_path / "demo.toml"
        seeds_file.write_text(seeds)
        result = run_command(["newsingest", "crawl", str(seeds_file), "--out", str(tmp_path / "data"), "-q",
                              "-s", "AUTOTHROTTLE_START_DELAY=0.05"])
        assert result.returncode == 0, result.stderr
        requested = set(server.requested_paths)
    assert "/robots.txt" in requested
    assert not any(path in requested for path in SITE["disallowed"])
    assert {article["path"] for article in SITE["articles"]} <= requested
