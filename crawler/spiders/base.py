"""What every newsingest spider does with a response or a failure: one item each."""
from __future__ import annotations

from typing import Any

import scrapy
from scrapy import signals
from scrapy.http import Response
from twisted.python.failure import Failure

from cleaning.dates import utc_now
from cleaning.models import RejectReason
from crawler.fetch_errors import classify_failure
from crawler.items import FetchedPage, FetchFailure

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class PageSpider(scrapy.Spider):
    """Base class: `page_request()` builds a request whose callback and errback each yield
    exactly one item, so every requested URL ends as an article or a reject row.

    `inputs_issued` counts them (and inputs rejected before any request): the run's
    manifest compares it with the outcomes, so an input that went missing shows.
    """

    inputs_issued = 0

    async def room_for_requests(self) -> None:
        """Wait while the downloader is busy and the scheduler still holds requests: a
        start() that awaits this before each request hands Scrapy its requests as they can
        be sent, not all at once (Scrapy's "delaying start request iteration" pattern)."""
        if self.crawler.engine.needs_backout():
            await self.crawler.signals.wait_for(signals.scheduler_empty)

    def count_input(self) -> None:
        """One more input handed to this run."""
        self.inputs_issued += 1

    def page_request(self, url: str, discovered_via: str, **meta: Any) -> scrapy.Request:
        self.count_input()
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            # Every URL asked for is fetched and accounted for; duplicates are found by content.
            dont_filter=True,
            meta={"discovered_via": discovered_via, **meta},
        )

    def parse_page(self, response: Response):
        meta = response.request.meta if response.request else {}
        requested = (meta.get("redirect_urls") or [response.url])[0]
        discovered_via = meta.get("discovered_via", "url")
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0].strip().lower()
        if content_type and content_type not in _HTML_TYPES:
            yield FetchFailure(requested, RejectReason.NOT_HTML,
                               f"Content-Type {content_type} is not HTML", utc_now(), discovered_via,
                               meta.get("site"))
            return
        yield FetchedPage(
            url=requested,
            final_url=response.url,
            status=response.status,
            headers={key.decode("latin-1"): b", ".join(values).decode("latin-1")
                     for key, values in response.headers.items()},
            body=response.body,
            fetched_at=utc_now(),
            discovered_via=discovered_via,
            known_published_at=meta.get("known_published_at"),
            site=meta.get("site"),
        )

    def input_failure(self, url: str, reason: RejectReason, detail: str, discovered_via: str = "url") -> FetchFailure:
        """An input turned away before any request (an invalid URL): still one reject row."""
        self.count_input()
        return FetchFailure(url, reason, detail, utc_now(), discovered_via)

    def page_failed(self, failure: Failure):
        request = failure.request  # set by Scrapy on errback failures
        reason, detail = classify_failure(failure)
        self.logger.info("Rejected %s: %s", request.url, detail)
        redirects = request.meta.get("redirect_urls") or []
        requested = (redirects or [request.url])[0]
        if requested != request.url:  # the row names the last URL: say which input it was
            detail = f"{detail} (asked for {requested}, after {len(redirects)} redirects)"
        yield FetchFailure(request.url, reason, detail, utc_now(), request.meta.get("discovered_via", "url"),
                           request.meta.get("site"), requested if requested != request.url else None)
