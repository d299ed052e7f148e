"""`urls`: fetch a given list of URLs, one page item each.

    scrapy crawl urls -a urls=https://a.example/x,https://b.example/y -O out.parquet
    scrapy crawl urls -a urls_file=links.txt            (one URL per line, # comments)
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable

from cleaning.identity import http_url
from cleaning.models import RejectReason
from .base import PageSpider


def read_url_lines(lines: Iterable[str]) -> list[str]:
    """URLs from lines of text: blank lines and # comments skipped, order kept."""
    urls = []
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


class UrlsSpider(PageSpider):
    name = "urls"

    def __init__(self, urls: str | list[str] | None = None, urls_file: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        given = urls.split(",") if isinstance(urls, str) else list(urls or [])
        self.url_list = read_url_lines(given)
        if urls_file:
            source = sys.stdin if urls_file == "-" else Path(urls_file).open(encoding="utf-8")
            with source:
                self.url_list += read_url_lines(source)
        if not self.url_list:
            raise ValueError("no URLs given: use -a urls=URL1,URL2 or -a urls_file=FILE")

    async def start(self):
        for url in self.url_list:
            if http_url(url):
                yield self.page_request(url, "url")
            else:
                yield self.input_failure(url, RejectReason.INVALID_URL, "not an http(s) URL with a host name")
