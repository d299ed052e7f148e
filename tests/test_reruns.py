"""Running the same one-off ingestion twice into one folder writes nothing twice: the same
article with the same text is counted as unchanged; changed text is the next version."""
import json
import shutil

import duckdb

from .conftest import PAGES, run_command
from .local_server import LocalServer, Route

HTML = {"Content-Type": "text/html; charset=utf-8"}


def manifests(out):
    return sorted((json.loads(path.read_text()) for path in (out / "runs").glob("*.json")),
                  key=lambda manifest: manifest["started_at"])


def versions(out):
    return duckdb.sql(f"SELECT url, version FROM read_parquet('{out}/articles/**/*.parquet') "
                      "ORDER BY url, version").fetchall()


def test_ingest_files_twice_writes_each_article_once_and_a_changed_page_as_version_2(tmp_path):
    pages, out = tmp_path / "pages", tmp_path / "out"
    pages.mkdir()
    for name in ("french_article.html", "german_article.html", "empty.html"):
        shutil.copyfile(PAGES / name, pages / name)
    first = run_command(["newsingest", "ingest-files", str(pages), "--out", str(out), "--quiet"])
    assert first.returncode == 0, first.stderr
    again = run_command(["newsingest", "ingest-files", str(pages), "--out", str(out), "--quiet"])
    assert again.returncode == 3, again.stderr  # nothing new
    german = pages / "german_article.html"
    text = german.read_text(encoding="utf-8")
    assert "sieben Monaten Pause" in text
    german.write_text(text.replace("sieben Monaten Pause", "acht Monaten Pause"), encoding="utf-8")  # a correction
    changed = run_command(["newsingest", "ingest-files", str(pages), "--out", str(out), "--quiet"])
    assert changed.returncode == 0, changed.stderr

    runs = manifests(out)
    assert [(m["articles"], m["unchanged"], m["rejects"]) for m in runs] == [(2, 0, 1), (0, 2, 1), (1, 1, 1)]
    assert all(m["adds_up"] for m in runs)
    assert versions(out) == [((pages / "french_article.html").resolve().as_uri(), 1),
                             (german.resolve().as_uri(), 1), (german.resolve().as_uri(), 2)]


def test_ingest_urls_twice_writes_each_article_once(tmp_path):
    out = tmp_path / "out"
    routes = {"/es": Route(body=(PAGES / "spanish_article.html").read_bytes(), headers=HTML),
              "/en": Route(body=(PAGES / "wordpress_theme.html").read_bytes(), headers=HTML)}
    with LocalServer(routes) as site:
        urls = [site.url(path) for path in routes]
        first = run_command(["newsingest", "ingest", *urls, "--out", str(out), "--quiet"])
        again = run_command(["newsingest", "ingest", *urls, "--out", str(out), "--quiet"])
    assert (first.returncode, again.returncode) == (0, 3), (first.stderr, again.stderr)
    assert [(m["articles"], m["unchanged"]) for m in manifests(out)] == [(2, 0), (0, 2)]
    assert [version for _, version in versions(out)] == [1, 1]


def test_a_dead_runs_hidden_part_files_are_cleared_by_the_next_run(tmp_path):
    import polars

    out = tmp_path / "out"
    partition = out / "articles" / "fetch_date=2026-11-28"
    partition.mkdir(parents=True)
    abandoned = partition / ".part-20261128T101010Z-abcdef-0001.parquet.tmp"
    abandoned.write_bytes(b"PAR1 half a file")  # what a SIGKILL mid-write leaves behind
    result = run_command(["newsingest", "ingest-files", str(PAGES / "spanish_article.html"), "--out", str(out),
                          "--quiet"])
    assert result.returncode == 0, result.stderr
    assert not abandoned.exists()
    [manifest] = manifests(out)
    assert manifest["extra"]["abandoned_parts_removed"] == 1
    # A scan of the whole folder (not only the README's *.parquet glob) reads again.
    assert polars.scan_parquet(out / "articles", hive_partitioning=True).collect().height == 1
