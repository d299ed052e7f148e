"""`urls`: fetch a given list of URLs, one page item each.

    scrapy crawl urls -a urls=https://a.example/x,https://b.example/y -O out.parquet   (commas inside a URL are kept)
    scrapy crawl urls -a urls_file=links.txt            (one URL per line, # comments)

A URL file is read as the crawl goes, not up front: a list of a million URLs costs the
requests the downloader can take, not a million requests.
"""
from __future__ import annotations

import re
from itertools import chain
from typing import Any

from cleaning.identity import http_url
from cleaning.models import RejectReason
from crawler.url_lists import UrlFile, open_url_file, read_url_lines

from .base import PageSpider


# A comma starts a new URL only where a scheme follows: "…/a,b.html" stays one URL.
_NEXT_URL = re.compile(r"\s*,\s*(?=[A-Za-z][A-Za-z0-9+.-]*://)|\s+")


def split_url_list(value: str) -> list[str]:
    """`-a urls=` split into URLs: at a comma before the next URL's scheme, or at spaces
    and newlines (several URLs pasted one per line); commas inside a URL are kept."""
    return [url for url in _NEXT_URL.split(value.strip()) if url]


class UrlsSpider(PageSpider):
    name = "urls"

    def __init__(self, urls: str | list[str] | None = None, urls_file: str | UrlFile | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        given = split_url_list(urls) if isinstance(urls, str) else list(urls or [])
        self.url_list = list(read_url_lines(given))
        # A file named on `scrapy crawl` is opened here; `newsingest ingest` hands one it
        # opened (and checked) itself.
        self.url_file = open_url_file(urls_file) if isinstance(urls_file, str) else urls_file
        # Every URL given is an input from the start: a run stopped before asking for some
        # still counts them, as unfinished.
        self.inputs_issued = len(self.url_list) + (self.url_file.count if self.url_file else 0)
        if not self.inputs_issued:
            raise ValueError("no URLs given: use -a urls=URL1,URL2 or -a urls_file=FILE")

    def count_input(self) -> None:
        """Counted all at once when the list was read."""

    async def start(self):
        for url in chain(self.url_list, self.url_file or ()):
            await self.room_for_requests()
            if http_url(url):
                yield self.page_request(url, "url")
            else:
                yield self.input_failure(url, RejectReason.INVALID_URL, "not an http(s) URL with a host name")

    def closed(self, reason: str) -> None:
        if self.url_file is not None:
            self.url_file.close()
