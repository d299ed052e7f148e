"""Downloader middlewares of the project."""
from __future__ import annotations

from email.utils import parsedate_to_datetime
from datetime import datetime, timezone
from typing import Any

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached
from scrapy.http import Request, Response
from scrapy.utils.response import response_status_message
from twisted.internet import defer
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110)."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries, plus: a 429/503 with Retry-After waits that long before retrying.

    The wait is a reactor timer, not a sleep. Longer than RETRY_AFTER_MAX_SECONDS and the
    server is telling us to come back another day: the response goes on as an error.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX_SECONDS", 60)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Any:
        wait = None
        if response.status in (429, 503) and not request.meta.get("dont_retry", False):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            return super().process_response(request, response)
        if wait > self.max_wait:
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        from twisted.internet import reactor

        return deferLater(reactor, wait, lambda: retry) if wait > 0 else defer.succeed(retry)


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request that waited for robots.txt
    getting its parser.

    In Scrapy 2.19, requests that arrive while robots.txt is still downloading all await
    one Deferred; only the first awaiter receives the parser, the others get None, which
    means "allow everything" (scrapy/scrapy#6802 changed this; found by our robots.txt
    test). After the download, the parser is stored per host, so we read it from there.
    """

    async def robot_parser(self, request: Request) -> Any:
        parser = await super().robot_parser(request)
        if parser is None:
            stored = self._parsers.get(urlparse_cached(request).netloc)
            if stored is not None and not isinstance(stored, Deferred):
                return stored
        return parser


class StatedMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, without decoding every page to look for one.

    Scrapy decodes the whole body (`response.text`, a few ms of the reactor's time for a
    news page) to search its first 4,096 characters for the tag. In an ASCII-compatible
    encoding those characters are at most 16 KB of bytes, so a page whose first 16 KB
    never spell "refresh" has no such tag there and goes on untouched; the page is
    decoded once, by the cleaning stage, in a worker. Bodies with NUL bytes (UTF-16 and
    UTF-32) take Scrapy's own path.
    """

    _HEAD_BYTES = 4 * 4096

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        head = response.body[:self._HEAD_BYTES]
        if b"\x00" not in head and b"refresh" not in head.lower():
            return response
        return super().process_response(request, response)
