"""The Parquet feed exporter on its own: -O writes, -o appends without risking old rows."""
from datetime import datetime, timezone

import pyarrow.parquet as pq
import pytest

from cleaning import PageInput, clean_page
from crawler.items import ArticleItem, RejectItem
from crawler.saved_pages import read_page_file
from pipelines.exporter import ExistingFeedError, ParquetItemExporter

from .conftest import PAGES

FETCHED = datetime(2024, 5, 1, tzinfo=timezone.utc)


def _item(name: str) -> ArticleItem:
    article = clean_page(PageInput(read_page_file(PAGES / name), f"https://site.example/{name}"))
    return ArticleItem(article, FETCHED)


def _export(path, mode, items, finish=True):
    handle = open(path, mode)
    exporter = ParquetItemExporter(handle, run_id="run-1")
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    if finish:
        exporter.finish_exporting()
    handle.close()


def test_overwrite_then_append_keeps_both_and_skips_rejects(tmp_path):
    feed = tmp_path / "out.parquet"
    reject = RejectItem(clean_page(PageInput(b"", "https://site.example/empty")), FETCHED)
    _export(feed, "wb", [_item("french_article.html"), reject])
    _export(feed, "ab", [_item("german_article.html")])
    urls = pq.read_table(feed).column("url").to_pylist()
    assert urls == ["https://site.example/french_article.html", "https://site.example/german_article.html"]
    assert not list(tmp_path.glob(".*"))  # no side files left


def test_an_append_that_never_finishes_leaves_the_old_file_whole(tmp_path):
    feed = tmp_path / "out.parquet"
    _export(feed, "wb", [_item("french_article.html")])
    _export(feed, "ab", [_item("german_article.html")], finish=False)  # the crawl died
    assert pq.read_table(feed).num_rows == 1


def test_appending_to_a_file_that_is_not_our_parquet_is_refused(tmp_path):
    feed = tmp_path / "out.parquet"
    feed.write_text("not parquet")
    with pytest.raises(ExistingFeedError, match="use -O"):
        _export(feed, "ab", [])
