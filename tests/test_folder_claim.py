"""`scrapy crawl … -s NEWSINGEST_OUT=DIR` claims the folder like `newsingest` does: a folder
another run holds, or one that cannot be written, closes the spider with a reason, not a
traceback, and nothing is written."""
import json

from pipelines.lock import OutputLock

from .conftest import PAGES, run_command
from .local_server import LocalServer, Route

HTML = {"Content-Type": "text/html; charset=utf-8"}


def scrapy_crawl(url: str, out) -> object:
    return run_command(["scrapy", "crawl", "urls", "-a", f"urls={url}", "-s", f"NEWSINGEST_OUT={out}",
                        "-s", "LOG_LEVEL=INFO"])


def test_a_folder_another_run_holds_is_not_written_and_the_manifest_says_why(tmp_path):
    out = tmp_path / "data"
    with LocalServer({"/story": Route(body=(PAGES / "spanish_article.html").read_bytes(), headers=HTML)}) as site:
        with OutputLock(out):
            result = scrapy_crawl(site.url("/story"), out)
        assert "/story" not in site.requests  # closed before fetching anything
    assert "Traceback" not in result.stderr and "Spider closed (folder_locked)" in result.stderr
    assert not list(out.rglob("*.parquet")) and not (out / "state.sqlite").exists()
    [manifest_file] = (out / "runs").glob("*.json")
    manifest = json.loads(manifest_file.read_text())
    assert manifest["finish_reason"] == "folder_locked" and "in use by another run" in manifest["extra"]["problem"]
    assert manifest["articles"] == manifest["rejects"] == 0


def test_a_folder_that_cannot_be_written_closes_the_spider_with_one_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = scrapy_crawl("http://127.0.0.1:9/never", blocker / "data")
    assert "Traceback" not in result.stderr and "AssertionError" not in result.stderr
    assert "Spider closed (output_folder_unwritable)" in result.stderr
    assert "cannot write to output folder" in result.stderr


def test_the_folder_is_claimed_and_released_by_a_scrapy_crawl(tmp_path):
    out = tmp_path / "data"
    with LocalServer({"/story": Route(body=(PAGES / "german_article.html").read_bytes(), headers=HTML)}) as site:
        result = scrapy_crawl(site.url("/story"), out)
    assert "Spider closed (finished)" in result.stderr, result.stderr
    with OutputLock(out):  # released at the end: the next run may take it
        pass
    [manifest_file] = (out / "runs").glob("*.json")
    assert json.loads(manifest_file.read_text())["articles"] == 1
