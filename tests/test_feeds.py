"""Scrapy's feed formats carry the article table: flat rows with the dataset's columns,
the same rows in JSON, JSON lines, CSV, XML and Parquet; rejects are not in a feed."""
import csv
import json
import xml.etree.ElementTree as ElementTree

import pyarrow.parquet as pq

from pipelines.schema import ARTICLE_SCHEMA

from .conftest import PAGES, run_command
from .local_server import LocalServer, Route

HTML = {"Content-Type": "text/html; charset=utf-8"}
FORMATS = ("json", "jsonl", "csv", "xml", "parquet")


def test_every_feed_format_holds_the_same_flat_article_rows(tmp_path):
    routes = {"/fr": Route(body=(PAGES / "french_article.html").read_bytes(), headers=HTML),
              "/es": Route(body=(PAGES / "spanish_article.html").read_bytes(), headers=HTML),
              "/empty": Route(body=b"", headers=HTML)}
    with LocalServer(routes) as site:
        feeds = [arg for name in FORMATS for arg in ("-O", str(tmp_path / f"out.{name}"))]
        result = run_command(["scrapy", "crawl", "urls", "-a", "urls=" + ",".join(site.url(p) for p in routes),
                              *feeds, "-s", "LOG_LEVEL=INFO"])
    assert result.returncode == 0, result.stderr
    for name in FORMATS:  # Scrapy's count is the rows the file holds: the reject is not one
        assert f"Stored {name} feed (2 items)" in result.stderr

    columns = ARTICLE_SCHEMA.names
    table = {row["url"]: row for row in pq.read_table(tmp_path / "out.parquet").to_pylist()}
    as_json = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    as_jsonl = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    with open(tmp_path / "out.csv", newline="", encoding="utf-8") as handle:
        as_csv = list(csv.DictReader(handle))
    as_xml = [{field.tag: field for field in item} for item in
              ElementTree.parse(tmp_path / "out.xml").getroot().iter("item")]

    assert as_json == as_jsonl
    for rows in (as_json, as_csv):
        assert [list(row) for row in rows] == [columns, columns]
    assert all(set(row) <= set(columns) for row in as_xml)  # XML leaves out null fields
    for json_row, csv_row, xml_row in zip(as_json, as_csv, as_xml):
        parquet_row = table[json_row["url"]]
        for column in ("article_id", "url", "title", "text", "language", "content_hash", "run_id", "version"):
            assert json_row[column] == parquet_row[column], column
            assert csv_row[column] == str(parquet_row[column]), column
            assert xml_row[column].text == str(parquet_row[column]), column
        assert json_row["authors"] == parquet_row["authors"]
        assert json_row["run_id"] and "\\u" not in (tmp_path / "out.json").read_text(encoding="utf-8")
    assert {row["url"] for row in as_json} == {site.url("/fr"), site.url("/es")}


def test_the_project_enables_its_extensions_together():
    # One EXTENSIONS dict: a second assignment in the settings module would drop the first.
    from crawler.crawl_runner import project_settings

    extensions = project_settings().getwithbase("EXTENSIONS")
    assert extensions["crawler.extensions.FreezeStartupObjects"] == 0
    assert extensions["pipelines.feeds.ArticleFeedExporter"] == 0
    assert extensions["scrapy.extensions.feedexport.FeedExporter"] is None
